import type { TaskReady } from '@agora/contracts';
import { sampleEvent } from '@agora/contracts/testing';
import { createLogger } from '@agora/observability';
import { stackEnv, uniquePrefix, waitFor } from '@agora/testing';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import type { EventContext } from './consumer/event-handler';
import { OnEvent } from './consumer/on-event.decorator';
import { MessagingModule } from './messaging.module';
import { EventPublisher } from './publisher/event-publisher';
import { testMessagingClient } from './testing';

const log: string[] = [];

@Injectable()
class SlowTaskHandler {
  @OnEvent('TaskReady')
  async onTaskReady(event: TaskReady, ctx: EventContext<'TaskReady'>): Promise<void> {
    log.push(`start ${event.taskId} attempt ${ctx.attempt}`);
    await new Promise<void>((r) => setTimeout(r, 1_500));
    log.push(`done ${event.taskId}`);
  }
}

function appModule(prefix: string) {
  const env = stackEnv();
  @Module({
    imports: [
      MessagingModule.forRootAsync({
        useFactory: () => ({
          producer: { service: 'module-test', version: '0.0.0-test' },
          kafka: { brokers: env.KAFKA_BROKERS.split(',') },
          registry: { url: env.SCHEMA_REGISTRY_URL },
          topics: { prefix, create: true },
          consumer: { groupId: `${prefix}module-test` },
          logger: createLogger('module-test', 'silent'),
        }),
      }),
    ],
    providers: [SlowTaskHandler],
  })
  class TestAppModule {}
  return TestAppModule;
}

describe('MessagingModule in a Nest app', () => {
  it('runs @OnEvent handlers, and on close lets the in-flight handler finish and commits its offset', async () => {
    const prefix = uniquePrefix('module');
    const app = await NestFactory.createApplicationContext(appModule(prefix), { logger: false });
    await app.init();
    const event = { ...sampleEvent('TaskReady'), taskId: 'task-graceful' };
    await app.get(EventPublisher).publish('TaskReady', event);
    await waitFor('handler to start', () =>
      log.includes('start task-graceful attempt 1') ? true : undefined,
    );

    await app.close();
    // close() returned only after the handler finished.
    expect(log).toContain('done task-graceful');

    // The offset was committed: a new member of the same group does not see the event again.
    const seen: string[] = [];
    const client = testMessagingClient(prefix, { service: 'module-test' });
    await client.connect(['TaskReady']);
    await client
      .consumer(`${prefix}module-test`)
      .on('TaskReady', (e) => {
        seen.push(e.taskId);
      })
      .start();
    await client.publisher.publish('TaskReady', {
      ...sampleEvent('TaskReady'),
      taskId: 'task-after-restart',
    });
    await waitFor('the next event', () => (seen.includes('task-after-restart') ? true : undefined));
    expect(seen).toEqual(['task-after-restart']);
    await client.close();
  });
});
