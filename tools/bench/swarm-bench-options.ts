import { Command, InvalidArgumentError, Option } from 'commander';
import { idleCapability } from './bench-swarm';

export const scenarios = ['raw', 'sequential', 'burst', 'research'] as const;
export type Scenario = (typeof scenarios)[number];

export interface SwarmBenchOptions {
  only: Scenario[];
  /** Executor process counts; the burst runs once per count, the other scenarios on the first. */
  executors: number[];
  agents: number;
  capacity: number;
  idleAgents: number;
  rawTasks: number;
  rawWorkers: number;
  warmup: number;
  sequential: number;
  burst: number;
  research: number;
  /** Longest each scenario may take, in seconds. */
  timeout: number;
}

function count(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min)
      throw new InvalidArgumentError(`expected a whole number of at least ${min}`);
    return n;
  };
}

function counts(value: string): number[] {
  return value.split(',').map((part) => count(1)(part.trim()));
}

function scenarioList(value: string): Scenario[] {
  return value.split(',').map((part) => {
    const name = part.trim();
    if (!(scenarios as readonly string[]).includes(name))
      throw new InvalidArgumentError(
        `unknown scenario '${name}', expected ${scenarios.join(', ')}`,
      );
    return name as Scenario;
  });
}

export function parseSwarmBenchOptions(argv: readonly string[]): SwarmBenchOptions {
  return new Command()
    .name('npm run bench:swarm --')
    .description(
      'Measures the whole swarm (planner, auction, executors, evaluator, memory as processes) ' +
        'against the local stack, beside a plain kafkajs work queue on the same broker. Prints ' +
        'figures; asserts nothing.',
    )
    .addOption(
      new Option('--only <scenarios>', 'scenarios to run, comma-separated')
        .argParser(scenarioList)
        .default([...scenarios], scenarios.join(',')),
    )
    .addOption(
      new Option(
        '--executors <counts>',
        'executor processes; a list (1,2,4) reruns the burst per count, restarting the executors',
      )
        .argParser(counts)
        .default([2], '2'),
    )
    .option('--agents <n>', 'classify agents per executor process', count(0), 4)
    .option('--capacity <n>', 'tasks each agent works on at once (1-64)', count(1), 8)
    .option(
      '--idle-agents <n>',
      `extra agents per executor process whose only capability (${idleCapability}) no goal here needs`,
      count(0),
      0,
    )
    .option('--raw-tasks <n>', 'tasks through the plain kafkajs work queue', count(1), 2000)
    .option('--raw-workers <n>', 'worker consumers of the plain work queue', count(1), 4)
    .option('--warmup <n>', 'triage goals run unmeasured after executors (re)start', count(0), 5)
    .option('--sequential <n>', 'triage goals run one at a time', count(1), 50)
    .option('--burst <n>', 'triage goals submitted at once', count(1), 1000)
    .option('--research <n>', 'research goals submitted at once (0 skips)', count(0), 200)
    .option('--timeout <seconds>', 'longest each scenario may take', count(1), 300)
    .parse(argv)
    .opts<SwarmBenchOptions>();
}
