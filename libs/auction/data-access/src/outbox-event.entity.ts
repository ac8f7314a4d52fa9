import type { CallForProposals, TaskFailed } from '@agora/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { millis } from './millis.transformer';

/**
 * Events written in the same transaction as the state change that caused them, and published
 * after commit; a crash in between leaves them here for the sweeper to publish.
 */
@Entity({ name: 'outbox' })
export class OutboxEventEntity {
  @PrimaryColumn({ name: 'event_id', type: 'text' }) eventId!: string;
  @Column({ name: 'event_type', type: 'text' }) eventType!: 'CallForProposals' | 'TaskFailed';
  @Column({ name: 'task_id', type: 'text' }) taskId!: string;
  @Column({ type: 'jsonb' }) payload!: CallForProposals | TaskFailed;
  @Column({ name: 'created_at', type: 'bigint', transformer: millis }) createdAt!: number;
  @Column({ name: 'published_at', type: 'bigint', nullable: true, transformer: millis })
  publishedAt!: number | null;
}
