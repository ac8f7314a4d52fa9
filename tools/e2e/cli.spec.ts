import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { GoalSubmitted } from '@agora/contracts';
import { testMessagingClient } from '@agora/messaging/testing';
import { stackEnv, uniquePrefix, waitFor } from '@agora/testing';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');

function agora(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [resolve(root, 'bin/agora.js'), ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

describe('the agora CLI', () => {
  it('submit produces a registry-encoded GoalSubmitted onto Kafka', async () => {
    const prefix = uniquePrefix('cli');
    const client = testMessagingClient(prefix);
    await client.connect();
    const received: GoalSubmitted[] = [];
    await client
      .consumer()
      .on('GoalSubmitted', (e) => {
        received.push(e);
      })
      .start();
    const env = stackEnv();
    const result = await agora(
      [
        'submit',
        'Explain consumer groups',
        '--workflow',
        'research',
        '--input',
        'audience=ops',
        '--max-tasks',
        '9',
      ],
      {
        KAFKA_BROKERS: env.KAFKA_BROKERS,
        SCHEMA_REGISTRY_URL: env.SCHEMA_REGISTRY_URL,
        KAFKA_TOPIC_PREFIX: prefix,
      },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const goalId = result.stdout.trim();
    const goal = await waitFor('the goal on Kafka', () =>
      received.find((g) => g.envelope.goalId === goalId),
    );
    expect(goal).toMatchObject({
      goal: 'Explain consumer groups',
      workflow: 'research',
      inputs: { audience: 'ops' },
    });
    expect(goal.budget.maxTasks).toBe(9);
    expect(goal.envelope.producer.service).toBe('cli');
    await client.close();
  });

  it('says how to fix an unreachable Kafka, and exits 1', async () => {
    const result = await agora(['submit', 'x'], { KAFKA_BROKERS: '127.0.0.1:1' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^agora: cannot reach Kafka at 127\.0\.0\.1:1 .*\nIs the stack running\? Start it with `npm run stack:up`/,
    );
  });

  it('rejects a bad option with a message naming it', async () => {
    const result = await agora(['submit', 'x', '--max-tasks', 'lots'], {});
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--max-tasks must be a positive number/);
  });
});
