import { Column, Entity, PrimaryColumn } from 'typeorm';
import { millis } from './millis.transformer';

/**
 * Where an auction stands: waiting for capacity, bidding in a round, or over (awarded, failed
 * because it waited too long or nobody offers the capability, or cancelled with its goal).
 */
export type AuctionPhase = 'waiting' | 'bidding' | 'awarded' | 'failed' | 'cancelled';

/**
 * How a round was closed: every invited agent answered; a short quiet period passed after the
 * first acceptable bid; or the deadline passed (judged once every answer sent before it was read).
 */
export type ClosedBy = 'all_answered' | 'quiet' | 'deadline';

/** One auction per task attempt, from TaskReady until its award or its end. */
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
  /** Partition of the task's topics (they are co-partitioned): whose replica judges its deadlines. */
  @Column({ type: 'integer' }) partition!: number;
  @Column({ type: 'integer' }) priority!: number;
  @Column({ name: 'deadline_at', type: 'bigint', nullable: true, transformer: millis })
  deadlineAt!: number | null;
  @Column({ name: 'max_wait_ms', type: 'bigint', nullable: true, transformer: millis })
  maxWaitMs!: number | null;
  /** Rounds opened so far; 0 while the attempt has only waited. */
  @Column({ type: 'integer' }) round!: number;
  @Column({ type: 'text' }) phase!: AuctionPhase;
  @Column({ name: 'round_opened_at', type: 'bigint', transformer: millis }) roundOpenedAt!: number;
  /** Deadline of the current round while bidding. */
  @Column({ name: 'due_at', type: 'bigint', transformer: millis }) dueAt!: number;
  /** Agents asked to answer the current round. */
  @Column({ type: 'text', array: true }) invited!: string[];
  /** When the first acceptable bid of the current round was sent: starts the quiet period. */
  @Column({ name: 'first_bid_at', type: 'bigint', nullable: true, transformer: millis })
  firstBidAt!: number | null;
  @Column({ name: 'last_cfp_event_id', type: 'text', nullable: true }) lastCfpEventId!:
    string | null;
  @Column({ name: 'closed_at', type: 'bigint', nullable: true, transformer: millis })
  closedAt!: number | null;
  @Column({ name: 'closed_by', type: 'text', nullable: true }) closedBy!: ClosedBy | null;
  /** Why the attempt waits (or why it failed), as published in TaskWaiting / TaskFailed. */
  @Column({ name: 'waiting_reason', type: 'text', nullable: true }) waitingReason!: string | null;
  /** While waiting after a round without an award: no new call before this time. */
  @Column({ name: 'not_before', type: 'bigint', transformer: millis }) notBefore!: number;
}
