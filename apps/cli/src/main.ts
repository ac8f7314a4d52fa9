import 'reflect-metadata';
import { Command, InvalidArgumentError, Option } from 'commander';
import { visibilities, type Visibility } from '@agora/contracts';
import { parseTime, TIME_EXAMPLE, type DeadLetterFilter } from '@agora/dead-letters';
import { errorClassifications, type ErrorClassification } from '@agora/messaging';
import { agoraVersion } from '@agora/runtime';
import { cliEnv, CliError } from './cli-config';
import { agentKeygenCommand } from './commands/agent-keys.command';
import { agentsCommand } from './commands/agents.command';
import { cancelCommand } from './commands/cancel.command';
import { decideCommand, decisionsCommand, type Decision } from './commands/decisions.command';
import {
  dlqListCommand,
  dlqPurgeCommand,
  dlqReplayCommand,
  dlqShowCommand,
} from './commands/dlq.command';
import { goalCommand, goalsCommand } from './commands/goals.command';
import { memoryIngestCommand } from './commands/memory-ingest.command';
import { submitCommand } from './commands/submit.command';
import {
  workflowsAddCommand,
  workflowsCommand,
  workflowsRemoveCommand,
} from './commands/workflows.command';

const positive = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError(`${name} must be a positive number`);
  return n;
};

const integer = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < -100 || n > 100)
    throw new InvalidArgumentError(`${name} must be a whole number from -100 to 100`);
  return n;
};

const run = (action: () => Promise<number>) => {
  action().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`agora: ${error instanceof Error ? error.message : String(error)}`);
      if (!(error instanceof CliError) && process.env.AGORA_DEBUG) console.error(error);
      process.exit(1);
    },
  );
};

const program = new Command()
  .name('agora')
  .description('Submit goals to an Agora swarm and watch it work')
  .version(agoraVersion());

program
  .command('submit')
  .description('produce a GoalSubmitted event onto Kafka')
  .argument('<goal>', 'what the swarm should achieve')
  .option('-w, --workflow <name>', 'a workflow `agora workflows` lists (research, content, …)')
  .option(
    '--plan <file>',
    "the goal's own plan instead of a workflow: a YAML or JSON file of steps",
  )
  .option(
    '-i, --input <key=value>',
    'an input for the goal (repeatable)',
    (v: string, acc: string[]) => [...acc, v],
    [],
  )
  .option('--deadline <seconds>', 'fail the goal after this many seconds', positive('--deadline'))
  .option('--max-tasks <n>', 'fail the goal after this many task attempts', positive('--max-tasks'))
  .option(
    '--max-cost <usd>',
    'fail the goal when it has cost more than this',
    positive('--max-cost'),
  )
  .option(
    '--max-wait <seconds>',
    'fail the goal when a task waits this long for a free agent',
    positive('--max-wait'),
  )
  .option(
    '--priority <n>',
    'when agents are busy, higher-priority goals go first (default 0)',
    integer('--priority'),
  )
  .option('-f, --follow', 'show live progress until the goal ends, then its output')
  .option('--timeout <seconds>', 'how long --follow waits', positive('--timeout'), 300)
  .action((goal: string, opts: Parameters<typeof submitCommand>[2]) =>
    run(() => submitCommand(cliEnv(), goal, opts)),
  );

program
  .command('goals')
  .description('list recent goals (planner API)')
  .option('--limit <n>', 'how many', positive('--limit'), 20)
  .option('--state <state>', 'only goals in this state')
  .action((opts: { limit: number; state?: string }) => run(() => goalsCommand(cliEnv(), opts)));

const workflows = program
  .command('workflows')
  .description('the workflows goals may name: list, add and remove them (planner API)');
workflows
  .command('list', { isDefault: true })
  .description('the workflows goals may name, with their steps')
  .action(() => run(() => workflowsCommand(cliEnv())));
workflows
  .command('add')
  .description(
    'register a workflow (a YAML or JSON file, as in PLANNER_WORKFLOWS_DIR) for every planner',
  )
  .argument('<file>', 'the workflow file')
  .action((file: string) => run(() => workflowsAddCommand(cliEnv(), file)));
workflows
  .command('remove')
  .description('remove a registered workflow from every planner')
  .argument('<name>', 'the workflow')
  .action((name: string) => run(() => workflowsRemoveCommand(cliEnv(), name)));

program
  .command('goal')
  .description('one goal: its tasks, auctions and evaluations (planner API)')
  .argument('<id>', 'goal id')
  .option('--steps', 'also every model call, tool call and tool result of its model-driven tasks')
  .option('--json', "print the planner's answer as JSON")
  .action((id: string, opts: { json?: boolean; steps?: boolean }) =>
    run(() => goalCommand(cliEnv(), id, { json: Boolean(opts.json), steps: Boolean(opts.steps) })),
  );

program
  .command('cancel')
  .description(
    'cancel a goal that has not ended: it fails as cancelled and its agents stop (planner API)',
  )
  .argument('<goal>', 'goal id')
  .option('--reason <text>', "why, named in the goal's failure")
  .action((goal: string, opts: { reason?: string }) =>
    run(() => cancelCommand(cliEnv(), goal, opts)),
  );

for (const [decision, does] of [
  ['approve', 'approve a step that waits for a person; the goal goes on'],
  ['reject', 'reject a step that waits for a person; the goal fails as not_approved'],
] as const satisfies readonly (readonly [Decision, string])[]) {
  program
    .command(decision)
    .description(`${does} (planner API)`)
    .argument('<goal>', 'goal id')
    .argument('<task>', 'the approval step, as `agora decisions` lists it')
    .option('--comment <text>', 'why, recorded with the decision')
    .action((goal: string, task: string, opts: { comment?: string }) =>
      run(() => decideCommand(cliEnv(), decision, goal, task, opts)),
    );
}

program
  .command('decisions')
  .description('steps waiting for a person to approve or reject them (planner API)')
  .action(() => run(() => decisionsCommand(cliEnv())));

program
  .command('agents')
  .description("live agents with load and reputation (the auction's roster)")
  .option('--all', 'include agents that are no longer live')
  .option(
    '--wait <ms>',
    'how long to read the agent topics when the auction does not answer',
    positive('--wait'),
    2000,
  )
  .action((opts: { all?: boolean; wait: number }) =>
    run(() => agentsCommand(cliEnv(), { waitMs: opts.wait, all: Boolean(opts.all) })),
  )
  .command('keygen')
  .description(
    "make an Ed25519 key pair for agents whose ids start with --prefix, or a platform key for --service: the private key to a file, the services' AGENT_KEYS_FILE entry to stdout",
  )
  .argument('<keyId>', 'the id the key is registered under (acme-2025)')
  .option('--prefix <prefix>', "agent ids it may sign for start with it (acme.); '' for all")
  .option(
    '--service <service...>',
    'a platform key: the services whose own TaskFailed it signs (auction, planner)',
  )
  .option('--out <file>', 'where the private key is written (default: <keyId>.pem)')
  .action((keyId: string, opts: { prefix?: string; service?: string[]; out?: string }) =>
    run(() => agentKeygenCommand(keyId, opts)),
  );

program
  .command('memory')
  .description('the memory service')
  .command('ingest')
  .description('load a folder of .md and .txt documents into memory')
  .argument('<dir>', 'folder to read')
  .addOption(
    new Option(
      '--visibility <level>',
      "who may be quoted the documents whose front matter does not say (default: memory's, internal)",
    ).choices(visibilities),
  )
  .action((dir: string, opts: { visibility?: Visibility }) =>
    run(() => memoryIngestCommand(cliEnv(), dir, opts.visibility)),
  );

const time = (option: string) => (value: string) => {
  const at = parseTime(value);
  if (at === undefined) {
    throw new InvalidArgumentError(`${option} must be an ISO 8601 time, e.g. ${TIME_EXAMPLE}`);
  }
  return at;
};
const classification = (value: string) => {
  const known: readonly string[] = errorClassifications;
  if (!known.includes(value)) {
    throw new InvalidArgumentError(`--class must be one of ${errorClassifications.join(', ')}`);
  }
  return value as ErrorClassification;
};
interface DlqFilterOptions {
  topic?: string;
  class?: ErrorClassification;
  since?: number;
  until?: number;
}
const dlqFilters = (command: Command) =>
  command
    .option('--topic <topic>', 'only from this source topic (a topic name or an event type)')
    .option('--class <classification>', 'only undecodable, fatal or retriable', classification)
    .option('--since <time>', 'only dead letters written at or after this time', time('--since'))
    .option('--until <time>', 'only dead letters written before this time', time('--until'));
const dlqFilter = (opts: DlqFilterOptions): DeadLetterFilter => ({
  ...(opts.topic ? { topic: opts.topic } : {}),
  ...(opts.class ? { classification: opts.class } : {}),
  ...(opts.since !== undefined ? { since: opts.since } : {}),
  ...(opts.until !== undefined ? { until: opts.until } : {}),
});

const dlq = program
  .command('dlq')
  .description('the dead-letter topic: list, show, replay and purge what consumers gave up on');
dlqFilters(
  dlq
    .command('list')
    .description('one line per dead letter: position, time, classification, source, error')
    .option('--limit <n>', 'show the newest n', positive('--limit'), 50),
).action((opts: DlqFilterOptions & { limit: number }) =>
  run(() => dlqListCommand(cliEnv(), { limit: opts.limit, ...dlqFilter(opts) })),
);
dlq
  .command('show')
  .description('one dead letter whole: error, key, headers, and its value decoded (hex if not)')
  .argument('<position>', 'partition:offset, as `agora dlq list` prints it')
  .action((position: string) => run(() => dlqShowCommand(cliEnv(), position)));
dlqFilters(
  dlq
    .command('replay')
    .description('write dead letters back to their source topic, marked agora-replay-of')
    .argument('[positions...]', 'partition:offset of each, as `agora dlq list` prints them')
    .option('--all', 'every dead letter that passes the filters'),
).action((positions: string[], opts: DlqFilterOptions & { all?: boolean }) =>
  run(() => dlqReplayCommand(cliEnv(), positions, { all: Boolean(opts.all), ...dlqFilter(opts) })),
);
dlq
  .command('purge')
  .description(
    'delete dead letters older than a time, or all; a dry run that only counts them unless --yes',
  )
  .option(
    '--before <time>',
    'every dead letter written before this time (per partition, up to the first one at or after it)',
    time('--before'),
  )
  .option('--all', 'every dead letter')
  .option('--yes', 'delete them (without it, only say how many would go)')
  .action((opts: { before?: number; all?: boolean; yes?: boolean }) =>
    run(() =>
      dlqPurgeCommand(cliEnv(), {
        ...(opts.before !== undefined ? { before: opts.before } : {}),
        all: Boolean(opts.all),
        yes: Boolean(opts.yes),
      }),
    ),
  );

program.parseAsync().catch((error: unknown) => {
  console.error(`agora: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
