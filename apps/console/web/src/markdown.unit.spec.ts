import { describe, expect, it } from 'vitest';
import { escapeHtml, isLocalUrl, isSafeUrl, renderMarkdown } from './markdown';

describe('renderMarkdown', () => {
  it('renders Markdown', () => {
    const html = renderMarkdown('# Title\n\nSome **bold** text and `code`.\n\n- one\n- two\n');
    expect(html).toContain('<h1>Title</h1>');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain('<li>two</li>');
  });

  it('renders GitHub tables', () => {
    expect(renderMarkdown('| a | b |\n|---|---|\n| 1 | 2 |\n')).toContain('<td>1</td>');
  });

  it('escapes a raw script block', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\nafter');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('escapes inline HTML with event handlers', () => {
    const html = renderMarkdown('look: <img src=x onerror="alert(1)"> and <b>bold</b>');
    expect(html).not.toMatch(/<img|<b>/);
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
  });

  it('keeps code blocks escaped', () => {
    expect(renderMarkdown('```html\n<div onclick="x()">\n```')).toContain('&lt;div onclick=');
  });

  it('drops javascript: links but keeps their text', () => {
    const html = renderMarkdown('[click](javascript:alert(1)) and [ok](https://example.com)');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('click');
    expect(html).toContain(
      '<a href="https://example.com" target="_blank" rel="noopener noreferrer">ok</a>',
    );
  });

  it('shows remote images as their alt text', () => {
    const html = renderMarkdown(
      '![tracker](https://evil.example/pixel.png) ![x](//evil.example/y)',
    );
    expect(html).not.toContain('<img');
    expect(html).toContain('tracker');
    expect(renderMarkdown('![chart](/chart.png)')).toContain('<img src="/chart.png" alt="chart">');
  });
});

describe('isSafeUrl', () => {
  it.each([
    'https://a.b/c',
    'http://a',
    'mailto:x@y.z',
    '#top',
    '/api/goals',
    './x',
    'notes.md',
    '//other.example/x',
  ])('lets %s through', (url) => {
    expect(isSafeUrl(url)).toBe(true);
  });

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:x',
    'java\tscript:x',
    ' javascript:x',
    'data:text/html,x',
    'vbscript:x',
    '',
  ])('refuses %j', (url) => {
    expect(isSafeUrl(url)).toBe(false);
  });
});

describe('isLocalUrl', () => {
  it('takes relative paths only', () => {
    expect(isLocalUrl('/logo.png')).toBe(true);
    expect(isLocalUrl('img/a.png')).toBe(true);
    expect(isLocalUrl('https://a.b/c.png')).toBe(false);
    expect(isLocalUrl('//a.b/c.png')).toBe(false);
    expect(isLocalUrl('\\\\a.b/c.png')).toBe(false);
    expect(isLocalUrl('javascript:x')).toBe(false);
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});
