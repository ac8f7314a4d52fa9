import { Column, Entity, PrimaryColumn } from 'typeorm';
import { millis } from './millis.transformer';

/** One answer per agent per task, attempt and round; redelivered bids change nothing. */
@Entity({ name: 'bids' })
export class BidEntity {
  @PrimaryColumn({ name: 'task_id', type: 'text' }) taskId!: string;
  @PrimaryColumn({ type: 'integer' }) attempt!: number;
  @PrimaryColumn({ type: 'integer' }) round!: number;
  @PrimaryColumn({ name: 'agent_id', type: 'text' }) agentId!: string;
  @Column({ name: 'event_id', type: 'text' }) eventId!: string;
  @Column({ type: 'text' }) decision!: 'BID' | 'REFUSE';
  @Column({ type: 'double precision', nullable: true }) cost!: number | null;
  @Column({ name: 'estimated_duration_ms', type: 'double precision', nullable: true })
  estimatedDurationMs!: number | null;
  @Column({ type: 'double precision', nullable: true }) confidence!: number | null;
  @Column({ type: 'double precision' }) load!: number;
  @Column({ name: 'received_at', type: 'bigint', transformer: millis }) receivedAt!: number;
  /** When the agent sent it (its envelope's occurredAt). */
  @Column({ name: 'sent_at', type: 'bigint', transformer: millis }) sentAt!: number;
  /** Sent after the round's deadline; it counted because the round was still open. */
  @Column({ type: 'boolean' }) late!: boolean;
  @Column({ type: 'text' }) incarnation!: string;
}
