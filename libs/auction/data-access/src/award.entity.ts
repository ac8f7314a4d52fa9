import type { TaskAwarded } from '@agora/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ClosedBy } from './auction.entity';
import { millis } from './millis.transformer';

/** active until the winner's result or failure; expired when it lapsed; superseded by a newer attempt. */
export type LeaseState = 'active' | 'closed' | 'expired' | 'superseded';

/**
 * The award of one task attempt and the winner's lease. (task_id, attempt) is unique: the
 * database, not the code, guarantees one award per attempt whatever the number of replicas.
 */
@Entity({ name: 'awards' })
export class AwardEntity {
  @PrimaryColumn({ name: 'task_id', type: 'text' }) taskId!: string;
  @PrimaryColumn({ type: 'integer' }) attempt!: number;
  @Column({ name: 'event_id', type: 'text' }) eventId!: string;
  @Column({ name: 'goal_id', type: 'text' }) goalId!: string;
  @Column({ name: 'agent_id', type: 'text' }) agentId!: string;
  /** Run of the winner's process the award is for; a restart of the agent ends the lease. */
  @Column({ type: 'text' }) incarnation!: string;
  /** Partition of the task's topics: the replica that owns it judges the lease's expiry. */
  @Column({ type: 'integer' }) partition!: number;
  @Column({ type: 'integer' }) round!: number;
  @Column({ type: 'double precision' }) score!: number;
  @Column({ name: 'closed_by', type: 'text' }) closedBy!: ClosedBy;
  @Column({ name: 'awarded_at', type: 'bigint', transformer: millis }) awardedAt!: number;
  @Column({ name: 'lease_expires_at', type: 'bigint', transformer: millis })
  leaseExpiresAt!: number;
  @Column({ name: 'lease_state', type: 'text' }) leaseState!: LeaseState;
  @Column({ name: 'lease_closed_at', type: 'bigint', nullable: true, transformer: millis })
  leaseClosedAt!: number | null;
  /** The award or the latest progress event: what a lease_expired failure was caused by. */
  @Column({ name: 'last_lease_event_id', type: 'text' }) lastLeaseEventId!: string;
  /** The TaskAwarded event as published. */
  @Column({ type: 'jsonb' }) payload!: TaskAwarded;
}
