import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import type { Embedder } from '../embedder';
import { MINILM_MODEL } from '../minilm-model';
import { WordPieceTokenizer } from '../wordpiece-tokenizer';

/** The model files missing from `dir` (empty when the embedder can be opened). */
export function missingMiniLmFiles(dir: string): string[] {
  return Object.values(MINILM_MODEL.files)
    .map((file) => join(dir, file))
    .filter((file) => !existsSync(file));
}

/** The model folder a setting names, or the stack's download folder under the working directory. */
export function miniLmModelDir(setting?: string): string {
  return resolve(setting ?? MINILM_MODEL.defaultDir);
}

/**
 * all-MiniLM-L6-v2 on the CPU through onnxruntime-node: WordPiece ids in, token vectors out,
 * mean-pooled over the real (unpadded) tokens and l2-normalised, as sentence-transformers does.
 * No network: the files come from `npm run stack:up`.
 *
 * onnxruntime runs a batch on its own threads and resolves a promise, so the event loop is only
 * busy with tokenizing and pooling. Texts are embedded in batches of similar length (sorted
 * first), which keeps padding, and so wasted work, small.
 */
export class MiniLmEmbedder implements Embedder {
  readonly id = MINILM_MODEL.embedderId;
  readonly dimensions = MINILM_MODEL.dimensions;

  private constructor(
    private readonly session: InferenceSession,
    private readonly tokenizer: WordPieceTokenizer,
    private readonly batchSize: number,
  ) {}

  /**
   * Loads the tokenizer and creates the ONNX session, once. Fails with the missing files, the
   * command that fetches them and the setting (`options.dirKey`) that says where they are.
   */
  static async open(
    dir: string,
    options: {
      batchSize?: number;
      /** The setting that chose MiniLM, named first in the error, e.g. `MEMORY_EMBEDDER=minilm`. */
      chosenBy?: string;
      /** The setting naming the model folder, e.g. `MEMORY_MODEL_DIR`. */
      dirKey?: string;
    } = {},
  ): Promise<MiniLmEmbedder> {
    const missing = missingMiniLmFiles(dir);
    if (missing.length > 0)
      throw new Error(
        `${options.chosenBy ?? MINILM_MODEL.name}: model files missing: ${missing.join(', ')}; run \`npm run stack:up\` to fetch them${options.dirKey ? `, or set ${options.dirKey} to where they are` : ''}`,
      );
    const tokenizer = WordPieceTokenizer.fromTokenizerJson(
      JSON.parse(await readFile(join(dir, MINILM_MODEL.files.tokenizer), 'utf8')),
    );
    const session = await InferenceSession.create(join(dir, MINILM_MODEL.files.model), {
      graphOptimizationLevel: 'all',
    });
    return new MiniLmEmbedder(session, tokenizer, options.batchSize ?? 16);
  }

  async embed(texts: readonly string[]): Promise<number[][]> {
    const encoded = texts.map((text, index) => ({
      index,
      ids: this.tokenizer.encode(text, MINILM_MODEL.maxTokens).ids,
    }));
    encoded.sort((a, b) => a.ids.length - b.ids.length);
    const out = new Array<number[]>(texts.length);
    for (let start = 0; start < encoded.length; start += this.batchSize) {
      const batch = encoded.slice(start, start + this.batchSize);
      const vectors = await this.run(batch.map((e) => e.ids));
      batch.forEach((e, n) => (out[e.index] = vectors[n] ?? []));
    }
    return out;
  }

  /** Releases the native session. */
  async close(): Promise<void> {
    await this.session.release();
  }

  private async run(batch: readonly number[][]): Promise<number[][]> {
    const width = Math.max(...batch.map((ids) => ids.length));
    const shape = [batch.length, width];
    const inputIds = new BigInt64Array(batch.length * width);
    const mask = new BigInt64Array(batch.length * width);
    batch.forEach((ids, row) =>
      ids.forEach((id, col) => {
        inputIds[row * width + col] = BigInt(id);
        mask[row * width + col] = 1n;
      }),
    );
    const outputs = await this.session.run({
      input_ids: new Tensor('int64', inputIds, shape),
      attention_mask: new Tensor('int64', mask, shape),
      token_type_ids: new Tensor('int64', new BigInt64Array(batch.length * width), shape),
    });
    const hidden = outputs['last_hidden_state'];
    if (!hidden) throw new Error('all-MiniLM-L6-v2: the model returned no last_hidden_state');
    const data = hidden.data as Float32Array;
    const dims = this.dimensions;
    return batch.map((ids, row) => {
      const vector = new Array<number>(dims).fill(0);
      for (let token = 0; token < ids.length; token++) {
        const offset = (row * width + token) * dims;
        for (let d = 0; d < dims; d++) vector[d] = (vector[d] ?? 0) + (data[offset + d] ?? 0);
      }
      let norm = 0;
      for (const v of vector) norm += v * v;
      // the mean's scale cancels out in the normalisation, so the sum is enough
      norm = Math.sqrt(norm);
      return norm === 0 ? vector : vector.map((v) => v / norm);
    });
  }
}
