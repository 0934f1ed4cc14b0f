/**
 * The credential values present in the environment, so CLI output can be scrubbed of them even
 * when a message did not pass through the library's own redaction. Pure.
 */
import type { Env } from './pick-default-model.js';

// Names that hold credentials by convention: OPENAI_API_KEY, HF_TOKEN, AWS_SECRET_ACCESS_KEY...
const SECRET_NAME = /(?:_API_KEY|_KEY|_TOKEN|_SECRET|_PASSWORD)$/i;

export function collectSecrets(env: Env): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && SECRET_NAME.test(name) && value.trim() !== '') out.push(value.trim(), value);
  }
  return [...new Set(out)];
}
