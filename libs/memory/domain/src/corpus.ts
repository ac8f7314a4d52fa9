import { resolve } from 'node:path';
import { ingestDirectory } from './ingest-directory';
import type { KnowledgeDocument } from './memory-item';

/** Folder of the bundled documents about event-driven systems that the research workflow cites. */
export const corpusDir = resolve(__dirname, 'corpus');

/**
 * The bundled documents, tagged `corpus`; public by their front matter (general articles, fit to
 * quote to anyone).
 */
export function loadCorpus(): Promise<KnowledgeDocument[]> {
  return ingestDirectory(corpusDir, { tags: ['corpus'] });
}
