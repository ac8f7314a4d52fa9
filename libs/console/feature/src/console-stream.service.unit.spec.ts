import { ConsoleReadModel, type Applied } from '@agora/console/domain';
import { consoleEvents as ev } from '@agora/console/domain/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConsoleSettings } from './console-settings';
import { ConsoleStreamService } from './console-stream.service';
import type { ConsoleViewService } from './console-view.service';
import type { ConsumerLagService } from './consumer-lag.service';

const settings = {
  keepAliveMs: 15_000,
  swarmIntervalMs: 2_000,
  flushIntervalMs: 250,
  agentIntervalMs: 1_000,
} as ConsoleSettings;

/** The stream over a real read model; the view's change feed is driven by the test. */
function setUp() {
  const model = new ConsoleReadModel();
  const listeners = new Set<(applied: Applied) => void>();
  const view = {
    model,
    onChange: (listener: (applied: Applied) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as ConsoleViewService;
  const lag = { current: () => [] } as unknown as ConsumerLagService;
  const stream = new ConsoleStreamService(view, lag, settings);
  stream.onApplicationBootstrap();
  const apply = (...args: Parameters<ConsoleReadModel['apply']>) => {
    const applied = model.apply(...args);
    if (!applied.ignored) for (const listener of listeners) listener(applied);
  };
  return { stream, apply, listeners };
}

/** The events a client received, by name, with their data. */
function events(
  chunks: string[],
): {
  event: string;
  data: { goalId?: string; agentId?: string; state?: string; activeTasks?: number };
}[] {
  return chunks
    .join('')
    .split('\n\n')
    .filter((block) => block.startsWith('event: '))
    .map((block) => {
      const [event, data] = block.split('\n');
      return { event: event!.slice(7), data: JSON.parse(data!.slice(6)) as never };
    });
}

describe('ConsoleStreamService', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_700_000_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('sends the swarm at once, then one goal event per changed goal per flush, with its latest row', () => {
    const { stream, apply } = setUp();
    const chunks: string[] = [];
    stream.subscribe((c) => chunks.push(c));
    expect(events(chunks).map((e) => e.event)).toEqual(['swarm']);

    const at = { at: Date.now(), goalId: 'g1' };
    apply('GoalSubmitted', ev.goalSubmitted(at));
    apply('TaskReady', ev.taskReady({ ...at, at: at.at + 1 }, { taskId: 't1' }));
    apply('GoalCompleted', ev.goalCompleted({ ...at, at: at.at + 2 }));
    vi.advanceTimersByTime(250);
    const goals = events(chunks).filter((e) => e.event === 'goal');
    expect(goals.map((g) => [g.data.goalId, g.data.state])).toEqual([['g1', 'completed']]);
  });

  it('sends an agent at most once per second, its latest row last', () => {
    const { stream, apply } = setUp();
    const chunks: string[] = [];
    stream.subscribe((c) => chunks.push(c));
    for (let i = 1; i <= 12; i++) {
      apply(
        'AgentHeartbeat',
        ev.heartbeat({ at: Date.now() }, { agentId: 'a', activeTasks: i % 3 }),
      );
      vi.advanceTimersByTime(100);
    }
    vi.advanceTimersByTime(1_000);
    const agents = events(chunks).filter((e) => e.event === 'agent');
    // Twelve heartbeats over 1.2 s: the first flush, then one a second later with the latest.
    expect(agents).toHaveLength(2);
    expect(agents.at(-1)!.data.activeTasks).toBe(12 % 3);
  });

  it('keeps idle connections open, and forgets a client that left', () => {
    const { stream, apply } = setUp();
    const chunks: string[] = [];
    const leave = stream.subscribe((c) => chunks.push(c));
    vi.advanceTimersByTime(15_000);
    expect(chunks.filter((c) => c === ': keep-alive\n\n')).toHaveLength(1);
    expect(events(chunks).filter((e) => e.event === 'swarm')).toHaveLength(1 + 7);
    leave();
    expect(stream.clientCount).toBe(0);
    const before = chunks.length;
    apply('GoalSubmitted', ev.goalSubmitted({ at: Date.now(), goalId: 'g2' }));
    vi.advanceTimersByTime(20_000);
    expect(chunks).toHaveLength(before);
  });

  it('stops its timers and its listener when the module is destroyed', () => {
    const { stream, listeners } = setUp();
    expect(listeners.size).toBe(1);
    stream.onModuleDestroy();
    expect(listeners.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
