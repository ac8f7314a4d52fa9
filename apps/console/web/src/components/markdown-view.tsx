import { useMemo } from 'preact/hooks';
import { renderMarkdown } from '../markdown';

/** Markdown from an agent, rendered with raw HTML escaped (see markdown.ts). */
export function MarkdownView({ source, testId }: { source: string; testId?: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  return <div class="markdown" data-testid={testId} dangerouslySetInnerHTML={{ __html: html }} />;
}
