/** The body every OpenAI error response carries. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

interface ErrorDefaults {
  type: string;
  code: string | null;
  message: string;
}

// Type and code follow what the real API sends for each status, since clients branch on them
// (a 429 with code 'insufficient_quota' is not retryable, 'rate_limit_exceeded' is).
const byStatus: Record<number, ErrorDefaults> = {
  400: { type: 'invalid_request_error', code: null, message: 'Invalid request.' },
  401: { type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided.' },
  403: { type: 'permission_error', code: 'permission_denied', message: 'You may not access this resource.' },
  404: { type: 'invalid_request_error', code: 'model_not_found', message: 'The model does not exist or is not available.' },
  408: { type: 'timeout_error', code: 'timeout', message: 'The request timed out.' },
  409: { type: 'invalid_request_error', code: 'conflict', message: 'The request conflicts with another request.' },
  413: { type: 'invalid_request_error', code: 'request_too_large', message: 'The request is too large.' },
  422: { type: 'invalid_request_error', code: null, message: 'The request could not be processed.' },
  429: { type: 'requests', code: 'rate_limit_exceeded', message: 'Rate limit reached. Please try again later.' },
  500: { type: 'server_error', code: null, message: 'The server had an error while processing your request.' },
  502: { type: 'server_error', code: 'bad_gateway', message: 'Bad gateway.' },
  503: { type: 'server_error', code: 'service_unavailable', message: 'The service is unavailable, please try again later.' },
  504: { type: 'server_error', code: 'gateway_timeout', message: 'The server timed out while processing your request.' },
  529: { type: 'server_error', code: 'overloaded', message: 'The server is overloaded, please try again later.' },
};

/** Builds an OpenAI error body; unspecified fields take the usual values for the status. */
export function createOpenAIErrorBody(
  status: number,
  overrides: { message?: string | undefined; param?: string | undefined; code?: string | undefined } = {},
): OpenAIErrorBody {
  const defaults = byStatus[status] ?? {
    type: status >= 500 ? 'server_error' : 'invalid_request_error',
    code: null,
    message: `The mock server answered with status ${status}.`,
  };
  return {
    error: {
      message: overrides.message ?? defaults.message,
      type: defaults.type,
      param: overrides.param ?? null,
      code: overrides.code ?? defaults.code,
    },
  };
}
