import { parseAgentDefinitions } from '@agora/executor/domain';
import type { EventPublisher, MessagingClient, OutgoingEvent } from '@agora/messaging';
import { createLogger } from '@agora/observability';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ExecutorConfig } from '../executor-config';
import { AgentPool } from './agent-pool';
import { HeartbeatService } from './heartbeat.service';

describe('HeartbeatService', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup() {
    const config = {
      agents: parseAgentDefinitions(
        [{ id: 'w-1', capabilities: ['write'], capacity: 2 }],
        'AGENTS',
      ),
      HEARTBEAT_INTERVAL_MS: 1_000,
      SHELL_ALLOWLIST: ['uptime', 'echo *'],
      HTTP_ALLOWLIST: ['status.example.com'],
    } as unknown as ExecutorConfig;
    const sent: OutgoingEvent[][] = [];
    const publisher = {
      publishMany: (events: OutgoingEvent[]) => {
        sent.push(events);
        return Promise.resolve();
      },
    } as unknown as EventPublisher;
    const messaging = { options: { producer: { version: '1.0.0' } } } as MessagingClient;
    const pool = new AgentPool(config);
    const service = new HeartbeatService(
      pool,
      publisher,
      messaging,
      config,
      createLogger('test', 'silent'),
    );
    return { service, sent };
  }

  it('stops announcing the agents while the work consumer is down, and resumes when it runs', async () => {
    const { service, sent } = setup();
    let consumerUp = true;
    await service.start(() => consumerUp);
    expect(sent).toHaveLength(1);

    await vi.advanceTimersByTimeAsync(2_000);
    expect(sent).toHaveLength(3);

    consumerUp = false;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(sent).toHaveLength(3);

    consumerUp = true;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sent).toHaveLength(4);

    // Stopping still says goodbye, whatever the consumer's state.
    consumerUp = false;
    await service.stop();
    const last = sent.at(-1)![0]!;
    expect(last.type).toBe('AgentHeartbeat');
    expect((last.event as { status: string }).status).toBe('OFFLINE');
  });

  it("reports the executor's allow-lists in every agent's heartbeat", async () => {
    const { service, sent } = setup();
    await service.start();
    expect(sent[0]![0]!.event).toMatchObject({
      agentId: 'w-1',
      allowedCommands: ['uptime', 'echo *'],
      allowedHosts: ['status.example.com'],
    });
    await service.stop();
  });
});
