import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import { readFrontMatter, type Visibility } from '@agora/contracts';
import { MemoryDocumentsClient, type MemoryDocument } from '@agora/memory-client';
import type { CliEnv } from '../cli-config';
import { CliError } from '../cli-config';
import { httpJson } from '../connect';

export type DocumentToIngest = MemoryDocument & { id: string; source: string };

/**
 * Reads every .md and .txt file under `dir`; a Markdown document's title is its first heading.
 * A file's visibility is its front matter's (`visibility: public` between `---` lines at the top,
 * not stored), else `visibility`, else unset (memory then stores it as internal).
 */
export async function readDocuments(
  dir: string,
  visibility?: Visibility,
): Promise<DocumentToIngest[]> {
  const files: string[] = [];
  const walk = async (d: string): Promise<void> => {
    const entries = await readdir(d, { withFileTypes: true }).catch(() => {
      throw new CliError(`cannot read directory ${d}`);
    });
    for (const entry of entries) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (['.md', '.txt'].includes(extname(entry.name).toLowerCase())) files.push(path);
    }
  };
  await walk(dir);
  files.sort();
  return Promise.all(
    files.map(async (file) => {
      const source = relative(dir, file);
      let front;
      try {
        front = readFrontMatter(await readFile(file, 'utf8'), source);
      } catch (error) {
        throw new CliError((error as Error).message);
      }
      const content = front.body;
      const heading = /^#\s+(.+)$/m.exec(content)?.[1]?.trim();
      const level = front.visibility ?? visibility;
      return {
        id: `doc:${source}`,
        title: heading ?? basename(file, extname(file)),
        source,
        content,
        ...(level ? { visibility: level } : {}),
      };
    }),
  );
}

/**
 * `agora memory ingest <dir> [--visibility V]`: sends the documents to the memory service, a
 * batch at a time; `visibility` is that of the files whose front matter does not say.
 */
export async function memoryIngestCommand(
  env: CliEnv,
  dir: string,
  visibility?: Visibility,
): Promise<number> {
  const documents = await readDocuments(dir, visibility);
  if (documents.length === 0) throw new CliError(`no .md or .txt files under ${dir}`);
  const memory = new MemoryDocumentsClient(env.MEMORY_URL, {
    post: (url, body) => httpJson('memory', url, { method: 'POST', body: JSON.stringify(body) }),
  });
  await memory.ingest(documents, (stored, total) =>
    console.log(`ingested ${stored}/${total} documents`),
  );
  return 0;
}
