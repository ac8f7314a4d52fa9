import { randomUUID } from 'node:crypto';
import type { AgentHeartbeat, AgentReputation } from '@agora/contracts';
import type { CliEnv } from '../cli-config';
import { connectMessaging } from '../connect';

/**
 * `agora agents`: live agents with their capacity and reputation, read straight from the
 * compacted agent topics (no service needs to be up, only Kafka).
 */
export async function agentsCommand(
  env: CliEnv,
  options: { waitMs: number; all: boolean },
): Promise<number> {
  const client = await connectMessaging(env, ['AgentHeartbeat', 'AgentReputation'], {
    groupId: `${env.KAFKA_TOPIC_PREFIX}agora.cli.${randomUUID()}`,
  });
  const heartbeats = new Map<string, AgentHeartbeat>();
  const reputations = new Map<string, AgentReputation>();
  try {
    await client
      .consumer(undefined, { fromBeginning: true })
      .on('AgentHeartbeat', (e) => {
        heartbeats.set(e.agentId, e);
      })
      .on('AgentReputation', (e) => {
        reputations.set(e.agentId, e);
      })
      .start();
    await new Promise((r) => setTimeout(r, options.waitMs));
  } finally {
    await client.close();
  }
  const rows = renderAgents([...heartbeats.values()], reputations, Date.now(), options.all);
  console.log(
    rows.length > 1 ? rows.join('\n') : 'no live agents (start executors with `npm start`)',
  );
  return 0;
}

/** One line per agent: live ones only unless `all`. Pure, for tests. */
export function renderAgents(
  heartbeats: AgentHeartbeat[],
  reputations: ReadonlyMap<string, AgentReputation>,
  now: number,
  all: boolean,
): string[] {
  const live = (h: AgentHeartbeat) =>
    h.status === 'ONLINE' && now - h.envelope.occurredAt <= 3 * h.intervalMs;
  const rows = heartbeats
    .filter((h) => all || live(h))
    .sort((a, b) => a.agentId.localeCompare(b.agentId))
    .map((h) => {
      const rep = reputations.get(h.agentId);
      const scores = h.capabilities
        .map((c) => {
          const r = rep?.capabilities.find((x) => x.capability === c);
          return r ? `${c} ${r.score.toFixed(2)} (${r.samples})` : c;
        })
        .join(', ');
      const state = live(h)
        ? h.status
        : `${h.status}, last seen ${Math.round((now - h.envelope.occurredAt) / 1000)} s ago`;
      return `${h.agentId.padEnd(22)} ${state.padEnd(10)} load ${h.activeTasks}/${h.capacity}  ${scores}`;
    });
  return [
    `${'agent'.padEnd(22)} ${'status'.padEnd(10)} load  capabilities (reputation, samples)`,
    ...rows,
  ];
}
