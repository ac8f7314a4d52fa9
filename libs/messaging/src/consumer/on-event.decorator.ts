import { SetMetadata } from '@nestjs/common';
import type { EventType } from '@agora/contracts';

export const ON_EVENT_METADATA = 'agora:on-event';

/**
 * Marks a provider method as the handler of one event type. The messaging module finds it at
 * start-up and subscribes the service's consumer group to that event's topic.
 * @example
 *   @OnEvent('TaskReady')
 *   async onTaskReady(event: TaskReady, ctx: EventContext<'TaskReady'>) { … }
 */
export const OnEvent = (type: EventType): MethodDecorator => SetMetadata(ON_EVENT_METADATA, type);
