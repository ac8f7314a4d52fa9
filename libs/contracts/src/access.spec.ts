import { describe, expect, it } from 'vitest';
import { isPrincipal, mayConsume, mayJoinGroup, mayProduce } from './access';
import { eventTypes } from './generated/events';
import { principalCatalog } from './generated/topics';

describe('access catalog', () => {
  it('knows the six services and the two client roles as principals, nothing else', () => {
    expect(Object.keys(principalCatalog)).toEqual([
      'planner',
      'auction',
      'executor',
      'evaluator',
      'memory',
      'console',
      'client',
      'operator',
    ]);
    expect(isPrincipal('auction')).toBe(true);
    expect(isPrincipal('auction-test')).toBe(false);
    expect(isPrincipal('toString')).toBe(false);
  });

  it('says who may write and read a topic', () => {
    expect(mayProduce('auction', 'TaskAwarded')).toBe(true);
    expect(mayProduce('planner', 'TaskAwarded')).toBe(false);
    expect(mayConsume('planner', 'TaskAwarded')).toBe(true);
    expect(mayConsume('memory', 'TaskAwarded')).toBe(false);
    expect(mayProduce('client', 'GoalSubmitted')).toBe(true);
    expect(mayProduce('client', 'DeadLetter')).toBe(false);
  });

  it('lets every service write dead letters, and dead-letter operators read them', () => {
    for (const service of [
      'planner',
      'auction',
      'executor',
      'evaluator',
      'memory',
      'console',
    ] as const) {
      expect(mayProduce(service, 'DeadLetter'), service).toBe(true);
    }
    for (const [name, principal] of Object.entries(principalCatalog)) {
      if (principal.operatesDeadLetters) {
        expect(mayConsume(name as keyof typeof principalCatalog, 'DeadLetter'), name).toBe(true);
      }
    }
    // Replays are not publishes: an operator publishes nothing.
    expect(eventTypes.filter((type) => mayProduce('operator', type))).toEqual([]);
  });

  it('matches consumer groups literally or by prefix', () => {
    expect(mayJoinGroup('auction', 'agora.auction')).toBe(true);
    expect(mayJoinGroup('auction', 'agora.auction.roster.1a2b3c4d')).toBe(true);
    expect(mayJoinGroup('auction', 'agora.auctioneer')).toBe(false);
    expect(mayJoinGroup('executor', 'agora.executor')).toBe(false);
    expect(mayJoinGroup('executor', 'agora.executor.host-1.abc.replies')).toBe(true);
    expect(mayJoinGroup('planner', 'agora.planner.workflows.1a2b3c4d')).toBe(true);
    expect(mayJoinGroup('planner', 'agora.planners')).toBe(false);
    expect(mayJoinGroup('client', 'agora.cli.5f0c')).toBe(true);
  });
});
