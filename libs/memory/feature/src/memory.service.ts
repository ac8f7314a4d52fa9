import {
  DEFAULT_VISIBILITY,
  newEnvelope,
  type Envelope,
  type MemoryHit,
  type MemoryRecorded,
  type Visibility,
} from '@agora/contracts';
import { MemoryItemRepository, type ReadItem, type StoredItem } from '@agora/memory/data-access';
import {
  bestPassage,
  checkK,
  documentPassages,
  rankCandidates,
  type Embedder,
  type KnowledgeDocument,
  type MemoryItem,
  type SearchQuery,
} from '@agora/memory/domain';
import { MessagingClient, type OutgoingEvent } from '@agora/messaging';
import { counter, histogram, type Logger } from '@agora/observability';
import { Outbox } from '@agora/outbox';
import { LOGGER, SERVICE_CONFIG } from '@agora/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { EMBEDDER, type MemoryConfig } from './memory-config';

const itemsStored = counter('agora_memory_items_total', 'Items stored in memory, by kind.', [
  'kind',
]);
const searches = counter('agora_memory_searches_total', 'Searches answered, by channel.', ['via']);
const searchSeconds = histogram('agora_memory_search_seconds', 'Time to answer one search.', [
  'via',
]);
const tracer = trace.getTracer('@agora/memory');

/** What was stored for one posted document. */
export interface StoredDocument {
  id: string;
  title: string;
  itemIds: string[];
}

/**
 * Stores items (embedding them and announcing each with MemoryRecorded) and answers searches.
 * Every write is an upsert by item id, so replaying an event or re-posting a document converges.
 */
@Injectable()
export class MemoryService {
  constructor(
    private readonly repository: MemoryItemRepository,
    private readonly messaging: MessagingClient,
    private readonly outbox: Outbox,
    @Inject(EMBEDDER) private readonly embedder: Embedder,
    @Inject(SERVICE_CONFIG) private readonly config: MemoryConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Stores items and announces them; `cause` is the event they came from, if any. */
  async record(items: readonly MemoryItem[], cause?: { envelope: Envelope }): Promise<void> {
    await this.recordAll(items.map((item) => ({ item, cause })));
  }

  /** Stores many items (one upsert) and announces them (one publish), each with its own cause. */
  async recordAll(
    entries: readonly { item: MemoryItem; cause?: { envelope: Envelope } | undefined }[],
  ): Promise<void> {
    if (entries.length === 0) return;
    const stored = await this.embedItems(entries.map((e) => e.item));
    const announcements = this.announcements(entries);
    await this.repository.upsert(stored, (m) => this.outbox.stage(m, announcements));
    await this.announced(entries, announcements);
  }

  /** Stores documents as knowledge passages, replacing earlier versions with the same id. */
  async storeDocuments(documents: readonly KnowledgeDocument[]): Promise<StoredDocument[]> {
    return tracer.startActiveSpan('memory.store_documents', async (span) => {
      try {
        const result: StoredDocument[] = [];
        for (const doc of documents) {
          const { documentId, items } = documentPassages(doc, this.config.MEMORY_CHUNK_CHARS);
          const entries = items.map((item) => ({ item }));
          const announcements = this.announcements(entries);
          await this.repository.replaceDocument(documentId, await this.embedItems(items), (m) =>
            this.outbox.stage(m, announcements),
          );
          await this.announced(entries, announcements);
          result.push({ id: documentId, title: doc.title, itemIds: items.map((i) => i.id) });
          this.logger.info(
            { documentId, passages: items.length, source: doc.source ?? null },
            'document stored',
          );
        }
        span.setAttribute('agora.memory.documents', documents.length);
        return result;
      } finally {
        span.end();
      }
    });
  }

  /**
   * A ranked search: best passages first, scores 0..1, none below `minScore` (the service's
   * MEMORY_MIN_SCORE unless the query says) and none above `maxVisibility` (internal unless the
   * query says): those are left out by the database query itself, not filtered afterwards.
   */
  async search(query: SearchQuery, via: 'http' | 'kafka'): Promise<MemoryHit[]> {
    const k = checkK(query.k, { maxK: this.config.MEMORY_MAX_K });
    const maxVisibility = query.maxVisibility ?? DEFAULT_VISIBILITY;
    const stop = searchSeconds.startTimer({ via });
    return tracer.startActiveSpan('memory.search', async (span) => {
      span.setAttributes({
        'agora.memory.k': k,
        'agora.memory.via': via,
        'agora.memory.max_visibility': maxVisibility,
      });
      try {
        const [embedding] = await this.embedder.embed([query.query]);
        const candidates = await this.repository.candidates({
          query: query.query,
          embedding: embedding ?? [],
          embedderId: this.embedder.id,
          scopeGoalId: query.scopeGoalId,
          kinds: query.kinds ?? [],
          maxVisibility,
          limit: Math.max(k, this.config.MEMORY_SEARCH_CANDIDATES),
          vectorScanLimit: this.config.MEMORY_VECTOR_SCAN_LIMIT,
        });
        const ranked = rankCandidates(
          candidates,
          { text: this.config.MEMORY_TEXT_WEIGHT, vector: this.config.MEMORY_VECTOR_WEIGHT },
          k,
          query.minScore ?? this.config.MEMORY_MIN_SCORE,
        );
        searches.inc({ via });
        span.setAttribute('agora.memory.hits', ranked.length);
        return ranked.map((c) => ({
          itemId: c.id,
          kind: c.kind,
          title: c.title,
          source: c.source,
          content: bestPassage(c.content, query.query, this.config.MEMORY_CHUNK_CHARS),
          score: c.score,
          visibility: c.visibility,
        }));
      } finally {
        stop();
        span.end();
      }
    });
  }

  /**
   * Items by id, whole, in the order asked; unknown ids are left out, and so are items above
   * `maxVisibility` when a reader names it (the service's own look-ups do not).
   */
  async getItems(ids: readonly string[], maxVisibility?: Visibility): Promise<ReadItem[]> {
    return this.repository.findByIds(ids, maxVisibility);
  }

  async getItem(id: string): Promise<ReadItem | undefined> {
    return this.repository.findById(id);
  }

  private async embedItems(items: readonly MemoryItem[]): Promise<StoredItem[]> {
    const vectors = await this.embedder.embed(items.map((i) => `${i.title ?? ''}\n${i.content}`));
    return items.map((item, n) => ({
      ...item,
      embedding: vectors[n] ?? [],
      embedderId: this.embedder.id,
    }));
  }

  /** The MemoryRecorded events for the entries whose kind MEMORY_ANNOUNCE names. */
  private announcements(
    entries: readonly { item: MemoryItem; cause?: { envelope: Envelope } | undefined }[],
  ): OutgoingEvent[] {
    const producer = this.messaging.options.producer;
    const kinds = new Set(this.config.MEMORY_ANNOUNCE);
    const announced = kinds.has('all') ? entries : entries.filter((e) => kinds.has(e.item.kind));
    return announced.map(({ item, cause }) => ({
      type: 'MemoryRecorded' as const,
      event: {
        envelope: newEnvelope({ producer, goalId: item.goalId, causation: cause }),
        itemId: item.id,
        kind: item.kind,
        taskId: item.taskId,
        title: item.title,
        source: item.source,
        tags: item.tags,
        visibility: item.visibility ?? DEFAULT_VISIBILITY,
      } satisfies MemoryRecorded,
    }));
  }

  /** After the items and their announcements committed: publishes them and counts the items. */
  private async announced(
    entries: readonly { item: MemoryItem }[],
    announcements: readonly OutgoingEvent[],
  ): Promise<void> {
    await this.outbox.publishOrRelay(announcements);
    for (const { item } of entries) itemsStored.inc({ kind: item.kind });
  }
}
