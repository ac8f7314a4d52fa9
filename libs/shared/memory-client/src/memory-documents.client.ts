import type { Visibility } from '@agora/contracts';

/** A document to store as knowledge; memory cuts it into passages. */
export interface MemoryDocument {
  /** Stable id; storing the same id again replaces the document. @default derived by memory */
  id?: string;
  title: string;
  /** Where it came from (a path, a URL). @default none */
  source?: string;
  content: string;
  /** @default [] */
  tags?: string[];
  /**
   * Who may be quoted it: public (anyone, customers included) < internal (staff) < restricted
   * (only a step or agent that asks for it). @default memory's, internal
   */
  visibility?: Visibility;
}

/** Sends one JSON body to a URL and returns the answer's body; throws when it is not a success. */
export type PostJson = (url: string, body: unknown) => Promise<unknown>;

/** Options of {@link MemoryDocumentsClient}. */
export interface MemoryDocumentsClientOptions {
  /** Documents per request; memory accepts at most 100. @default 20 */
  batchSize?: number;
  /**
   * How a request is sent, for callers that report failures their own way (the CLI).
   * @default fetch, failing with the status and the answer's text
   */
  post?: PostJson;
}

/**
 * Stores knowledge in memory over its REST API (`POST /memory/documents`), a batch at a time.
 * Searches go over Kafka ({@link MemorySearchClient}); documents are posted, since they are
 * written once by an operator or a test rather than by the swarm.
 */
export class MemoryDocumentsClient {
  private readonly batchSize: number;
  private readonly post: PostJson;

  /** @param baseUrl the memory service, e.g. `http://127.0.0.1:3004` */
  constructor(
    private readonly baseUrl: string,
    options: MemoryDocumentsClientOptions = {},
  ) {
    this.batchSize = Math.min(100, Math.max(1, options.batchSize ?? 20));
    this.post = options.post ?? postJson;
  }

  /**
   * Stores the documents; `onBatch` hears how many are stored after each request.
   * @returns how many were stored
   */
  async ingest(
    documents: readonly MemoryDocument[],
    onBatch?: (stored: number, total: number) => void,
  ): Promise<number> {
    const url = `${this.baseUrl.replace(/\/$/, '')}/memory/documents`;
    for (let i = 0; i < documents.length; i += this.batchSize) {
      const batch = documents.slice(i, i + this.batchSize);
      await this.post(url, { documents: batch });
      onBatch?.(Math.min(i + this.batchSize, documents.length), documents.length);
    }
    return documents.length;
  }
}

async function postJson(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`POST ${url} answered ${res.status}: ${await res.text()}`);
  return res.json();
}
