import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';

import { JavaRuntime } from './java';
import { runMaven } from './maven';
import {
  isAlive,
  ManagedProcess,
  runCommand,
  spawnDetached,
  tailFile,
  writePidFile,
} from './process';
import { Reporter, seconds, sleep, stopwatch } from './reporter';
import {
  HOST,
  MAVEN_DEPENDENCY_PLUGIN,
  REGISTRY,
  REPO_ROOT,
  SCHEMA_REGISTRY_URL,
} from './stack.config';
import { StackError } from './stack.errors';

/** Written only after the archive was unpacked completely. */
const DOWNLOAD_MARKER = path.join(REGISTRY.cacheDir, '.complete');
const DATA_DIR = path.join(REGISTRY.stateDir, 'data');
const ARTIFACT = `${REGISTRY.groupId}:${REGISTRY.artifactId}:${REGISTRY.version}:tar.gz:all`;

export const registryProcess: ManagedProcess = {
  name: 'registry',
  pidFile: path.join(REGISTRY.stateDir, 'registry.pid'),
  logFile: path.join(REGISTRY.stateDir, 'registry.log'),
  markers: [REGISTRY.cacheDir + path.sep, `-Dquarkus.http.port=${REGISTRY.port}`],
};

export const registryPorts = [REGISTRY.port, REGISTRY.managementPort] as const;

/** The launcher's folder moved between releases (3.0 shipped a `-runner.jar` at the top), so search. */
async function findLauncher(dir: string, depth = 3): Promise<string | undefined> {
  let entries: fs.Dirent[];
  try {
    entries = await fsp.readdir(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  const launcher = entries.find(
    (entry) =>
      entry.isFile() && (entry.name === 'quarkus-run.jar' || entry.name.endsWith('-runner.jar')),
  );
  if (launcher) return path.join(dir, launcher.name);
  if (depth === 0) return undefined;
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const found = await findLauncher(path.join(dir, entry.name), depth - 1);
    if (found) return found;
  }
  return undefined;
}

export function isRegistryDownloaded(): boolean {
  return fs.existsSync(DOWNLOAD_MARKER);
}

export async function downloadRegistry(reporter: Reporter): Promise<void> {
  const elapsed = stopwatch();
  reporter.step(
    'registry',
    `downloading Apicurio Registry ${REGISTRY.version} from Maven Central…`,
  );
  const staging = `${REGISTRY.cacheDir}.download`;
  await fsp.rm(staging, { recursive: true, force: true });
  await fsp.mkdir(staging, { recursive: true });
  // Run from the empty staging folder so no stray pom.xml in the working directory is picked up.
  await runMaven(
    'registry',
    [`${MAVEN_DEPENDENCY_PLUGIN}:copy`, `-Dartifact=${ARTIFACT}`, `-DoutputDirectory=${staging}`],
    reporter,
    staging,
  );
  const archive = (await fsp.readdir(staging)).find((name) => name.endsWith('.tar.gz'));
  if (!archive)
    throw new StackError(
      `Maven finished but left no ${REGISTRY.artifactId} archive in ${staging}.`,
    );

  reporter.step('registry', `unpacking ${archive}…`);
  const unpacked = path.join(staging, 'app');
  await fsp.mkdir(unpacked);
  const untar = await runCommand('tar', [
    '-xzf',
    path.join(staging, archive),
    '-C',
    unpacked,
  ]).catch((error: unknown) => {
    throw new StackError(`Could not run tar to unpack ${archive}: ${(error as Error).message}`, {
      cause: error,
    });
  });
  if (untar.code !== 0)
    throw new StackError([`tar failed on ${archive}:`, ...untar.output.slice(-10)].join('\n'));
  if (!(await findLauncher(unpacked))) throw new StackError(`${archive} holds no quarkus-run.jar.`);

  // Swap in the complete folder in one step; a half-unpacked cache would look usable.
  await fsp.rm(REGISTRY.cacheDir, { recursive: true, force: true });
  await fsp.rename(unpacked, REGISTRY.cacheDir);
  await fsp.rm(staging, { recursive: true, force: true });
  await fsp.writeFile(DOWNLOAD_MARKER, `${JSON.stringify({ artifact: ARTIFACT }, null, 2)}\n`);
  reporter.step('registry', `downloaded and unpacked (${seconds(elapsed())})`);
}

export async function startRegistry(java: JavaRuntime, reporter: Reporter): Promise<number> {
  const launcher = await findLauncher(REGISTRY.cacheDir);
  if (!launcher)
    throw new StackError(
      `No quarkus-run.jar under ${REGISTRY.cacheDir}; delete that folder and run up again.`,
    );
  await fsp.mkdir(DATA_DIR, { recursive: true });
  const pid = await spawnDetached({
    command: java.bin,
    args: [
      '-Xmx512m',
      // C1 only, as for Kafka: ready in about 4 s instead of 6 s when both start together.
      '-XX:TieredStopAtLevel=1',
      '-Djava.awt.headless=true',
      `-Dquarkus.http.port=${REGISTRY.port}`,
      `-Dquarkus.http.host=${HOST}`,
      // quarkus.management.enabled is fixed at build time (true), so move it off 9000 instead.
      `-Dquarkus.management.port=${REGISTRY.managementPort}`,
      `-Dquarkus.management.host=${HOST}`,
      // The Confluent client reads GET /config/{subject} before registering and fails on "NONE";
      // a global rule set at start is what makes it agree (a later PUT /config does not).
      `-Dapicurio.rules.global.compatibility=${REGISTRY.compatibility}`,
      // H2 on disk instead of in memory: Kafka keeps its data across `down`, and records carry
      // schema ids, so the registry must remember them too.
      `-Dapicurio.datasource.url=jdbc:h2:file:${path.join(DATA_DIR, 'registry')}`,
      // The packaged pattern prints dates as "2026-11+00-24" (a stray zone letter).
      '-Dquarkus.log.console.format=%d{yyyy-MM-dd HH:mm:ss.SSS} %p [%c{3.}] (%t) %m%n',
      '-jar',
      launcher,
    ],
    cwd: REGISTRY.stateDir,
    logFile: registryProcess.logFile,
  });
  await writePidFile(registryProcess.pidFile, pid);
  reporter.step(
    'registry',
    `started (pid ${pid}, Java ${java.version}), log ${path.relative(REPO_ROOT, registryProcess.logFile)}`,
  );
  return pid;
}

async function getJson(url: string, timeoutMs: number): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: keep the text for the error message.
  }
  return { status: response.status, body };
}

export async function registryAnswers(timeoutMs = 2_000): Promise<boolean> {
  try {
    return (await getJson(`${SCHEMA_REGISTRY_URL}/subjects`, timeoutMs)).status === 200;
  } catch {
    return false;
  }
}

export async function waitForRegistry(pid: number): Promise<void> {
  const deadline = Date.now() + REGISTRY.readyTimeoutMs;
  let ready = false;
  while (!ready && Date.now() < deadline) {
    ready = await registryAnswers();
    if (ready) break;
    if (!isAlive(pid))
      throw await registryFailure(`The registry (pid ${pid}) exited during start-up.`);
    await sleep(500);
  }
  if (!ready)
    throw await registryFailure(
      `The registry did not answer on ${SCHEMA_REGISTRY_URL} within ${seconds(REGISTRY.readyTimeoutMs)}.`,
    );
  await verifyCompatibility();
}

export async function verifyCompatibility(): Promise<void> {
  const { status, body } = await getJson(`${SCHEMA_REGISTRY_URL}/config`, 5_000);
  const level = (body as { compatibilityLevel?: unknown } | undefined)?.compatibilityLevel;
  if (status !== 200 || level !== REGISTRY.compatibility) {
    throw new StackError(
      `The registry's global compatibility is ${JSON.stringify(level ?? body)} (HTTP ${status}), expected ${REGISTRY.compatibility}; ` +
        'schema registration with the Confluent client would fail. Stop it (stack down) and check registry.log.',
    );
  }
}

async function registryFailure(message: string): Promise<StackError> {
  const tail = await tailFile(registryProcess.logFile, 30);
  return new StackError(
    [
      message,
      `Last lines of ${path.relative(REPO_ROOT, registryProcess.logFile)}:`,
      ...tail.map((line) => `  ${line}`),
    ].join('\n'),
  );
}
