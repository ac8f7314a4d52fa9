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
      maxVisibility: 'internal',
    });
    expect(
      parseSearchParams({ q: 'x', k: '7', goalId: 'g1', kind: 'knowledge, task_result' }, limits),
    ).toEqual({
      query: 'x',
      k: 7,
      scopeGoalId: 'g1',
      kinds: ['knowledge', 'task_result'],
      maxVisibility: 'internal',
    });
  });

  it('reads the most the caller may quote and the lowest score wanted', () => {
    expect(
      parseSearchParams({ q: 'x', maxVisibility: 'public', minScore: '0.3' }, limits),
    ).toMatchObject({ maxVisibility: 'public', minScore: 0.3 });
    expect(parseSearchParams({ q: 'x', maxVisibility: 'restricted' }, limits)).toMatchObject({
      maxVisibility: 'restricted',
    });
    // minScore absent: the service's default applies
    expect(parseSearchParams({ q: 'x', minScore: '' }, limits)).not.toHaveProperty('minScore');
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
    [
      { q: 'x', maxVisibility: 'secret' },
      /^maxVisibility: expected one of public, internal, restricted, got "secret"/,
    ],
    [{ q: 'x', maxVisibility: ['public', 'internal'] }, /^maxVisibility: expected one of/],
    [{ q: 'x', minScore: '1.5' }, /^minScore: must be a number from 0 to 1/],
    [{ q: 'x', minScore: 'high' }, /^minScore: must be a number from 0 to 1/],
    [{ q: 'x', minScore: '-0.1' }, /^minScore: /],
  ])('rejects %j naming the parameter', (params, message) => {
    expect(() => parseSearchParams(params, limits)).toThrow(message);
  });
});

describe('parseDocumentsBody', () => {
  it('accepts documents and fills defaults', () => {
    expect(
      parseDocumentsBody({ documents: [{ title: ' T ', content: 'c', id: 'doc:a' }] }, docLimits),
    ).toEqual([
      { id: 'doc:a', title: 'T', source: null, content: 'c', tags: [], visibility: 'internal' },
    ]);
    expect(
      parseDocumentsBody(
        { documents: [{ title: 'FAQ', content: 'c', visibility: 'public' }] },
        docLimits,
      )[0],
    ).toMatchObject({ visibility: 'public' });
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
    [
      { documents: [{ title: 't', content: 'c', visibility: 'staff' }] },
      /^documents\[0\]\.visibility: expected one of public, internal, restricted/,
    ],
  ])('rejects %j naming the field', (body, message) => {
    expect(() => parseDocumentsBody(body, docLimits)).toThrow(message);
  });
});
