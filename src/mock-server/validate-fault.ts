import { isRecord } from './is-record.js';
import type { FaultSpec } from './mock-server-types.js';

type FieldCheck = (value: unknown) => boolean;

const isCount: FieldCheck = (value) => Number.isInteger(value) && (value as number) >= 0;
const isDuration: FieldCheck = (value) => typeof value === 'number' && Number.isFinite(value) && value >= 0;

// Unknown keys are rejected so a typo such as `retry_after` fails loudly instead of silently
// injecting nothing.
const checks: Record<keyof FaultSpec, [FieldCheck, string]> = {
  status: [(v) => Number.isInteger(v) && (v as number) >= 200 && (v as number) <= 599, 'an integer from 200 to 599'],
  retryAfter: [isDuration, 'a number >= 0'],
  retryAfterMs: [isDuration, 'a number >= 0'],
  body: [(v) => typeof v === 'string', 'a string'],
  contentType: [(v) => typeof v === 'string', 'a string'],
  resetBeforeHeaders: [(v) => typeof v === 'boolean', 'a boolean'],
  resetAfterChunks: [isCount, 'an integer >= 0'],
  stallAfterChunks: [isCount, 'an integer >= 0'],
  delayFirstByteMs: [isDuration, 'a number >= 0'],
  malformedAfterChunks: [isCount, 'an integer >= 0'],
  endAfterChunks: [isCount, 'an integer >= 0'],
  times: [(v) => Number.isInteger(v) && (v as number) >= 1, 'an integer >= 1'],
  api: [(v) => v === 'openai' || v === 'anthropic', "'openai' or 'anthropic'"],
};

/** Checks one fault spec and returns a copy without undefined fields; throws a TypeError naming the bad field. */
export function validateFault(value: unknown): FaultSpec {
  if (!isRecord(value)) throw new TypeError('A fault must be a JSON object.');
  const fault: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field === undefined) continue;
    const check = Object.hasOwn(checks, key) ? checks[key as keyof FaultSpec] : undefined;
    if (check === undefined) throw new TypeError(`Unknown fault field '${key}'.`);
    if (!check[0](field)) throw new TypeError(`Fault field '${key}' must be ${check[1]}.`);
    fault[key] = field;
  }
  return fault as FaultSpec;
}

/** Checks a list of faults, as given to injectFaults or POST /__mock/faults (a lone object is accepted too). */
export function validateFaults(value: unknown): FaultSpec[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((item, index) => {
    try {
      return validateFault(item);
    } catch (error) {
      throw new TypeError(`faults[${index}]: ${(error as Error).message}`);
    }
  });
}

/** Parses the `x-mock-fault` header, which carries one fault as JSON. */
export function parseFaultHeader(raw: string): FaultSpec {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new TypeError('The x-mock-fault header is not valid JSON.');
  }
  try {
    return validateFault(parsed);
  } catch (error) {
    throw new TypeError(`x-mock-fault header: ${(error as Error).message}`);
  }
}

/** True when every effect of the fault is a streaming one, so only a streaming request can act it out. */
export function isStreamOnlyFault(fault: FaultSpec): boolean {
  const streaming =
    fault.resetAfterChunks !== undefined ||
    fault.stallAfterChunks !== undefined ||
    fault.malformedAfterChunks !== undefined ||
    fault.endAfterChunks !== undefined;
  const general =
    fault.status !== undefined || fault.body !== undefined || fault.resetBeforeHeaders === true || fault.delayFirstByteMs !== undefined;
  return streaming && !general;
}
