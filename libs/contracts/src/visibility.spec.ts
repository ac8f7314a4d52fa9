import { describe, expect, it } from 'vitest';
import {
  InvalidVisibilityError,
  mayQuote,
  quoteOf,
  readFrontMatter,
  stricterVisibility,
  visibilitiesUpTo,
} from './visibility';

describe('visibility', () => {
  it('orders public < internal < restricted', () => {
    expect(visibilitiesUpTo('public')).toEqual(['public']);
    expect(visibilitiesUpTo('internal')).toEqual(['public', 'internal']);
    expect(visibilitiesUpTo('restricted')).toEqual(['public', 'internal', 'restricted']);
    expect(mayQuote('public', 'internal')).toBe(true);
    expect(mayQuote('internal', 'public')).toBe(false);
    expect(mayQuote('restricted', 'internal')).toBe(false);
  });

  it('takes the stricter of the levels that are given', () => {
    expect(stricterVisibility('internal', 'public')).toBe('public');
    expect(stricterVisibility('restricted', undefined, 'internal')).toBe('internal');
    expect(stricterVisibility(undefined, 'restricted')).toBe('restricted');
    expect(stricterVisibility(undefined, undefined)).toBeUndefined();
  });

  it("reads a step's params.quote and names the field when it is bad", () => {
    expect(quoteOf({ quote: 'public' })).toBe('public');
    expect(quoteOf({ k: 5 })).toBeUndefined();
    expect(() => quoteOf({ quote: 'secret' })).toThrow(InvalidVisibilityError);
    expect(() => quoteOf({ quote: 'secret' })).toThrow(
      'params.quote: expected one of public, internal, restricted, got "secret"',
    );
  });
});

describe('readFrontMatter', () => {
  it('reads visibility and returns the document without its front matter', () => {
    const text = '---\nvisibility: public\nauthor: Support team\n---\n# FAQ\n\nAnswers.\n';
    expect(readFrontMatter(text, 'faq.md')).toEqual({
      visibility: 'public',
      body: '# FAQ\n\nAnswers.\n',
    });
  });

  it('leaves a document without front matter whole, and one without visibility unset', () => {
    expect(readFrontMatter('# Title\n---\nvisibility: public\n', 'a.md')).toEqual({
      body: '# Title\n---\nvisibility: public\n',
    });
    expect(readFrontMatter('---\ntitle: X\n---\nbody', 'b.md')).toEqual({ body: 'body' });
  });

  it('refuses a bad visibility or front matter that is not a mapping, naming the file', () => {
    expect(() => readFrontMatter('---\nvisibility: secret\n---\nx', 'policy.md')).toThrow(
      'policy.md: front matter visibility: expected one of public, internal, restricted, got "secret"',
    );
    expect(() => readFrontMatter('---\n- a\n- b\n---\nx', 'list.md')).toThrow(
      'list.md: front matter must be a YAML mapping',
    );
    expect(() => readFrontMatter('---\nvisibility: [\n---\nx', 'broken.md')).toThrow(
      /broken\.md: front matter is not valid YAML/,
    );
  });
});
