import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileContracts, ContractError } from './contract-compiler';
import { loadFormatOptions, renderContracts } from './contract-renderer';
import { readContractSources, type ContractSources } from './contract-sources';

const root = resolve(__dirname, '../..');
const sources = readContractSources(root);

type Json = Record<string, unknown>;

/** A copy of the sources with one schema changed. */
function withSchema(name: string, change: (schema: Json) => void): ContractSources {
  const copy = structuredClone(sources) as {
    schemas: { file: string; schema: Json }[];
    catalog: ContractSources['catalog'];
  };
  const file = copy.schemas.find((s) => s.file === `schemas/avro/${name}.avsc`);
  if (file === undefined) throw new Error(`no schema ${name}`);
  change(file.schema);
  return copy;
}

type Catalog = { topics: Json[]; principals: Record<string, Json> };

/** A copy of the sources with the topic catalog changed. */
function withCatalog(change: (catalog: Catalog) => void): ContractSources {
  const copy = structuredClone(sources) as ContractSources & {
    catalog: { catalog: Catalog };
  };
  change(copy.catalog.catalog);
  return copy;
}

function field(schema: Json, name: string): Json {
  const found = (schema['fields'] as Json[]).find((f) => f['name'] === name);
  if (found === undefined) throw new Error(`no field ${name}`);
  return found;
}

function topic(catalog: Catalog, event: string): Json {
  const found = catalog.topics.find((t) => t['event'] === event);
  if (found === undefined) throw new Error(`no topic for ${event}`);
  return found;
}

function compileError(broken: ContractSources): ContractError {
  try {
    compileContracts(broken);
  } catch (error) {
    if (error instanceof ContractError) return error;
    throw error;
  }
  throw new Error('expected the compiler to reject the sources');
}

describe('generated code', () => {
  it('is what the generator writes from schemas/ now', async () => {
    const files = await renderContracts(compileContracts(sources), await loadFormatOptions(root));
    expect(files.length).toBeGreaterThan(0);
    for (const { path, content } of files) {
      const onDisk = readFileSync(resolve(root, path), 'utf8');
      expect(
        onDisk === content,
        `${path} is stale: run npx tsx tools/codegen/generate-contracts.ts`,
      ).toBe(true);
    }
  });
});

describe('contract rules', () => {
  it('accept the sources as they are', () => {
    const model = compileContracts(sources);
    expect(model.events.map((e) => e.type)).toContain('TaskAwarded');
  });

  it('reject a field without a doc, naming file and field', () => {
    const error = compileError(withSchema('TaskReady', (s) => delete field(s, 'attempt')['doc']));
    expect(error.message).toBe('schemas/avro/TaskReady.avsc: TaskReady.attempt: field has no doc');
  });

  it('reject a nested record without a doc', () => {
    const broken = withSchema(
      'GoalSubmitted',
      (s) => delete (field(s, 'budget')['type'] as Json)['doc'],
    );
    expect(compileError(broken).message).toBe(
      'schemas/avro/GoalSubmitted.avsc: GoalBudget: record has no doc',
    );
  });

  it('reject a nullable field without a default', () => {
    const error = compileError(
      withSchema('TaskFailed', (s) => delete field(s, 'agentId')['default']),
    );
    expect(error.message).toBe(
      'schemas/avro/TaskFailed.avsc: TaskFailed.agentId: a nullable field needs "default": null',
    );
  });

  it('reject a union with null second', () => {
    const error = compileError(
      withSchema('TaskProgress', (s) => (field(s, 'message')['type'] = ['string', 'null'])),
    );
    expect(error.message).toMatch(
      /^schemas\/avro\/TaskProgress.avsc: TaskProgress.message: unions must be \["null", T\]/,
    );
  });

  it('reject a default avsc cannot read, naming the file', () => {
    const error = compileError(
      withSchema('TaskReady', (s) => (field(s, 'attempt')['default'] = 'one')),
    );
    expect(error.message).toMatch(
      /^schemas\/avro\/TaskReady.avsc: avsc rejects the schema: incompatible field default/,
    );
  });

  it('reject an event whose first field is not the envelope', () => {
    const broken = withSchema('TaskReady', (s) => (s['fields'] as Json[]).reverse());
    expect(compileError(broken).message).toBe(
      'schemas/avro/TaskReady.avsc: TaskReady.envelope: envelope must be the first field',
    );
  });

  it('reject a type borrowed from another event', () => {
    const broken = withSchema(
      'GoalFailed',
      (s) => (field(s, 'taskId')['type'] = ['null', 'io.agora.events.PlannedTask']),
    );
    expect(compileError(broken).message).toBe(
      'schemas/avro/GoalFailed.avsc: io.agora.events.PlannedTask is defined inside schemas/avro/GoalPlanned.avsc; to share a type, give it its own file',
    );
  });

  it('reject a topic naming an unknown event', () => {
    const error = compileError(withCatalog((c) => (topic(c, 'TaskReady')['event'] = 'TaskReddy')));
    expect(error.message).toBe(
      'schemas/topics.yaml: topic agora.tasks.ready: names unknown event TaskReddy',
    );
  });

  it('reject an event without a topic', () => {
    const broken = withCatalog(
      (c) => (c.topics = c.topics.filter((t) => t['event'] !== 'MemoryRecorded')),
    );
    expect(compileError(broken).message).toBe(
      'schemas/avro/MemoryRecorded.avsc: event MemoryRecorded has no topic in schemas/topics.yaml',
    );
  });

  it('reject a topic on a shared type', () => {
    const broken = withCatalog((c) => (topic(c, 'MemoryRecorded')['event'] = 'Usage'));
    expect(compileError(broken).message).toBe(
      'schemas/topics.yaml: topic agora.memory.recorded: Usage is not an event: its first field is not envelope',
    );
  });

  it('reject a key that is not a string field', () => {
    const error = compileError(withCatalog((c) => (topic(c, 'TaskReady')['key'] = 'attempt')));
    expect(error.message).toBe(
      'schemas/topics.yaml: topic agora.tasks.ready: key attempt: TaskReady.attempt is not a string',
    );
    const missing = compileError(
      withCatalog((c) => (topic(c, 'GoalPlanned')['key'] = 'envelope.goal')),
    );
    expect(missing.message).toBe(
      'schemas/topics.yaml: topic agora.goals.planned: key envelope.goal: Envelope has no field goal',
    );
  });

  it('reject task topics that are not co-partitioned', () => {
    const error = compileError(withCatalog((c) => (topic(c, 'BidSubmitted')['partitions'] = 24)));
    expect(error.message).toBe(
      'schemas/topics.yaml: topic agora.auction.bids: topics keyed by taskId are co-partitioned: 24 partitions, but agora.tasks.ready has 12',
    );
  });

  it('reject a compacted topic with a retention', () => {
    const error = compileError(
      withCatalog((c) => (topic(c, 'AgentReputation')['retentionMs'] = 86_400_000)),
    );
    expect(error.message).toMatch(
      /^schemas\/topics.yaml: topic agora.agents.reputation: .*retentionMs must be -1$/,
    );
  });

  it('reject a malformed catalog entry, naming its path', () => {
    const error = compileError(
      withCatalog((c) => (topic(c, 'TaskAwarded')['partitions'] = 'many')),
    );
    expect(error.file).toBe('schemas/topics.yaml');
    expect(error.location).toBe('topics.9.partitions');
  });
});

describe('access rules', () => {
  const producers = (t: Json) => t['producers'] as string[];
  const consumers = (t: Json) => t['consumers'] as string[];

  it('generate each topic with its producers and consumers, and each principal', () => {
    const model = compileContracts(sources);
    const topicOf = (event: string) => model.events.find((e) => e.type === event)!.topic;
    expect(topicOf('TaskAwarded').producers).toEqual(['auction']);
    expect(topicOf('TaskAwarded').consumers).toEqual([
      'planner',
      'executor',
      'evaluator',
      'client',
      'console',
    ]);
    expect(model.principals.map((p) => p.name)).toEqual([
      'planner',
      'auction',
      'executor',
      'evaluator',
      'memory',
      'console',
      'client',
      'operator',
    ]);
    expect(model.principals.find((p) => p.name === 'operator')).toMatchObject({
      kind: 'client',
      operatesDeadLetters: true,
    });
  });

  it('reject an unknown principal, naming the topic and the field', () => {
    const error = compileError(
      withCatalog((c) => producers(topic(c, 'TaskReady')).push('scheduler')),
    );
    expect(error.message).toBe(
      'schemas/topics.yaml: topic agora.tasks.ready: producers: unknown principal "scheduler"; the principals are planner, auction, executor, evaluator, memory, console, client, operator',
    );
    const consumer = compileError(
      withCatalog((c) => (topic(c, 'TaskAwarded')['consumers'] = ['planer'])),
    );
    expect(consumer.message).toMatch(
      /^schemas\/topics.yaml: topic agora.auction.awards: consumers: unknown principal "planer"/,
    );
  });

  it('reject a topic without access lists, or that nobody may write', () => {
    expect(
      compileError(withCatalog((c) => delete topic(c, 'TaskReady')['consumers'])).message,
    ).toMatch(/^schemas\/topics.yaml: topic agora.tasks.ready: consumers is missing/);
    expect(
      compileError(withCatalog((c) => (topic(c, 'TaskReady')['producers'] = []))).message,
    ).toBe(
      'schemas/topics.yaml: topic agora.tasks.ready: producers is empty: nobody may write the topic',
    );
  });

  it('reject a principal listed twice', () => {
    expect(
      compileError(withCatalog((c) => consumers(topic(c, 'TaskReady')).push('auction'))).message,
    ).toBe('schemas/topics.yaml: topic agora.tasks.ready: consumers: auction is listed twice');
  });

  it('reject a dead-letter operator that may not read the dead letters', () => {
    const error = compileError(
      withCatalog((c) => {
        const dlq = topic(c, 'DeadLetter');
        dlq['consumers'] = consumers(dlq).filter((p) => p !== 'operator');
      }),
    );
    expect(error.message).toBe(
      'schemas/topics.yaml: topic agora.deadletter: consumers: operator is missing; it operates dead letters, so it reads them',
    );
  });

  it('reject a service that consumes but may not dead-letter', () => {
    const error = compileError(
      withCatalog((c) => {
        const dlq = topic(c, 'DeadLetter');
        dlq['producers'] = producers(dlq).filter((p) => p !== 'memory');
      }),
    );
    expect(error.message).toBe(
      'schemas/topics.yaml: topic agora.deadletter: producers: memory is missing; it consumes agora.goals.submitted, and a service dead-letters what it gives up on',
    );
  });

  it('reject a principal with no grant, an unknown kind, or a group another principal may join', () => {
    expect(
      compileError(
        withCatalog((c) => (c.principals['auditor'] = { kind: 'client', groups: ['x'], doc: 'd' })),
      ).message,
    ).toBe('schemas/topics.yaml: principal auditor: neither produces nor consumes any topic');
    const kind = compileError(withCatalog((c) => (c.principals['planner']!['kind'] = 'daemon')));
    expect(kind.location).toBe('principals.planner.kind');
    expect(
      compileError(withCatalog((c) => (c.principals['client']!['groups'] = ['agora.*']))).message,
    ).toBe(
      'schemas/topics.yaml: principal client: group agora.* overlaps group agora.planner of principal planner',
    );
    // Both list the very same pattern: shared on purpose (the dead-letter readers).
    expect(() =>
      compileContracts(
        withCatalog((c) => (c.principals['client']!['groups'] = ['agora.cli.*', 'agora.memory.*'])),
      ),
    ).not.toThrow();
  });
});
