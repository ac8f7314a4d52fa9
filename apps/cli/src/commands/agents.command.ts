import { randomUUID } from 'node:crypto';
import type { AgentHeartbeat, AgentReputation } from '@agora/contracts';
import type { CliEnv } from '../cli-config';
import { connectMessaging, probe } from '../connect';

/** An agent as `agora agents` shows it, from the auction's roster or from the agent topics. */
export interface AgentRow {
  agentId: string;
  status: string;
  live: boolean;
  lastSeenAt: number;
  capabilities: readonly string[];
  capacity: number;
  load: number;
  reputation: Record<string, { score: number; samples?: number }>;
}

/** GET /agents of the auction. */
interface RosterAnswer {
  items: {
    agentId: string;
    status: string;
    live: boolean;
    lastSeenAt: number;
    capabilities: string[];
    capacity: number;
    load: number;
    reputation: Record<string, number>;
  }[];
}

/**
 * `agora agents`: the auction's roster (GET /agents: one request, the roster it allocates with).
 * When the auction does not answer, the compacted agent topics are read from their start
 * instead: no service needs to be up, only Kafka, but it takes seconds.
 */
export async function agentsCommand(
  env: CliEnv,
  options: { waitMs: number; all: boolean },
): Promise<number> {
  const answer = await probe(`${env.AUCTION_URL}/agents`);
  let rows: AgentRow[];
  if (answer.answered && answer.status === 200) {
    rows = (answer.body as RosterAnswer).items.map((a) => ({
      ...a,
      reputation: Object.fromEntries(
        Object.entries(a.reputation).map(([c, score]) => [c, { score }]),
      ),
    }));
  } else {
    console.error(
      `agora: the auction at ${env.AUCTION_URL} ${answer.answered ? `answered ${answer.status}` : `is not answering (${answer.reason})`}; ` +
        'reading the agent topics instead',
    );
    rows = await agentsFromTopics(env, options.waitMs);
  }
  const lines = renderAgentRows(rows, Date.now(), options.all);
  console.log(
    lines.length > 1 ? lines.join('\n') : 'no live agents (start executors with `npm start`)',
  );
  return 0;
}

async function agentsFromTopics(env: CliEnv, waitMs: number): Promise<AgentRow[]> {
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
    await new Promise((r) => setTimeout(r, waitMs));
  } finally {
    await client.close();
  }
  const now = Date.now();
  return [...heartbeats.values()].map((h) => heartbeatRow(h, reputations.get(h.agentId), now));
}

function heartbeatRow(h: AgentHeartbeat, rep: AgentReputation | undefined, now: number): AgentRow {
  return {
    agentId: h.agentId,
    status: h.status,
    live: h.status === 'ONLINE' && now - h.envelope.occurredAt <= 3 * h.intervalMs,
    lastSeenAt: h.envelope.occurredAt,
    capabilities: h.capabilities,
    capacity: h.capacity,
    load: h.activeTasks,
    reputation: Object.fromEntries(
      (rep?.capabilities ?? []).map((r) => [r.capability, { score: r.score, samples: r.samples }]),
    ),
  };
}

/** One line per agent from heartbeats and reputations: live ones only unless `all`. Pure, for tests. */
export function renderAgents(
  heartbeats: AgentHeartbeat[],
  reputations: ReadonlyMap<string, AgentReputation>,
  now: number,
  all: boolean,
): string[] {
  return renderAgentRows(
    heartbeats.map((h) => heartbeatRow(h, reputations.get(h.agentId), now)),
    now,
    all,
  );
}

/** One line per agent: live ones only unless `all`. Pure, for tests. */
export function renderAgentRows(rows: readonly AgentRow[], now: number, all: boolean): string[] {
  const lines = rows
    .filter((a) => all || a.live)
    .sort((a, b) => a.agentId.localeCompare(b.agentId))
    .map((a) => {
      const scores = a.capabilities
        .map((c) => {
          const r = a.reputation[c];
          if (!r) return c;
          return `${c} ${r.score.toFixed(2)}${r.samples !== undefined ? ` (${r.samples})` : ''}`;
        })
        .join(', ');
      const state = a.live
        ? a.status
        : `${a.status}, last seen ${Math.round((now - a.lastSeenAt) / 1000)} s ago`;
      return `${a.agentId.padEnd(22)} ${state.padEnd(10)} load ${a.load}/${a.capacity}  ${scores}`;
    });
  return [
    `${'agent'.padEnd(22)} ${'status'.padEnd(10)} load  capabilities (reputation, samples)`,
    ...lines,
  ];
}
