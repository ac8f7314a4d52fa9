import type { EventMap } from '@agora/contracts';
import type { GoalEventType } from './console-events';

/** One line about an event of a goal, for the goal's timeline; the task's name is shown beside it. */
type Summarize<T extends GoalEventType | 'DeadLetter'> = (event: EventMap[T]) => string;

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
const dollars = (usd: number) => `$${usd.toFixed(usd < 1 ? 4 : 2)}`;
const clip = (text: string, max = 120) =>
  text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** Timeline lines, one function per event type. */
export const timelineSummaries: { [T in GoalEventType | 'DeadLetter']: Summarize<T> } = {
  GoalSubmitted: (e) =>
    `submitted${e.workflow ? ` for workflow ${e.workflow}` : ''}: ${clip(e.goal)}`,
  GoalPlanned: (e) =>
    `planned ${e.workflow ? `with workflow ${e.workflow}` : `by ${e.source}`}: ${count(e.tasks.length, 'task')}`,
  GoalCompleted: (e) => `completed in ${seconds(e.usage.durationMs)}, ${dollars(e.usage.costUsd)}`,
  GoalFailed: (e) => `failed (${e.code}): ${clip(e.reason)}`,
  TaskReady: (e) =>
    [
      `ready${e.attempt > 1 ? ` for attempt ${e.attempt}` : ''}`,
      e.excludedAgents.length > 0 ? `, excluding ${e.excludedAgents.join(', ')}` : '',
      e.feedback ? `; feedback: ${clip(e.feedback, 80)}` : '',
    ].join(''),
  CallForProposals: (e) =>
    `call for proposals, round ${e.round}: ${
      e.invitedAgents.length > 0 ? count(e.invitedAgents.length, 'agent') + ' invited' : 'open call'
    }`,
  BidSubmitted: (e) =>
    e.decision === 'BID'
      ? `bid by ${e.agentId}: ${[
          e.cost === null ? null : dollars(e.cost),
          e.estimatedDurationMs === null ? null : `~${seconds(e.estimatedDurationMs)}`,
          e.confidence === null ? null : `confidence ${e.confidence.toFixed(2)}`,
        ]
          .filter((part) => part !== null)
          .join(', ')}`
      : `${e.agentId} refused${e.refusalReason ? `: ${clip(e.refusalReason, 80)}` : ''}`,
  TaskWaiting: (e) => `waiting: ${clip(e.reason)}`,
  TaskAwarded: (e) =>
    `awarded to ${e.agentId} (score ${e.score.toFixed(2)}, round ${e.round}); ${count(e.bidders.length, 'bidder')}`,
  TaskProgress: (e) =>
    [
      `${e.agentId}:`,
      e.progress === null ? null : `${Math.round(e.progress * 100)}%`,
      e.message === null ? null : clip(e.message, 100),
    ]
      .filter((part) => part !== null)
      .join(' '),
  TaskCompleted: (e) =>
    `completed by ${e.agentId} in ${seconds(e.usage.durationMs)}, ${dollars(e.usage.costUsd)}`,
  TaskFailed: (e) =>
    `failed (${e.code})${e.agentId ? ` with ${e.agentId}` : ''}: ${clip(e.reason)}${e.retriable ? '' : '; not retriable'}`,
  TaskEvaluated: (e) =>
    `${e.verdict === 'ACCEPTED' ? 'accepted' : 'rejected'}, score ${e.score.toFixed(2)}${
      e.verdict === 'REJECTED' && e.feedback ? `: ${clip(e.feedback, 100)}` : ''
    }`,
  DecisionRequested: (e) =>
    `awaiting a person's decision${e.prompt ? `: ${clip(e.prompt, 100)}` : ''}; ${e.onTimeout}s by itself at ${new Date(e.dueAt).toISOString()}`,
  TaskDecided: (e) =>
    [
      e.timedOut
        ? `${e.decision === 'approve' ? 'approved' : 'rejected'} by its timeout`
        : `${e.decision === 'approve' ? 'approved' : 'rejected'} by ${e.decidedBy ?? 'an unnamed person'}`,
      e.comment ? `: ${clip(e.comment, 100)}` : '',
    ].join(''),
  DeadLetter: (e) =>
    `dead-lettered by ${e.consumerGroup} from ${e.sourceTopic} (${e.classification}): ${clip(e.errorMessage)}`,
};
