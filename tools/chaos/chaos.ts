import { Command, InvalidArgumentError } from 'commander';
import { ensureStack } from '../stack';
import { renderChaosReport } from './chaos-report';
import {
  broken,
  scenarioNames,
  type ChaosOptions,
  type ScenarioName,
  type ScenarioResult,
} from './chaos-run';
import { ChaosSuite } from './chaos-suite';

/*
 * The fault-injection suite: the swarm as processes on the local stack, goals of every workflow
 * streaming in, and per scenario one kind of fault injected many times. Prints, per scenario,
 * goals submitted / completed / failed / never ended, (task, attempt) pairs awarded to two
 * agents, tasks accepted twice, and time to recover; exits 1 when anything was lost or doubled.
 *   npm run chaos                       every scenario, 20 injections each
 *   npm run chaos -- kill-planner poison --injections 5
 */

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number');
  return n;
}

const program = new Command('chaos')
  .description('Inject faults into a running swarm and count what was lost or doubled.')
  .argument('[scenarios...]', `any of: ${scenarioNames.join(', ')} (default: all)`)
  .option('--goals <n>', 'goals to submit per scenario, at least', positive, 40)
  .option('--injections <n>', 'faults per scenario (postgres: outages)', positive, 20)
  .option('--every <seconds>', 'pause between injections', positive, 2)
  .option('--outage <seconds>', 'length of each PostgreSQL outage', positive, 20)
  .option('--postgres-outages <n>', 'outages in the postgres scenario', positive, 2)
  .option('--broker-restarts <n>', 'restarts in the broker scenario', positive, 3)
  .option('--goal-every <ms>', 'one goal every this often', positive, 1000)
  .option('--settle <seconds>', 'longest wait for goals to end after the faults', positive, 180)
  .action(async (scenarios: string[], flags: Record<string, number>) => {
    const unknown = scenarios.filter((s) => !(scenarioNames as readonly string[]).includes(s));
    if (unknown.length > 0) {
      program.error(
        `unknown scenario ${unknown.join(', ')}; expected any of ${scenarioNames.join(', ')}`,
      );
    }
    const selected = (scenarios.length > 0 ? scenarios : [...scenarioNames]) as ScenarioName[];
    const options = (name: ScenarioName): ChaosOptions => ({
      goals: flags['goals']!,
      injections:
        name === 'postgres'
          ? flags['postgresOutages']!
          : name === 'broker'
            ? flags['brokerRestarts']!
            : flags['injections']!,
      everyMs: flags['every']! * 1000,
      outageMs: flags['outage']! * 1000,
      goalEveryMs: flags['goalEvery']!,
      settleMs: flags['settle']! * 1000,
    });
    const stack = await ensureStack({ quiet: true });
    const suite = new ChaosSuite(stack, (line) => console.log(line));
    process.once('SIGINT', () => {
      console.log('\nInterrupted: stopping the services…');
      void suite.close().finally(() => process.exit(130));
    });
    process.once('exit', () => suite.killAll());
    console.log(`Agora fault suite, run ${suite.prefix} (${selected.join(', ')})`);
    const results: ScenarioResult[] = [];
    try {
      await suite.start();
      for (const name of selected) results.push(await suite.runScenario(name, options(name)));
    } finally {
      console.log(`\n${renderChaosReport(results)}\n`);
      await suite.close();
    }
    process.exitCode = results.some(broken) ? 1 : 0;
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
