/** One batch of an attempt's streamed text. */
export interface OutputPiece {
  /** From 1, without gaps, per attempt. */
  seq: number;
  /** The model turn the text belongs to. */
  turn: number;
  text: string;
}

export interface OutputBatcherOptions {
  /** A batch goes out once it holds this many characters. @default 200 */
  maxChars?: number;
  /** …or this long after its first piece, whichever comes first. @default 200 */
  maxDelayMs?: number;
}

/**
 * Gathers the text a model streams (a piece per token or so) into batches, so watchers get it a
 * few times a second instead of one Kafka record per token: a batch is sent when it reaches
 * `maxChars`, `maxDelayMs` after its first piece, when the model starts another turn (a batch
 * holds one turn's text) and at {@link close}. Batches are sent one after another, in order;
 * a failed send is the sender's to report, and the next batch goes anyway.
 */
export class OutputBatcher {
  private pending = '';
  private pendingTurn = 0;
  private timer: NodeJS.Timeout | undefined;
  private seq = 0;
  private sending: Promise<void> = Promise.resolve();
  private readonly maxChars: number;
  private readonly maxDelayMs: number;

  constructor(
    private readonly send: (piece: OutputPiece) => Promise<void>,
    options: OutputBatcherOptions = {},
  ) {
    this.maxChars = options.maxChars ?? 200;
    this.maxDelayMs = options.maxDelayMs ?? 200;
  }

  /** Pieces sent so far. */
  get sent(): number {
    return this.seq;
  }

  push(text: string, turn: number): void {
    if (!text) return;
    if (this.pending && turn !== this.pendingTurn) this.emit();
    this.pending += text;
    this.pendingTurn = turn;
    if (this.pending.length >= this.maxChars) this.emit();
    else this.timer ??= setTimeout(() => this.emit(), this.maxDelayMs);
  }

  /** Sends what is pending and waits until every batch has been sent. */
  async close(): Promise<void> {
    this.emit();
    await this.sending;
  }

  private emit(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.pending) return;
    const piece = { seq: ++this.seq, turn: this.pendingTurn, text: this.pending };
    this.pending = '';
    this.sending = this.sending.then(() => this.send(piece)).catch(() => undefined);
  }
}
