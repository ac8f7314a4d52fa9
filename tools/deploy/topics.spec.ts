import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { renderTopicFiles } from './generate-k8s-topics';
import { catalogFile, readTopicCatalog, repoRoot } from './topic-catalog';

/** Paths of generated files whose content differs from what `topics` renders. */
function driftedFiles(topics: ReturnType<typeof readTopicCatalog>): string[] {
  return Object.entries(renderTopicFiles(topics))
    .filter(([path, content]) => readFileSync(join(repoRoot, path), 'utf8') !== content)
    .map(([path]) => path);
}

describe('topic manifests generated from schemas/topics.yaml', () => {
  it('are committed exactly as the catalog renders them (KafkaTopics and the compose job)', () => {
    expect(
      driftedFiles(readTopicCatalog()),
      'run: npx tsx tools/deploy/generate-k8s-topics.ts',
    ).toEqual([]);
  });

  it('drift is caught: a catalog with one topic fewer no longer matches the committed files', () => {
    const raw = parse(readFileSync(catalogFile, 'utf8')) as { topics: { name: string }[] };
    const dropped = raw.topics.pop()!;
    const copy = join(mkdtempSync(join(tmpdir(), 'agora-catalog-')), 'topics.yaml');
    writeFileSync(copy, stringify(raw));
    const topics = readTopicCatalog(copy);
    expect(topics.map((t) => t.name)).not.toContain(dropped.name);
    expect(driftedFiles(topics).sort()).toEqual([
      'deploy/compose/create-topics.sh',
      'k8s/overlays/prod/kafka/topics.generated.yaml',
    ]);
  });

  it('applies the catalog defaults (replication, cleanup, min.insync.replicas) to every topic', () => {
    const topics = readTopicCatalog();
    const heartbeats = topics.find((t) => t.name === 'agora.agents.heartbeats')!;
    expect(heartbeats.config).toMatchObject({
      'cleanup.policy': 'compact',
      'retention.ms': '-1',
      'min.insync.replicas': '2',
      'segment.ms': '3600000',
    });
    expect(topics.every((t) => t.replicationFactor === 3)).toBe(true);
  });

  it('names the field when a catalog topic is broken', () => {
    const copy = join(mkdtempSync(join(tmpdir(), 'agora-catalog-')), 'topics.yaml');
    writeFileSync(copy, stringify({ topics: [{ name: 'a', event: 'A', retentionMs: 1 }] }));
    expect(() => readTopicCatalog(copy)).toThrow(
      /topics\[0\]\.partitions: expected a positive whole number/,
    );
  });
});
