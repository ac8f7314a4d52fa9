/**
 * Markdown as a terminal shows it: headings in bold, lists with bullets, quotes and code set
 * apart, paragraphs wrapped to the width. It covers what the swarm's reports contain (headings,
 * paragraphs, lists, quotes, code, emphasis, links); anything else is printed as written. Small
 * enough that a dependency (and its tree of colour and highlighting packages) is not worth it.
 */
import { stripVTControlCharacters } from 'node:util';

export interface TerminalStyle {
  /** ANSI colours and bold; off when stdout is not a terminal or NO_COLOR is set. */
  color: boolean;
  /** Columns to wrap paragraphs at. */
  width: number;
}

/** The style for this process's stdout. */
export function stdoutStyle(): TerminalStyle {
  return {
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    width: Math.max(40, Math.min(process.stdout.columns || 100, 120)),
  };
}

const sgr = (on: string, off: string) => (enabled: boolean, text: string) =>
  enabled ? `\u001b[${on}m${text}\u001b[${off}m` : text;
export const bold = sgr('1', '22');
export const dim = sgr('2', '22');
const italic = sgr('3', '23');
const underline = sgr('4', '24');
const cyan = sgr('36', '39');

/** Bold, italics, inline code and links within one line. */
function inline(text: string, color: boolean): string {
  return text
    .replace(/`([^`]+)`/g, (_, code: string) => (color ? cyan(true, code) : `\`${code}\``))
    .replace(/\*\*([^*]+)\*\*|__([^_]+)__/g, (_, a?: string, b?: string) =>
      color ? bold(true, a ?? b ?? '') : (a ?? b ?? ''),
    )
    .replace(/(^|[\s(])\*([^*\s][^*]*)\*(?=[\s).,;:!?]|$)/g, (_, lead: string, em: string) =>
      color ? `${lead}${italic(true, em)}` : `${lead}${em}`,
    )
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, label: string, url: string) =>
      label === url ? url : `${label} (${url})`,
    );
}

/** Words into lines of at most `width` visible characters; the first line after `first`, the rest after `rest`. */
function wrap(text: string, width: number, first: string, rest: string): string[] {
  const lines: string[] = [];
  let line = first;
  let visible = first.length;
  let empty = true;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const length = stripVTControlCharacters(word).length;
    if (!empty && visible + 1 + length > width) {
      lines.push(line);
      line = rest;
      visible = rest.length;
      empty = true;
    }
    line += empty ? word : ` ${word}`;
    visible += empty ? length : length + 1;
    empty = false;
  }
  lines.push(line);
  return lines;
}

/** Renders Markdown for a terminal. Pure: the same text and style give the same lines. */
export function renderMarkdown(markdown: string, style: TerminalStyle): string[] {
  const { color, width } = style;
  const out: string[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length === 0) return;
    out.push(...wrap(inline(paragraph.join(' '), color), width, '', ''));
    paragraph = [];
  };
  let fence: string | undefined;
  for (const raw of markdown.replace(/\r\n/g, '\n').split('\n')) {
    if (fence !== undefined) {
      if (raw.trimStart().startsWith(fence)) fence = undefined;
      else out.push(dim(color, `    ${raw}`));
      continue;
    }
    const fenceOpen = /^\s*(```|~~~)/.exec(raw);
    if (fenceOpen) {
      flush();
      fence = fenceOpen[1];
      continue;
    }
    const line = raw.trimEnd();
    if (!line.trim()) {
      flush();
      if (out.length > 0 && out.at(-1) !== '') out.push('');
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      const text = inline(heading[2] ?? '', false);
      out.push(heading[1] === '#' ? underline(color, bold(color, text)) : bold(color, text));
      continue;
    }
    const item = /^(\s*)([-*+]|\d+[.)])\s+(.*)$/.exec(line);
    if (item) {
      flush();
      const indent = ' '.repeat(Math.min((item[1] ?? '').length, 8));
      const marker = /\d/.test(item[2] ?? '') ? (item[2] ?? '') : '•';
      out.push(
        ...wrap(
          inline(item[3] ?? '', color),
          width,
          `${indent}  ${marker} `,
          `${indent}${' '.repeat(marker.length + 3)}`,
        ),
      );
      continue;
    }
    const quote = /^\s*>\s?(.*)$/.exec(line);
    if (quote) {
      flush();
      out.push(
        ...wrap(inline(quote[1] ?? '', color), width, '  │ ', '  │ ').map((l) => dim(color, l)),
      );
      continue;
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      flush();
      out.push(dim(color, '─'.repeat(Math.min(width, 40))));
      continue;
    }
    paragraph.push(line.trim());
  }
  flush();
  while (out.at(-1) === '') out.pop();
  return out;
}
