import { createLogger } from '@agora/observability';
import { describe, expect, it } from 'vitest';
import { classifyError } from '../errors/messaging-errors';
import { MessagingClient } from '../messaging-client';
import { AccessDeniedError, AccessPolicy } from './access-policy';

/** A client that never connects: every check below throws before any I/O. */
function client(service: string, prefix = 't-1-', groupId = `${prefix}agora.${service}`) {
  return new MessagingClient(
    {
      producer: { service, version: '0' },
      kafka: { brokers: ['127.0.0.1:1'] },
      registry: { url: 'http://127.0.0.1:1' },
      topics: { prefix },
      consumer: { groupId },
    },
    createLogger(service, 'silent'),
  );
}

describe('access policy', () => {
  it('restricts a client whose service is a catalog principal, and no other', () => {
    expect(new AccessPolicy('planner').principal).toBe('planner');
    expect(new AccessPolicy('auction-test').principal).toBeUndefined();
    expect(new AccessPolicy('cli').principal).toBeUndefined();
  });

  it('refuses a publish outside the producers, naming service, event type and topic', () => {
    const policy = new AccessPolicy('planner');
    expect(() => policy.checkPublish('TaskReady')).not.toThrow();
    expect(() => policy.checkPublish('DeadLetter')).not.toThrow();
    expect(() => policy.checkPublish('TaskAwarded')).toThrow(AccessDeniedError);
    expect(() => policy.checkPublish('TaskAwarded')).toThrow(
      /^planner may not publish TaskAwarded: topic agora\.auction\.awards lists as producers auction \(schemas\/topics\.yaml/,
    );
  });

  it('refuses a subscription outside the consumers', () => {
    const policy = new AccessPolicy('memory');
    expect(() => policy.checkSubscribe('GoalSubmitted')).not.toThrow();
    expect(() => policy.checkSubscribe('BidSubmitted')).toThrow(
      /^memory may not consume BidSubmitted: topic agora\.auction\.bids lists as consumers auction, client/,
    );
  });

  it('refuses a consumer group outside the principal’s, with the deployment prefix', () => {
    const policy = new AccessPolicy('auction', 'staging.');
    expect(() => policy.checkGroup('staging.agora.auction')).not.toThrow();
    expect(() => policy.checkGroup('staging.agora.auction.roster.1a2b')).not.toThrow();
    expect(() => policy.checkGroup('agora.auction')).toThrow(
      'auction may not join consumer group agora.auction: its groups are staging.agora.auction, staging.agora.auction.*',
    );
    expect(() => policy.checkGroup('staging.agora.planner')).toThrow(AccessDeniedError);
  });

  it('is fatal at the consumer boundary: another try gives the same answer', () => {
    let error: unknown;
    try {
      new AccessPolicy('executor').checkPublish('TaskAwarded');
    } catch (e) {
      error = e;
    }
    expect(classifyError(error)).toBe('fatal');
  });
});

describe('a messaging client named after a principal', () => {
  it('refuses to publish what the catalog does not let it write, before sending anything', async () => {
    const planner = client('planner');
    await expect(
      planner.publisher.publishMany([
        { type: 'GoalPlanned', event: {} as never },
        { type: 'BidSubmitted', event: {} as never },
      ]),
    ).rejects.toThrow(/planner may not publish BidSubmitted/);
    await expect(planner.publisher.publish('TaskAwarded', {} as never)).rejects.toThrow(
      AccessDeniedError,
    );
  });

  it('refuses a handler for a topic it may not read, and a group that is not its own', () => {
    const evaluator = client('evaluator');
    expect(() =>
      evaluator.serviceConsumer().onBatch('TaskCompleted', () => undefined),
    ).not.toThrow();
    expect(() => evaluator.serviceConsumer().on('CallForProposals', () => undefined)).toThrow(
      /evaluator may not consume CallForProposals/,
    );
    expect(() => evaluator.consumer('t-1-agora.evaluator.memory-client-1')).not.toThrow();
    expect(() => evaluator.consumer('t-1-observer')).toThrow(
      /evaluator may not join consumer group t-1-observer/,
    );
  });

  it('leaves tools and tests with other names unrestricted', async () => {
    const tool = client('swarm', 't-1-', 't-1-anything');
    expect(() => tool.consumer('t-1-observer').on('TaskAwarded', () => undefined)).not.toThrow();
    // It fails further on, reading the key of the empty event: the access check let it through.
    await expect(tool.publisher.publish('TaskAwarded', {} as never)).rejects.not.toThrow(
      AccessDeniedError,
    );
  });
});
