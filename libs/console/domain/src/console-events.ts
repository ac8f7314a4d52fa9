import type { EventMap, EventType } from '@agora/contracts';

/** The event types the console's read model is built from. */
export const CONSOLE_EVENT_TYPES = [
  'GoalSubmitted',
  'GoalPlanned',
  'GoalCompleted',
  'GoalFailed',
  'TaskReady',
  'CallForProposals',
  'BidSubmitted',
  'TaskWaiting',
  'TaskAwarded',
  'TaskProgress',
  'TaskCompleted',
  'TaskFailed',
  'TaskEvaluated',
  'DecisionRequested',
  'TaskDecided',
  'AgentHeartbeat',
  'AgentReputation',
  'DeadLetter',
] as const satisfies readonly EventType[];

export type ConsoleEventType = (typeof CONSOLE_EVENT_TYPES)[number];

/** The events of a goal: every console event but agents' state and dead letters. */
export type GoalEventType = Exclude<
  ConsoleEventType,
  'AgentHeartbeat' | 'AgentReputation' | 'DeadLetter'
>;

/** An event of a goal that names a task. */
export type TaskEventType = Exclude<GoalEventType, `Goal${string}`>;

export type ConsoleEvent<T extends ConsoleEventType = ConsoleEventType> = EventMap[T];

/** What the read model learns from a message besides its event. */
export interface EventMeta {
  /** Trace id of the message's `traceparent` header; null or absent when it had none. */
  traceId?: string | null;
}
