import { api } from '../api';
import type { AgentRow } from '../api-types';
import { ErrorBanner } from '../components/error-banner';
import { Sparkline } from '../components/sparkline';
import { formatAge, formatCost, formatNumber } from '../format';
import { useNow, useResource } from '../hooks';
import { useLiveEvent, useLiveReconnect } from '../live';

function upsertAgent(rows: readonly AgentRow[], agent: AgentRow): AgentRow[] {
  const rest = rows.filter((r) => r.agentId !== agent.agentId);
  return [...rest, agent].sort((a, b) =>
    a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0,
  );
}

function statusClass(agent: AgentRow): string {
  if (!agent.online) return 'dot dot-off';
  return agent.status === 'DRAINING' ? 'dot dot-draining' : 'dot dot-on';
}

function AgentRowView({ agent, now }: { agent: AgentRow; now: number }) {
  const share = agent.capacity > 0 ? agent.activeTasks / agent.capacity : 0;
  const capabilities = [
    ...new Set([...agent.capabilities, ...agent.reputation.map((r) => r.capability)]),
  ];
  return (
    <tr class={agent.online ? '' : 'row-dim'} data-agent-id={agent.agentId}>
      <td class="nowrap">
        <span class={statusClass(agent)} title={agent.online ? agent.status : 'no heartbeat'} />
        <span class="mono">{agent.agentId}</span>
      </td>
      <td class="nowrap">
        {agent.online ? agent.status.toLowerCase() : 'offline'}
        <div class="muted small" title={new Date(agent.lastSeen).toLocaleString()}>
          seen {formatAge(agent.lastSeen, now)}
        </div>
      </td>
      <td class="num">{agent.capacity}</td>
      <td class="nowrap">
        <div
          class={`load-bar${share >= 1 ? ' load-full' : ''}`}
          title={`${agent.activeTasks} of ${agent.capacity} slots busy`}
        >
          <div style={{ width: `${Math.min(100, share * 100)}%` }} />
        </div>
        <span class="small">
          {agent.activeTasks}/{agent.capacity}
        </span>
      </td>
      <td class="num">{formatCost(agent.costPerTaskUsd)}</td>
      <td>
        <table class="reputation">
          <tbody>
            {capabilities.map((capability) => {
              const rep = agent.reputation.find((r) => r.capability === capability);
              const history = agent.history
                .filter((h) => h.capability === capability)
                .map((h) => h.score);
              return (
                <tr key={capability}>
                  <td>
                    <span class="chip">{capability}</span>
                  </td>
                  <td class="num">{rep ? formatNumber(rep.score) : '—'}</td>
                  <td class="muted small num">{rep ? `${rep.samples} samples` : 'no samples'}</td>
                  <td>
                    <Sparkline
                      values={history}
                      label={`${agent.agentId} ${capability} reputation over time`}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </td>
    </tr>
  );
}

/** The executor agents: who is up, how busy, at what price, and how their reputation moves. */
export function AgentsPage() {
  const now = useNow();
  const agents = useResource('agents', () => api.agents().then((r) => r.agents));
  useLiveEvent('agent', (agent) => agents.update((rows) => rows && upsertAgent(rows, agent)));
  useLiveReconnect(agents.reload);
  const rows = agents.data;
  const online = rows?.filter((a) => a.online).length ?? 0;
  return (
    <div class="page">
      <div class="page-header">
        <h1>Agents</h1>
        {rows && (
          <span class="muted">
            {online} online of {rows.length}
          </span>
        )}
      </div>
      <ErrorBanner error={agents.error} onRetry={agents.reload} />
      {rows === undefined ? (
        agents.error === undefined && <p class="muted">Loading…</p>
      ) : rows.length === 0 ? (
        <p class="empty">No agents yet: none has sent a heartbeat.</p>
      ) : (
        <div class="table-scroll">
          <table class="grid agents">
            <thead>
              <tr>
                <th>Agent</th>
                <th>Status</th>
                <th class="num">Capacity</th>
                <th>Load</th>
                <th class="num">Cost/task</th>
                <th>Reputation by capability</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((agent) => (
                <AgentRowView key={agent.agentId} agent={agent} now={now} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
