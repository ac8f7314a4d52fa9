import { Type } from 'avsc';
import { describe, expect, it } from 'vitest';
import { eventTypeOfTopic, keyOf, MissingEventKeyError, topicOf } from './catalog';
import { eventSchemas, eventTypes, type EventType } from './generated/events';
import { topicCatalog } from './generated/topics';
import { sampleEvent } from './testing';

// Everything about one task is keyed by taskId and must land on the same partition number.
const taskEvents: readonly EventType[] = [
  'TaskReady',
  'CallForProposals',
  'BidSubmitted',
  'TaskAwarded',
  'TaskProgress',
  'TaskOutputDelta',
  'TaskCompleted',
  'TaskFailed',
  'TaskEvaluated',
];
const goalEvents: readonly EventType[] = [
  'GoalSubmitted',
  'GoalPlanned',
  'GoalCompleted',
  'GoalFailed',
];
const agentEvents: readonly EventType[] = ['AgentHeartbeat', 'AgentReputation'];

describe('topic catalog', () => {
  it('has exactly one topic and one schema per event type', () => {
    expect(Object.keys(topicCatalog).sort()).toEqual([...eventTypes].sort());
    expect(Object.keys(eventSchemas).sort()).toEqual([...eventTypes].sort());
    const names = eventTypes.map((type) => topicOf(type).name);
    expect(new Set(names).size).toBe(eventTypes.length);
  });

  it('keys and co-partitions task topics by taskId', () => {
    for (const type of taskEvents) {
      expect(topicOf(type).key, type).toBe('taskId');
    }
    const partitions = new Set(taskEvents.map((type) => topicOf(type).partitions));
    expect([...partitions]).toHaveLength(1);
  });

  it('keys goal topics by goal and compacts agent topics by agent', () => {
    for (const type of goalEvents) {
      expect(topicOf(type).key, type).toBe('envelope.goalId');
    }
    for (const type of agentEvents) {
      expect(topicOf(type), type).toMatchObject({
        key: 'agentId',
        cleanupPolicy: 'compact',
        retentionMs: -1,
      });
    }
    expect(topicOf('DeadLetter').key).toBe('sourceTopic');
  });

  it('maps topic names back to event types', () => {
    for (const type of eventTypes) {
      expect(eventTypeOfTopic(topicOf(type).name)).toBe(type);
    }
    expect(eventTypeOfTopic('agora.nope')).toBeUndefined();
  });
});

describe('keyOf', () => {
  it('reads the key path of the event type', () => {
    const goal = sampleEvent('GoalSubmitted');
    expect(keyOf('GoalSubmitted', goal)).toBe(goal.envelope.goalId);
    const bid = sampleEvent('BidSubmitted');
    expect(keyOf('BidSubmitted', bid)).toBe(bid.taskId);
    const heartbeat = sampleEvent('AgentHeartbeat');
    expect(keyOf('AgentHeartbeat', heartbeat)).toBe(heartbeat.agentId);
  });

  it('refuses a goal event without a goal, naming the event type and key path', () => {
    const goal = sampleEvent('GoalPlanned');
    goal.envelope.goalId = null;
    expect(() => keyOf('GoalPlanned', goal)).toThrow(MissingEventKeyError);
    expect(() => keyOf('GoalPlanned', goal)).toThrow(
      'GoalPlanned has no key: envelope.goalId is empty, but topic agora.goals.planned is keyed by it',
    );
  });

  it('refuses an empty key', () => {
    const bid = { ...sampleEvent('BidSubmitted'), taskId: '' };
    expect(() => keyOf('BidSubmitted', bid)).toThrow(/BidSubmitted has no key: taskId is empty/);
  });
});

describe('event schemas', () => {
  it('are self-contained: each parses without a registry of shared types', () => {
    for (const type of eventTypes) {
      const fields = (
        Type.forSchema(eventSchemas[type] as never) as unknown as { fields: { name: string }[] }
      ).fields;
      expect(fields[0]?.name, type).toBe('envelope');
    }
  });

  it('keep docs, defaults and logical types for the registry', () => {
    const schema = JSON.stringify(eventSchemas.TaskReady);
    expect(schema).toContain('"doc":"Metadata carried as the first field of every event');
    expect(schema).toContain('"logicalType":"timestamp-millis"');
    expect(schema).toContain(
      '"name":"excludedAgents","type":{"type":"array","items":"string"},"default":[]',
    );
  });

  it('inline each shared type once, at its first use', () => {
    const schema = JSON.stringify(eventSchemas.TaskFailed);
    expect(schema.match(/"name":"Envelope"/g)).toHaveLength(1);
    expect(schema.match(/"name":"Usage"/g)).toHaveLength(1);
    expect(schema).not.toContain('"io.agora.events.Envelope"');
  });
});
