import type { z } from 'zod';

/** A passage taken from a memory item, with where it came from. */
export interface Citation {
  /** Memory item id (MemoryHit.itemId); the evaluator checks that the item exists. */
  itemId: string;
  title?: string | null | undefined;
  source?: string | null | undefined;
  /** Exact text copied from the item; the evaluator checks that it occurs in the item. */
  quote: string;
}

/** What an output's own kind says is wrong with it, beyond its structure. */
export interface KindProblems {
  /** Nothing was produced (an empty source list, a review that gives no reason…). */
  empty?: string[];
  /** Impossible or failed results (a command that exited non-zero, numbers that contradict). */
  invalid?: string[];
}

/**
 * One kind of task output (TaskCompleted.output): its schema and what every service needs to
 * know about it. The executor's skills produce it, the evaluator checks it (structure from the
 * schema, the rest from these functions), memory, the CLI and the console render it. A new kind
 * is one definition plus one `outputKinds.register(...)`.
 *
 * The functions are methods so that a kind of a narrower type registers where any kind is
 * expected; the registry only calls them with outputs its schema accepted.
 */
export interface OutputKind<T extends { kind: string } = { kind: string }> {
  /** The value of the output's `kind` field. */
  kind: T['kind'];
  /** One sentence for the generated JSON Schema and the docs. */
  description: string;
  /** The whole output, `kind` included. Its JSON Schema is generated into schemas/payloads. */
  schema: z.ZodType<T>;
  /** The free text whose length is bounded and whose relevance is judged, when there is one. */
  mainText?(output: T): string;
  /** Whether outputs of this kind are expected to cite memory (an uncited one scores lower). */
  cites?: boolean;
  /** The memory passages the output relies on; every one is checked against memory. */
  citations?(output: T): Citation[];
  /** Problems the schema cannot express. */
  problems?(output: T): KindProblems;
  /** The output as Markdown a person reads (the CLI, the console, memory). */
  toMarkdown(output: T): string;
}

/** Declares a kind with its types checked against its schema. */
export function defineOutputKind<T extends { kind: string }>(kind: OutputKind<T>): OutputKind<T> {
  return kind;
}
