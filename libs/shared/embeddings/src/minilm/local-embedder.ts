import { HashingEmbedder, type Embedder } from '../embedder';
import { miniLmModelDir, MiniLmEmbedder, missingMiniLmFiles } from './minilm-embedder';

/** The embedders that run in-process, with no network: the built-in one and the offline model. */
export type LocalEmbedderName = 'hashing' | 'minilm';

/**
 * A service's choice of local embedder, with the names of the settings it came from (a service
 * keeps its own keys, e.g. MEMORY_EMBEDDER and MEMORY_MODEL_DIR, and errors name them).
 */
export interface LocalEmbedderSetting {
  /** `auto` is minilm when the model's files are in `modelDir`, hashing otherwise. */
  embedder: 'auto' | LocalEmbedderName;
  /**
   * Folder holding the MiniLM model.onnx and tokenizer.json, from the working directory.
   * @default '.agora/models/all-minilm-l6-v2' (where `npm run stack:up` puts them)
   */
  modelDir?: string | undefined;
  /** Setting names for error messages. */
  keys: { embedder: string; modelDir: string };
  /** For MiniLM: word pieces embedded per text, and recent texts whose vectors are kept. */
  minilm?: { maxTokens?: number; cacheSize?: number; threads?: number };
}

/** Which local embedder a setting selects, `auto` settled by whether the MiniLM files are there. */
export function selectLocalEmbedder(setting: LocalEmbedderSetting): LocalEmbedderName {
  if (setting.embedder !== 'auto') return setting.embedder;
  return missingMiniLmFiles(miniLmModelDir(setting.modelDir)).length === 0 ? 'minilm' : 'hashing';
}

/**
 * The local embedder a setting selects, ready to use: MiniLM's ONNX session is created here,
 * once, so a missing or broken model fails the service's start rather than its first request.
 */
export async function openLocalEmbedder(
  setting: LocalEmbedderSetting,
): Promise<{ name: LocalEmbedderName; embedder: Embedder }> {
  const name = selectLocalEmbedder(setting);
  switch (name) {
    case 'hashing':
      return { name, embedder: new HashingEmbedder() };
    case 'minilm':
      return {
        name,
        embedder: await MiniLmEmbedder.open(miniLmModelDir(setting.modelDir), {
          chosenBy: `${setting.keys.embedder}=${setting.embedder}`,
          dirKey: setting.keys.modelDir,
          ...setting.minilm,
        }),
      };
  }
}
