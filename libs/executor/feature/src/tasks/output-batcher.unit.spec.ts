import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OutputBatcher, type OutputPiece } from './output-batcher';

describe('the output batcher', () => {
  let sent: OutputPiece[];
  let batcher: OutputBatcher;
  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    batcher = new OutputBatcher(
      (piece) => {
        sent.push(piece);
        return Promise.resolve();
      },
      { maxChars: 10, maxDelayMs: 200 },
    );
  });
  afterEach(() => vi.useRealTimers());

  it('sends a batch maxDelayMs after its first piece, not one per piece', async () => {
    batcher.push('Ka', 1);
    batcher.push('fka', 1);
    await vi.advanceTimersByTimeAsync(199);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual([{ seq: 1, turn: 1, text: 'Kafka' }]);
    batcher.push(' logs', 1);
    await vi.advanceTimersByTimeAsync(200);
    expect(sent.map((p) => p.seq)).toEqual([1, 2]);
  });

  it('sends at once when a batch reaches maxChars, whichever comes first', async () => {
    batcher.push('Kafka keeps', 1);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([{ seq: 1, turn: 1, text: 'Kafka keeps' }]);
    batcher.push(' order', 1);
    await vi.advanceTimersByTimeAsync(200);
    expect(sent[1]).toEqual({ seq: 2, turn: 1, text: ' order' });
  });

  it('keeps one turn per batch, and sends what is left on close', async () => {
    batcher.push('Let me', 1);
    batcher.push('Answer', 2);
    batcher.push('.', 2);
    await batcher.close();
    expect(sent).toEqual([
      { seq: 1, turn: 1, text: 'Let me' },
      { seq: 2, turn: 2, text: 'Answer.' },
    ]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sent).toHaveLength(2);
  });

  it('sends in order even when a send is slow, and goes on after a failed one', async () => {
    const order: string[] = [];
    let release: () => void = () => undefined;
    const slow = new OutputBatcher(
      (piece) => {
        if (piece.seq === 1) {
          return new Promise<void>((r) => (release = r)).then(() => void order.push(piece.text));
        }
        if (piece.seq === 2) return Promise.reject(new Error('broker down'));
        order.push(piece.text);
        return Promise.resolve();
      },
      { maxChars: 1 },
    );
    slow.push('a', 1);
    slow.push('b', 1);
    slow.push('c', 1);
    const closed = slow.close();
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual([]);
    release();
    await closed;
    expect(order).toEqual(['a', 'c']);
    expect(slow.sent).toBe(3);
  });
});
