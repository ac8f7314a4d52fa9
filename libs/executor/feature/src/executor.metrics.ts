import { counter, gauge, histogram } from '@agora/observability';

export const bidsTotal = counter(
  'agora_executor_bids_total',
  'Answers to calls for proposals, by decision (BID or REFUSE).',
  ['decision'],
);
export const awardsRefused = counter(
  'agora_executor_awards_refused_total',
  'Awards ignored because the agent never bid on that attempt of the task (forged or misrouted).',
);
export const tasksTotal = counter(
  'agora_executor_tasks_total',
  'Task attempts that ended, by outcome: completed, failed, timeout, cancelled, released.',
  ['outcome'],
);
export const taskSeconds = histogram(
  'agora_executor_task_seconds',
  'Time from award to result, by capability.',
  ['capability'],
  [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
);
export const agentUtilisation = gauge(
  'agora_agent_utilisation',
  'Share of an agent capacity in use (activeTasks / capacity).',
  ['agent'],
);
export const llmTokensTotal = counter(
  'agora_executor_llm_tokens_total',
  'Language model tokens consumed, by direction (input or output).',
  ['direction'],
);
export const journalSteps = counter(
  'agora_executor_journal_steps_total',
  "Steps of model-driven attempts journaled, by kind (model_call, tool_call, tool_result) and source (live: done by this attempt; replayed: taken from an earlier attempt's journal).",
  ['kind', 'source'],
);
