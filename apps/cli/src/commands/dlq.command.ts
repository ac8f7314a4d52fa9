import { randomUUID } from 'node:crypto';
import { eventTypeOfTopic } from '@agora/contracts';
import type { MessagingClient, StoredDeadLetter } from '@agora/messaging';
import { CliError, type CliEnv } from '../cli-config';
import { connectMessaging } from '../connect';

/** Which dead letters a command applies to. */
export interface DlqFilter {
  /** A source topic, or an event type whose topic it is. */
  topic?: string;
  /** undecodable, fatal or retriable. */
  classification?: string;
  /** Only dead letters written at or after this time (epoch ms). */
  since?: number;
}

/** `agora dlq list`: one line per dead letter, oldest first. */
export async function dlqListCommand(
  env: CliEnv,
  filter: DlqFilter & { limit: number },
): Promise<number> {
  const { client, letters } = await readDeadLetters(env);
  try {
    const chosen = letters.filter((l) => matches(l, filter, env.KAFKA_TOPIC_PREFIX));
    if (chosen.length === 0) {
      console.log(
        letters.length === 0
          ? 'no dead letters'
          : `no dead letters match (${letters.length} in the topic)`,
      );
      return 0;
    }
    console.log(renderDeadLetterRows(chosen.slice(-filter.limit)).join('\n'));
    if (chosen.length > filter.limit) {
      console.log(`(the last ${filter.limit} of ${chosen.length}; --limit shows more)`);
    }
    return 0;
  } finally {
    await client.close();
  }
}

/** `agora dlq show <partition:offset>`: one dead letter whole, its value decoded when it can be. */
export async function dlqShowCommand(env: CliEnv, ref: string): Promise<number> {
  const at = parseRef(ref);
  const { client, letters } = await readDeadLetters(env);
  try {
    const stored = find(letters, at, ref);
    const type = eventTypeOfTopic(
      stored.deadLetter.sourceTopic.slice(env.KAFKA_TOPIC_PREFIX.length),
    );
    let decoded: string;
    try {
      if (!type) throw new Error(`topic ${stored.deadLetter.sourceTopic} is not in the catalog`);
      const { event } = await client.codec.decode(type, stored.deadLetter.value);
      decoded = JSON.stringify(event, jsonSafe, 2);
    } catch (error) {
      decoded = `(not decodable: ${error instanceof Error ? error.message : String(error)})\n${hexDump(stored.deadLetter.value)}`;
    }
    console.log(renderDeadLetter(stored, decoded));
    return 0;
  } finally {
    await client.close();
  }
}

/**
 * `agora dlq replay <partition:offset>...` or `agora dlq replay --all` with filters: writes each
 * dead letter's original message back to its source topic, marked with the header
 * `agora-replay-of`.
 */
export async function dlqReplayCommand(
  env: CliEnv,
  refs: readonly string[],
  filter: DlqFilter & { all: boolean },
): Promise<number> {
  if (refs.length === 0 && !filter.all) {
    throw new CliError(
      'name dead letters to replay (partition:offset), or pass --all with filters',
    );
  }
  const wanted = refs.map(parseRef);
  const { client, letters } = await readDeadLetters(env);
  try {
    const chosen =
      refs.length > 0
        ? wanted.map((at, i) => find(letters, at, refs[i]!))
        : letters.filter((l) => matches(l, filter, env.KAFKA_TOPIC_PREFIX));
    for (const stored of chosen) {
      const to = await client.deadLetters.replay(stored);
      console.log(
        `replayed ${stored.partition}:${stored.offset} to ${to.topic} (partition ${to.partition}, offset ${to.offset})`,
      );
    }
    if (chosen.length === 0) console.log('no dead letters match; nothing replayed');
    return 0;
  } finally {
    await client.close();
  }
}

async function readDeadLetters(
  env: CliEnv,
): Promise<{ client: MessagingClient; letters: StoredDeadLetter[] }> {
  const client = await connectMessaging(env, ['DeadLetter'], {
    groupId: `${env.KAFKA_TOPIC_PREFIX}agora.cli.${randomUUID()}`,
  });
  try {
    return { client, letters: await client.deadLetters.readAll() };
  } catch (error) {
    await client.close();
    throw error;
  }
}

/** `3:1042` → partition 3, offset 1042 (the position in the dead-letter topic `list` prints). */
export function parseRef(ref: string): { partition: number; offset: string } {
  const match = /^(\d+):(\d+)$/.exec(ref.trim());
  if (!match) {
    throw new CliError(
      `'${ref}' is not a dead letter's position; expected partition:offset as \`agora dlq list\` prints it, e.g. 0:17`,
    );
  }
  return { partition: Number(match[1]), offset: match[2]! };
}

function find(
  letters: readonly StoredDeadLetter[],
  at: { partition: number; offset: string },
  ref: string,
): StoredDeadLetter {
  const stored = letters.find((l) => l.partition === at.partition && l.offset === at.offset);
  if (!stored) throw new CliError(`no dead letter at ${ref} (see \`agora dlq list\`)`);
  return stored;
}

/** Whether a dead letter passes the filter; `topic` may be an event type or a topic name. */
export function matches(stored: StoredDeadLetter, filter: DlqFilter, prefix: string): boolean {
  const dl = stored.deadLetter;
  if (
    filter.topic !== undefined &&
    dl.sourceTopic !== filter.topic &&
    eventTypeOfTopic(dl.sourceTopic.slice(prefix.length)) !== filter.topic
  ) {
    return false;
  }
  if (filter.classification !== undefined && dl.classification !== filter.classification) {
    return false;
  }
  if (filter.since !== undefined && dl.failedAt < filter.since) return false;
  return true;
}

/** The `list` table. Pure, for tests. */
export function renderDeadLetterRows(letters: readonly StoredDeadLetter[]): string[] {
  const rows = letters.map((l) => {
    const dl = l.deadLetter;
    return [
      `${l.partition}:${l.offset}`,
      new Date(dl.failedAt).toISOString(),
      dl.classification,
      `${dl.sourceTopic}[${dl.sourcePartition}]@${dl.sourceOffset}`,
      dl.consumerGroup,
      oneLine(dl.errorMessage, 90),
    ];
  });
  const header = ['at', 'failed at', 'class', 'source', 'group', 'error'];
  const widths = header.map((h, i) =>
    i === header.length - 1 ? 0 : Math.max(h.length, ...rows.map((r) => r[i]!.length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** The `show` view. Pure, for tests. */
export function renderDeadLetter(stored: StoredDeadLetter, decodedValue: string): string {
  const dl = stored.deadLetter;
  const headers = dl.headers.map((h) => `  ${h.key}: ${h.value?.toString('utf8') ?? '(null)'}`);
  return [
    `dead letter ${stored.partition}:${stored.offset}`,
    `source:         ${dl.sourceTopic} partition ${dl.sourcePartition} offset ${dl.sourceOffset} (written ${dl.sourceTimestamp === null ? 'at an unknown time' : new Date(dl.sourceTimestamp).toISOString()})`,
    `consumer group: ${dl.consumerGroup}`,
    `failed at:      ${new Date(dl.failedAt).toISOString()} after ${dl.attempts} attempt${dl.attempts === 1 ? '' : 's'}`,
    `classification: ${dl.classification}`,
    `error:          ${dl.errorType}: ${dl.errorMessage}`,
    `key:            ${dl.key === null ? '(null)' : dl.key.toString('utf8')}`,
    `headers:${headers.length === 0 ? ' (none)' : `\n${headers.join('\n')}`}`,
    `value (${dl.value?.length ?? 0} bytes):`,
    decodedValue,
  ].join('\n');
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** Offset, hex and printable bytes, 16 to a line; at most 1 KiB. */
export function hexDump(bytes: Buffer | null, max = 1024): string {
  if (bytes === null) return '(null)';
  const lines: string[] = [];
  for (let i = 0; i < Math.min(bytes.length, max); i += 16) {
    const chunk = bytes.subarray(i, Math.min(i + 16, bytes.length));
    const hex = [...chunk].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const text = [...chunk]
      .map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.'))
      .join('');
    lines.push(`${i.toString(16).padStart(6, '0')}  ${hex.padEnd(47)}  ${text}`);
  }
  if (bytes.length > max) lines.push(`… ${bytes.length - max} more bytes`);
  return lines.join('\n');
}

function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value && typeof value === 'object' && (value as { type?: unknown }).type === 'Buffer') {
    return `<${((value as { data: unknown[] }).data ?? []).length} bytes>`;
  }
  return value;
}
