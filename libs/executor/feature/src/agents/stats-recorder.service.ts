import { AgentStatsRepository, type TaskOutcome } from '@agora/executor/data-access';
import type { Logger } from '@agora/observability';
import { LOGGER } from '@agora/runtime';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AgentPool } from './agent-pool';

/** How long outcomes gather before they are written together. */
const FLUSH_EVERY_MS = 250;
/** Outcomes that trigger a write at once. */
const FLUSH_AT = 200;

/**
 * What agents learn from their outcomes (durations, successes, failures), written behind: the
 * outcomes of a quarter of a second go to PostgreSQL in one transaction, off the path of any
 * result, and the agents' figures move when it commits. Learning is best effort: a failed write
 * is logged and the figures stay as they were; the next outcomes move them again.
 */
@Injectable()
export class StatsRecorder implements OnModuleDestroy {
  private queue: TaskOutcome[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly repository: AgentStatsRepository,
    private readonly pool: AgentPool,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  add(outcome: TaskOutcome): void {
    this.queue.push(outcome);
    if (this.queue.length >= FLUSH_AT) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_EVERY_MS);
  }

  /** Writes what is queued now; resolves once every earlier write has finished too. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue;
    this.queue = [];
    this.writing = this.writing.then(async () => {
      if (batch.length === 0) return;
      try {
        for (const { agentId, capability, stats } of await this.repository.recordAll(batch)) {
          this.pool.setStats(agentId, capability, stats);
        }
      } catch (err) {
        this.logger.warn({ err, outcomes: batch.length }, 'could not record outcomes');
      }
    });
    return this.writing;
  }

  async onModuleDestroy(): Promise<void> {
    await this.flush();
  }
}
