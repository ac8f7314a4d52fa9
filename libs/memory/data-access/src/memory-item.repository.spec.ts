import { testDataSource } from '@agora/database/testing';
import { hashEmbedding, type MemoryItem } from '@agora/memory/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddItemEmbedder1764000000000 } from './add-item-embedder.migration';
import { AddItemVisibility1768000000000 } from './add-item-visibility.migration';
import { CreateMemoryItems1732420000000 } from './create-memory-items.migration';
import { MemoryItemRepository, type StoredItem } from './memory-item.repository';
import { memoryEntities, memoryMigrations, memoryMigrationsFor } from './memory-schema';

let db: Awaited<ReturnType<typeof testDataSource>>;
let repo: MemoryItemRepository;

function item(id: string, content: string, extra: Partial<MemoryItem> = {}): StoredItem {
  return {
    id,
    kind: 'knowledge',
    goalId: null,
    taskId: null,
    title: null,
    source: null,
    content,
    tags: [],
    ...extra,
    embedding: hashEmbedding(`${extra.title ?? ''}\n${content}`),
    embedderId: 'hash-256',
  };
}

beforeAll(async () => {
  db = await testDataSource({
    entities: memoryEntities,
    migrations: memoryMigrations,
    label: 'memory-repo',
  });
  repo = new MemoryItemRepository(db.dataSource);
});
afterAll(() => db?.drop());

describe('MemoryItemRepository on PostgreSQL', () => {
  it('upserts by id: a second write replaces the item and keeps created_at', async () => {
    await repo.upsert([item('a', 'first version', { tags: ['x'] })]);
    const [before] = await repo.findByIds(['a']);
    await repo.upsert([item('a', 'second version', { kind: 'goal', goalId: 'g' })]);
    const after = await repo.findById('a');
    expect(after).toMatchObject({ content: 'second version', kind: 'goal', goalId: 'g', tags: [] });
    expect(after!.createdAt).toEqual(before!.createdAt);
    expect(after!.updatedAt.getTime()).toBeGreaterThanOrEqual(before!.updatedAt.getTime());
  });

  it('returns items by id in the order asked, skipping unknown ids', async () => {
    await repo.upsert([item('b', 'bee'), item('c', 'sea')]);
    expect((await repo.findByIds(['c', 'nope', 'b'])).map((i) => i.id)).toEqual(['c', 'b']);
    expect(await repo.findByIds([])).toEqual([]);
  });

  it('replaces a document: passages of a longer earlier version disappear', async () => {
    await repo.replaceDocument('doc:x', [
      item('doc:x#1', 'one'),
      item('doc:x#2', 'two'),
      item('doc:x#3', 'three'),
    ]);
    await repo.upsert([item('doc:x2#1', 'another document with a similar id')]);
    await repo.replaceDocument('doc:x', [item('doc:x#1', 'only one now')]);
    expect(
      (await repo.findByIds(['doc:x#1', 'doc:x#2', 'doc:x#3', 'doc:x2#1'])).map((i) => i.id),
    ).toEqual(['doc:x#1', 'doc:x2#1']);
  });

  it('finds candidates by ORed words with a title-weighted rank, and by cosine, within the scope', async () => {
    await repo.upsert([
      item('k1', 'Consumers in a group share the partitions of a topic.', {
        title: 'Consumer groups',
      }),
      item('k2', 'A schema registry stores Avro schemas.', { title: 'Registry' }),
      item('g1', 'Goal one found that consumer lag grows.', {
        kind: 'task_result',
        goalId: 'goal-1',
      }),
      item('g2', 'Goal two also talks about consumer lag.', {
        kind: 'task_result',
        goalId: 'goal-2',
      }),
    ]);
    const embedding = hashEmbedding('how do consumer groups share partitions');
    const all = await repo.candidates({
      query: 'how do consumer groups share partitions',
      embedding,
      scopeGoalId: null,
      kinds: [],
      maxVisibility: 'internal' as const,
      limit: 10,
      vectorScanLimit: 100,
      embedderId: 'hash-256',
    });
    const byId = new Map(all.map((c) => [c.id, c]));
    expect(byId.get('k1')!.textRank).toBeGreaterThan(byId.get('g1')!.textRank);
    expect(byId.get('g1')!.textRank).toBeGreaterThan(0);
    expect(byId.get('k2')!.textRank).toBe(0);
    expect(byId.get('k1')!.cosine).toBeGreaterThan(byId.get('k2')!.cosine);
    expect(byId.get('k1')!.cosine).toBeLessThanOrEqual(1.000001);

    const scoped = await repo.candidates({
      query: 'consumer lag',
      embedding: hashEmbedding('consumer lag'),
      scopeGoalId: 'goal-1',
      kinds: [],
      maxVisibility: 'internal' as const,
      limit: 10,
      vectorScanLimit: 100,
      embedderId: 'hash-256',
    });
    const ids = scoped.map((c) => c.id);
    expect(ids).toContain('g1');
    expect(ids).toContain('k1');
    expect(ids).not.toContain('g2');

    const knowledgeOnly = await repo.candidates({
      query: 'consumer lag',
      embedding: hashEmbedding('consumer lag'),
      scopeGoalId: null,
      kinds: ['knowledge'],
      maxVisibility: 'internal' as const,
      limit: 10,
      vectorScanLimit: 100,
      embedderId: 'hash-256',
    });
    expect(knowledgeOnly.length).toBeGreaterThan(0);
    expect(knowledgeOnly.every((c) => c.kind === 'knowledge')).toBe(true);
  });

  it('compares vectors only for text matches and the most recently updated items', async () => {
    await repo.upsert([item('old', 'zzqx unrelated words about nothing')]);
    await repo.upsert([item('new', 'fresh item without the query words')]);
    const query = {
      query: 'zzqx',
      embedding: hashEmbedding('unrelated words'),
      scopeGoalId: null,
      kinds: [],
      maxVisibility: 'internal' as const,
      limit: 50,
      embedderId: 'hash-256',
    };
    const bounded = await repo.candidates({ ...query, query: 'nomatchword', vectorScanLimit: 1 });
    expect(bounded.map((c) => c.id)).toEqual(['new']);
    // a text match is compared by vector however old it is
    const matched = await repo.candidates({ ...query, vectorScanLimit: 1 });
    expect(matched.find((c) => c.id === 'old')!.cosine).toBeGreaterThan(0.3);
  });

  it('compares vectors only with items of the query embedder', async () => {
    const text = 'quokka habitats on rottnest island';
    await repo.upsert([
      item('same-embedder', 'an unrelated passage about lemurs'),
      { ...item('other-embedder', 'another passage about lemurs'), embedderId: 'hash-64' },
    ]);
    await repo.upsert([{ ...item('other-2', text), embedderId: 'openai:e:256' }]);
    const query = {
      query: 'nomatchword',
      embedding: hashEmbedding(text),
      scopeGoalId: null,
      kinds: [],
      maxVisibility: 'internal' as const,
      limit: 50,
      vectorScanLimit: 100,
    };
    const hashed = await repo.candidates({ ...query, embedderId: 'hash-256' });
    const ids = hashed.map((c) => c.id);
    expect(ids).toContain('same-embedder');
    expect(ids).not.toContain('other-embedder');
    // the same vector under another embedder id is never compared
    expect(ids).not.toContain('other-2');
    const other = await repo.candidates({ ...query, embedderId: 'openai:e:256' });
    expect(other.map((c) => c.id)).toEqual(['other-2']);
    expect(other[0]!.cosine).toBeCloseTo(1, 5);
    // a text match of another embedder is still found by text, with cosine 0
    const byText = await repo.candidates({ ...query, query: 'quokka', embedderId: 'hash-256' });
    expect(byText.find((c) => c.id === 'other-2')).toMatchObject({ cosine: 0 });
  });

  it('compares vectors whose component products underflow a real', async () => {
    // a model's vectors hold components near 1e-20; their products are below real's range
    const tiny = [1e-20, 1, 1e-20];
    await repo.upsert([{ ...item('tiny', 'tiny components'), embedding: tiny, embedderId: 'm:3' }]);
    const [hit] = await repo.candidates({
      query: 'nomatchword',
      embedding: tiny,
      embedderId: 'm:3',
      scopeGoalId: null,
      kinds: [],
      maxVisibility: 'internal' as const,
      limit: 5,
      vectorScanLimit: 5,
    });
    expect(hit).toMatchObject({ id: 'tiny' });
    expect(hit!.cosine).toBeCloseTo(1, 5);
  });

  it('records the embedder per item', async () => {
    await repo.upsert([{ ...item('e1', 'x'), embedderId: 'openai:m:8' }]);
    const [row] = await db.dataSource.query(`select embedder from items where id = 'e1'`);
    expect(row.embedder).toBe('openai:m:8');
  });

  it('marks items stored before the embedder column as hashing-embedder items', async () => {
    const old = await testDataSource({
      entities: memoryEntities,
      migrations: [CreateMemoryItems1732420000000],
      label: 'memory-backfill',
    });
    try {
      await old.dataSource.query(
        `insert into items (id, kind, content, embedding) values ('x', 'knowledge', 'c', '{1}')`,
      );
      const runner = old.dataSource.createQueryRunner();
      await new AddItemEmbedder1764000000000().up(runner);
      await runner.release();
      const [row] = await old.dataSource.query(`select embedder from items where id = 'x'`);
      expect(row.embedder).toBe('hash-256');
    } finally {
      await old.drop();
    }
  });

  it('finds the pgvector column exactly where PostgreSQL offers the extension', async () => {
    const available = await db.dataSource.query(
      `select 1 from pg_available_extensions where name = 'vector'`,
    );
    const dims = await repo.vectorColumnDimensions();
    expect(dims).toBe(available.length > 0 ? 256 : null);
  });

  it('stores each item with its visibility, internal when it has none', async () => {
    await repo.upsert([
      item('v-public', 'public passage', { visibility: 'public' }),
      item('v-restricted', 'restricted passage', { visibility: 'restricted' }),
      item('v-unset', 'a passage nobody classified'),
    ]);
    const rows = await repo.findByIds(['v-public', 'v-restricted', 'v-unset']);
    expect(rows.map((r) => [r.id, r.visibility])).toEqual([
      ['v-public', 'public'],
      ['v-restricted', 'restricted'],
      ['v-unset', 'internal'],
    ]);
    // re-storing an item with another visibility replaces it
    await repo.upsert([item('v-public', 'public passage', { visibility: 'internal' })]);
    expect((await repo.findById('v-public'))!.visibility).toBe('internal');
    // the database refuses a level that does not exist, whatever a caller sends
    await expect(
      db.dataSource.query(
        `insert into items (id, kind, content, embedding, visibility) values ('v-bad', 'knowledge', 'c', '{1}', 'secret')`,
      ),
    ).rejects.toThrow(/items_visibility_check/);
  });

  it('never returns a candidate or an item by id above the visibility asked for', async () => {
    const text = 'refund duplicate charge card statement';
    await repo.upsert([
      item('r-public', `FAQ: a ${text} is reversed within five days`, { visibility: 'public' }),
      item('r-internal', `Staff only: for a ${text}, check the ledger first`, {
        visibility: 'internal',
      }),
      item('r-restricted', `Legal: a ${text} dispute goes to counsel`, {
        visibility: 'restricted',
      }),
    ]);
    const query = {
      query: text,
      embedding: hashEmbedding(text),
      embedderId: 'hash-256',
      scopeGoalId: null,
      kinds: [],
      limit: 50,
      vectorScanLimit: 2000,
    };
    const ids = async (maxVisibility: 'public' | 'internal' | 'restricted') =>
      (await repo.candidates({ ...query, maxVisibility }))
        .map((c) => c.id)
        .filter((id) => id.startsWith('r-'))
        .sort();
    expect(await ids('public')).toEqual(['r-public']);
    expect(await ids('internal')).toEqual(['r-internal', 'r-public']);
    expect(await ids('restricted')).toEqual(['r-internal', 'r-public', 'r-restricted']);
    const found = await repo.candidates({ ...query, maxVisibility: 'public' });
    expect(found.find((c) => c.id === 'r-public')).toMatchObject({ visibility: 'public' });

    const all = ['r-public', 'r-internal', 'r-restricted'];
    expect((await repo.findByIds(all, 'public')).map((i) => i.id)).toEqual(['r-public']);
    expect((await repo.findByIds(all, 'internal')).map((i) => i.id)).toEqual([
      'r-public',
      'r-internal',
    ]);
    // the service's own look-ups name no reader and see everything
    expect((await repo.findByIds(all)).map((i) => i.id)).toEqual(all);
  });

  it("scores the text side by the share of the query's words a passage holds", async () => {
    await repo.upsert([
      item('cov-all', 'Walruses haul out on sea ice to rest.'),
      item('cov-half', 'Walruses have long tusks.'),
    ]);
    const candidates = await repo.candidates({
      query: 'walrus sea ice',
      embedding: hashEmbedding('walrus sea ice'),
      embedderId: 'hash-256',
      scopeGoalId: null,
      kinds: [],
      maxVisibility: 'internal',
      limit: 50,
      vectorScanLimit: 2000,
    });
    const byId = new Map(candidates.map((c) => [c.id, c]));
    expect(byId.get('cov-all')!.coverage).toBe(1); // walrus, sea, ice
    expect(byId.get('cov-half')!.coverage).toBeCloseTo(1 / 3, 6); // walrus
    const unrelated = candidates.find((c) => c.id === 'v-unset');
    expect(unrelated?.coverage ?? 0).toBe(0);
  });

  it('makes every item stored before the visibility column internal', async () => {
    const old = await testDataSource({
      entities: memoryEntities,
      migrations: memoryMigrationsFor(256).filter((m) => m !== AddItemVisibility1768000000000),
      label: 'memory-visibility',
    });
    try {
      await old.dataSource.query(
        `insert into items (id, kind, content, embedding, embedder)
         values ('before', 'knowledge', 'written before visibility existed', '{1}', 'hash-256')`,
      );
      const runner = old.dataSource.createQueryRunner();
      await new AddItemVisibility1768000000000().up(runner);
      await runner.release();
      const [row] = await old.dataSource.query(`select visibility from items where id = 'before'`);
      expect(row.visibility).toBe('internal');
      const reader = new MemoryItemRepository(old.dataSource);
      expect(await reader.findByIds(['before'], 'public')).toEqual([]);
    } finally {
      await old.drop();
    }
  });

  it('answers a query of stop words only without failing', async () => {
    const res = await repo.candidates({
      query: 'the of and',
      embedding: hashEmbedding(''),
      scopeGoalId: null,
      kinds: [],
      maxVisibility: 'internal' as const,
      limit: 3,
      vectorScanLimit: 100,
      embedderId: 'hash-256',
    });
    expect(res.every((c) => c.textRank === 0)).toBe(true);
  });
});
