import { afterEach, describe, expect, it, vi } from 'vitest';
import { newEnvelope } from './envelope';
import { sampleEvent } from './testing';

const producer = { service: 'auctioneer', version: '1.2.3' };

describe('newEnvelope', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stamps a fresh random eventId and the current time', () => {
    vi.useFakeTimers({ now: 1_764_000_000_000 });
    const first = newEnvelope({ producer, goalId: 'g-1' });
    const second = newEnvelope({ producer, goalId: 'g-1' });
    expect(first.eventId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(second.eventId).not.toBe(first.eventId);
    expect(first).toMatchObject({
      occurredAt: 1_764_000_000_000,
      goalId: 'g-1',
      causationId: null,
      producer,
    });
  });

  it('takes the causationId and the goal from the causing event', () => {
    const cause = sampleEvent('CallForProposals');
    const envelope = newEnvelope({ producer, causation: cause });
    expect(envelope.causationId).toBe(cause.envelope.eventId);
    expect(envelope.goalId).toBe(cause.envelope.goalId);
  });

  it('lets an explicit goalId, null included, win over the inherited one', () => {
    const cause = sampleEvent('TaskEvaluated');
    expect(newEnvelope({ producer, causation: cause, goalId: 'other' }).goalId).toBe('other');
    expect(newEnvelope({ producer, causation: cause, goalId: null }).goalId).toBeNull();
  });

  it('has no goal and no cause when given neither', () => {
    expect(newEnvelope({ producer })).toMatchObject({ goalId: null, causationId: null });
  });

  it('copies the producer rather than sharing it', () => {
    const mutable = { ...producer };
    const envelope = newEnvelope({ producer: mutable });
    mutable.version = '9.9.9';
    expect(envelope.producer.version).toBe('1.2.3');
  });
});
