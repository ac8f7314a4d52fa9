import { describe, expect, it } from 'vitest';
import { parseDocumentsBody, parseSearchParams } from './input';

const limits = { defaultK: 5, maxK: 50 };
const docLimits = { maxDocuments: 3, maxContentChars: 1000 };

describe('parseSearchParams', () => {
  it('applies the default k and scope', () => {
    expect(parseSearchParams({ q: ' kafka ' }, limits)).toEqual({
      query: 'kafka',
      k: 5,
      scopeGoalId: null,
      kinds: [],
    });
    expect(
      parseSearchParams({ q: 'x', k: '7', goalId: 'g1', kind: 'knowledge, task_result' }, limits),
    ).toEqual({
      query: 'x',
      k: 7,
      scopeGoalId: 'g1',
      kinds: ['knowledge', 'task_result'],
    });
  });

  it.each([
    [{}, /^q: required/],
    [{ q: '  ' }, /^q: required/],
    [{ q: 'x', k: '0' }, /^k: must be a whole number from 1 to 50/],
    [{ q: 'x', k: '51' }, /^k: /],
    [{ q: 'x', k: 'abc' }, /^k: /],
    [{ q: 'x', k: '2.5' }, /^k: /],
    [{ q: ['a', 'b'] }, /^q: must be a string/],
    [{ q: 'x', kind: 'bogus' }, /^kind: unknown kind 'bogus'; expected any of goal, task_result/],
    [{ q: 'x', kind: 'knowledge,bogus' }, /^kind: unknown kind 'bogus'/],
  ])('rejects %j naming the parameter', (params, message) => {
    expect(() => parseSearchParams(params, limits)).toThrow(message);
  });
});

describe('parseDocumentsBody', () => {
  it('accepts documents and fills defaults', () => {
    expect(
      parseDocumentsBody({ documents: [{ title: ' T ', content: 'c', id: 'doc:a' }] }, docLimits),
    ).toEqual([{ id: 'doc:a', title: 'T', source: null, content: 'c', tags: [] }]);
  });

  it.each([
    [null, /^body: /],
    [{}, /^documents: must be a non-empty array/],
    [{ documents: [] }, /^documents: /],
    [{ documents: [1, 2, 3, 4] }, /^documents: at most 3/],
    [{ documents: ['x'] }, /^documents\[0\]: must be an object/],
    [{ documents: [{ content: 'c' }] }, /^documents\[0\]\.title: required/],
    [
      { documents: [{ title: 't', content: 'c' }, { title: 't' }] },
      /^documents\[1\]\.content: required/,
    ],
    [
      { documents: [{ title: 't', content: 'x'.repeat(1001) }] },
      /^documents\[0\]\.content: longer/,
    ],
    [{ documents: [{ title: 't', content: 'c', tags: 'a' }] }, /^documents\[0\]\.tags: /],
    [{ documents: [{ title: 't', content: 'c', id: 'a#1' }] }, /^documents\[0\]\.id: /],
    [
      { documents: [{ title: 't', content: 'c', source: 3 }] },
      /^documents\[0\]\.source: must be a string/,
    ],
    [
      { documents: [{ title: 't', content: 'a\u0000b' }] },
      /^documents\[0\]\.content: must not contain NUL/,
    ],
    [
      { documents: [{ title: 't', content: 'c', tags: ['ok', 'x\u0000'] }] },
      /^documents\[0\]\.tags\[1\]: must not contain NUL/,
    ],
  ])('rejects %j naming the field', (body, message) => {
    expect(() => parseDocumentsBody(body, docLimits)).toThrow(message);
  });
});
