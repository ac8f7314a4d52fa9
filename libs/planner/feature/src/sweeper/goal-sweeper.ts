import type { Logger } from '@agora/observability';
import { LOGGER, SERVICE_CONFIG } from '@agora/runtime';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { GoalService } from '../goals/goal.service';
import type { PlannerSettings } from '../planner-settings';

/**
 * Enforces deadlines from the database rather than in-memory timers, so a deadline holds even
 * when the replica that planned the goal is gone; every replica sweeps, and SKIP LOCKED keeps
 * them from handling the same goal twice. Also re-plans goals whose planning was cut short, and
 * calls again for tasks that stayed ready with no auction acting on them, decides approvals whose
 * person did not answer in time, settles results that were held for an award that will not
 * name their sender, and cancels sub-goals nobody waits for any more. (Events committed but never
 * published are the outbox's own relay's job.)
 */
@Injectable()
export class GoalSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly goals: GoalService,
    @Inject(SERVICE_CONFIG) private readonly settings: PlannerSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      // A slow pass is not overlapped by the next one.
      this.running ??= this.sweep().finally(() => (this.running = undefined));
    }, this.settings.PLANNER_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /**
   * One pass: overdue goals fail, approvals nobody decided in time are decided by their
   * onTimeout, stale unplanned goals are planned, calls for tasks no auction acted on are sent
   * again (never an approval's: it is `waiting`, and has no call), held results whose
   * attempt is over are refused, and sub-goals whose parent goal ended are cancelled.
   */
  async sweep(): Promise<void> {
    try {
      await this.goals.sweepDeadlines();
      await this.goals.sweepDecisionTimeouts();
      await this.goals.replanStale();
      await this.goals.redriveStalled();
      await this.goals.settleHeldResults();
      await this.goals.sweepOrphanedSubGoals();
    } catch (error) {
      this.logger.error({ err: error }, 'goal sweep failed; retrying on the next pass');
    }
  }
}
