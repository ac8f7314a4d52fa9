import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The running build's version, stamped on every envelope: AGORA_VERSION when set (images set
 * it at build time), otherwise the version of the nearest package.json above this file.
 */
export function agoraVersion(
  env: NodeJS.ProcessEnv = process.env,
  from: string = __dirname,
): string {
  if (env.AGORA_VERSION) return env.AGORA_VERSION;
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { version?: string };
      if (pkg.version) return pkg.version;
    }
    if (dirname(dir) === dir) return '0.0.0';
  }
}
