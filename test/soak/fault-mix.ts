/**
 * The soak's fault plan for one mock server: each API request gets, from a seeded generator, a
 * fault at a set rate (or none), and the plan counts what it injected by kind.
 */
import type { FaultPlanRequest, FaultSpec } from '../../src/mock-server/index.js';
import { pickWeighted, randomInt, seededRandom } from '../helpers/seeded-random.js';

/** Per-request rates in percent; `none` is the rest. */
export const FAULT_RATES = {
  none: 64,
  'rate-limit-429': 6,
  'server-500': 4,
  'unavailable-503': 3,
  'overloaded-529': 3,
  'reset-before-headers': 4,
  'reset-mid-stream': 3,
  'truncated-sse': 3,
  'malformed-json': 3,
  'html-502': 2,
  'slow-first-byte': 3,
  stall: 2,
} as const;

type FaultDraw = keyof typeof FAULT_RATES;

/**
 * What was actually served: the streaming kinds drawn for a non-streaming request become their
 * nearest non-streaming form (`truncated-json`, a 200 whose JSON body is cut; `malformed-json`
 * as a non-JSON 200 body; `stall` as a first byte later than the client's timeout).
 */
type InjectedKind = Exclude<FaultDraw, 'none'> | 'truncated-json';

export interface FaultMix {
  plan: (request: FaultPlanRequest) => FaultSpec | undefined;
  /** Faults served so far, by kind. */
  injected: Partial<Record<InjectedKind, number>>;
  /** Requests the plan was asked about. */
  planned: number;
}

const TRUNCATED_JSON = '{"id":"chatcmpl-soak","object":"chat.completion","choices":[{"index":0,"message":{"role":"assis';
const HTML_502 =
  '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';

/** A seeded plan; `timeoutMs` is the client's timeout, which a non-streaming stall must outlast. */
export function createFaultMix(seed: number, timeoutMs: number): FaultMix {
  const random = seededRandom(seed);
  const mix: FaultMix = {
    injected: {},
    planned: 0,
    plan: ({ stream }) => {
      mix.planned += 1;
      const draw = pickWeighted(random, FAULT_RATES);
      const served = serve(draw, stream, random, timeoutMs);
      if (served !== undefined) mix.injected[served.kind] = (mix.injected[served.kind] ?? 0) + 1;
      return served?.fault;
    },
  };
  return mix;
}

function serve(
  draw: FaultDraw,
  stream: boolean,
  random: () => number,
  timeoutMs: number,
): { kind: InjectedKind; fault: FaultSpec } | undefined {
  switch (draw) {
    case 'none':
      return undefined;
    case 'rate-limit-429':
      // Mostly a short hint in ms; sometimes `retry-after: 0` in seconds.
      return {
        kind: draw,
        fault: random() < 0.7 ? { status: 429, retryAfterMs: randomInt(random, 5, 40) } : { status: 429, retryAfter: 0 },
      };
    case 'server-500':
      return { kind: draw, fault: { status: 500 } };
    case 'unavailable-503':
      return { kind: draw, fault: { status: 503 } };
    case 'overloaded-529':
      return { kind: draw, fault: { status: 529 } };
    case 'reset-before-headers':
      return { kind: draw, fault: { resetBeforeHeaders: true } };
    case 'reset-mid-stream':
      return stream
        ? { kind: draw, fault: { resetAfterChunks: randomInt(random, 1, 5) } }
        : { kind: 'truncated-json', fault: { body: TRUNCATED_JSON, contentType: 'application/json' } };
    case 'truncated-sse':
      return stream
        ? { kind: draw, fault: { endAfterChunks: randomInt(random, 0, 5) } }
        : { kind: 'truncated-json', fault: { body: TRUNCATED_JSON, contentType: 'application/json' } };
    case 'malformed-json':
      return {
        kind: draw,
        fault: stream ? { malformedAfterChunks: randomInt(random, 0, 4) } : { body: 'this is not json {', contentType: 'application/json' },
      };
    case 'html-502':
      return { kind: draw, fault: { status: 502, body: HTML_502, contentType: 'text/html' } };
    case 'slow-first-byte':
      return { kind: draw, fault: { delayFirstByteMs: randomInt(random, 20, 120) } };
    case 'stall':
      return { kind: draw, fault: stream ? { stallAfterChunks: randomInt(random, 0, 4) } : { delayFirstByteMs: timeoutMs * 3 } };
  }
}
