import { Column, Entity, PrimaryColumn } from 'typeorm';
import { millis } from './millis.transformer';

/** Where an auction stands: bidding in a round, waiting to re-announce, or closed. */
export type AuctionPhase = 'bidding' | 'backoff' | 'awarded' | 'unallocatable';

/** How a round was closed: everyone answered before the deadline, or the deadline passed. */
export type ClosedBy = 'all_answered' | 'deadline';

/** One auction per task attempt, from TaskReady until its award or its failure. */
@Entity({ name: 'auctions' })
export class AuctionEntity {
  @PrimaryColumn({ name: 'task_id', type: 'text' }) taskId!: string;
  @PrimaryColumn({ type: 'integer' }) attempt!: number;
  @Column({ name: 'goal_id', type: 'text' }) goalId!: string;
  @Column({ name: 'task_name', type: 'text' }) taskName!: string;
  @Column({ type: 'text' }) capability!: string;
  @Column({ type: 'text' }) input!: string;
  @Column({ type: 'text', nullable: true }) feedback!: string | null;
  @Column({ name: 'excluded_agents', type: 'text', array: true }) excludedAgents!: string[];
  @Column({ name: 'ready_event_id', type: 'text' }) readyEventId!: string;
  @Column({ name: 'ready_at', type: 'bigint', transformer: millis }) readyAt!: number;
  @Column({ type: 'integer' }) round!: number;
  @Column({ type: 'text' }) phase!: AuctionPhase;
  @Column({ name: 'round_opened_at', type: 'bigint', transformer: millis }) roundOpenedAt!: number;
  /** Deadline of the current round while bidding; time to re-announce while backing off. */
  @Column({ name: 'due_at', type: 'bigint', transformer: millis }) dueAt!: number;
  @Column({ name: 'last_cfp_event_id', type: 'text', nullable: true }) lastCfpEventId!:
    string | null;
  @Column({ name: 'closed_at', type: 'bigint', nullable: true, transformer: millis })
  closedAt!: number | null;
  @Column({ name: 'closed_by', type: 'text', nullable: true }) closedBy!: ClosedBy | null;
}
