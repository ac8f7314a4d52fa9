import {
  DEFAULT_RELEVANCE_THRESHOLDS,
  type RelevanceEmbedder,
  type RelevanceThresholds,
} from '@agora/evaluator/domain';
import {
  openLocalEmbedder,
  selectLocalEmbedder,
  type LocalEmbedderSetting,
} from '@agora/embeddings/minilm';
import type { EvaluatorConfig } from './evaluator-config';

type RelevanceConfig = Pick<
  EvaluatorConfig,
  | 'EVAL_RELEVANCE_EMBEDDER'
  | 'EVAL_MODEL_DIR'
  | 'EVAL_RELEVANCE_THRESHOLD'
  | 'EVAL_RELEVANCE_THRESHOLD_MINILM'
>;

/**
 * MiniLM judges relevance on a text's first 128 word pieces (the length the model was trained
 * on: its opening says what a text is about, and the cost grows with every piece), and keeps the
 * vectors of recent goals: a goal's steps are judged against the same goal text, and a burst of
 * goals often repeats one. One thread per inference: two use a sixth more CPU for the same
 * work, and a busy swarm has no idle core to lend.
 */
const RELEVANCE_MINILM = { maxTokens: 128, cacheSize: 1_000, threads: 1 };

function localSetting(config: Partial<RelevanceConfig>): LocalEmbedderSetting {
  return {
    embedder: config.EVAL_RELEVANCE_EMBEDDER ?? 'auto',
    modelDir: config.EVAL_MODEL_DIR,
    keys: { embedder: 'EVAL_RELEVANCE_EMBEDDER', modelDir: 'EVAL_MODEL_DIR' },
    minilm: RELEVANCE_MINILM,
  };
}

/** Which embedder judges relevance: MiniLM when it is chosen, or `auto` finds its files. */
export function selectRelevanceEmbedder(
  config: Partial<RelevanceConfig>,
): RelevanceEmbedder['name'] {
  return selectLocalEmbedder(localSetting(config));
}

/**
 * The embedder relevance is judged with, opened once at start (a chosen MiniLM without its
 * files fails the start, naming EVAL_MODEL_DIR and `npm run stack:up`).
 */
export async function openRelevanceEmbedder(
  config: Partial<RelevanceConfig>,
): Promise<RelevanceEmbedder> {
  return openLocalEmbedder(localSetting(config));
}

/** Each embedder's threshold as configured. */
export function relevanceThresholds(config: Partial<RelevanceConfig>): RelevanceThresholds {
  return {
    hashing: config.EVAL_RELEVANCE_THRESHOLD ?? DEFAULT_RELEVANCE_THRESHOLDS.hashing,
    minilm: config.EVAL_RELEVANCE_THRESHOLD_MINILM ?? DEFAULT_RELEVANCE_THRESHOLDS.minilm,
  };
}
