import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@agora/config';
import { capabilities } from '@agora/contracts';
import { describe, expect, it } from 'vitest';
import { executorEnvSchema } from './config';

const base = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  SCHEMA_REGISTRY_URL: 'http://127.0.0.1:8081/apis/ccompat/v7',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/agora',
};

function problems(env: Record<string, string>): string {
  try {
    loadConfig('executor', executorEnvSchema, { ...base, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('executor configuration', () => {
  it('hosts the bundled agents by default, covering every shipped capability', () => {
    const env = loadConfig('executor', executorEnvSchema, base);
    const covered = new Set(env.agents.flatMap((a) => a.capabilities));
    for (const capability of Object.values(capabilities).flat()) {
      expect(covered.has(capability), capability).toBe(true);
    }
    expect(env.agents.length).toBeGreaterThanOrEqual(5);
    expect(env.agents.every((a) => a.capacity >= 1 && a.capacity <= 3)).toBe(true);
    expect(env).toMatchObject({
      HEARTBEAT_INTERVAL_MS: 2_000,
      LEASE_RENEW_MS: 5_000,
      DRAIN_TIMEOUT_MS: 20_000,
      SHELL_ALLOWLIST: ['uptime', 'df -h', 'free -m', 'echo *'],
      HTTP_ALLOWLIST: [],
      LLM_PROVIDER: 'none',
    });
  });

  it('reads a YAML file and suffixes ids', () => {
    const file = join(tmpdir(), `agents-${process.pid}.yaml`);
    writeFileSync(file, 'agents:\n  - id: w\n    capabilities: [write]\n    capacity: 1\n');
    const env = loadConfig('executor', executorEnvSchema, {
      ...base,
      AGENTS_FILE: file,
      AGENT_ID_SUFFIX: 'pod-a',
    });
    expect(env.agents.map((a) => a.id)).toEqual(['w-pod-a']);
    expect(env.instanceId).toMatch(/^pod-a-/);
  });

  it('names the key, the agent and the field of a bad agent', () => {
    const message = problems({
      AGENTS: JSON.stringify([{ id: 'w', capabilities: ['write'], capacity: 'two' }]),
    });
    expect(message).toMatch(/AGENTS: AGENTS: invalid agents/);
    expect(message).toMatch(/agent w: capacity: expected a whole number/);
    expect(problems({ AGENTS: '[{' })).toMatch(/AGENTS: not valid JSON/);
    expect(problems({ AGENTS_FILE: '/nonexistent/agents.yaml' })).toMatch(
      /AGENTS_FILE: cannot read \/nonexistent\/agents.yaml/,
    );
  });

  it('reads the MCP servers of the agents file, and names the key, agent and entry of a bad one', () => {
    const file = join(tmpdir(), `agents-mcp-${process.pid}.yaml`);
    writeFileSync(
      file,
      [
        'mcpServers:',
        '  orders: { command: node, args: [orders.js] }',
        '  tickets: { url: "http://127.0.0.1:9/mcp" }',
        'agents:',
        '  - { id: w, capabilities: [write], capacity: 1, tools: [shell, "mcp:orders/*"] }',
        '',
      ].join('\n'),
    );
    const env = loadConfig('executor', executorEnvSchema, { ...base, AGENTS_FILE: file });
    expect(env.mcpServers.map((s) => [s.name, s.transport])).toEqual([
      ['orders', 'stdio'],
      ['tickets', 'http'],
    ]);
    expect(env.agents[0]!.tools).toEqual(['shell', 'mcp:orders/*']);

    const message = problems({
      AGENTS: JSON.stringify({
        mcpServers: { orders: { command: 'node', url: 'http://h/mcp' } },
        agents: [
          { id: 'w', capabilities: ['write'], capacity: 1, tools: ['mcp:billing/charge', 'mcp:x'] },
        ],
      }),
    });
    expect(message).toMatch(/AGENTS: AGENTS: invalid agents/);
    expect(message).toContain('mcpServers.orders: expected either command');
    expect(message).toContain("agent w: tools.0: no MCP server 'billing' under mcpServers");
    expect(message).toMatch(/agent w: tools\.1: expected one of memory_search/);
  });

  it('requires a model name when a provider is set', () => {
    expect(problems({ LLM_PROVIDER: 'openai' })).toMatch(
      /LLM_MODEL: required when LLM_PROVIDER is openai/,
    );
  });
});
