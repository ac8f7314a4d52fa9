import { readdir, readFile } from 'node:fs/promises';
import { readFrontMatter, type Visibility } from '@agora/contracts';
import { basename, extname, join, relative, sep } from 'node:path';
import { documentId, type KnowledgeDocument } from './memory-item';

const EXTENSIONS = new Set(['.md', '.markdown', '.txt']);

/** The first Markdown heading of a text, else the file name without its extension. */
export function documentTitle(content: string, fileName: string): string {
  const heading = /^#{1,6}[ \t]+(.+?)[ \t#]*$/m.exec(content);
  return heading?.[1]?.trim() || basename(fileName, extname(fileName));
}

/** Options of {@link ingestDirectory}. */
export interface IngestDirectoryOptions {
  /** Tags of every document. @default [] */
  tags?: string[];
  /**
   * Visibility of the documents whose front matter does not say (`visibility: public` between
   * `---` lines at the top of a file wins). @default 'internal', as memory stores a document
   * posted without one
   */
  visibility?: Visibility;
}

/**
 * Reads every .md/.txt file under `dir` (recursively, in path order) as a knowledge document:
 * title from the first heading or the file name, source the path relative to `dir` with `/`
 * separators, id derived from the source so re-ingesting a file replaces it, visibility from
 * the file's front matter or the options (the front matter itself is not stored). Empty files
 * are skipped; a bad visibility in front matter throws naming the file.
 */
export async function ingestDirectory(
  dir: string,
  options: IngestDirectoryOptions = {},
): Promise<KnowledgeDocument[]> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile() && EXTENSIONS.has(extname(e.name).toLowerCase()))
    .map((e) => join(e.parentPath, e.name))
    .sort();
  const documents: KnowledgeDocument[] = [];
  for (const file of files) {
    const source = relative(dir, file).split(sep).join('/');
    const { body: content, visibility } = readFrontMatter(await readFile(file, 'utf8'), source);
    if (!content.trim()) continue;
    const title = documentTitle(content, file);
    const level = visibility ?? options.visibility;
    documents.push({
      id: documentId({ source, title }),
      title,
      source,
      content,
      tags: options.tags ?? [],
      ...(level ? { visibility: level } : {}),
    });
  }
  return documents;
}
