import { createHash } from 'node:crypto';
import {
  capabilityNamePattern,
  delegationInputs,
  isPlannerCapability,
  outputKinds,
  QUOTE_PARAM,
  type Visibility,
} from '@agora/contracts';

/*
 * Delegation: a model-driven agent asks the swarm for a sub-task (the `ask_agent` tool). The
 * sub-task is a goal of its own, with a one-step plan, submitted to the planner and auctioned
 * like any other; the agent waits for it to end. Three inputs of the sub-goal say where it came
 * from (delegationInputs, in @agora/contracts), and the depth stops a chain of agents asking
 * agents from growing without end.
 */

/** Deepest sub-goal: an agent of a goal at this depth may not ask another agent. */
export const MAX_DELEGATION_DEPTH = 2;

/** Longest request, in characters: the planner's limit on a goal's text. */
export const MAX_REQUEST_CHARS = 4_000;

/** What an agent asks another agent for: the `ask_agent` tool's arguments, checked. */
export interface AgentAsk {
  /** The capability the step needs (any agent that declares it may win the auction). */
  capability: string;
  /** What to do, in words: the sub-goal's text. */
  request: string;
  /** The output kind the step must produce. @default the capability's own, for a built-in one */
  output?: string | undefined;
}

/** The task that asks, as far as a sub-goal needs to know it. */
export interface DelegatingTask {
  goalId: string;
  taskId: string;
  taskName: string;
  agentId: string;
  /** The task's goal inputs, where its own delegation depth is. */
  inputs: Readonly<Record<string, string>>;
  /** What the task may quote from memory: the sub-task may quote no more, since its output comes back. */
  quote: Visibility;
  /** When the attempt must be done (its time-out), in ms since the epoch. */
  attemptDeadlineAt: number;
}

/** What the parent goal's record adds, when the planner could tell. */
export interface ParentGoal {
  /** ms since the epoch, or null for none. */
  deadlineAt: number | null;
  priority: number;
}

/** The body of `POST /goals` for a sub-goal. */
export interface SubGoalSubmission {
  goal: string;
  inputs: Record<string, string>;
  plan: {
    description: string;
    steps: {
      name: string;
      capability: string;
      output?: string;
      params: Record<string, unknown>;
    }[];
  };
  budget: { deadlineSeconds: number };
  priority?: number;
}

/** A request the tool refuses before anything is submitted; the model is told why. */
export class DelegationRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DelegationRefusedError';
  }
}

/** The tool's arguments as an ask, or an error naming the argument. */
export function parseAgentAsk(args: Record<string, unknown>): AgentAsk {
  const { capability, request, output } = args;
  if (typeof capability !== 'string' || !capabilityNamePattern.test(capability)) {
    throw new DelegationRefusedError(
      "argument 'capability' must be a capability name: lower-case words joined by '-' or '.', e.g. classify",
    );
  }
  if (isPlannerCapability(capability)) {
    throw new DelegationRefusedError(
      `capability '${capability}' is served by the planner (a person), not by an agent`,
    );
  }
  if (typeof request !== 'string' || !request.trim()) {
    throw new DelegationRefusedError(
      "argument 'request' is required and must be a non-empty string",
    );
  }
  if (request.length > MAX_REQUEST_CHARS) {
    throw new DelegationRefusedError(
      `argument 'request' must be at most ${MAX_REQUEST_CHARS} characters, got ${request.length}`,
    );
  }
  if (output !== undefined && (typeof output !== 'string' || !outputKinds.has(output))) {
    throw new DelegationRefusedError(
      `argument 'output' must be an output kind, one of ${outputKinds.names().join(', ')}`,
    );
  }
  return { capability, request: request.trim(), ...(output !== undefined ? { output } : {}) };
}

/**
 * The depth of the goal a task belongs to: its `delegationDepth` input, 0 for a goal nobody
 * delegated. A value that is not a whole number counts as 0: only a submitter writes one, and
 * it could as well have left it out.
 */
export function delegationDepthOf(inputs: Readonly<Record<string, string>>): number {
  const raw = inputs[delegationInputs.depth];
  const depth = raw === undefined ? 0 : Number(raw);
  return Number.isInteger(depth) && depth > 0 ? depth : 0;
}

/** The depth a sub-goal of this task's goal would have; refused beyond {@link MAX_DELEGATION_DEPTH}. */
export function nextDelegationDepth(inputs: Readonly<Record<string, string>>): number {
  const depth = delegationDepthOf(inputs) + 1;
  if (depth > MAX_DELEGATION_DEPTH) {
    throw new DelegationRefusedError(
      `delegation depth limit reached: this task's goal is a sub-goal at depth ${depth - 1}, and sub-goals may go ${MAX_DELEGATION_DEPTH} deep; do this part yourself`,
    );
  }
  return depth;
}

/**
 * The sub-goal for an ask: one step of the capability, marked with its parent and one level
 * deeper than it, quoting from memory no more than the asking task may, and due no later than
 * the asking attempt's time-out or the parent goal's deadline, whichever comes first (the
 * planner takes whole seconds, so it is rounded down). Refused beyond
 * {@link MAX_DELEGATION_DEPTH}, or with less than a second left.
 */
export function subGoalSubmission(
  task: DelegatingTask,
  ask: AgentAsk,
  parent: ParentGoal | undefined,
  now: number,
): SubGoalSubmission {
  const depth = nextDelegationDepth(task.inputs);
  const deadlineAt = Math.min(task.attemptDeadlineAt, parent?.deadlineAt ?? Infinity);
  const deadlineSeconds = Math.floor((deadlineAt - now) / 1000);
  if (deadlineSeconds < 1) {
    throw new DelegationRefusedError(
      'no time left to ask another agent: the task is due in less than a second',
    );
  }
  return {
    goal: ask.request,
    inputs: {
      [delegationInputs.parentGoal]: task.goalId,
      [delegationInputs.parentTask]: task.taskId,
      [delegationInputs.depth]: String(depth),
    },
    plan: {
      description: `Asked by agent ${task.agentId} for step '${task.taskName}' of goal ${task.goalId}`,
      steps: [
        {
          name: stepNameOf(ask.capability),
          capability: ask.capability,
          ...(ask.output !== undefined ? { output: ask.output } : {}),
          params: { [QUOTE_PARAM]: task.quote },
        },
      ],
    },
    budget: { deadlineSeconds },
    ...(parent ? { priority: parent.priority } : {}),
  };
}

/**
 * The Idempotency-Key a sub-goal is submitted with: the asking task, the model's id of the call,
 * and a digest of what it asks. The same call made again (an attempt resumed from its journal,
 * perhaps on another agent) finds the sub-goal it started; another ask under a reused call id
 * (some servers number calls from 1 each time) gets one of its own.
 */
export function delegationKey(taskId: string, callId: string, ask: AgentAsk): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([ask.capability, ask.request, ask.output ?? null]))
    .digest('hex')
    .slice(0, 16);
  const call = callId.replace(/[^\x21-\x7e]/g, '_').slice(0, 64);
  return `ask:${taskId.replace(/[^\x21-\x7e]/g, '_')}:${call}:${digest}`.slice(0, 255);
}

/** A step name for a capability: step names allow dashes, not dots, and 63 characters. */
function stepNameOf(capability: string): string {
  return capability.replace(/\./g, '-').slice(0, 63).replace(/-+$/, '');
}
