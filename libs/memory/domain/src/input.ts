import {
  DEFAULT_VISIBILITY,
  InvalidVisibilityError,
  parseVisibility,
  type Visibility,
} from '@agora/contracts';
import { InvalidInputError } from './invalid-input.error';
import { MEMORY_KINDS, PASSAGE_SEPARATOR, type KnowledgeDocument } from './memory-item';

/** A validated search. */
export interface SearchQuery {
  query: string;
  k: number;
  /** Items of this goal plus knowledge; null searches everything. */
  scopeGoalId: string | null;
  /** Only items of these kinds; empty (the default) for every kind. */
  kinds?: readonly string[];
  /**
   * The most the caller may quote: items of a higher visibility are not searched at all.
   * @default 'internal'
   */
  maxVisibility?: Visibility;
  /** Hits scoring below this (0..1) are left out. @default the service's MEMORY_MIN_SCORE */
  minScore?: number;
}

/** Bounds applied to searches. */
export interface SearchLimits {
  /** @default 5 */
  defaultK: number;
  /** @default 50 */
  maxK: number;
}

/** Bounds applied to posted documents. */
export interface DocumentLimits {
  /** Most documents in one request. @default 100 */
  maxDocuments: number;
  /** Longest document content, in characters. @default 1_000_000 */
  maxContentChars: number;
}

const ID_PATTERN = /^[A-Za-z0-9._:-]{1,200}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalText(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new InvalidInputError(field, 'must be a string');
  return withoutNul(value, field);
}

/** PostgreSQL text cannot hold NUL; refused here as a 400 rather than failing the insert. */
function withoutNul(value: string, field: string): string {
  if (value.includes('\u0000')) {
    throw new InvalidInputError(field, 'must not contain NUL characters (\\u0000)');
  }
  return value;
}

/** A visibility read from a request, a bad one as an {@link InvalidInputError} naming `field`. */
export function visibilityParam(value: unknown, field: string): Visibility | undefined {
  try {
    return parseVisibility(value === '' ? undefined : value, field);
  } catch (error) {
    if (!(error instanceof InvalidVisibilityError)) throw error;
    throw new InvalidInputError(field, error.problem);
  }
}

/** Checks `minScore`: a number from 0 to 1. */
export function checkMinScore(value: number): number {
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new InvalidInputError('minScore', 'must be a number from 0 to 1');
  }
  return value;
}

/**
 * The query string of `GET /memory/search` (`q`, `goalId`, `k`, `kind`, `maxVisibility`,
 * `minScore`), checked.
 */
export function parseSearchParams(
  params: Record<string, unknown>,
  limits: SearchLimits,
): SearchQuery {
  const q = optionalText(params['q'], 'q')?.trim();
  if (!q) throw new InvalidInputError('q', 'required: the text to search for');
  const goalId = optionalText(params['goalId'], 'goalId')?.trim();
  const rawK = optionalText(params['k'], 'k');
  const k = rawK === undefined || rawK === '' ? limits.defaultK : Number(rawK);
  const kinds = (optionalText(params['kind'], 'kind') ?? '')
    .split(',')
    .map((kind) => kind.trim())
    .filter((kind) => kind.length > 0);
  const unknown = kinds.find((kind) => !(MEMORY_KINDS as readonly string[]).includes(kind));
  if (unknown !== undefined) {
    throw new InvalidInputError(
      'kind',
      `unknown kind '${unknown}'; expected any of ${MEMORY_KINDS.join(', ')} (comma-separated)`,
    );
  }
  const maxVisibility =
    visibilityParam(params['maxVisibility'], 'maxVisibility') ?? DEFAULT_VISIBILITY;
  const rawMinScore = optionalText(params['minScore'], 'minScore')?.trim();
  return {
    query: q,
    k: checkK(k, limits),
    scopeGoalId: goalId ? goalId : null,
    kinds,
    maxVisibility,
    ...(rawMinScore ? { minScore: checkMinScore(Number(rawMinScore)) } : {}),
  };
}

/** Checks `k`: a whole number from 1 to `maxK`. */
export function checkK(k: number, limits: Pick<SearchLimits, 'maxK'>): number {
  if (!Number.isInteger(k) || k < 1 || k > limits.maxK) {
    throw new InvalidInputError('k', `must be a whole number from 1 to ${limits.maxK}`);
  }
  return k;
}

/**
 * The body of `POST /memory/documents`:
 * `{ documents: [{ id?, title, source?, content, tags?, visibility? }] }`.
 */
export function parseDocumentsBody(body: unknown, limits: DocumentLimits): KnowledgeDocument[] {
  if (!isRecord(body)) throw new InvalidInputError('body', 'must be a JSON object');
  const documents = body['documents'];
  if (!Array.isArray(documents) || documents.length === 0) {
    throw new InvalidInputError('documents', 'must be a non-empty array');
  }
  if (documents.length > limits.maxDocuments) {
    throw new InvalidInputError('documents', `at most ${limits.maxDocuments} per request`);
  }
  return documents.map((doc: unknown, i) => {
    const at = `documents[${i}]`;
    if (!isRecord(doc)) throw new InvalidInputError(at, 'must be an object');
    const id = optionalText(doc['id'], `${at}.id`);
    if (id !== undefined && (!ID_PATTERN.test(id) || id.includes(PASSAGE_SEPARATOR))) {
      throw new InvalidInputError(
        `${at}.id`,
        'must be 1-200 characters of letters, digits and . _ : -',
      );
    }
    const title = optionalText(doc['title'], `${at}.title`)?.trim();
    if (!title) throw new InvalidInputError(`${at}.title`, 'required: a non-empty string');
    const content = optionalText(doc['content'], `${at}.content`);
    if (!content?.trim()) {
      throw new InvalidInputError(`${at}.content`, 'required: a non-empty string');
    }
    if (content.length > limits.maxContentChars) {
      throw new InvalidInputError(
        `${at}.content`,
        `longer than ${limits.maxContentChars} characters`,
      );
    }
    const source = optionalText(doc['source'], `${at}.source`);
    const tags = doc['tags'];
    if (
      tags !== undefined &&
      tags !== null &&
      (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string'))
    ) {
      throw new InvalidInputError(`${at}.tags`, 'must be an array of strings');
    }
    (tags ?? []).forEach((tag: string, t: number) => withoutNul(tag, `${at}.tags[${t}]`));
    const visibility = visibilityParam(doc['visibility'], `${at}.visibility`);
    return {
      ...(id !== undefined ? { id } : {}),
      title,
      source: source ?? null,
      content,
      tags: tags ?? [],
      visibility: visibility ?? DEFAULT_VISIBILITY,
    };
  });
}
