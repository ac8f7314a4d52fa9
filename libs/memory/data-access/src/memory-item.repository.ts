import type { MemoryItem, SearchCandidate } from '@agora/memory/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { MemoryItemEntity } from './memory-item.entity';

/** An item with its embedding, as stored. */
export interface StoredItem extends MemoryItem {
  embedding: number[];
}

/** A stored item with its timestamps, as read back. */
export interface ReadItem extends MemoryItem {
  createdAt: Date;
  updatedAt: Date;
}

/** A search candidate with what a hit shows. */
export interface ItemCandidate extends SearchCandidate {
  kind: string;
  title: string | null;
  source: string | null;
  content: string;
}

export interface CandidateQuery {
  query: string;
  /** The query's embedding, the same length as the stored ones. */
  embedding: number[];
  /** Items of this goal plus knowledge (goal_id null); null for everything. */
  scopeGoalId: string | null;
  /** Only items of these kinds; empty for every kind. */
  kinds: readonly string[];
  /** Most candidates from each of the text and the vector side. */
  limit: number;
  /** Most recently updated items whose vectors are compared besides the text matches. */
  vectorScanLimit: number;
}

const UPSERT = `
  insert into items (id, kind, goal_id, task_id, title, source, content, tags, embedding)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
  on conflict (id) do update set
    kind = excluded.kind, goal_id = excluded.goal_id, task_id = excluded.task_id,
    title = excluded.title, source = excluded.source, content = excluded.content,
    tags = excluded.tags, embedding = excluded.embedding, updated_at = now()`;

/*
 * Candidates from both sides, merged. The pool is every full-text match (found through the GIN
 * index, best $4 kept) plus the $5 most recently updated items of the scope; the vector side
 * is ranked within that pool. Bounding the exact vector scan keeps a search in tens of
 * milliseconds whatever the size of memory; with the hashing embedder, items that share no word
 * with the query (the only ones outside the text matches) score low anyway. The query's words
 * are ORed, not ANDed, so a question matches passages that hold some of its words; ts_rank_cd
 * then puts passages with more of them, closer together, first.
 */
const CANDIDATES = `
  with q as (
    select replace(plainto_tsquery('english', $1)::text, ' & ', ' | ')::tsquery as tsq
  ),
  text_hits as (
    select i.id from items i, q
    where i.tsv @@ q.tsq and ($3::text is null or i.goal_id = $3 or i.goal_id is null)
      and (cardinality($6::text[]) = 0 or i.kind = any($6::text[]))
    order by ts_rank_cd(i.tsv, q.tsq) desc, i.id limit $4
  ),
  recent as (
    select i.id from items i
    where ($3::text is null or i.goal_id = $3 or i.goal_id is null)
      and (cardinality($6::text[]) = 0 or i.kind = any($6::text[]))
    order by i.updated_at desc limit $5
  ),
  scored as (
    select i.id, i.kind, i.title, i.source, i.content,
      case when i.tsv @@ q.tsq then ts_rank_cd(i.tsv, q.tsq) else 0 end as text_rank,
      (select coalesce(sum(a * b), 0) from unnest(i.embedding, $2::real[]) as v(a, b)) as cosine
    from items i, q
    where i.id in (select id from text_hits union select id from recent)
  )
  (select * from scored where text_rank > 0 order by text_rank desc, id limit $4)
  union
  (select * from scored order by cosine desc, id limit $4)`;

/** The memory's items in PostgreSQL. */
@Injectable()
export class MemoryItemRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts or replaces items by id, in one transaction. */
  async upsert(items: readonly StoredItem[]): Promise<void> {
    if (items.length === 0) return;
    await this.dataSource.transaction((m) => this.upsertWith(m, items));
  }

  /**
   * Stores a document's passages and removes passages of an earlier, longer version of it, in
   * one transaction, so a search never sees a mix of two versions.
   */
  async replaceDocument(documentId: string, passages: readonly StoredItem[]): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `delete from items where left(id, length($1) + 1) = $1 || '#' and id <> all($2)`,
        [documentId, passages.map((p) => p.id)],
      );
      await this.upsertWith(m, passages);
    });
  }

  async findByIds(ids: readonly string[]): Promise<ReadItem[]> {
    if (ids.length === 0) return [];
    const rows = await this.dataSource
      .getRepository(MemoryItemEntity)
      .find({ where: { id: In([...ids]) } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      return row ? [toItem(row)] : [];
    });
  }

  async findById(id: string): Promise<ReadItem | undefined> {
    const [item] = await this.findByIds([id]);
    return item;
  }

  async candidates(query: CandidateQuery): Promise<ItemCandidate[]> {
    const rows: {
      id: string;
      kind: string;
      title: string | null;
      source: string | null;
      content: string;
      text_rank: number | string;
      cosine: number | string;
    }[] = await this.dataSource.query(CANDIDATES, [
      query.query,
      query.embedding,
      query.scopeGoalId,
      query.limit,
      query.vectorScanLimit,
      [...query.kinds],
    ]);
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      source: r.source,
      content: r.content,
      textRank: Number(r.text_rank),
      cosine: Number(r.cosine),
    }));
  }

  async count(): Promise<number> {
    return this.dataSource.getRepository(MemoryItemEntity).count();
  }

  private async upsertWith(m: EntityManager, items: readonly StoredItem[]): Promise<void> {
    for (const i of items) {
      await m.query(UPSERT, [
        i.id,
        i.kind,
        i.goalId,
        i.taskId,
        i.title,
        i.source,
        i.content,
        i.tags,
        i.embedding,
      ]);
    }
  }
}

function toItem(row: MemoryItemEntity): ReadItem {
  return {
    id: row.id,
    kind: row.kind,
    goalId: row.goalId,
    taskId: row.taskId,
    title: row.title,
    source: row.source,
    content: row.content,
    tags: row.tags,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
