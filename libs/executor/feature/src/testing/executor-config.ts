import type { ExecutorConfig } from '../executor-config';

/** An executor's settings for unit tests: short time-outs, no allow-lists, no model. */
export const testExecutorSettings = {
  instanceId: 'i',
  KAFKA_TOPIC_PREFIX: '',
  HEARTBEAT_INTERVAL_MS: 1_000,
  LEASE_RENEW_MS: 1_000,
  DRAIN_TIMEOUT_MS: 1_000,
  TASK_TIMEOUT_MS: 10_000,
  MEMORY_SEARCH_TIMEOUT_MS: 1_000,
  SHELL_ALLOWLIST: [],
  SHELL_TIMEOUT_MS: 1_000,
  HTTP_ALLOWLIST: [],
  HTTP_TIMEOUT_MS: 1_000,
  LLM_PROVIDER: 'none',
  LLM_TIMEOUT_MS: 5_000,
  LLM_PRICE_INPUT_PER_1K: 0,
  LLM_PRICE_OUTPUT_PER_1K: 0,
} satisfies Omit<ExecutorConfig, 'agents'>;
