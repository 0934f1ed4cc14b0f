/**
 * The id of a deployment given none: what several processes sharing a store must agree on, and
 * what tells apart deployments that only look alike (same model, other endpoint or key).
 */
import { keyFingerprint } from './key-fingerprint.js';
import type { Deployment } from './router-types.js';

/**
 * `<group>/<model>#<n>`, then what makes this deployment another one than its namesake in a
 * router sharing the store: `@<base URL>` (without userinfo or query, which can hold secrets) and
 * `~key:<fingerprint>` (12 hex digits of a hash, never the key).
 */
export function automaticId(d: Deployment, index: number): string {
  let id = `${d.group}/${d.model}#${index}`;
  if (typeof d.baseURL === 'string' && d.baseURL !== '') {
    let where: string;
    try {
      const url = new URL(d.baseURL);
      // An opaque URL (no host) says nothing readable; its fingerprint still tells it apart.
      if (url.origin === 'null') throw new TypeError('opaque URL');
      const hidden = url.username !== '' || url.password !== '' || url.search !== '';
      where = `${url.origin}${url.pathname.replace(/\/$/, '')}${hidden ? `~url:${keyFingerprint(d.baseURL)}` : ''}`;
    } catch {
      where = `~url:${keyFingerprint(d.baseURL)}`;
    }
    id += `@${where}`;
  }
  if (typeof d.apiKey === 'string' && d.apiKey !== '') id += `~key:${keyFingerprint(d.apiKey)}`;
  return id;
}
