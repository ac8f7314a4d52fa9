import { LanguageModelError } from '../language-model';
import type { RawChatTurn } from '../provider-call';
import { readServerSentEvents } from './sse';

/** Assembles a streamed turn from its events (see turn-assemblers.ts). */
export interface TurnAssembler<Event> {
  /** Adds one event; returns the text it added. */
  add(event: Event): string;
  turn(): RawChatTurn;
}

/**
 * Reads a streamed answer: each event's JSON goes to the assembler and each piece of text to
 * `onToken` as soon as it is read. A server that answers a streamed request with a whole JSON
 * body (some OpenAI-compatible servers ignore `stream`) is read with `whole` instead, its text
 * passed on in one piece.
 */
export async function readStreamedTurn<Event>(
  response: Response,
  assembler: TurnAssembler<Event>,
  onToken: (text: string) => void,
  whole: (body: unknown) => RawChatTurn,
): Promise<RawChatTurn> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('text/event-stream')) {
    const turn = whole(await response.json());
    if (turn.text) onToken(turn.text);
    return turn;
  }
  if (!response.body) throw new LanguageModelError('the stream has no body', true);
  for await (const sse of readServerSentEvents(chunksOf(response.body))) {
    if (sse.data === '[DONE]') break;
    let event: Event;
    try {
      event = JSON.parse(sse.data) as Event;
    } catch (error) {
      throw new LanguageModelError(
        `the stream sent an event that is not JSON: ${sse.data.slice(0, 200)}`,
        true,
        {
          cause: error,
        },
      );
    }
    const text = assembler.add(event);
    if (text) onToken(text);
  }
  return assembler.turn();
}

async function* chunksOf(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // Ends the response when the reader stops early ([DONE], an error): the rest is not wanted.
    await reader.cancel().catch(() => undefined);
  }
}
