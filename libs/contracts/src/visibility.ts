import { parse as parseYaml } from 'yaml';

/**
 * Who may be quoted a memory item, from the widest audience to the narrowest. The levels are
 * ordered: a reader allowed `internal` may also be quoted `public` items, never `restricted` ones.
 *
 * - `public`: may be quoted to anyone, customers included (a published FAQ).
 * - `internal`: staff only (a policy with instructions for agents); the default of every item.
 * - `restricted`: only to a step or agent that asks for it by name (legal, HR).
 *
 * On the wire (MemoryRecorded, MemoryHit, MemorySearchRequested) a level is a string, so a
 * level can be added without breaking readers; this list is the one every service checks against.
 */
export const visibilities = ['public', 'internal', 'restricted'] as const;
export type Visibility = (typeof visibilities)[number];

/**
 * The level of an item whose visibility nobody stated (a document posted without one, a task
 * result, anything stored before items had one), and the most a search may return when it does
 * not say. Internal, not public: an item nobody vouched for is never quoted to a customer.
 */
export const DEFAULT_VISIBILITY: Visibility = 'internal';

export function isVisibility(value: unknown): value is Visibility {
  return typeof value === 'string' && (visibilities as readonly string[]).includes(value);
}

/** The levels a reader allowed `max` may be quoted, widest audience first. */
export function visibilitiesUpTo(max: Visibility): Visibility[] {
  return visibilities.slice(0, visibilities.indexOf(max) + 1);
}

/** Whether an item of `level` may be quoted to a reader allowed `max`. */
export function mayQuote(level: Visibility, max: Visibility): boolean {
  return visibilities.indexOf(level) <= visibilities.indexOf(max);
}

/** The stricter (narrower) of the levels given; undefined ones are ignored. */
export function stricterVisibility(
  ...levels: readonly (Visibility | undefined)[]
): Visibility | undefined {
  let strictest: Visibility | undefined;
  for (const level of levels) {
    if (level !== undefined && (strictest === undefined || !mayQuote(strictest, level))) {
      strictest = level;
    }
  }
  return strictest;
}

/** A visibility that is not one of {@link visibilities}; `field` names where it was read. */
export class InvalidVisibilityError extends Error {
  /** What is wrong, without the field: `expected one of public, internal, restricted, got "x"`. */
  readonly problem: string;

  constructor(
    readonly field: string,
    readonly value: unknown,
  ) {
    const problem = `expected one of ${visibilities.join(', ')}, got ${JSON.stringify(value)}`;
    super(`${field}: ${problem}`);
    this.name = 'InvalidVisibilityError';
    this.problem = problem;
  }
}

/** A visibility read from `field`: undefined when absent, an error naming the field when bad. */
export function parseVisibility(value: unknown, field: string): Visibility | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isVisibility(value)) throw new InvalidVisibilityError(field, value);
  return value;
}

/** The step parameter that says what a step may quote: `params.quote: public`. */
export const QUOTE_PARAM = 'quote';

/**
 * What a step may quote, from its `params.quote`; undefined when the step does not say (the
 * reader's default, internal, then applies). A bad value throws {@link InvalidVisibilityError}
 * naming `params.quote`.
 */
export function quoteOf(params: Readonly<Record<string, unknown>>): Visibility | undefined {
  return parseVisibility(params[QUOTE_PARAM], `params.${QUOTE_PARAM}`);
}

/** A document's front matter as far as memory reads it, and the text after it. */
export interface FrontMatter {
  /** `visibility:` of the front matter, if it has one. */
  visibility?: Visibility;
  /** The document without its front matter. */
  body: string;
}

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/**
 * Splits a YAML front matter block (`---` lines around it, at the very start) from a document.
 * Only `visibility` is read; other keys (a static site generator's) are left alone. A document
 * without front matter comes back whole. A bad visibility, or front matter that is not a YAML
 * mapping, throws naming `source`.
 */
export function readFrontMatter(text: string, source: string): FrontMatter {
  const match = FRONT_MATTER.exec(text);
  if (!match) return { body: text };
  let data: unknown;
  try {
    data = parseYaml(match[1] ?? '');
  } catch (error) {
    throw new Error(
      `${source}: front matter is not valid YAML: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}`,
      { cause: error },
    );
  }
  if (data !== null && (typeof data !== 'object' || Array.isArray(data))) {
    throw new Error(`${source}: front matter must be a YAML mapping (key: value lines)`);
  }
  const fields = (data ?? {}) as Record<string, unknown>;
  let visibility: Visibility | undefined;
  try {
    visibility = parseVisibility(fields['visibility'], 'visibility');
  } catch (error) {
    throw new Error(`${source}: front matter ${(error as Error).message}`, { cause: error });
  }
  const body = text.slice(match[0].length);
  return visibility !== undefined ? { visibility, body } : { body };
}
