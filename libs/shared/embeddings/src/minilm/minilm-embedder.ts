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
 * first, a batch ending where a text is half as long again as its first), which keeps padding,
 * and so wasted work, small; with a cache, a text seen lately is not embedded again.
 */
export class MiniLmEmbedder implements Embedder {
  readonly id = MINILM_MODEL.embedderId;
  readonly dimensions = MINILM_MODEL.dimensions;

  /** Recent texts' vectors, least recently used first. */
  private readonly cache = new Map<string, number[]>();

  private constructor(
    private readonly session: InferenceSession,
    private readonly tokenizer: WordPieceTokenizer,
    private readonly batchSize: number,
    private readonly limits: { maxTokens: number; cacheSize: number },
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
      /** Threads one inference may use. @default onnxruntime's (one per core) */
      threads?: number;
      /**
       * Word pieces of a text that are embedded; the rest is cut. Cost grows with it.
       * @default 256, the model's own limit
       */
      maxTokens?: number;
      /** Vectors of this many recent texts are kept and not computed again. @default 0 */
      cacheSize?: number;
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
      ...(options.threads !== undefined ? { intraOpNumThreads: options.threads } : {}),
    });
    return new MiniLmEmbedder(session, tokenizer, options.batchSize ?? 16, {
      maxTokens: Math.min(options.maxTokens ?? MINILM_MODEL.maxTokens, MINILM_MODEL.maxTokens),
      cacheSize: options.cacheSize ?? 0,
    });
  }

  async embed(texts: readonly string[]): Promise<number[][]> {
    const out = new Array<number[]>(texts.length);
    const encoded: { index: number; text: string; ids: number[] }[] = [];
    texts.forEach((text, index) => {
      const cached = this.cached(text);
      if (cached) out[index] = cached;
      else
        encoded.push({ index, text, ids: this.tokenizer.encode(text, this.limits.maxTokens).ids });
    });
    encoded.sort((a, b) => a.ids.length - b.ids.length);
    // Batches of similar length: a short text padded to a long one's width costs as much as it.
    for (let start = 0; start < encoded.length;) {
      const width = encoded[start]!.ids.length;
      let end = start + 1;
      while (
        end < encoded.length &&
        end - start < this.batchSize &&
        encoded[end]!.ids.length <= width * 1.5 + 8
      ) {
        end += 1;
      }
      const batch = encoded.slice(start, end);
      const vectors = await this.run(batch.map((e) => e.ids));
      batch.forEach((e, n) => {
        out[e.index] = vectors[n] ?? [];
        this.remember(e.text, out[e.index]!);
      });
      start = end;
    }
    return out;
  }

  private cached(text: string): number[] | undefined {
    const vector = this.cache.get(text);
    if (vector) {
      // Most recently used last, so the oldest is evicted first.
      this.cache.delete(text);
      this.cache.set(text, vector);
    }
    return vector;
  }

  private remember(text: string, vector: number[]): void {
    if (this.limits.cacheSize <= 0) return;
    this.cache.set(text, vector);
    if (this.cache.size > this.limits.cacheSize) {
      this.cache.delete(this.cache.keys().next().value as string);
    }
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
