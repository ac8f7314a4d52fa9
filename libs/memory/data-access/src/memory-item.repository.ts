import { DEFAULT_VISIBILITY, visibilitiesUpTo, type Visibility } from '@agora/contracts';
import type { MemoryItem, SearchCandidate } from '@agora/memory/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { MemoryItemEntity } from './memory-item.entity';
import {
  candidatesSql,
  toVectorLiteral,
  upsertSql,
  vectorPathFor,
  toArrayLiteral,
  type VectorPath,
} from './vector-sql';

/** An item with its embedding, as stored. */
export interface StoredItem extends MemoryItem {
  embedding: number[];
  /** Id of the embedder that produced `embedding`. */
  embedderId: string;
}

/** A stored item with its timestamps, as read back. */
export interface ReadItem extends MemoryItem {
  visibility: Visibility;
  createdAt: Date;
  updatedAt: Date;
}

/** A search candidate with what a hit shows. */
export interface ItemCandidate extends SearchCandidate {
  kind: string;
  title: string | null;
  source: string | null;
  content: string;
  visibility: Visibility;
}

export interface CandidateQuery {
  query: string;
  /** The query's embedding. */
  embedding: number[];
  /** Id of the embedder that produced `embedding`: only items of this embedder are compared by vector. */
  embedderId: string;
  /** Items of this goal plus knowledge (goal_id null); null for everything. */
  scopeGoalId: string | null;
  /** Only items of these kinds; empty for every kind. */
  kinds: readonly string[];
  /** The most the caller may quote: items of a higher visibility are never candidates. */
  maxVisibility: Visibility;
  /** Most candidates from each of the text and the vector side. */
  limit: number;
  /** Most recently updated items whose vectors are compared besides the text matches. */
  vectorScanLimit: number;
}

/** The memory's items in PostgreSQL. */
@Injectable()
export class MemoryItemRepository {
  private vectorColumn?: Promise<number | null>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Looks for the pgvector column once, at start-up, rather than on the first write or search. */
  async onModuleInit(): Promise<void> {
    await this.vectorColumnDimensions();
  }

  /**
   * Dimensions of the `embedding_vec` pgvector column, or null when it does not exist (no
   * pgvector on this server). Checked once per process: the column only appears by migration.
   */
  vectorColumnDimensions(): Promise<number | null> {
    this.vectorColumn ??= this.dataSource
      .query(
        `select a.atttypmod as dims
         from information_schema.columns c
         join pg_attribute a
           on a.attrelid = to_regclass(quote_ident(c.table_schema) || '.items')
          and a.attname = c.column_name
         where c.table_schema = current_schema() and c.table_name = 'items'
           and c.column_name = 'embedding_vec' and c.udt_name = 'vector'`,
      )
      .then((rows: { dims: number }[]) => (rows[0] ? Number(rows[0].dims) : null));
    return this.vectorColumn;
  }

  private async pathFor(dimensions: number): Promise<VectorPath> {
    return vectorPathFor(await this.vectorColumnDimensions(), dimensions);
  }

  /**
   * Inserts or replaces items by id, in one transaction, in which `within` runs too (for writes
   * that commit with the items, such as the outbox).
   */
  async upsert(
    items: readonly StoredItem[],
    within?: (manager: EntityManager) => Promise<void>,
  ): Promise<void> {
    if (items.length === 0) return;
    await this.dataSource.transaction(async (m) => {
      await this.upsertWith(m, items);
      await within?.(m);
    });
  }

  /**
   * Stores a document's passages and removes passages of an earlier, longer version of it, in
   * one transaction (in which `within` runs too), so a search never sees a mix of two versions.
   */
  async replaceDocument(
    documentId: string,
    passages: readonly StoredItem[],
    within?: (manager: EntityManager) => Promise<void>,
  ): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `delete from items where left(id, length($1) + 1) = $1 || '#' and id <> all($2)`,
        [documentId, passages.map((p) => p.id)],
      );
      await this.upsertWith(m, passages);
      await within?.(m);
    });
  }

  /**
   * Items by id, in the order asked; unknown ids are left out, and so are items above
   * `maxVisibility` when it is given (a reader's look-up, as opposed to the service's own).
   */
  async findByIds(ids: readonly string[], maxVisibility?: Visibility): Promise<ReadItem[]> {
    if (ids.length === 0) return [];
    const rows = await this.dataSource.getRepository(MemoryItemEntity).find({
      where: {
        id: In([...ids]),
        ...(maxVisibility ? { visibility: In(visibilitiesUpTo(maxVisibility)) } : {}),
      },
    });
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
    const path = await this.pathFor(query.embedding.length);
    const rows: {
      id: string;
      kind: string;
      title: string | null;
      source: string | null;
      content: string;
      visibility: Visibility;
      text_rank: number | string;
      coverage: number | string;
      cosine: number | string;
    }[] = await this.dataSource.query(candidatesSql(path), [
      query.query,
      path === 'pgvector' ? toVectorLiteral(query.embedding) : query.embedding,
      query.scopeGoalId,
      query.limit,
      query.vectorScanLimit,
      [...query.kinds],
      query.embedderId,
      visibilitiesUpTo(query.maxVisibility),
    ]);
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      source: r.source,
      content: r.content,
      visibility: r.visibility,
      textRank: Number(r.text_rank),
      coverage: Number(r.coverage),
      cosine: Number(r.cosine),
    }));
  }

  async count(): Promise<number> {
    return this.dataSource.getRepository(MemoryItemEntity).count();
  }

  private async upsertWith(m: EntityManager, items: readonly StoredItem[]): Promise<void> {
    const columnDimensions = await this.vectorColumnDimensions();
    // An id twice in one statement would be updated twice, which PostgreSQL refuses: the last wins.
    const latest = [...new Map(items.map((i) => [i.id, i])).values()];
    // Items of one embedder share a path; a batch mixing two writes one statement per path.
    const byPath = new Map<VectorPath, StoredItem[]>();
    for (const item of latest) {
      const path = vectorPathFor(columnDimensions, item.embedding.length);
      byPath.set(path, [...(byPath.get(path) ?? []), item]);
    }
    for (const [path, group] of byPath) {
      await m.query(upsertSql(path), [
        group.map((i) => i.id),
        group.map((i) => i.kind),
        group.map((i) => i.goalId),
        group.map((i) => i.taskId),
        group.map((i) => i.title),
        group.map((i) => i.source),
        group.map((i) => i.content),
        group.map((i) => JSON.stringify(i.tags)),
        group.map((i) => toArrayLiteral(i.embedding)),
        group.map((i) => i.embedderId),
        group.map((i) => i.visibility ?? DEFAULT_VISIBILITY),
        ...(path === 'pgvector' ? [group.map((i) => toVectorLiteral(i.embedding))] : []),
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
    visibility: row.visibility,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
