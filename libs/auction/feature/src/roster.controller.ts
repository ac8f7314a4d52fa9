import { AuctionRepository } from '@agora/auction/data-access';
import { isLive } from '@agora/auction/domain';
import { Controller, Get } from '@nestjs/common';
import { RosterService } from './roster.service';

/** One agent as GET /agents shows it. */
export interface AgentView {
  agentId: string;
  status: string;
  /** ONLINE and heard from within three of its heartbeat intervals (by the roster's clock). */
  live: boolean;
  capabilities: string[];
  capacity: number;
  /** Slots the auction has handed out (active leases) and not got back. */
  load: number;
  /** When its latest heartbeat was produced, in milliseconds since the Unix epoch. */
  lastSeenAt: number;
  /** Score per capability from AgentReputation; absent when the evaluator has not judged it yet. */
  reputation: Record<string, number>;
}

/**
 * The auction's roster as it allocates with it: every agent it knows, live or not, with its load
 * and reputation. A client gets in one request what it would otherwise rebuild by reading the
 * compacted agent topics from their start.
 */
@Controller('agents')
export class RosterController {
  constructor(
    private readonly roster: RosterService,
    private readonly auctions: AuctionRepository,
  ) {}

  @Get()
  async list(): Promise<{ ready: boolean; clock: number; items: AgentView[] }> {
    const leases = await this.auctions.inTransaction((tx) => tx.activeLeases());
    const { roster } = this.roster;
    const clock = roster.clock(Date.now());
    const items = roster
      .all()
      .sort((a, b) => a.agentId.localeCompare(b.agentId))
      .map((a) => ({
        agentId: a.agentId,
        status: a.status,
        live: isLive(a, clock),
        capabilities: [...a.capabilities],
        capacity: a.capacity,
        load: leases.get(a.agentId) ?? 0,
        lastSeenAt: a.lastSeenAt,
        reputation: Object.fromEntries(
          a.capabilities.flatMap((c) => {
            const score = roster.reputation(a.agentId, c);
            return score === undefined ? [] : [[c, score]];
          }),
        ),
      }));
    return { ready: this.roster.ready, clock, items };
  }
}
