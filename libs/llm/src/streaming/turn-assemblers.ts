import { LanguageModelError } from '../language-model';
import { parseToolArguments, type RawChatTurn } from '../provider-call';

/*
 * A streamed turn is put together from its pieces exactly as the whole turn would have been
 * answered: the text in order, each tool call from its fragments (id and name first, the
 * arguments' JSON in pieces), and the usage the provider reports at the end. What a caller
 * receives as the result of a streamed call is therefore the same turn as without streaming;
 * the text pieces are only a live view of it.
 */

/** One `chat.completion.chunk` of an OpenAI-compatible stream (the fields read here). */
export interface OpenAiChunk {
  choices?: {
    index?: number;
    delta?: {
      content?: string | null;
      tool_calls?: {
        index: number;
        id?: string;
        type?: string;
        function?: { name?: string; arguments?: string };
      }[];
    };
    finish_reason?: string | null;
  }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  error?: { message?: string; type?: string; code?: unknown };
}

/**
 * Assembles an OpenAI-compatible streamed turn (`stream: true`, `stream_options:
 * {include_usage: true}`): text deltas of choice 0, tool calls by their `index` (id, name and
 * type come in the first fragment, `arguments` in pieces), and the usage of the last chunk,
 * whose `choices` is empty.
 */
export class OpenAiTurnAssembler {
  private text = '';
  private readonly calls = new Map<number, { id: string; name: string; arguments: string }>();
  private inputTokens = 0;
  private outputTokens = 0;

  /** Adds one chunk; returns the text it added ('' when none). */
  add(chunk: OpenAiChunk): string {
    if (chunk.error) {
      throw new LanguageModelError(
        `the stream ended with an error: ${chunk.error.message ?? JSON.stringify(chunk.error)}`,
        true,
      );
    }
    if (chunk.usage) {
      this.inputTokens = chunk.usage.prompt_tokens ?? this.inputTokens;
      this.outputTokens = chunk.usage.completion_tokens ?? this.outputTokens;
    }
    let added = '';
    for (const choice of chunk.choices ?? []) {
      if ((choice.index ?? 0) !== 0 || !choice.delta) continue;
      if (choice.delta.content) added += choice.delta.content;
      for (const fragment of choice.delta.tool_calls ?? []) {
        const call = this.calls.get(fragment.index) ?? { id: '', name: '', arguments: '' };
        if (fragment.id) call.id = fragment.id;
        if (fragment.function?.name) call.name += fragment.function.name;
        if (fragment.function?.arguments) call.arguments += fragment.function.arguments;
        this.calls.set(fragment.index, call);
      }
    }
    this.text += added;
    return added;
  }

  turn(): RawChatTurn {
    return {
      text: this.text,
      toolCalls: [...this.calls.entries()]
        .sort(([a], [b]) => a - b)
        .map(([index, c]) => ({
          id: c.id || `call_${index + 1}`,
          name: c.name,
          arguments: parseToolArguments(c.arguments),
        })),
      inputTokens: this.inputTokens,
      outputTokens: this.outputTokens,
    };
  }
}

/** One event of an Anthropic Messages stream (the fields read here). */
export interface AnthropicStreamEvent {
  type: string;
  index?: number;
  message?: { usage?: { input_tokens?: number | null; output_tokens?: number | null } };
  content_block?: { type: string; text?: string; id?: string; name?: string; input?: unknown };
  delta?: { type?: string; text?: string; partial_json?: string; stop_reason?: string | null };
  usage?: { input_tokens?: number | null; output_tokens?: number | null };
  error?: { type?: string; message?: string };
}

type Block =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; json: string; input: unknown }
  | { type: 'other' };

/**
 * Assembles an Anthropic streamed message (`stream: true`): `message_start` carries the input
 * tokens, `content_block_start` opens a text or tool_use block at its index, `content_block_delta`
 * adds `text_delta` text or `input_json_delta` pieces of a tool's input, and `message_delta`
 * the output tokens so far (cumulative). An `error` event (overloaded, say) fails the call,
 * retriable, like a 529 would have.
 */
export class AnthropicTurnAssembler {
  private readonly blocks = new Map<number, Block>();
  private inputTokens = 0;
  private outputTokens = 0;

  /** Adds one event; returns the text it added ('' when none). */
  add(event: AnthropicStreamEvent): string {
    switch (event.type) {
      case 'message_start':
        this.inputTokens = event.message?.usage?.input_tokens ?? 0;
        this.outputTokens = event.message?.usage?.output_tokens ?? 0;
        return '';
      case 'content_block_start': {
        const block = event.content_block;
        const index = event.index ?? this.blocks.size;
        if (block?.type === 'text') {
          this.blocks.set(index, { type: 'text', text: block.text ?? '' });
          return block.text ?? '';
        }
        if (block?.type === 'tool_use') {
          this.blocks.set(index, {
            type: 'tool_use',
            id: block.id ?? '',
            name: block.name ?? '',
            json: '',
            input: block.input,
          });
          return '';
        }
        this.blocks.set(index, { type: 'other' });
        return '';
      }
      case 'content_block_delta': {
        const block = this.blocks.get(event.index ?? 0);
        if (event.delta?.type === 'text_delta' && block?.type === 'text') {
          const text = event.delta.text ?? '';
          block.text += text;
          return text;
        }
        if (event.delta?.type === 'input_json_delta' && block?.type === 'tool_use') {
          block.json += event.delta.partial_json ?? '';
        }
        return '';
      }
      case 'message_delta':
        if (event.usage?.input_tokens) this.inputTokens = event.usage.input_tokens;
        if (typeof event.usage?.output_tokens === 'number') {
          this.outputTokens = event.usage.output_tokens;
        }
        return '';
      case 'error':
        throw new LanguageModelError(
          `the stream ended with an error: ${event.error?.type ?? 'error'}: ${event.error?.message ?? ''}`,
          true,
        );
      default:
        // content_block_stop, message_stop, ping, and event types added later.
        return '';
    }
  }

  turn(): RawChatTurn {
    const ordered = [...this.blocks.entries()].sort(([a], [b]) => a - b).map(([, b]) => b);
    return {
      text: ordered.map((b) => (b.type === 'text' ? b.text : '')).join(''),
      toolCalls: ordered.flatMap((b) =>
        b.type === 'tool_use'
          ? [
              {
                id: b.id,
                name: b.name,
                // The input comes whole in the start event when it has no delta (an empty object).
                arguments: parseToolArguments(b.json.trim() ? b.json : b.input),
              },
            ]
          : [],
      ),
      inputTokens: this.inputTokens,
      outputTokens: this.outputTokens,
    };
  }
}
