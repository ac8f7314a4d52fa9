import { randomUUID } from 'node:crypto';
import {
  DeadLetterNotFoundError,
  DeadLetterService,
  parsePosition,
  type DeadLetterFilter,
  type DeadLetterPosition,
  type DeadLetterSummary,
  type DeadLetterView,
  type PurgeReport,
} from '@agora/dead-letters';
import type { MessagingClient, PurgeCut } from '@agora/messaging';
import { CliError, type CliEnv } from '../cli-config';
import { connectMessaging } from '../connect';

/** `agora dlq list`: the newest dead letters that pass the filter, one line each, oldest first. */
export async function dlqListCommand(
  env: CliEnv,
  filter: DeadLetterFilter & { limit: number },
): Promise<number> {
  return withDeadLetters(env, async (deadLetters) => {
    const { matching, inTopic } = await deadLetters.select(filter);
    if (matching.length === 0) {
      console.log(
        inTopic === 0 ? 'no dead letters' : `no dead letters match (${inTopic} in the topic)`,
      );
      return 0;
    }
    const shown = matching.slice(0, filter.limit).reverse();
    console.log(renderDeadLetterRows(shown.map((l) => deadLetters.summary(l))).join('\n'));
    if (matching.length > filter.limit) {
      console.log(`(the newest ${filter.limit} of ${matching.length}; --limit shows more)`);
    }
    return 0;
  });
}

/** `agora dlq show <partition:offset>`: one dead letter whole, its value decoded when it can be. */
export async function dlqShowCommand(env: CliEnv, ref: string): Promise<number> {
  const at = parseRef(ref);
  return withDeadLetters(env, async (deadLetters) => {
    const [stored] = await deadLetters.find([at]);
    console.log(renderDeadLetter(await deadLetters.view(stored!)));
    return 0;
  });
}

/**
 * `agora dlq replay <partition:offset>...` or `agora dlq replay --all` with filters: writes each
 * dead letter's original message back to its source topic, marked with the header
 * `agora-replay-of`.
 */
export async function dlqReplayCommand(
  env: CliEnv,
  refs: readonly string[],
  filter: DeadLetterFilter & { all: boolean },
): Promise<number> {
  if (refs.length === 0 && !filter.all) {
    throw new CliError(
      'name dead letters to replay (partition:offset), or pass --all with filters',
    );
  }
  const wanted = refs.map(parseRef);
  return withDeadLetters(env, async (deadLetters) => {
    const chosen =
      wanted.length > 0
        ? await deadLetters.find(wanted)
        : // Oldest first, so replays keep the order in which their messages failed.
          (await deadLetters.select(filter)).matching.reverse();
    for (const { position, to } of await deadLetters.replay(chosen)) {
      console.log(
        `replayed ${position} to ${to.topic} (partition ${to.partition}, offset ${to.offset})`,
      );
    }
    if (chosen.length === 0) console.log('no dead letters match; nothing replayed');
    return 0;
  });
}

/**
 * `agora dlq purge --before <time> | --all [--yes]`: deletes dead letters from the start of each
 * partition up to the cut; without --yes it only says what it would delete.
 */
export async function dlqPurgeCommand(
  env: CliEnv,
  options: { before?: number; all: boolean; yes: boolean },
): Promise<number> {
  if ((options.before === undefined) === !options.all) {
    throw new CliError(
      options.all
        ? 'give --before or --all, not both'
        : 'say what to purge: --before <time> (every dead letter older) or --all',
    );
  }
  const cut: PurgeCut = options.before === undefined ? { all: true } : { before: options.before };
  return withDeadLetters(env, async (deadLetters) => {
    console.log(renderPurge(await deadLetters.purge(cut, { dryRun: !options.yes })).join('\n'));
    return 0;
  });
}

/** Runs `work` with the dead-letter service on a CLI messaging client, closed afterwards. */
async function withDeadLetters(
  env: CliEnv,
  work: (deadLetters: DeadLetterService) => Promise<number>,
): Promise<number> {
  const client: MessagingClient = await connectMessaging(env, ['DeadLetter'], {
    groupId: `${env.KAFKA_TOPIC_PREFIX}agora.cli.${randomUUID()}`,
  });
  try {
    return await work(new DeadLetterService(client));
  } catch (error) {
    if (error instanceof DeadLetterNotFoundError) {
      throw new CliError(`${error.message} (see \`agora dlq list\`)`);
    }
    throw error;
  } finally {
    await client.close();
  }
}

/** `3:1042` → partition 3, offset 1042 (the position in the dead-letter topic `list` prints). */
export function parseRef(ref: string): DeadLetterPosition {
  const at = parsePosition(ref);
  if (!at) {
    throw new CliError(
      `'${ref}' is not a dead letter's position; expected partition:offset as \`agora dlq list\` prints it, e.g. 0:17`,
    );
  }
  return at;
}

/** The `list` table. Pure, for tests. */
export function renderDeadLetterRows(letters: readonly DeadLetterSummary[]): string[] {
  const rows = letters.map((l) => [
    l.position,
    l.failedAt,
    l.classification,
    `${l.source.topic}[${l.source.partition}]@${l.source.offset}`,
    l.consumerGroup,
    oneLine(l.errorMessage, 90),
  ]);
  return table(['at', 'failed at', 'class', 'source', 'group', 'error'], rows);
}

/** The `show` view. Pure, for tests. */
export function renderDeadLetter(view: DeadLetterView): string {
  const headers = view.headers.map((h) => `  ${h.key}: ${h.value ?? '(null)'}`);
  const { source } = view;
  return [
    `dead letter ${view.position}`,
    `source:         ${source.topic} partition ${source.partition} offset ${source.offset} (written ${source.timestamp ?? 'at an unknown time'})`,
    `consumer group: ${view.consumerGroup}`,
    `failed at:      ${view.failedAt} after ${view.attempts} attempt${view.attempts === 1 ? '' : 's'}`,
    `classification: ${view.classification}`,
    `error:          ${view.errorType}: ${view.errorMessage}`,
    `key:            ${view.key ?? '(null)'}`,
    `headers:${headers.length === 0 ? ' (none)' : `\n${headers.join('\n')}`}`,
    `value (${view.value.bytes} bytes):`,
    renderValue(view.value),
  ].join('\n');
}

function renderValue(value: DeadLetterView['value']): string {
  switch (value.encoding) {
    case 'avro':
      return `${value.eventType} (schema id ${value.schemaId})\n${JSON.stringify(value.event, null, 2)}`;
    case 'hex':
      return `(not decodable: ${value.reason})\n${hexDump(Buffer.from(value.hex, 'hex'))}`;
    case 'null':
      return '(null)';
  }
}

/** What `purge` did or would do, per partition. Pure, for tests. */
export function renderPurge(report: PurgeReport): string[] {
  const which =
    'all' in report.cut ? 'every dead letter' : `dead letters written before ${report.cut.before}`;
  const count = `${report.records} dead letter${report.records === 1 ? '' : 's'}`;
  const rows = report.partitions.map((p) => [
    String(p.partition),
    String(p.records),
    p.records === 0 ? '-' : `${p.from}..${BigInt(p.to) - 1n}`,
  ]);
  return [
    report.dryRun
      ? `dry run: purging ${which} would delete ${count}`
      : `purged ${which}: deleted ${count}`,
    ...table(['partition', 'records', 'offsets'], rows),
    ...(report.dryRun && report.records > 0 ? ['nothing was deleted; --yes deletes them'] : []),
  ];
}

/** Left-aligned columns two spaces apart; the last column is not padded. */
function table(header: string[], rows: string[][]): string[] {
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
