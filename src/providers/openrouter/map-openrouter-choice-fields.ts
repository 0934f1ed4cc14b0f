/**
 * OpenRouter's own choice fields -> llmux's, in place, so a stream folds to what `complete()`
 * returns. Pure apart from the mutation.
 *
 * `native_finish_reason` (the upstream's own reason, e.g. Claude's `end_turn`) becomes
 * `provider_finish_reason` where it says more than `finish_reason`, on stream chunks and whole
 * responses alike. A whole response's choice then loses `native_finish_reason`, and its message
 * `reasoning: null`: fields its stream never folds into the response.
 */
type Loose = Record<string, unknown>;

export function mapOpenRouterChoiceFields(payload: { choices?: unknown }, whole: boolean): void {
  const choices = payload.choices;
  if (!Array.isArray(choices)) return;
  for (const choice of choices as unknown[]) {
    if (choice === null || typeof choice !== 'object') continue;
    const c = choice as Loose;
    const native = c['native_finish_reason'];
    if (typeof native === 'string' && native !== '' && native !== c['finish_reason']) c['provider_finish_reason'] = native;
    if (!whole) continue;
    delete c['native_finish_reason'];
    const message = c['message'];
    if (message !== null && typeof message === 'object' && (message as Loose)['reasoning'] === null) delete (message as Loose)['reasoning'];
  }
}
