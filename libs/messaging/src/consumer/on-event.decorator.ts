import { SetMetadata } from '@nestjs/common';
import type { EventType } from '@agora/contracts';

export const ON_EVENT_METADATA = 'agora:on-event';
export const ON_EVENT_BATCH_METADATA = 'agora:on-event-batch';

/**
 * Marks a provider method as the handler of one event type. The messaging module finds it at
 * start-up and subscribes the service's consumer group to that event's topic.
 * @example
 *   @OnEvent('TaskReady')
 *   async onTaskReady(event: TaskReady, ctx: EventContext<'TaskReady'>) { … }
 */
export const OnEvent = (type: EventType): MethodDecorator => SetMetadata(ON_EVENT_METADATA, type);

/**
 * Marks a provider method as the batch handler of one event type: it receives the events read
 * together from one partition, in order, for set-based work (see {@link BatchHandler}).
 * @example
 *   @OnEventBatch('BidSubmitted')
 *   async onBids(bids: BidSubmitted[], ctx: BatchContext<'BidSubmitted'>) { … }
 */
export const OnEventBatch = (type: EventType): MethodDecorator =>
  SetMetadata(ON_EVENT_BATCH_METADATA, type);
