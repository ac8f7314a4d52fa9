/** One server-sent event: its `event:` name (when given) and its `data:` lines joined by `\n`. */
export interface ServerSentEvent {
  event?: string;
  data: string;
}

/**
 * The events of a `text/event-stream` body, as they arrive (the WHATWG rules both providers
 * follow): lines end in `\n`, `\r\n` or `\r`; a blank line ends an event; `data:` lines of one
 * event are joined by `\n`; comments (`:`) and fields other than `event` and `data` are
 * ignored; an event without data is not dispatched.
 */
export async function* readServerSentEvents(
  body: AsyncIterable<Uint8Array>,
): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder();
  const parser = new SseParser();
  for await (const chunk of body) {
    yield* parser.push(decoder.decode(chunk, { stream: true }));
  }
  yield* parser.push(decoder.decode());
  yield* parser.end();
}

/** The incremental part of {@link readServerSentEvents}: text in, complete events out. */
export class SseParser {
  private buffer = '';
  private event: string | undefined;
  private data: string[] = [];

  /** Text as it arrived, cut anywhere (even inside a line or a `\r\n`). */
  push(text: string): ServerSentEvent[] {
    this.buffer += text;
    const out: ServerSentEvent[] = [];
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer);
      if (!match) break;
      // A lone `\r` at the end may be the first half of a `\r\n` still on its way.
      if (match[0] === '\r' && match.index === this.buffer.length - 1) break;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const event = this.line(line);
      if (event) out.push(event);
    }
    return out;
  }

  /** The end of the body: an event not yet ended by a blank line is dropped, as browsers do. */
  end(): ServerSentEvent[] {
    this.buffer = '';
    this.data = [];
    this.event = undefined;
    return [];
  }

  private line(line: string): ServerSentEvent | undefined {
    if (line === '') {
      const event =
        this.data.length > 0
          ? {
              ...(this.event !== undefined ? { event: this.event } : {}),
              data: this.data.join('\n'),
            }
          : undefined;
      this.data = [];
      this.event = undefined;
      return event;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    return undefined;
  }
}
