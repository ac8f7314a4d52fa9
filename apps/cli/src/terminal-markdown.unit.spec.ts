import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './terminal-markdown';

describe('renderMarkdown', () => {
  it('turns headings, lists, quotes, code and links into terminal text', () => {
    const md = [
      '# Report',
      '',
      'Some **bold** and `code` and a [link](https://example.org).',
      '',
      '- one',
      '- two',
      '',
      '> quoted',
      '',
      '```',
      'x = 1',
      '```',
    ].join('\n');
    expect(renderMarkdown(md, { color: false, width: 80 })).toEqual([
      'Report',
      '',
      'Some bold and `code` and a link (https://example.org).',
      '',
      '  • one',
      '  • two',
      '',
      '  │ quoted',
      '',
      '    x = 1',
    ]);
  });

  it('wraps paragraphs and list items to the width, indenting continuation lines', () => {
    const lines = renderMarkdown(`1. ${'word '.repeat(12)}`, { color: false, width: 30 });
    expect(lines).toEqual([
      '  1. word word word word word',
      '     word word word word word',
      '     word word',
    ]);
  });

  it('uses ANSI bold for headings only when colour is on', () => {
    expect(renderMarkdown('## Sources', { color: true, width: 80 })).toEqual([
      '\u001b[1mSources\u001b[22m',
    ]);
  });
});
