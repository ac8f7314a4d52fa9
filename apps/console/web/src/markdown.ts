import { Marked, type Tokens } from 'marked';

/*
 * Agents' outputs are Markdown written by models from whatever the web gave them: treat them as
 * hostile. Raw HTML is shown as text, never parsed, and links and images keep only schemes that
 * cannot run script. Everything else marked escapes itself.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const SAFE_SCHEME = /^(https?|mailto):/i;
// Browsers ignore tabs, newlines and leading control characters in a scheme: `java\tscript:`.
// eslint-disable-next-line no-control-regex
const IGNORED_IN_SCHEME = /[\u0000-\u0020]/g;

/** Whether a link target is one that navigates (http, https, mailto, relative) rather than runs. */
export function isSafeUrl(href: string): boolean {
  const cleaned = href.replace(IGNORED_IN_SCHEME, '');
  if (SAFE_SCHEME.test(cleaned)) return true;
  // A relative path without a scheme (`notes.md`, `a/b?c=d:e`): no colon before the first / ? #.
  const schemeEnd = cleaned.search(/[/?#]/);
  const head = schemeEnd < 0 ? cleaned : cleaned.slice(0, schemeEnd);
  return cleaned !== '' && !head.includes(':');
}

/** Whether a URL stays on the page's own origin: relative, without a scheme or a host. */
export function isLocalUrl(href: string): boolean {
  const cleaned = href.replace(IGNORED_IN_SCHEME, '');
  return isSafeUrl(cleaned) && !SAFE_SCHEME.test(cleaned) && !/^[/\\]{2}/.test(cleaned);
}

const markdown = new Marked({ gfm: true, async: false });
markdown.use({
  renderer: {
    html({ text }: Tokens.HTML | Tokens.Tag): string {
      return escapeHtml(text);
    },
    link({ href, title, tokens }: Tokens.Link): string {
      const label = this.parser.parseInline(tokens);
      if (!isSafeUrl(href)) return label;
      const titled = title ? ` title="${escapeHtml(title)}"` : '';
      return `<a href="${escapeHtml(href)}"${titled} target="_blank" rel="noopener noreferrer">${label}</a>`;
    },
    image({ href, title, text }: Tokens.Image): string {
      // Only images from the console's own origin: a remote one would leak that someone looked.
      if (!isLocalUrl(href)) return escapeHtml(text);
      const titled = title ? ` title="${escapeHtml(title)}"` : '';
      return `<img src="${escapeHtml(href)}" alt="${escapeHtml(text)}"${titled}>`;
    },
  },
});

/** Markdown to HTML that is safe to put in the page. */
export function renderMarkdown(source: string): string {
  return markdown.parse(source, { async: false });
}
