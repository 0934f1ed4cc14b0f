/**
 * A response's status -> `finish_reason`: an incomplete answer stopped at the token limit
 * (`length`) or at the content filter (`content_filter`); a complete one stopped to call tools
 * or on its own. Pure.
 */
import type { FinishReason } from '../../base/types.js';
import type { ResponsesResponse } from './responses-api-types.js';

export function mapResponsesFinishReason(
  response: Pick<ResponsesResponse, 'status' | 'incomplete_details'>,
  calledTools: boolean,
): FinishReason {
  if (response.status === 'incomplete') return response.incomplete_details?.reason === 'content_filter' ? 'content_filter' : 'length';
  return calledTools ? 'tool_calls' : 'stop';
}
