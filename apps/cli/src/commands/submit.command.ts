import { randomUUID } from 'node:crypto';
import { newEnvelope, type EventMap, type GoalSubmitted } from '@agora/contracts';
import { CliError, type CliEnv } from '../cli-config';
import { connectMessaging } from '../connect';
import { followedEvents, GoalProgress, type FollowedEvent } from './goal-progress';

export interface SubmitOptions {
  workflow?: string;
  input: string[];
  deadline?: number;
  maxTasks?: number;
  maxCost?: number;
  /** Seconds a task may wait for a free agent. */
  maxWait?: number;
  priority?: number;
  follow?: boolean;
  /** Seconds --follow waits for the goal to end. */
  timeout: number;
}

/** `key=value` pairs into a map, naming the first malformed one. */
export function parseInputs(pairs: readonly string[]): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new CliError(`--input expects key=value, got '${pair}'`);
    inputs[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return inputs;
}

export function buildGoalSubmitted(
  goal: string,
  options: SubmitOptions,
  goalId: string = randomUUID(),
): GoalSubmitted {
  if (!goal.trim()) throw new CliError('the goal text is empty');
  return {
    envelope: newEnvelope({
      producer: { service: 'cli', version: process.env.AGORA_VERSION ?? '0.0.0' },
      goalId,
    }),
    goal,
    workflow: options.workflow ?? null,
    inputs: parseInputs(options.input),
    budget: {
      deadlineAt: options.deadline ? Date.now() + options.deadline * 1000 : null,
      maxTasks: options.maxTasks ?? null,
      maxCostUsd: options.maxCost ?? null,
      maxWaitMs: options.maxWait ? Math.round(options.maxWait * 1000) : null,
    },
    submittedBy: process.env.USER ?? null,
    priority: options.priority ?? 0,
  };
}

/**
 * Produces GoalSubmitted onto Kafka. With --follow it first joins a private consumer group at the
 * end of the goal and task topics, so no event of the new goal is missed, then prints progress
 * until the goal ends, then the goal's output. Exit code: 0 completed, 1 failed or timed out.
 */
export async function submitCommand(
  env: CliEnv,
  goal: string,
  options: SubmitOptions,
): Promise<number> {
  const event = buildGoalSubmitted(goal, options);
  const goalId = event.envelope.goalId ?? '';
  const client = await connectMessaging(
    env,
    options.follow ? ['GoalSubmitted', ...followedEvents] : ['GoalSubmitted'],
    {
      groupId: `${env.KAFKA_TOPIC_PREFIX}agora.cli.${randomUUID()}`,
    },
  );
  try {
    if (!options.follow) {
      await client.publisher.publish('GoalSubmitted', event);
      console.log(goalId);
      return 0;
    }
    const progress = new GoalProgress(goalId, Date.now());
    let output: string | undefined;
    let finish: () => void = () => undefined;
    const ended = new Promise<void>((resolve) => (finish = resolve));
    const consumer = client.consumer(undefined, { fromBeginning: false });
    for (const type of followedEvents) {
      consumer.on(type, (e: EventMap[FollowedEvent]) => {
        for (const line of progress.apply(type, e, Date.now())) console.log(line);
        if (type === 'GoalCompleted') output = (e as EventMap['GoalCompleted']).output;
        if (progress.done) finish();
      });
    }
    await consumer.start();
    await client.publisher.publish('GoalSubmitted', event);
    console.log(`submitted goal ${goalId}${event.workflow ? ` (workflow ${event.workflow})` : ''}`);
    const timer = setTimeout(finish, options.timeout * 1000);
    await ended;
    clearTimeout(timer);
    if (!progress.done) {
      console.error(
        `goal ${goalId} did not end within ${options.timeout} s; \`agora goal ${goalId}\` shows where it is`,
      );
      return 1;
    }
    if (output !== undefined) console.log(`\n${output}`);
    return progress.outcome === 'completed' ? 0 : 1;
  } finally {
    await client.close();
  }
}
