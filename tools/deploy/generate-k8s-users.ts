import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allPrincipalAcls, type PrincipalAcls } from './kafka-acls';
import {
  generatedCredentialsPath,
  generatedUsersPath,
  renderKafkaUsers,
  renderServiceCredentials,
} from './k8s-users';
import { repoRoot } from './topic-catalog';

/** Every file generated from the catalog's access lists, by repository-relative path. */
export function renderUserFiles(principals: readonly PrincipalAcls[]): Record<string, string> {
  return {
    [generatedUsersPath]: renderKafkaUsers(principals),
    [generatedCredentialsPath]: renderServiceCredentials(principals),
  };
}

/**
 * Writes the Strimzi KafkaUsers (one per principal of schemas/topics.yaml, plus KEDA's lag
 * reader) and the services' credential patch. `--check` writes nothing and exits 1 when a
 * committed file has drifted.
 */
function main(): void {
  const files = renderUserFiles(allPrincipalAcls());
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [path, content] of Object.entries(files)) {
    const target = join(repoRoot, path);
    if (check) {
      let committed: string | undefined;
      try {
        committed = readFileSync(target, 'utf8');
      } catch {
        committed = undefined;
      }
      if (committed !== content) {
        stale++;
        process.stderr.write(`${path} is stale: run npx tsx tools/deploy/generate-k8s-users.ts\n`);
      }
      continue;
    }
    writeFileSync(target, content);
    process.stdout.write(`wrote ${path}\n`);
  }
  if (stale > 0) process.exit(1);
}

if (require.main === module) main();
