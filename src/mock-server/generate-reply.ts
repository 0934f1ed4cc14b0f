import { isRecord } from './is-record.js';
import { sampleFromSchema } from './sample-from-schema.js';
import { splitIntoSlices, splitIntoWords } from './split-into-pieces.js';

/** A tool as offered by the client, reduced to what the reply needs. */
export interface ToolView {
  name: string;
  parameters: unknown;
}

export type ToolChoiceView = { type: 'auto' } | { type: 'none' } | { type: 'required' } | { type: 'tool'; name: string };

export type ResponseFormatView = { type: 'json_object' } | { type: 'json_schema'; schema: unknown };

/** What both APIs' requests reduce to: everything that decides the reply. */
export interface ConversationView {
  /** Text parts of the last user message, images and other parts ignored. */
  lastUserText: string;
  /** The tool output when the conversation ends with a tool result. */
  lastToolResult: string | undefined;
  tools: readonly ToolView[];
  toolChoice: ToolChoiceView;
  responseFormat: ResponseFormatView | undefined;
  maxTokens: number | undefined;
  stopSequences: readonly string[];
  /** Characters of text across the prompt, the basis of the prompt token count. */
  promptChars: number;
}

interface ReplyUsage {
  promptTokens: number;
  completionTokens: number;
}

export type MockReply =
  | {
      kind: 'text';
      /** Joined, the reply text; one piece is one streamed delta and one completion token. */
      pieces: string[];
      finish: 'stop' | 'length';
      /** The stop sequence that cut the text short, if one did. */
      stopSequence: string | undefined;
      usage: ReplyUsage;
    }
  | {
      kind: 'tool_call';
      toolName: string;
      /** Joined, the JSON arguments (cut short when finish is 'length'). */
      argumentPieces: string[];
      finish: 'tool_calls' | 'length';
      usage: ReplyUsage;
    };

/** The greeting every plain reply starts with, exported so tests can build expectations. */
export const greeting = 'Hello from the llmux mock server. You said: ';

/**
 * Decides the mock's reply from the conversation alone, so the same request always gets the
 * same answer: a tool call when tools are offered (unless the conversation just returned a tool
 * result), JSON when a response format asks for it, an acknowledgement of a tool result, or a
 * greeting that echoes the user. Max tokens and stop sequences cut it short as a model would.
 */
export function generateReply(view: ConversationView): MockReply {
  const promptTokens = Math.ceil(view.promptChars / 4);
  const tool = pickTool(view);
  if (tool !== undefined) {
    const args = sampleFromSchema(tool.parameters);
    const { pieces, truncated } = limit(splitIntoSlices(JSON.stringify(isRecord(args) ? args : {})), view.maxTokens);
    return {
      kind: 'tool_call',
      toolName: tool.name,
      argumentPieces: pieces,
      finish: truncated ? 'length' : 'tool_calls',
      usage: { promptTokens, completionTokens: pieces.length },
    };
  }

  const json = view.responseFormat === undefined ? undefined : sampleJson(view.responseFormat, view.lastUserText);
  const fullText =
    json ?? (view.lastToolResult === undefined ? `${greeting}${view.lastUserText}` : `Tool result received: ${view.lastToolResult}`);
  const { text, stopSequence } = cutAtStopSequence(fullText, view.stopSequences);
  const split = json === undefined ? splitIntoWords(text) : splitIntoSlices(text);
  const { pieces, truncated } = limit(split, view.maxTokens);
  return {
    kind: 'text',
    pieces,
    finish: truncated ? 'length' : 'stop',
    stopSequence: truncated ? undefined : stopSequence,
    usage: { promptTokens, completionTokens: pieces.length },
  };
}

function pickTool(view: ConversationView): ToolView | undefined {
  // Answering a tool result with another call would loop an agent forever.
  if (view.lastToolResult !== undefined || view.toolChoice.type === 'none') return undefined;
  const choice = view.toolChoice;
  if (choice.type === 'tool') return view.tools.find((tool) => tool.name === choice.name);
  return view.tools[0];
}

function sampleJson(format: ResponseFormatView, echo: string): string {
  if (format.type === 'json_object') return JSON.stringify({ reply: echo });
  return JSON.stringify(format.schema === undefined ? {} : sampleFromSchema(format.schema));
}

function cutAtStopSequence(text: string, stopSequences: readonly string[]): { text: string; stopSequence: string | undefined } {
  let cut: { at: number; sequence: string } | undefined;
  for (const sequence of stopSequences) {
    const at = sequence === '' ? -1 : text.indexOf(sequence);
    if (at !== -1 && (cut === undefined || at < cut.at)) cut = { at, sequence };
  }
  return cut === undefined ? { text, stopSequence: undefined } : { text: text.slice(0, cut.at), stopSequence: cut.sequence };
}

function limit(pieces: string[], maxTokens: number | undefined): { pieces: string[]; truncated: boolean } {
  if (maxTokens === undefined || pieces.length <= maxTokens) return { pieces, truncated: false };
  return { pieces: pieces.slice(0, maxTokens), truncated: true };
}
