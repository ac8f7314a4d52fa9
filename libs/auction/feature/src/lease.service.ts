import { AuctionRepository } from '@agora/auction/data-access';
import type { TaskCompleted, TaskFailed, TaskProgress } from '@agora/contracts';
import type { Logger } from '@agora/observability';
import { LOGGER } from '@agora/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { auctionMetrics as metrics } from './auction.metrics';

type LeaseEvent =
  | { type: 'TaskProgress'; event: TaskProgress }
  | { type: 'TaskCompleted'; event: TaskCompleted }
  | { type: 'TaskFailed'; event: TaskFailed };

/**
 * The winner's lease: progress from the lease holder on the current attempt renews it, its
 * result or failure ends it. Anything about an older attempt, or from another agent, is fenced
 * off and counted, so a slow agent from a previous attempt cannot keep or end the current one.
 */
@Injectable()
export class LeaseService {
  constructor(
    private readonly repository: AuctionRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle({ type, event }: LeaseEvent): Promise<void> {
    const now = Date.now();
    const outcome = await this.repository.inTransaction(async (tx) => {
      const latest = await tx.latestAttempt(event.taskId);
      if (latest === undefined) return 'unknown task';
      if (event.attempt < latest) return 'old_attempt';
      const award = await tx.lockAward(event.taskId, event.attempt);
      // Our own unallocatable failure, or an attempt this service never awarded.
      if (!award) return 'no award';
      if (award.leaseState !== 'active') return 'lease already ended';
      if (event.agentId !== award.agentId) return 'not_winner';
      if (type === 'TaskProgress') {
        award.leaseExpiresAt = Math.max(award.leaseExpiresAt, event.leaseExpiresAt);
      } else {
        award.leaseState = 'closed';
        award.leaseClosedAt = now;
      }
      award.lastLeaseEventId = event.envelope.eventId;
      await tx.saveLease(award);
      return type === 'TaskProgress' ? 'renewed' : 'closed';
    });
    const fields = {
      taskId: event.taskId,
      attempt: event.attempt,
      agentId: event.agentId,
      goalId: event.envelope.goalId,
      event: type,
    };
    if (outcome === 'old_attempt' || outcome === 'not_winner') {
      metrics.staleResults.inc({ event: type, reason: outcome });
      this.logger.info({ ...fields, reason: outcome }, 'stale lease event ignored');
    } else {
      this.logger.debug({ ...fields, outcome }, 'lease event handled');
    }
  }
}
