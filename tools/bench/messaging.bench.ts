import { performance } from 'node:perf_hooks';
import { sampleEvent } from '@agora/contracts/testing';
import type { EventMap } from '@agora/contracts';
import { MessagingClient } from '@agora/messaging';
import { createLogger } from '@agora/observability';
import { ensureStack } from '../stack';

/*
 * Throughput and latency of libs/messaging against the local stack. Prints figures; asserts
 * nothing (this machine is shared and noisy, so numbers vary from run to run).
 *   npm run bench            defaults
 *   npm run bench -- 5000    events per scenario
 */

const count = Number(process.argv[2] ?? 2000);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function bid(i: number): EventMap['BidSubmitted'] {
  const e = sampleEvent('BidSubmitted');
  return {
    ...e,
    envelope: { ...e.envelope, eventId: `bench-${i}` },
    taskId: `task-${i % 64}`,
    round: i,
  };
}

async function main(): Promise<void> {
  const env = await ensureStack({ quiet: true });
  const prefix = `bench-${Date.now().toString(36)}.`;
  const client = new MessagingClient(
    {
      producer: { service: 'bench', version: '0.0.0' },
      kafka: { brokers: env.KAFKA_BROKERS.split(',') },
      registry: { url: env.SCHEMA_REGISTRY_URL },
      topics: { prefix, create: true },
      consumer: { groupId: `${prefix}bench`, partitionsConsumedConcurrently: 4 },
    },
    createLogger('bench', 'warn'),
  );
  await client.connect(['BidSubmitted']);
  const rows: [string, string][] = [];
  const heapBefore = process.memoryUsage().heapUsed;

  // Codec alone: validation + Avro + framing, the registry id cached.
  const event = bid(0);
  await client.codec.encode('BidSubmitted', event);
  let t = performance.now();
  let bytes: Buffer = Buffer.alloc(0);
  for (let i = 0; i < count * 10; i++) bytes = await client.codec.encode('BidSubmitted', event);
  rows.push([
    'encode (validate + Avro + frame)',
    `${Math.round((count * 10) / ((performance.now() - t) / 1000))} events/s, ${bytes.length} bytes each`,
  ]);
  t = performance.now();
  for (let i = 0; i < count * 10; i++) await client.codec.decode('BidSubmitted', bytes);
  rows.push([
    'decode (unframe + Avro)',
    `${Math.round((count * 10) / ((performance.now() - t) / 1000))} events/s`,
  ]);

  // One send per event: each publish waits for the broker's ack.
  const latencies: number[] = [];
  t = performance.now();
  for (let i = 0; i < count; i++) {
    const s = performance.now();
    await client.publisher.publish('BidSubmitted', bid(i));
    latencies.push(performance.now() - s);
  }
  const publishSeconds = (performance.now() - t) / 1000;
  latencies.sort((a, b) => a - b);
  rows.push([
    'publish(), one at a time',
    `${Math.round(count / publishSeconds)} events/s; ack p50 ${percentile(latencies, 50).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms`,
  ]);

  // Batched: 100 events per request.
  t = performance.now();
  for (let i = 0; i < count; i += 100) {
    await client.publisher.publishMany(
      Array.from({ length: Math.min(100, count - i) }, (_, j) => ({
        type: 'BidSubmitted' as const,
        event: bid(count + i + j),
      })),
    );
  }
  rows.push([
    'publishMany(), 100 per batch',
    `${Math.round(count / ((performance.now() - t) / 1000))} events/s`,
  ]);

  // Consume everything published above (2 × count) through the handler pipeline.
  const total = count * 2;
  let seen = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((r) => (done = r));
  const consumeStart = performance.now();
  await client
    .consumer()
    .on('BidSubmitted', () => {
      seen += 1;
      if (seen === total) done();
    })
    .start();
  await finished;
  rows.push([
    'consume (decode + span + handler), backlog',
    `${Math.round(total / ((performance.now() - consumeStart) / 1000))} events/s (incl. group join)`,
  ]);

  // End-to-end latency, one event in flight at a time.
  const e2e: number[] = [];
  const consumerLatency = client.consumer(`${prefix}latency`);
  let resolveOne: () => void = () => undefined;
  consumerLatency.on('BidSubmitted', (e) => {
    if (e.envelope.eventId.startsWith('e2e-')) resolveOne();
  });
  await consumerLatency.start();
  for (let i = 0; i < Math.min(300, count); i++) {
    const arrived = new Promise<void>((r) => (resolveOne = r));
    const s = performance.now();
    const e = bid(i);
    await client.publisher.publish('BidSubmitted', {
      ...e,
      envelope: { ...e.envelope, eventId: `e2e-${i}` },
    });
    await arrived;
    e2e.push(performance.now() - s);
  }
  e2e.sort((a, b) => a - b);
  rows.push([
    'publish → handler latency',
    `p50 ${percentile(e2e, 50).toFixed(1)} ms, p99 ${percentile(e2e, 99).toFixed(1)} ms (${e2e.length} events)`,
  ]);

  const mem = process.memoryUsage();
  rows.push([
    'memory after run',
    `rss ${(mem.rss / 2 ** 20).toFixed(0)} MiB, heap ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB (+${((mem.heapUsed - heapBefore) / 2 ** 20).toFixed(0)} MiB)`,
  ]);

  // Its topics go with it: nothing else deletes a `bench-` topic.
  const admin = client.rawKafka.admin();
  await admin.connect();
  const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
  await admin.deleteTopics({ topics, timeout: 30_000 });
  await admin.disconnect();
  await client.close();
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(
    `\nlibs/messaging benchmark: ${count} events per scenario, Node ${process.version}\n`,
  );
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
