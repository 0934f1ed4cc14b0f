/** The body every Anthropic error response carries. */
export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string };
}

const byStatus: Record<number, { type: string; message: string }> = {
  400: { type: 'invalid_request_error', message: 'Invalid request.' },
  401: { type: 'authentication_error', message: 'invalid x-api-key' },
  403: { type: 'permission_error', message: 'Your API key does not have permission to use the specified resource.' },
  404: { type: 'not_found_error', message: 'The requested resource could not be found.' },
  413: { type: 'request_too_large', message: 'Request exceeds the maximum allowed number of bytes.' },
  429: { type: 'rate_limit_error', message: 'Your account has hit a rate limit.' },
  500: { type: 'api_error', message: 'An unexpected error has occurred internal to the API.' },
  504: { type: 'timeout_error', message: 'The request timed out.' },
  529: { type: 'overloaded_error', message: 'Overloaded' },
};

/** Builds an Anthropic error body with the error type the real API uses for the status. */
export function createAnthropicErrorBody(status: number, message?: string): AnthropicErrorBody {
  const defaults = byStatus[status] ?? {
    type: status >= 500 ? 'api_error' : 'invalid_request_error',
    message: `The mock server answered with status ${status}.`,
  };
  return { type: 'error', error: { type: defaults.type, message: message ?? defaults.message } };
}
