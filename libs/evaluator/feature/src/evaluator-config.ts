/** The settings the evaluator feature reads from the service's validated environment (SERVICE_CONFIG). */
export interface EvaluatorConfig {
  KAFKA_TOPIC_PREFIX: string;
  /** Lowest score an output is accepted with. */
  EVAL_ACCEPT_THRESHOLD: number;
  /** Weight of the newest score in an agent's reputation. */
  EVAL_REPUTATION_ALPHA: number;
  /** Shortest acceptable main text, in characters. */
  EVAL_MIN_OUTPUT_CHARS: number;
  /** Longest acceptable main text, in characters. */
  EVAL_MAX_OUTPUT_CHARS: number;
  /** How long to wait for memory to return cited items. */
  EVAL_MEMORY_TIMEOUT_MS: number;
  /** Share (0..1) of the final score given to the model judge's opinion, when a judge is provided. */
  EVAL_JUDGE_WEIGHT: number;
  /**
   * Lowest similarity of an output's main text to its goal when the hashing embedder judges;
   * 0 turns the relevance check off.
   */
  EVAL_RELEVANCE_THRESHOLD: number;
  /**
   * Lowest similarity of an output's main text to its goal when MiniLM judges; 0 turns the
   * relevance check off.
   * @default 0.25
   */
  EVAL_RELEVANCE_THRESHOLD_MINILM?: number;
  /**
   * The embedder relevance is judged with: `hashing` (built in), `minilm` (the offline
   * all-MiniLM-L6-v2 model; fails at start without its files) or `auto` (minilm when its files
   * are in EVAL_MODEL_DIR, hashing otherwise).
   * @default 'auto'
   */
  EVAL_RELEVANCE_EMBEDDER?: 'auto' | 'hashing' | 'minilm';
  /**
   * Folder holding the MiniLM model.onnx and tokenizer.json.
   * @default '.agora/models/all-minilm-l6-v2' (where `npm run stack:up` puts them), from the working directory
   */
  EVAL_MODEL_DIR?: string;
}

/** The language-model settings a ModelJudge is built from (same keys as the executor's). */
export interface ModelJudgeConfig {
  LLM_PROVIDER: 'none' | 'openai' | 'anthropic';
  LLM_BASE_URL?: string | undefined;
  LLM_API_KEY?: string | undefined;
  LLM_MODEL?: string | undefined;
  /** Bounds each HTTP call and, retries included, the whole judgement. */
  LLM_TIMEOUT_MS: number;
  LLM_PRICE_INPUT_PER_1K: number;
  LLM_PRICE_OUTPUT_PER_1K: number;
}

/** Injection token of the RelevanceEmbedder the evaluator judges relevance with. */
export const RELEVANCE_EMBEDDER = Symbol('RELEVANCE_EMBEDDER');

/** Injection token of an optional model-backed {@link Judge}; nothing is provided by default. */
export const JUDGE = Symbol('JUDGE');
