import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join, relative, sep } from 'node:path';
import { documentId, type KnowledgeDocument } from './memory-item';

const EXTENSIONS = new Set(['.md', '.markdown', '.txt']);

/** The first Markdown heading of a text, else the file name without its extension. */
export function documentTitle(content: string, fileName: string): string {
  const heading = /^#{1,6}[ \t]+(.+?)[ \t#]*$/m.exec(content);
  return heading?.[1]?.trim() || basename(fileName, extname(fileName));
}

/**
 * Reads every .md/.txt file under `dir` (recursively, in path order) as a knowledge document:
 * title from the first heading or the file name, source the path relative to `dir` with `/`
 * separators, id derived from the source so re-ingesting a file replaces it. Empty files are
 * skipped.
 */
export async function ingestDirectory(
  dir: string,
  options: { tags?: string[] } = {},
): Promise<KnowledgeDocument[]> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile() && EXTENSIONS.has(extname(e.name).toLowerCase()))
    .map((e) => join(e.parentPath, e.name))
    .sort();
  const documents: KnowledgeDocument[] = [];
  for (const file of files) {
    const content = await readFile(file, 'utf8');
    if (!content.trim()) continue;
    const source = relative(dir, file).split(sep).join('/');
    const title = documentTitle(content, file);
    documents.push({
      id: documentId({ source, title }),
      title,
      source,
      content,
      tags: options.tags ?? [],
    });
  }
  return documents;
}
