/**
 * Checks on incoming events beyond what their Avro schemas can say. Each problem names the field,
 * so a dead-lettered event tells an operator what to fix.
 */

export interface TaskReadyFields {
  envelope: { goalId: string | null };
  taskId: string;
  name: string;
  capability: string;
  attempt: number;
  excludedAgents: readonly string[];
}

export function taskReadyProblems(event: TaskReadyFields): string[] {
  const problems: string[] = [];
  if (!event.envelope.goalId) problems.push("'envelope.goalId' is required on TaskReady");
  if (event.taskId.trim() === '') problems.push("'taskId' must not be empty");
  if (event.capability.trim() === '') problems.push("'capability' must not be empty");
  if (!Number.isInteger(event.attempt) || event.attempt < 1) {
    problems.push(`'attempt' must be a whole number from 1, got ${event.attempt}`);
  }
  return problems;
}

export interface BidFields {
  taskId: string;
  agentId: string;
  attempt: number;
  round: number;
  decision: 'BID' | 'REFUSE';
  cost: number | null;
  estimatedDurationMs: number | null;
  confidence: number | null;
  load: number;
}

export function bidProblems(bid: BidFields): string[] {
  const problems: string[] = [];
  if (bid.agentId.trim() === '') problems.push("'agentId' must not be empty");
  if (!Number.isInteger(bid.attempt) || bid.attempt < 1) {
    problems.push(`'attempt' must be a whole number from 1, got ${bid.attempt}`);
  }
  if (!Number.isInteger(bid.round) || bid.round < 1) {
    problems.push(`'round' must be a whole number from 1, got ${bid.round}`);
  }
  if (bid.cost !== null && !(bid.cost >= 0)) {
    problems.push(`'cost' must be 0 or more, got ${bid.cost}`);
  }
  if (bid.estimatedDurationMs !== null && !(bid.estimatedDurationMs >= 0)) {
    problems.push(`'estimatedDurationMs' must be 0 or more, got ${bid.estimatedDurationMs}`);
  }
  if (bid.confidence !== null && !(bid.confidence >= 0 && bid.confidence <= 1)) {
    problems.push(`'confidence' must be from 0 to 1, got ${bid.confidence}`);
  }
  if (!(bid.load >= 0 && bid.load <= 1))
    problems.push(`'load' must be from 0 to 1, got ${bid.load}`);
  return problems;
}
