import { describe, expect, it } from 'vitest';
import { parseInputLines } from './goal-inputs';

describe('parseInputLines', () => {
  it('reads key=value lines, trimmed, skipping blank ones', () => {
    expect(parseInputLines('topic=Rust\n\n audience = beginners \r\nquery=a=b')).toEqual({
      ok: true,
      inputs: { topic: 'Rust', audience: 'beginners', query: 'a=b' },
    });
  });

  it('is empty for no text', () => {
    expect(parseInputLines('  \n')).toEqual({ ok: true, inputs: {} });
  });

  it('names the line that is not key=value', () => {
    expect(parseInputLines('a=1\nnonsense')).toEqual({
      ok: false,
      message: 'line 2: expected key=value',
    });
    expect(parseInputLines('=1')).toEqual({ ok: false, message: 'line 1: the key is empty' });
    expect(parseInputLines('a=1\na=2')).toEqual({ ok: false, message: 'line 2: a is given twice' });
  });
});
