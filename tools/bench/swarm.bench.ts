import { randomBytes } from 'node:crypto';
import type { MessagingClient } from '@agora/messaging';
import { ensureStack } from '../stack';
import { formatRate, plural } from './bench-stats';
import { benchClient, cleanUpRun } from './bench-run';
import { BenchSwarm, type AgentPlan } from './bench-swarm';
import { GoalTracker } from './goal-tracker';
import { runRawWorkQueue } from './raw-work-queue';
import { parseSwarmBenchOptions, type SwarmBenchOptions } from './swarm-bench-options';
import { renderReport, type SwarmBenchResults } from './swarm-report';
import {
  PUBLISH_CHUNK,
  researchGoals,
  residentMemory,
  runBurst,
  runSequential,
  idleCpu,
  triageGoals,
  type ScenarioContext,
} from './swarm-scenarios';

/*
 * The whole swarm against the local stack, beside a plain kafkajs work queue on the same broker:
 * sequential latency, bursts of triage goals (per executor process count), a research burst,
 * messages and SQL statements per task, and memory per service. Prints figures; asserts nothing.
 *   npm run bench:swarm
 *   npm run bench:swarm -- --help
 * Everything lives under a fresh topic prefix and fresh database schemas, removed at the end
 * (registry subjects stay, as after the tests).
 */

const RAW_PARTITIONS = 12;

async function main(): Promise<void> {
  const options = parseSwarmBenchOptions(process.argv);
  const stack = await ensureStack({ quiet: true });
  const run = randomBytes(3).toString('hex');
  // Its own prefix, so it may run beside the tests; it deletes its own topics at the end.
  const prefix = `perf-swarm-${run}.`;
  const client = benchClient(stack, prefix);
  const swarm = new BenchSwarm(stack, prefix, run);
  const admin = client.rawKafka.admin();

  let cleaning: Promise<void> | undefined;
  const cleanUp = () => (cleaning ??= cleanUpRun(swarm, client, admin, prefix));
  let interrupted = false;
  process.once('SIGINT', () => {
    interrupted = true;
    console.log('\nInterrupted: stopping the services…');
    void cleanUp().finally(() => process.exit(130));
  });
  // If the bench dies some other way, take the services along.
  process.once('exit', () => swarm.killAll());

  console.log(`Agora swarm benchmark, run ${prefix} (${options.only.join(', ')})`);
  try {
    await client.connect();
    await admin.connect();
    const results = await runScenarios(options, { swarm, client, admin, prefix });
    console.log(`\n${renderReport(results, options, prefix)}\n`);
  } catch (error) {
    if (interrupted) return;
    throw error;
  } finally {
    if (!interrupted) await cleanUp();
  }
}

/** The bench's own client: it creates this run's topics with the catalog's partition counts. */
async function runScenarios(
  options: SwarmBenchOptions,
  { swarm, client, admin, prefix }: Omit<ScenarioContext, 'tracker'> & { client: MessagingClient },
): Promise<SwarmBenchResults> {
  const selected = new Set(options.only);
  const timeoutMs = options.timeout * 1000;
  const results: SwarmBenchResults = { bursts: [], raw: [] };

  if (selected.has('raw')) {
    for (const mode of ['message', 'batch'] as const) {
      console.log(
        `\nraw (${mode}): ${options.rawTasks} tasks, ${options.rawWorkers} workers, ${RAW_PARTITIONS} partitions`,
      );
      results.raw.push(
        await runRawWorkQueue(client.rawKafka, prefix, {
          mode,
          tasks: options.rawTasks,
          workers: options.rawWorkers,
          partitions: RAW_PARTITIONS,
          chunk: PUBLISH_CHUNK,
          timeoutMs,
          onProgress: (done, elapsedMs) =>
            console.log(
              `raw (${mode}): ${done}/${options.rawTasks} done, ${formatRate(done / (elapsedMs / 1000))} tasks/s`,
            ),
        }),
      );
    }
  }
  if (options.only.every((s) => s === 'raw')) return results;

  const plan: AgentPlan = {
    classifiers: options.agents,
    capacity: options.capacity,
    idle: options.idleAgents,
  };
  const [firstCount, ...otherCounts] = options.executors;
  console.log('\nStarting planner, auction, evaluator and memory…');
  await swarm.startCore();
  console.log(`Starting ${plural(firstCount!, 'executor process', 'executor processes')}…`);
  await swarm.startExecutors(firstCount!, plan);
  console.log(`Loaded ${await swarm.ingestCorpus()} documents into memory`);
  const tracker = new GoalTracker(client);
  await tracker.start();
  const ctx: ScenarioContext = { swarm, tracker, admin, prefix };
  await warmUp(ctx, options);

  if (selected.has('sequential')) {
    console.log('\nidle: the swarm with nothing to do, for 10 s');
    results.idleCpu = await idleCpu(ctx, 10);
    console.log(`\nsequential: ${options.sequential} triage goals, one at a time`);
    results.sequential = await runSequential(
      ctx,
      triageGoals(options.sequential),
      timeoutMs,
      (done) => console.log(`sequential: ${done}/${options.sequential} done`),
    );
  }
  if (selected.has('burst')) {
    for (const [i, count] of [firstCount!, ...otherCounts].entries()) {
      if (i > 0) {
        console.log(`\nRestarting the executors: ${plural(count, 'process', 'processes')}…`);
        await swarm.stopExecutors();
        await swarm.startExecutors(count, plan);
        await warmUp(ctx, options);
      }
      const label = `burst (${plural(count, 'executor')})`;
      console.log(`\n${label}: ${options.burst} triage goals at once`);
      results.bursts.push(await runBurst(ctx, label, triageGoals(options.burst), timeoutMs));
      reportCrashes(swarm);
    }
  }
  if (selected.has('research') && options.research > 0) {
    const label = `research (${plural(swarm.executors, 'executor')})`;
    console.log(`\n${label}: ${options.research} research goals at once`);
    results.research = await runBurst(ctx, label, researchGoals(options.research), timeoutMs);
    reportCrashes(swarm);
  }
  results.rss = await residentMemory(swarm);
  return results;
}

/**
 * A few unmeasured goals after executors start, so the auction has heard every agent's heartbeat
 * and each process has warmed its code paths before anything is timed.
 */
async function warmUp(ctx: ScenarioContext, options: SwarmBenchOptions): Promise<void> {
  if (options.warmup === 0) return;
  const warm = await runSequential(ctx, triageGoals(options.warmup), options.timeout * 1000);
  console.log(
    `warm-up: ${warm.completed}/${warm.goals} triage goals completed` +
      (warm.completed < warm.goals
        ? ` (${[...warm.failures.keys()].join('; ') || 'timed out'})`
        : ''),
  );
}

function reportCrashes(swarm: BenchSwarm): void {
  for (const crash of swarm.crashed()) console.error(`\n${crash}`);
}

/** Stops the services, drops their schemas, deletes this run's topics and consumer groups. */
main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
