import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeTopicsScriptPath, renderComposeTopicsScript } from './compose-topics';
import { generatedTopicsPath, renderKafkaTopics } from './k8s-topics';
import { readTopicCatalog, repoRoot, type ProvisionedTopic } from './topic-catalog';

/** Every file generated from schemas/topics.yaml, by repository-relative path. */
export function renderTopicFiles(topics: readonly ProvisionedTopic[]): Record<string, string> {
  return {
    [generatedTopicsPath]: renderKafkaTopics(topics),
    [composeTopicsScriptPath]: renderComposeTopicsScript(topics),
  };
}

/**
 * Writes the Strimzi KafkaTopic manifests and the compose topic job's script from
 * schemas/topics.yaml. `--check` writes nothing and exits 1 when a committed file has drifted.
 */
function main(): void {
  const files = renderTopicFiles(readTopicCatalog());
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [path, content] of Object.entries(files)) {
    const target = join(repoRoot, path);
    if (check) {
      if (readFileSync(target, 'utf8') !== content) {
        stale++;
        process.stderr.write(`${path} is stale: run npx tsx tools/deploy/generate-k8s-topics.ts\n`);
      }
      continue;
    }
    writeFileSync(target, content);
    if (path.endsWith('.sh')) chmodSync(target, 0o755);
    process.stdout.write(`wrote ${path}\n`);
  }
  if (stale > 0) process.exit(1);
}

if (require.main === module) main();
