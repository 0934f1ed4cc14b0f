/**
 * Node's permission model as command-line flags: file reads only under `read`, writes only under
 * `write`, the network (where Node gates it), and (since no `--allow-*` flag for them is given)
 * no child processes, no worker threads, no native addons and no WASI. Node 20 (and 22 before 22.13) spells the switch
 * `--experimental-permission`, later Nodes `--permission`.
 */
import { ConfigurationError } from '../base/errors.js';

/** The flag that turns the permission model on in this Node, or undefined when it has none. */
export function permissionSwitch(
  flags: ReadonlySet<string> = process.allowedNodeEnvironmentFlags,
  version: string = process.version,
): string | undefined {
  if (flags.has('--permission')) return '--permission';
  if (flags.has('--experimental-permission')) return '--experimental-permission';
  // Not every build lists them; the version says which spelling it understands.
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  if (major > 22 || (major === 22 && minor >= 13)) return '--permission';
  if (major >= 20) return '--experimental-permission';
  return undefined;
}

/**
 * The flags for a child allowed to read `read` and write `write` (absolute paths; a directory
 * grants what is under it). One flag per path: the comma-separated form is gone in newer Nodes.
 */
export function permissionFlags(
  access: { read: readonly string[]; write: readonly string[] },
  toggle: string | undefined = permissionSwitch(),
  flags: ReadonlySet<string> = process.allowedNodeEnvironmentFlags,
): string[] {
  if (toggle === undefined)
    throw new ConfigurationError(`this Node (${process.version}) has no permission model; the adapter check needs Node >= 20`);
  // Nodes that also gate the network (25 and later) need it granted: the kit serves its fixtures
  // on 127.0.0.1 and the live check calls the provider.
  const net = flags.has('--allow-net') ? ['--allow-net'] : [];
  return [toggle, ...access.read.map((p) => `--allow-fs-read=${p}`), ...access.write.map((p) => `--allow-fs-write=${p}`), ...net];
}
