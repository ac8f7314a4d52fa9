/*
 * An Agora agent in its own process, written with @agora/agent-sdk: it classifies support
 * requests (a built-in capability) and translates short English texts into French (a capability
 * of its own, `translate`). Connection settings come from the environment (KAFKA_BROKERS,
 * SCHEMA_REGISTRY_URL, KAFKA_TOPIC_PREFIX, and TLS/SASL when set).
 *
 *   node -r @swc-node/register examples/sdk-agent/agent.ts --id translator-1 \
 *     --capabilities classify,translate
 *
 * SIGTERM or SIGINT drains it: running tasks finish, it goes OFFLINE and exits.
 */
import { parseArgs } from 'node:util';
import { createAgent, TaskError, type AwardedTask, type TaskContext } from '@agora/agent-sdk';
import type { ClassificationOutput, TextOutput } from '@agora/contracts';

const { values } = parseArgs({
  options: {
    id: { type: 'string', default: 'translator-1' },
    capabilities: { type: 'string', default: 'classify,translate' },
    capacity: { type: 'string', default: '2' },
  },
});

/** Keywords per support label. */
const labels: Record<string, string[]> = {
  billing: ['invoice', 'charged', 'refund', 'payment', 'card', 'price', 'subscription', 'bill'],
  technical: ['error', 'crash', 'crashes', 'broken', 'bug', 'timeout', 'login', 'password'],
  account: ['account', 'profile', 'email', 'delete', 'username', 'settings'],
  shipping: ['parcel', 'package', 'delivery', 'tracking', 'courier', 'address', 'arrived'],
  general: ['question', 'hours', 'help', 'information'],
};

/** A small English → French word list: enough for the example's sentences. */
const dictionary: Record<string, string> = {
  hello: 'bonjour',
  world: 'monde',
  the: 'le',
  cat: 'chat',
  dog: 'chien',
  is: 'est',
  on: 'sur',
  table: 'table',
  good: 'bon',
  morning: 'matin',
  thank: 'merci',
  you: 'vous',
  my: 'mon',
  friend: 'ami',
  and: 'et',
  a: 'un',
  house: 'maison',
  big: 'grand',
  small: 'petit',
  red: 'rouge',
  book: 'livre',
};

function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z']+/g) ?? [];
}

async function classify(task: AwardedTask, ctx: TaskContext): Promise<ClassificationOutput> {
  const message = task.input.inputs['message'] ?? task.input.goal;
  // What memory knows about similar requests; the example only reports how much it found.
  const hits = await ctx.memory.search(message, { k: 3, kinds: ['knowledge'] });
  ctx.progress(0.5, `memory: ${hits.length} related documents`);
  const tokens = words(message);
  const scores = Object.fromEntries(
    Object.entries(labels).map(([label, keys]) => [
      label,
      tokens.filter((t) => keys.includes(t)).length,
    ]),
  );
  const [label, best] = Object.entries(scores).sort((a, b) => b[1] - a[1])[0] ?? ['general', 0];
  const total = Object.values(scores).reduce((s, n) => s + n, 0);
  const confidence = best === 0 ? 0.6 : Math.round((0.6 + (0.4 * best) / total) * 100) / 100;
  return { kind: 'classification', label: best === 0 ? 'general' : label, confidence, scores };
}

function translate(task: AwardedTask, ctx: TaskContext): TextOutput {
  const text = task.input.inputs['text'] ?? task.input.goal;
  const unknown = words(text).filter((w) => !(w in dictionary));
  if (unknown.length > 0) {
    // Another attempt would fail alike: not retriable.
    throw new TaskError(`no French for: ${unknown.join(', ')}`, false);
  }
  ctx.progress(0.9, `translated ${words(text).length} words`);
  const french = words(text)
    .map((w) => dictionary[w])
    .join(' ');
  return {
    kind: 'text',
    text: `${french.charAt(0).toUpperCase()}${french.slice(1)}.\n\n(English: ${text.trim()})`,
  };
}

async function main(): Promise<void> {
  const agent = await createAgent({
    id: values.id,
    capabilities: values.capabilities.split(',').map((c) => c.trim()),
    capacity: Number(values.capacity),
    // Cheap and quick; declines calls whose summary asks for another language.
    bid: (call) =>
      call.inputSummary?.includes('german')
        ? undefined
        : { costUsd: 0.002, etaMs: 300, confidence: 0.9 },
    run: async (task, ctx) => {
      switch (task.capability) {
        case 'classify':
          return classify(task, ctx);
        case 'translate':
          return translate(task, ctx);
        default:
          throw new Error(`${values.id} cannot ${task.capability}`);
      }
    },
    drainOnSignals: true,
  });
  await agent.start();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
