import * as path from 'node:path';

import { Client } from 'pg';

import {
  inspectPid,
  isAlive,
  ManagedProcess,
  spawnDetached,
  tailFile,
  writePidFile,
} from './process';
import { Reporter, seconds, sleep } from './reporter';
import { FORCE_EMBEDDED_PG_ENV, HOST, POSTGRES, REPO_ROOT } from './stack.config';
import { StackError } from './stack.errors';

/**
 * - `external`: DATABASE_URL was given; we only check it answers.
 * - `local`: a PostgreSQL server on 127.0.0.1:5432 with trust login; we add the `agora` database.
 * - `embedded`: PGlite served by tools/stack/pglite-server.ts, started and stopped with the stack.
 */
export type PostgresMode = 'external' | 'local' | 'embedded';

export interface PostgresPlan {
  mode: PostgresMode;
  url: string;
  /** Why this mode was chosen, for the progress line. */
  reason: string;
}

export const pgliteProcess: ManagedProcess = {
  name: 'postgres',
  pidFile: path.join(POSTGRES.stateDir, 'pglite.pid'),
  logFile: path.join(POSTGRES.stateDir, 'pglite.log'),
  markers: [POSTGRES.serverScript],
};

const DATA_DIR = path.join(POSTGRES.stateDir, 'data');
// PGlite has a single database; `agora` would need CREATE DATABASE, which it does not support.
export const EMBEDDED_URL = `postgres://postgres@${HOST}:${POSTGRES.embeddedPort}/postgres`;
const LOCAL_AGORA_URL = (() => {
  const url = new URL(POSTGRES.localUrl);
  url.pathname = `/${POSTGRES.database}`;
  return url.toString();
})();

/** Hides a password before a URL goes to the terminal. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

async function withClient<T>(
  url: string,
  timeoutMs: number,
  use: (client: Client) => Promise<T>,
): Promise<T> {
  const client = new Client({
    connectionString: url,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
  });
  // An 'error' event without a listener (a reset socket) would crash the whole process.
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await use(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function postgresAnswers(url: string, timeoutMs = 3_000): Promise<boolean> {
  try {
    await withClient(url, timeoutMs, (client) => client.query('select 1'));
    return true;
  } catch {
    return false;
  }
}

function describeError(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  return [code, message].filter(Boolean).join(' ') || String(error);
}

/** Decides where the database comes from, without starting anything. */
export async function planPostgres(): Promise<PostgresPlan> {
  if (process.env[FORCE_EMBEDDED_PG_ENV] === '1') {
    return { mode: 'embedded', url: EMBEDDED_URL, reason: `${FORCE_EMBEDDED_PG_ENV}=1` };
  }
  const given = process.env.DATABASE_URL;
  if (given) return { mode: 'external', url: given, reason: 'DATABASE_URL is set' };
  // Once the embedded server runs it stays the stack's database until `down`, even if a local
  // server appears meanwhile, so data does not silently move between the two.
  if ((await inspectPid(pgliteProcess)).kind === 'running') {
    return { mode: 'embedded', url: EMBEDDED_URL, reason: 'embedded server already running' };
  }
  try {
    await withClient(POSTGRES.localUrl, 2_000, (client) => client.query('select 1'));
    return { mode: 'local', url: LOCAL_AGORA_URL, reason: `PostgreSQL answers on ${HOST}:5432` };
  } catch (error) {
    return {
      mode: 'embedded',
      url: EMBEDDED_URL,
      reason: `no usable PostgreSQL on ${HOST}:5432 (${describeError(error)})`,
    };
  }
}

export async function checkExternal(url: string): Promise<void> {
  try {
    await withClient(url, 5_000, (client) => client.query('select 1'));
  } catch (error) {
    throw new StackError(
      `DATABASE_URL (${redact(url)}) does not answer "select 1": ${describeError(error)}. ` +
        `Fix or unset DATABASE_URL (or set ${FORCE_EMBEDDED_PG_ENV}=1 for the embedded database).`,
      { cause: error },
    );
  }
}

/** Creates the `agora` database on the local server if it is missing. */
export async function ensureLocalDatabase(): Promise<boolean> {
  return withClient(POSTGRES.localUrl, 5_000, async (client) => {
    const found = await client.query('select 1 from pg_database where datname = $1', [
      POSTGRES.database,
    ]);
    if ((found.rowCount ?? 0) > 0) return false;
    try {
      await client.query(`create database "${POSTGRES.database}"`);
      return true;
    } catch (error) {
      // 42P04 duplicate_database: a concurrent `up` created it first.
      if ((error as { code?: string }).code === '42P04') return false;
      throw new StackError(
        `Could not create database ${POSTGRES.database} on ${HOST}:5432: ${describeError(error)}`,
        { cause: error },
      );
    }
  });
}

export async function startEmbedded(reporter: Reporter): Promise<number> {
  const pid = await spawnDetached({
    // Node itself with the tsx loader: the tsx binary would sit in between as a second process.
    command: process.execPath,
    args: [
      '--import',
      'tsx',
      POSTGRES.serverScript,
      '--data',
      DATA_DIR,
      '--host',
      HOST,
      '--port',
      String(POSTGRES.embeddedPort),
      '--max-connections',
      String(POSTGRES.embeddedMaxConnections),
    ],
    cwd: REPO_ROOT,
    logFile: pgliteProcess.logFile,
  });
  await writePidFile(pgliteProcess.pidFile, pid);
  reporter.step(
    'postgres',
    `started embedded PGlite (pid ${pid}), log ${path.relative(REPO_ROOT, pgliteProcess.logFile)}`,
  );
  return pid;
}

export async function waitForEmbedded(pid: number): Promise<void> {
  const deadline = Date.now() + POSTGRES.readyTimeoutMs;
  while (Date.now() < deadline) {
    if (await postgresAnswers(EMBEDDED_URL, 2_000)) return;
    if (!isAlive(pid))
      throw await embeddedFailure(`The embedded PostgreSQL (pid ${pid}) exited during start-up.`);
    await sleep(300);
  }
  throw await embeddedFailure(
    `The embedded PostgreSQL did not answer on ${EMBEDDED_URL} within ${seconds(POSTGRES.readyTimeoutMs)}.`,
  );
}

async function embeddedFailure(message: string): Promise<StackError> {
  const tail = await tailFile(pgliteProcess.logFile, 30);
  return new StackError(
    [
      message,
      `Last lines of ${path.relative(REPO_ROOT, pgliteProcess.logFile)}:`,
      ...tail.map((line) => `  ${line}`),
    ].join('\n'),
  );
}
