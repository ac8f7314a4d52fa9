import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderUserFiles } from './generate-k8s-users';
import {
  allPrincipalAcls,
  lagReaderAcls,
  principalAcls,
  readAccessCatalog,
  readLagTriggers,
  renderAccessTables,
  type AclRule,
  type PrincipalAcls,
} from './kafka-acls';
import { renderKafkaAclCommands } from './k8s-users';
import { repoRoot } from './topic-catalog';

/** Paths of generated files whose content differs from what `principals` renders. */
function driftedFiles(principals: PrincipalAcls[]): string[] {
  return Object.entries(renderUserFiles(principals))
    .filter(([path, content]) => readFileSync(join(repoRoot, path), 'utf8') !== content)
    .map(([path]) => path);
}

/** `topic:name Read,Describe` / `group:prefix:name Read`, one string per rule, for readable expectations. */
function brief(rules: readonly AclRule[]): string[] {
  return rules.map(
    ({ resource: r, operations }) =>
      `${r.type}:${r.patternType === 'prefix' ? 'prefix:' : ''}${r.name} ${operations.join(',')}`,
  );
}

function rulesOf(principal: string): string[] {
  const found = allPrincipalAcls().find((p) => p.principal === principal);
  if (!found) throw new Error(`no principal ${principal}`);
  return brief(found.rules);
}

describe('KafkaUsers generated from schemas/topics.yaml', () => {
  it('are committed exactly as the catalog renders them (users and service credentials)', () => {
    expect(
      driftedFiles(allPrincipalAcls()),
      'run: npx tsx tools/deploy/generate-k8s-users.ts',
    ).toEqual([]);
  });

  it('drift is caught: a catalog where memory no longer reads goals no longer matches the users', () => {
    const catalog = readAccessCatalog();
    const goals = catalog.topics.find((t) => t.name === 'agora.goals.submitted')!;
    goals.consumers = goals.consumers.filter((c) => c !== 'memory');
    expect(driftedFiles([...principalAcls(catalog), lagReaderAcls(readLagTriggers())])).toEqual([
      'k8s/overlays/prod/kafka/users.generated.yaml',
    ]);
  });

  it('give a service Write+Describe where it produces, Read+Describe where it consumes, Read on its groups', () => {
    expect(rulesOf('auction')).toEqual([
      'topic:agora.tasks.ready Read,Describe',
      'topic:agora.auction.cfp Write,Describe',
      'topic:agora.auction.bids Read,Describe',
      'topic:agora.auction.waiting Write,Describe',
      'topic:agora.auction.awards Write,Describe',
      'topic:agora.tasks.progress Read,Describe',
      'topic:agora.tasks.completed Read,Describe',
      'topic:agora.tasks.failed Read,Write,Describe',
      'topic:agora.agents.heartbeats Read,Describe',
      'topic:agora.agents.reputation Read,Describe',
      'topic:agora.deadletter Write,Describe',
      'group:agora.auction Read',
      'group:prefix:agora.auction. Read',
    ]);
    expect(rulesOf('memory')).toEqual([
      'topic:agora.goals.submitted Read,Describe',
      'topic:agora.goals.completed Read,Describe',
      'topic:agora.tasks.completed Read,Describe',
      'topic:agora.tasks.evaluated Read,Describe',
      'topic:agora.memory.recorded Write,Describe',
      'topic:agora.memory.search.requests Read,Describe',
      'topic:agora.memory.search.results Write,Describe',
      'topic:agora.deadletter Write,Describe',
      'group:agora.memory Read',
      'group:prefix:agora.memory. Read',
    ]);
  });

  it('let the console read what it shows, join its own groups, and write only dead letters', () => {
    const rules = rulesOf('console');
    expect(rules.filter((r) => r.includes('Write'))).toEqual([
      'topic:agora.deadletter Read,Write,Describe',
    ]);
    for (const topic of ['agora.goals.planned', 'agora.auction.bids', 'agora.agents.reputation'])
      expect(rules).toContain(`topic:${topic} Read,Describe`);
    expect(rules.some((r) => r.startsWith('topic:agora.memory.'))).toBe(false);
    expect(rules.filter((r) => r.startsWith('group:'))).toEqual([
      'group:prefix:agora.console. Read',
    ]);
  });

  it('let the client submit, cancel and follow goals, and write nothing else', () => {
    const rules = rulesOf('client');
    expect(rules.filter((r) => r.includes('Write'))).toEqual([
      'topic:agora.goals.submitted Write,Describe',
      'topic:agora.goals.cancel-requested Write,Describe',
    ]);
    expect(rules).toContain('topic:agora.goals.completed Read,Describe');
    expect(rules).toContain('topic:agora.goals.failed Read,Describe');
    expect(rules.some((r) => r.startsWith('topic:agora.deadletter'))).toBe(false);
    expect(rules).toContain('group:prefix:agora.cli. Read');
  });

  it('let dead-letter operators read, replay (write the sources) and purge dead letters', () => {
    const rules = rulesOf('operator');
    expect(rules).toContain('topic:agora.deadletter Read,Delete,Describe');
    expect(rules).toContain('topic:agora.auction.awards Write,Describe');
    // Read by the console too, which dead-letters what it cannot read: a replay writes it back.
    expect(rules).toContain('topic:agora.goals.planned Write,Describe');
    // Read by nobody: no dead letter comes from it.
    expect(rules.some((r) => r.startsWith('topic:agora.memory.recorded '))).toBe(false);
    expect(rules.filter((r) => r.includes('Read'))).toEqual([
      'topic:agora.deadletter Read,Delete,Describe',
      'group:prefix:agora.deadletter.reader. Read',
    ]);
  });

  it('let KEDA describe the topics and groups its ScaledObjects watch, and nothing more', () => {
    const rules = rulesOf('keda');
    expect(rules.every((r) => r.endsWith(' Describe'))).toBe(true);
    expect(rules).toContain('topic:agora.tasks.ready Describe');
    expect(rules).toContain('group:agora.evaluator Describe');
    // Executors scale on a Prometheus gauge, not on a group they never join.
    expect(rules.some((r) => r.startsWith('group:agora.executor'))).toBe(false);
  });

  it('print the same grants as kafka-acls.sh commands, prefixed groups as PREFIXED patterns', () => {
    const text = renderKafkaAclCommands(allPrincipalAcls(), {
      bootstrapServer: 'kafka:9092',
      commandConfig: 'admin.properties',
    });
    expect(text).toContain(
      'kafka-acls.sh --bootstrap-server kafka:9092 --command-config admin.properties --add --allow-principal User:agora-planner --operation Write --operation Describe --topic agora.tasks.ready\n',
    );
    expect(text).toContain(
      '--allow-principal User:agora-executor --operation Read --group agora.executor. --resource-pattern-type prefixed\n',
    );
    const rules = allPrincipalAcls().reduce((n, p) => n + p.rules.length, 0);
    expect(text.split('\n').filter((l) => l.startsWith('kafka-acls.sh'))).toHaveLength(rules);
  });

  it('are the tables README.md shows under "Who may write which topic"', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    expect(
      readme.includes(renderAccessTables()),
      'paste the output of renderAccessTables() (tools/deploy/kafka-acls.ts) into README.md',
    ).toBe(true);
  });
});
