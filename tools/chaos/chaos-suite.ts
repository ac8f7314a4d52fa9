import { randomBytes } from 'node:crypto';
import type { MessagingClient } from '@agora/messaging';
import { benchClient, cleanUpRun } from '../bench/bench-run';
import { BenchSwarm } from '../bench/bench-swarm';
import { TcpProxy, viaProxy } from '../e2e/tcp-proxy';
import type { StackEnv } from '../stack';
import { ChaosObserver } from './chaos-observer';
import {
  runScenario,
  type ChaosOptions,
  type ScenarioName,
  type ScenarioResult,
} from './chaos-run';

/**
 * The swarm as processes on the local stack (planner, auction, evaluator, memory and two
 * executors with the bundled agents), under a topic prefix of its own, every service reaching
 * PostgreSQL through a proxy that can cut it off. Scenarios run one after the other on it.
 */
export class ChaosSuite {
  readonly prefix: string;
  private readonly run = randomBytes(3).toString('hex');
  private readonly client: MessagingClient;
  private swarm: BenchSwarm | undefined;
  private proxy: TcpProxy | undefined;
  private observer: ChaosObserver | undefined;
  private readonly executors = ['executor-a', 'executor-b'];

  constructor(
    private readonly stack: StackEnv,
    private readonly log: (line: string) => void,
  ) {
    // Its own prefix: the run deletes these topics when it ends.
    this.prefix = `chaos-${this.run}.`;
    this.client = benchClient(stack, this.prefix, 'chaos');
  }

  async start(): Promise<void> {
    const database = new URL(this.stack.DATABASE_URL);
    this.proxy = await TcpProxy.start({
      host: database.hostname,
      port: Number(database.port || 5432),
    });
    this.swarm = new BenchSwarm(this.stack, this.prefix, this.run, {
      DATABASE_URL: viaProxy(this.stack.DATABASE_URL, this.proxy),
      // The services' own log level (warn by default); their output ends any error report.
      ...(process.env['CHAOS_LOG_LEVEL'] ? { LOG_LEVEL: process.env['CHAOS_LOG_LEVEL'] } : {}),
    });
    await this.client.connect();
    this.observer = new ChaosObserver(this.client);
    await this.observer.start();
    this.log('Starting planner, auction, evaluator and memory…');
    await this.swarm.startCore();
    this.log('Starting 2 executor processes…');
    await this.swarm.startExecutors(this.executors.length);
    this.log(`Loaded ${await this.swarm.ingestCorpus()} documents into memory`);
  }

  async runScenario(name: ScenarioName, options: ChaosOptions): Promise<ScenarioResult> {
    if (!this.swarm || !this.proxy || !this.observer) throw new Error('start() the suite first');
    this.log(`\n${name}: ${options.injections} injections during at least ${options.goals} goals`);
    return runScenario(
      name,
      {
        swarm: this.swarm,
        client: this.client,
        observer: this.observer,
        proxy: this.proxy,
        executors: this.executors,
        log: this.log,
      },
      options,
    );
  }

  async close(): Promise<void> {
    this.proxy?.restore();
    if (this.swarm) {
      await cleanUpRun(this.swarm, this.client, this.client.rawKafka.admin(), this.prefix);
    } else {
      await this.client.close();
    }
    await this.proxy?.close();
  }

  /** Last resort when the process is exiting: no waiting. */
  killAll(): void {
    this.swarm?.killAll();
  }
}
