import { randomUUID } from 'node:crypto';
import { newEnvelope, type EventMap, type GoalSubmitted } from '@agora/contracts';
import { activeTraceId, type MessagingClient } from '@agora/messaging';
import { startTracing } from '@agora/observability';
import { agoraVersion } from '@agora/runtime';
import { trace } from '@opentelemetry/api';
import { CliError, type CliEnv } from '../cli-config';
import { connectMessaging, probe, startServicesHint, type Probe } from '../connect';
import { followedEvents, GoalProgress, type FollowedEvent } from './goal-progress';
import { readPlan } from './workflows.command';

export interface SubmitOptions {
  workflow?: string;
  /** A file with the goal's own plan (steps), instead of a workflow. */
  plan?: string;
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
  if (options.workflow && options.plan) throw new CliError('give --workflow or --plan, not both');
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
    plan: options.plan ? readPlan(options.plan) : null,
  };
}

/**
 * What to do about the planner before a goal goes on Kafka, from its answer to GET /workflows:
 * refuse a workflow it does not know, and refuse to follow (or to check a workflow) when it does
 * not answer, since the goal would only wait on Kafka. Without either, a goal may wait there
 * for a planner to start: that is a warning. Pure, for tests.
 */
export function plannerVerdict(
  plannerUrl: string,
  answer: Probe,
  options: Pick<SubmitOptions, 'workflow' | 'follow'>,
): { error: string } | { warning: string } | undefined {
  if (!answer.answered) {
    const what = `the planner at ${plannerUrl} is not answering (${answer.reason})`;
    if (options.follow || options.workflow) {
      return {
        error:
          `${what}, so no goal would be planned: it would wait on Kafka until a planner runs.\n` +
          `${startServicesHint}, or set PLANNER_URL.`,
      };
    }
    return {
      warning: `warning: ${what}; the goal waits on Kafka until a planner runs. ${startServicesHint}.`,
    };
  }
  // A planner without GET /workflows (an older one) cannot say: the planner will judge.
  if (answer.status !== 200 || !options.workflow) return undefined;
  const names = ((answer.body as { items?: { name?: unknown }[] } | undefined)?.items ?? [])
    .map((w) => w.name)
    .filter((n): n is string => typeof n === 'string');
  if (names.includes(options.workflow)) return undefined;
  return {
    error: `unknown workflow '${options.workflow}': the planner at ${plannerUrl} knows ${names.join(', ') || 'none'}`,
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
  const verdict = plannerVerdict(
    env.PLANNER_URL,
    await probe(`${env.PLANNER_URL}/workflows`),
    options,
  );
  if (verdict && 'error' in verdict) throw new CliError(verdict.error);
  const client = await connectMessaging(
    env,
    options.follow ? ['GoalSubmitted', ...followedEvents] : ['GoalSubmitted'],
    {
      groupId: `${env.KAFKA_TOPIC_PREFIX}agora.cli.${randomUUID()}`,
    },
  );
  // Only once Kafka answered: when it does not, that is what to fix first.
  if (verdict) console.error(`agora: ${verdict.warning}`);
  try {
    if (!options.follow) {
      await publishTraced(client, event);
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
        process.stdout.write(progress.render(type, e, Date.now()));
        if (type === 'GoalCompleted') output = (e as EventMap['GoalCompleted']).output;
        if (progress.done) finish();
      });
    }
    await consumer.start();
    const traceId = await publishTraced(client, event);
    console.log(
      `submitted goal ${goalId}${event.workflow ? ` (workflow ${event.workflow})` : event.plan ? ' (its own plan)' : ''}` +
        (traceId ? `; trace ${traceId}` : ''),
    );
    const timer = setTimeout(finish, options.timeout * 1000);
    const watch = watchServices(env, () => progress.done);
    await ended;
    clearTimeout(timer);
    watch.stop();
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

/**
 * Publishes the goal in a span of its own: its trace id is the goal's, which every service's
 * events and logs about the goal carry (exported when OTEL_EXPORTER_OTLP_ENDPOINT is set).
 * @returns the trace id.
 */
async function publishTraced(
  client: MessagingClient,
  event: GoalSubmitted,
): Promise<string | null> {
  const stopTracing = startTracing({
    service: 'agora-cli',
    version: agoraVersion(),
    otlpEndpoint: process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] || undefined,
  });
  try {
    return await trace.getTracer('@agora/cli').startActiveSpan('agora submit', async (span) => {
      try {
        span.setAttribute('agora.goal.id', event.envelope.goalId ?? '');
        await client.publisher.publish('GoalSubmitted', event);
        return activeTraceId();
      } finally {
        span.end();
      }
    });
  } finally {
    await stopTracing();
  }
}

/**
 * While a goal is followed, says at once when the planner or the auction stops answering (the
 * goal makes no progress without them) and when it is back, instead of a silent wait.
 */
function watchServices(env: CliEnv, done: () => boolean, everyMs = 5_000): { stop: () => void } {
  const services = [
    { name: 'planner', url: `${env.PLANNER_URL}/health` },
    { name: 'auction', url: `${env.AUCTION_URL}/health` },
  ];
  const down = new Set<string>();
  let stopped = false;
  const check = async () => {
    for (const { name, url } of services) {
      const answer = await probe(url, 3_000);
      if (stopped || done()) return;
      if (!answer.answered && !down.has(name)) {
        down.add(name);
        console.error(
          `agora: the ${name} at ${url.replace(/\/health$/, '')} is not answering (${answer.reason}); ` +
            `the goal waits until it is back. ${startServicesHint}.`,
        );
      } else if (answer.answered && down.delete(name)) {
        console.error(`agora: the ${name} answers again`);
      }
    }
  };
  void check();
  const timer = setInterval(() => void check(), everyMs);
  return {
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
  };
}
