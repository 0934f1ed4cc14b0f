// An agent's conversation of a given length, as the conversation benchmark sends it: a system
// prompt, then user questions (as content parts), assistant answers that call a tool, and the
// tool results; one tool defined.

/** `length` messages (at least 1): system, then user / assistant-with-tool-call / tool turns. */
export function agentConversation(length) {
  const messages = [{ role: 'system', content: 'You are a helpful agent. Use the lookup tool when you need facts.' }];
  for (let turn = 1; messages.length < length; turn++) {
    messages.push({ role: 'user', content: [{ type: 'text', text: `Question ${turn}: what is the population of city ${turn}?` }] });
    if (messages.length >= length) break;
    const id = `call_${turn}`;
    messages.push({
      role: 'assistant',
      content: `Let me look that up (${turn}).`,
      tool_calls: [{ id, type: 'function', function: { name: 'lookup', arguments: JSON.stringify({ city: turn }) } }],
    });
    if (messages.length >= length) break;
    messages.push({ role: 'tool', tool_call_id: id, content: JSON.stringify({ city: turn, population: 1000 * turn }) });
  }
  const tools = [
    {
      type: 'function',
      function: {
        name: 'lookup',
        description: 'Looks up facts about a city.',
        parameters: { type: 'object', properties: { city: { type: 'number' } }, required: ['city'] },
      },
    },
  ];
  return { messages, tools };
}
