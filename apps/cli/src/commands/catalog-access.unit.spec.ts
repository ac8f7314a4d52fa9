import { mayConsume, mayJoinGroup, mayProduce, type EventType } from '@agora/contracts';
import { describe, expect, it } from 'vitest';
import { followedEvents } from './goal-progress';

// The CLI connects under the service name `cli`, which the messaging library does not restrict:
// a person's credentials pick the Kafka user (client or operator). These checks hold the
// catalog's grants for those users to what the commands read and write.
describe('catalog grants of the CLI', () => {
  it('let the client submit a goal, follow it to its end and list the agents', () => {
    expect(mayProduce('client', 'GoalSubmitted')).toBe(true);
    const read: EventType[] = [...followedEvents, 'AgentHeartbeat', 'AgentReputation'];
    expect(read.filter((type) => !mayConsume('client', type))).toEqual([]);
    expect(mayJoinGroup('client', 'agora.cli.5f0c9a7e')).toBe(true);
  });

  it('let the operator read the dead-letter topic in its reader groups', () => {
    expect(mayConsume('operator', 'DeadLetter')).toBe(true);
    expect(mayJoinGroup('operator', 'agora.deadletter.reader.5f0c9a7e')).toBe(true);
    expect(mayConsume('client', 'DeadLetter')).toBe(false);
  });
});
