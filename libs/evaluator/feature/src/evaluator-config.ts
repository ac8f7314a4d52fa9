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
}

/** Injection token of an optional model-backed {@link Judge}; nothing is provided by default. */
export const JUDGE = Symbol('JUDGE');
