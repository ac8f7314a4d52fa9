import { describe, expect, it } from 'vitest';
import { BID_MEMORY_MS, BidBook } from './bid-book';

describe('BidBook', () => {
  it('knows the bids placed, per agent, task and attempt', () => {
    const book = new BidBook();
    book.record('w-1', 't-1', 1, 1_000);
    expect(book.placed('w-1', 't-1', 1, 2_000)).toBe(true);
    expect(book.placed('w-1', 't-1', 2, 2_000)).toBe(false);
    expect(book.placed('w-2', 't-1', 1, 2_000)).toBe(false);
    expect(book.placed('w-1', 't-2', 1, 2_000)).toBe(false);
  });

  it('forgets bids older than BID_MEMORY_MS, and drops them as new bids come in', () => {
    const book = new BidBook();
    book.record('w-1', 't-old', 1, 0);
    book.record('w-1', 't-mid', 1, BID_MEMORY_MS / 2);
    expect(book.placed('w-1', 't-old', 1, BID_MEMORY_MS + 1)).toBe(false);
    book.record('w-1', 't-new', 1, BID_MEMORY_MS + 1);
    expect(book.size).toBe(2);
    expect(book.placed('w-1', 't-mid', 1, BID_MEMORY_MS + 1)).toBe(true);
  });
});
