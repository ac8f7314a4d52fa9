import { testMessagingClient } from '@agora/messaging/testing';
import { stackEnv, uniquePrefix, waitFor } from '@agora/testing';
import { describe, expect, it } from 'vitest';
import { agora } from './agora-cli';

describe('the agora CLI', () => {
  it('says how to fix an unreachable Kafka, and exits 1', async () => {
    const result = await agora(['submit', 'x'], { KAFKA_BROKERS: '127.0.0.1:1' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^agora: cannot reach Kafka at 127\.0\.0\.1:1 .*\nIs the stack running\? Start it with `npm run stack:up`/,
    );
  });

  it('says how to fix an unreachable schema registry, and exits 1', async () => {
    // Topics of their own, so Kafka answers and only the registry is missing.
    const prefix = uniquePrefix('cli-registry');
    const client = testMessagingClient(prefix);
    await client.connect(['GoalSubmitted']);
    await client.close();
    const url = 'http://127.0.0.1:1/apis/ccompat/v7';
    const result = await agora(['submit', 'x'], {
      KAFKA_BROKERS: stackEnv().KAFKA_BROKERS,
      SCHEMA_REGISTRY_URL: url,
      KAFKA_TOPIC_PREFIX: prefix,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      new RegExp(
        `^agora: cannot reach the schema registry at ${url.replace(/\./g, '\\.')} \\(ECONNREFUSED\\)\\.\n` +
          'Is the stack running\\? Start it with `npm run stack:up`, or set SCHEMA_REGISTRY_URL\\.\n$',
      ),
    );
  });

  it('rejects a bad option with a message naming it', async () => {
    const result = await agora(['submit', 'x', '--max-tasks', 'lots'], {});
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--max-tasks must be a positive number/);
  });

  it(
    'dlq lists, shows, replays and purges what a consumer dead-lettered',
    { timeout: 180_000 },
    async () => {
      const prefix = uniquePrefix('cli-dlq');
      const client = testMessagingClient(prefix);
      await client.connect(['TaskProgress', 'DeadLetter']);
      // A consumer that dead-letters garbage on TaskProgress, and a raw reader of that topic.
      await client
        .consumer()
        .on('TaskProgress', () => undefined)
        .start();
      const topic = client.topics.topic('TaskProgress');
      const seen: { value: string; replayOf?: string }[] = [];
      const reader = client.rawKafka.consumer({ groupId: `${prefix}raw-reader` });
      await reader.connect();
      await reader.subscribe({ topic, fromBeginning: true });
      await reader.run({
        eachMessage: ({ message }) => {
          seen.push({
            value: String(message.value),
            ...(message.headers?.['agora-replay-of']
              ? { replayOf: String(message.headers['agora-replay-of']) }
              : {}),
          });
          return Promise.resolve();
        },
      });
      const raw = client.rawKafka.producer();
      await raw.connect();
      await raw.send({
        topic,
        messages: [{ key: 'k-1', value: 'garbage for the dlq', headers: { origin: 'test' } }],
      });
      await raw.disconnect();

      const env = stackEnv();
      const cliEnv = {
        KAFKA_BROKERS: env.KAFKA_BROKERS,
        SCHEMA_REGISTRY_URL: env.SCHEMA_REGISTRY_URL,
        KAFKA_TOPIC_PREFIX: prefix,
      };
      try {
        const listed = await waitFor('the dead letter in agora dlq list', async () => {
          const result = await agora(['dlq', 'list', '--topic', 'TaskProgress'], cliEnv);
          return result.stdout.includes('undecodable') ? result : undefined;
        });
        expect(listed.code).toBe(0);
        const row = listed.stdout.split('\n').find((l) => l.includes('undecodable'))!;
        expect(row).toContain(`${topic}[`);
        const position = row.split(/\s+/)[0]!;
        expect(position).toMatch(/^\d+:\d+$/);
        // Between this dead letter and the one its replay will cause.
        const cut = new Date(Date.now()).toISOString();
        expect((await agora(['dlq', 'list', '--class', 'fatal'], cliEnv)).stdout).toMatch(
          /no dead letters match/,
        );

        const shown = await agora(['dlq', 'show', position], cliEnv);
        expect(shown.code).toBe(0);
        expect(shown.stdout).toContain('classification: undecodable');
        expect(shown.stdout).toContain('key:            k-1');
        expect(shown.stdout).toContain('  origin: test');
        expect(shown.stdout).toMatch(/not decodable: .*\n000000 .*garbage for the/);

        const replayed = await agora(['dlq', 'replay', position], cliEnv);
        expect(replayed.stderr).toBe('');
        expect(replayed.stdout).toMatch(new RegExp(`replayed ${position} to ${topic}`));
        const again = await waitFor('the replayed message on its topic', () =>
          seen.find((m) => m.replayOf !== undefined),
        );
        expect(again.value).toBe('garbage for the dlq');
        expect(again.replayOf).toMatch(new RegExp(`^${topic}/\\d+/\\d+$`));
        expect((await agora(['dlq', 'show', '9:99999'], cliEnv)).stderr).toMatch(
          /no dead letter at 9:99999/,
        );

        // The replayed garbage fails again: a second dead letter, after the cut.
        await waitFor('the replay dead-lettered again', async () => {
          const result = await agora(['dlq', 'list'], cliEnv);
          return result.stdout.split('\n').filter((l) => l.includes('undecodable')).length === 2
            ? true
            : undefined;
        });
        const unsaid = await agora(['dlq', 'purge'], cliEnv);
        expect(unsaid.code).toBe(1);
        expect(unsaid.stderr).toMatch(/say what to purge: --before <time> .* or --all/);

        const dry = await agora(['dlq', 'purge', '--before', cut], cliEnv);
        expect(dry.stderr).toBe('');
        expect(dry.stdout).toContain(
          `dry run: purging dead letters written before ${cut} would delete 1 dead letter\n`,
        );
        const [partition, offset] = position.split(':');
        expect(dry.stdout).toMatch(new RegExp(`\n${partition} +1 +${offset}\\.\\.${offset}\n`));
        expect(dry.stdout).toContain('nothing was deleted; --yes deletes them');
        const rows = async () =>
          (await agora(['dlq', 'list'], cliEnv)).stdout
            .split('\n')
            .filter((l) => l.includes('undecodable'));
        expect(await rows()).toHaveLength(2);

        const purged = await agora(['dlq', 'purge', '--before', cut, '--yes'], cliEnv);
        expect(purged.stdout).toContain(
          `purged dead letters written before ${cut}: deleted 1 dead letter\n`,
        );
        const left = await rows();
        expect(left).toHaveLength(1);
        expect(left[0]!.startsWith(`${position} `)).toBe(false);

        const all = await agora(['dlq', 'purge', '--all', '--yes'], cliEnv);
        expect(all.stdout).toContain('purged every dead letter: deleted 1 dead letter\n');
        expect((await agora(['dlq', 'list'], cliEnv)).stdout).toBe('no dead letters\n');
      } finally {
        await reader.disconnect();
        await client.close();
      }
    },
  );
});
