import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './topic-catalog';

/**
 * Deployment checks need a few things that are not in every developer's environment. On a
 * laptop a missing one skips its tests with a loud message; in CI (CI=true) it fails them, so a
 * green CI run means every check really ran.
 */
export function missing(what: string, howToGet: string): string {
  const message = `${what} is not available: ${howToGet}`;
  if (process.env.CI === 'true') throw new Error(`${message} (required in CI)`);
  process.stderr.write(`\n!!! SKIPPING deployment checks: ${message}\n\n`);
  return message;
}

/** True when `command --version`-like probing succeeds. */
export function hasCommand(command: string, args: string[] = ['version', '--client']): boolean {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return result.status === 0;
}

/**
 * Folder of an npm package: the repository's node_modules, else the folders listed in
 * AGORA_DEPLOY_NODE_MODULES (colon-separated), for trying a package before it is a dependency.
 */
export function packageDir(name: string): string | undefined {
  const roots = [
    join(repoRoot, 'node_modules'),
    ...(process.env.AGORA_DEPLOY_NODE_MODULES ?? '').split(':').filter(Boolean),
  ];
  return roots.map((r) => join(r, name)).find((dir) => existsSync(join(dir, 'package.json')));
}

/** Imports a file of an npm package found by {@link packageDir}. */
export async function importFrom<T>(dir: string, file: string): Promise<T> {
  return (await import(pathToFileURL(join(dir, file)).href)) as T;
}
