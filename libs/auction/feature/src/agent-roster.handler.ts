import { AuctionRepository } from '@agora/auction/data-access';
import type { AgentHeartbeat, AgentReputation } from '@agora/contracts';
import { FatalError, OnEvent } from '@agora/messaging';
import { Injectable } from '@nestjs/common';

/** Keeps the roster (who can answer a call) and the reputations (how to rank bids) current. */
@Injectable()
export class AgentRosterHandler {
  constructor(private readonly repository: AuctionRepository) {}

  @OnEvent('AgentHeartbeat')
  async onHeartbeat(beat: AgentHeartbeat): Promise<void> {
    if (beat.agentId.trim() === '')
      throw new FatalError("AgentHeartbeat: 'agentId' must not be empty");
    if (!(beat.intervalMs > 0)) {
      throw new FatalError(
        `AgentHeartbeat from '${beat.agentId}': 'intervalMs' must be positive, got ${beat.intervalMs}`,
      );
    }
    await this.repository.upsertAgent({
      agentId: beat.agentId,
      capabilities: beat.capabilities,
      capacity: beat.capacity,
      activeTasks: beat.activeTasks,
      status: beat.status,
      intervalMs: beat.intervalMs,
      lastSeen: beat.envelope.occurredAt,
    });
  }

  @OnEvent('AgentReputation')
  async onReputation(reputation: AgentReputation): Promise<void> {
    for (const c of reputation.capabilities) {
      if (!(c.score >= 0 && c.score <= 1)) {
        throw new FatalError(
          `AgentReputation of '${reputation.agentId}': 'capabilities.score' for '${c.capability}' must be from 0 to 1, got ${c.score}`,
        );
      }
    }
    await this.repository.upsertReputations(
      reputation.capabilities.map((c) => ({
        agentId: reputation.agentId,
        capability: c.capability,
        score: c.score,
        samples: c.samples,
        failures: c.failures,
        updatedAt: reputation.envelope.occurredAt,
      })),
    );
  }
}
