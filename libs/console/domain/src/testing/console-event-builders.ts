import { randomUUID } from 'node:crypto';
import type {
  AgentHeartbeat,
  AgentReputation,
  BidSubmitted,
  CallForProposals,
  DeadLetter,
  DecisionRequested,
  Envelope,
  GoalCompleted,
  GoalFailed,
  GoalPlanned,
  GoalSubmitted,
  GoalUsage,
  TaskAwarded,
  TaskCompleted,
  TaskDecided,
  TaskEvaluated,
  TaskFailed,
  TaskProgress,
  TaskReady,
  TaskWaiting,
  Usage,
} from '@agora/contracts';

/** When and for which goal an event happens; a fresh eventId unless one is given. */
export interface At {
  at: number;
  goalId?: string | null;
  eventId?: string;
}

type Fields<E, Required extends keyof E = never> = Pick<E, Required> &
  Partial<Omit<E, 'envelope' | Required>>;

const producer = { service: 'console-test', version: '0.0.0-test' };

function envelope({ at, goalId = null, eventId = randomUUID() }: At): Envelope {
  return { eventId, occurredAt: at, goalId, causationId: null, producer };
}

const usage = (costUsd = 0.02, durationMs = 100): Usage => ({
  durationMs,
  inputTokens: 0,
  outputTokens: 0,
  costUsd,
  model: null,
});

const goalUsage = (costUsd = 0.05): GoalUsage => ({
  tasks: 1,
  attempts: 1,
  durationMs: 1_000,
  inputTokens: 0,
  outputTokens: 0,
  costUsd,
});

/**
 * Complete, valid events with plain defaults, for the console's tests: each takes when it
 * happens (and for which goal) and the fields the test cares about.
 */
export const consoleEvents = {
  usage,
  goalUsage,
  goalSubmitted: (at: At, f: Fields<GoalSubmitted> = {}): GoalSubmitted => ({
    envelope: envelope(at),
    goal: 'Summarise the week',
    workflow: null,
    inputs: {},
    budget: { deadlineAt: null, maxTasks: null, maxCostUsd: null, maxWaitMs: null },
    submittedBy: null,
    priority: 0,
    plan: null,
    ...f,
  }),
  goalPlanned: (at: At, f: Fields<GoalPlanned, 'tasks'>): GoalPlanned => ({
    envelope: envelope(at),
    workflow: null,
    source: 'workflow',
    ...f,
  }),
  goalCompleted: (at: At, f: Fields<GoalCompleted> = {}): GoalCompleted => ({
    envelope: envelope(at),
    output: '# Report',
    usage: goalUsage(),
    ...f,
  }),
  goalFailed: (at: At, f: Fields<GoalFailed> = {}): GoalFailed => ({
    envelope: envelope(at),
    code: 'task_failed',
    reason: 'a task failed',
    taskId: null,
    usage: goalUsage(),
    ...f,
  }),
  taskReady: (at: At, f: Fields<TaskReady, 'taskId'>): TaskReady => ({
    envelope: envelope(at),
    name: 'gather',
    capability: 'gather',
    input: '{}',
    attempt: 1,
    excludedAgents: [],
    feedback: null,
    priority: 0,
    deadlineAt: null,
    maxWaitMs: null,
    ...f,
  }),
  callForProposals: (at: At, f: Fields<CallForProposals, 'taskId'>): CallForProposals => ({
    envelope: envelope(at),
    attempt: 1,
    round: 1,
    capability: 'gather',
    taskName: 'gather',
    inputSummary: null,
    bidDeadline: at.at + 200,
    excludedAgents: [],
    invitedAgents: [],
    ...f,
  }),
  bid: (at: At, f: Fields<BidSubmitted, 'taskId' | 'agentId'>): BidSubmitted => ({
    envelope: envelope(at),
    attempt: 1,
    round: 1,
    decision: 'BID',
    cost: 0.02,
    estimatedDurationMs: 500,
    confidence: 0.8,
    load: 0,
    refusalReason: null,
    incarnation: '',
    ...f,
  }),
  refusal: (at: At, f: Fields<BidSubmitted, 'taskId' | 'agentId'>): BidSubmitted => ({
    envelope: envelope(at),
    attempt: 1,
    round: 1,
    decision: 'REFUSE',
    cost: null,
    estimatedDurationMs: null,
    confidence: null,
    load: 1,
    refusalReason: 'busy',
    incarnation: '',
    ...f,
  }),
  taskWaiting: (at: At, f: Fields<TaskWaiting, 'taskId'>): TaskWaiting => ({
    envelope: envelope(at),
    attempt: 1,
    capability: 'gather',
    reason: "no agent with capability 'gather' has a free slot",
    waitingSince: at.at,
    capableAgents: 1,
    liveAgents: 1,
    freeSlots: 0,
    ...f,
  }),
  taskAwarded: (at: At, f: Fields<TaskAwarded, 'taskId' | 'agentId'>): TaskAwarded => ({
    envelope: envelope(at),
    attempt: 1,
    round: 1,
    taskName: 'gather',
    capability: 'gather',
    leaseExpiresAt: at.at + 30_000,
    score: 0.7,
    bidders: [f.agentId],
    scores: [],
    input: '{}',
    feedback: null,
    incarnation: '',
    ...f,
  }),
  taskProgress: (at: At, f: Fields<TaskProgress, 'taskId' | 'agentId'>): TaskProgress => ({
    envelope: envelope(at),
    attempt: 1,
    progress: 0.5,
    message: 'working',
    leaseExpiresAt: at.at + 30_000,
    ...f,
  }),
  taskCompleted: (at: At, f: Fields<TaskCompleted, 'taskId' | 'agentId'>): TaskCompleted => ({
    envelope: envelope(at),
    attempt: 1,
    capability: 'gather',
    output: '{"kind":"text","text":"done"}',
    usage: usage(),
    ...f,
  }),
  taskFailed: (at: At, f: Fields<TaskFailed, 'taskId'>): TaskFailed => ({
    envelope: envelope(at),
    attempt: 1,
    agentId: null,
    capability: 'gather',
    code: 'error',
    reason: 'the agent failed',
    retriable: true,
    usage: null,
    ...f,
  }),
  taskEvaluated: (at: At, f: Fields<TaskEvaluated, 'taskId' | 'agentId'>): TaskEvaluated => ({
    envelope: envelope(at),
    attempt: 1,
    capability: 'gather',
    verdict: 'ACCEPTED',
    score: 1,
    feedback: 'good',
    ...f,
  }),
  heartbeat: (at: At, f: Fields<AgentHeartbeat, 'agentId'>): AgentHeartbeat => ({
    envelope: envelope(at),
    capabilities: ['gather'],
    capacity: 2,
    activeTasks: 0,
    status: 'ONLINE',
    intervalMs: 1_000,
    costPerTaskUsd: null,
    incarnation: 'run-1',
    allowedCommands: [],
    allowedHosts: [],
    ...f,
  }),
  reputation: (at: At, f: Fields<AgentReputation, 'agentId'>): AgentReputation => ({
    envelope: envelope(at),
    capabilities: [{ capability: 'gather', score: 0.5, samples: 1, failures: 0 }],
    ...f,
  }),
  decisionRequested: (
    at: At,
    f: Fields<DecisionRequested, 'taskId' | 'taskName'>,
  ): DecisionRequested => ({
    envelope: envelope(at),
    prompt: 'Publish it?',
    dueAt: at.at + 86_400_000,
    onTimeout: 'reject',
    ...f,
  }),
  taskDecided: (at: At, f: Fields<TaskDecided, 'taskId' | 'taskName'>): TaskDecided => ({
    envelope: envelope(at),
    decision: 'approve',
    decidedBy: 'maria',
    comment: null,
    timedOut: false,
    ...f,
  }),
  deadLetter: (at: At, f: Fields<DeadLetter> = {}): DeadLetter => ({
    envelope: envelope(at),
    sourceTopic: 'agora.tasks.completed',
    sourcePartition: 0,
    sourceOffset: 0,
    sourceTimestamp: null,
    consumerGroup: 'agora.evaluator',
    key: null,
    value: null,
    headers: [],
    errorType: 'FatalError',
    errorMessage: 'cannot use this event',
    errorStack: null,
    classification: 'fatal',
    attempts: 1,
    failedAt: at.at,
    ...f,
  }),
};
