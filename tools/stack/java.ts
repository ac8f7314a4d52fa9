import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

import { runCommand, which } from './process';

export interface JavaRuntime {
  /** Absolute path of the `java` executable. */
  bin: string;
  version: string;
  major: number;
}

function majorOf(version: string): number {
  // Java 8 and older report "1.8.0_412".
  const [first, second] = version.split(/[.+_-]/);
  const major = Number.parseInt(first === '1' ? (second ?? '') : (first ?? ''), 10);
  return Number.isInteger(major) ? major : 0;
}

/** Reads `<home>/release` when present: instant, unlike starting a JVM for `-version`. */
async function versionFromRelease(bin: string): Promise<string | undefined> {
  try {
    const home = path.dirname(path.dirname(fs.realpathSync(bin)));
    const release = await fsp.readFile(path.join(home, 'release'), 'utf8');
    return /^JAVA_VERSION="([^"]+)"/m.exec(release)?.[1];
  } catch {
    return undefined;
  }
}

export async function probeJava(bin: string): Promise<JavaRuntime | undefined> {
  let version = await versionFromRelease(bin);
  if (version === undefined) {
    const result = await runCommand(bin, ['-version']).catch(() => undefined);
    version = /version "([^"]+)"/.exec(result?.output.join('\n') ?? '')?.[1];
  }
  return version === undefined ? undefined : { bin, version, major: majorOf(version) };
}

function javaIn(home: string | undefined): string | undefined {
  if (!home) return undefined;
  const bin = path.join(home, 'bin', process.platform === 'win32' ? 'java.exe' : 'java');
  return fs.existsSync(bin) ? bin : undefined;
}

/** Where JDKs usually land when they are installed but not the default. */
function installedJavas(): string[] {
  const roots = [
    '/usr/lib/jvm',
    '/usr/java',
    '/opt/java',
    '/Library/Java/JavaVirtualMachines',
    path.join(os.homedir(), '.sdkman', 'candidates', 'java'),
    path.join(os.homedir(), '.jdks'),
  ];
  const found: string[] = [];
  for (const root of roots) {
    let entries: string[];
    try {
      entries = fs.readdirSync(root);
    } catch {
      continue;
    }
    for (const entry of entries) {
      const bin =
        javaIn(path.join(root, entry)) ?? javaIn(path.join(root, entry, 'Contents', 'Home'));
      if (bin) found.push(bin);
    }
  }
  return found;
}

export interface JavaSearch {
  found?: JavaRuntime;
  /** Every runtime looked at, for an error message that says what was there. */
  seen: JavaRuntime[];
}

/**
 * Picks a Java of at least `minMajor`. An explicit home, JAVA_HOME and PATH win when new enough;
 * otherwise the oldest installed JDK that qualifies, as the least surprising one.
 */
export async function findJava(minMajor: number, overrideHome?: string): Promise<JavaSearch> {
  const seen: JavaRuntime[] = [];
  const visited = new Set<string>();
  const probe = async (bin: string | undefined): Promise<JavaRuntime | undefined> => {
    if (!bin) return undefined;
    let real: string;
    try {
      real = fs.realpathSync(bin);
    } catch {
      return undefined;
    }
    if (visited.has(real)) return undefined;
    visited.add(real);
    const runtime = await probeJava(bin);
    if (runtime) seen.push(runtime);
    return runtime;
  };

  for (const bin of [javaIn(overrideHome), javaIn(process.env.JAVA_HOME), which('java')]) {
    const runtime = await probe(bin);
    if (runtime && runtime.major >= minMajor) return { found: runtime, seen };
  }
  const installed: JavaRuntime[] = [];
  for (const bin of installedJavas()) {
    const runtime = await probe(bin);
    if (runtime && runtime.major >= minMajor) installed.push(runtime);
  }
  installed.sort((a, b) => a.major - b.major);
  const found = installed[0];
  return found ? { found, seen } : { seen };
}

export function describeSeen(seen: readonly JavaRuntime[]): string {
  return seen.length === 0
    ? 'no Java at all'
    : seen.map((runtime) => `${runtime.version} (${runtime.bin})`).join(', ');
}
