import { DEFAULT_VISIBILITY, type Visibility } from '@agora/contracts';
import { chunkText } from './chunker';

/**
 * What an item is. A string on the wire (MemoryRecorded.kind) so new kinds can be added; these
 * are the ones memory writes itself.
 */
export type MemoryKind = 'goal' | 'task_result' | 'evaluation' | 'knowledge';

/** Every kind memory writes, so a search can refuse a kind that can never match. */
export const MEMORY_KINDS: readonly MemoryKind[] = [
  'goal',
  'task_result',
  'evaluation',
  'knowledge',
];

/** One stored item: a whole swarm artefact, or one passage of a knowledge document. */
export interface MemoryItem {
  id: string;
  kind: MemoryKind | (string & {});
  /** Goal the item came from; null for knowledge, which every goal may recall. */
  goalId: string | null;
  taskId: string | null;
  title: string | null;
  source: string | null;
  content: string;
  tags: string[];
  /**
   * Who may be quoted the item (public < internal < restricted); a search never returns an item
   * above what its caller may quote. Swarm artefacts (goals, results, verdicts) may repeat
   * anything their tasks read, so they keep the default. @default 'internal'
   */
  visibility?: Visibility;
}

/** A document to store as knowledge, as posted to the API or read from a folder. */
export interface KnowledgeDocument {
  /** Stable id; re-storing the same id replaces the document's passages. @default derived from source, else title */
  id?: string;
  title: string;
  source?: string | null;
  content: string;
  tags?: string[];
  /** Who may be quoted it; every passage gets it. @default 'internal' */
  visibility?: Visibility;
}

/** Separates a document id from a passage number in passage item ids. */
export const PASSAGE_SEPARATOR = '#';

/** Item ids the memory writes for swarm events, so a redelivered event replaces its own item. */
export const itemIds = {
  goal: (goalId: string) => `goal:${goalId}`,
  taskResult: (taskId: string, attempt: number) => `task:${taskId}:${attempt}`,
  evaluation: (taskId: string, attempt: number) => `evaluation:${taskId}:${attempt}`,
};

/** A readable, stable id from free text: `doc:` and a lower-case slug. */
export function documentId(doc: Pick<KnowledgeDocument, 'id' | 'source' | 'title'>): string {
  if (doc.id) return doc.id;
  const basis = (doc.source ?? doc.title).replace(/\.(md|markdown|txt)$/i, '');
  const slug = basis
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120);
  return `doc:${slug || 'untitled'}`;
}

/**
 * A document as the passages memory stores: items `${docId}#${n}` (n from 1) with the
 * document's title, source and tags, so a search hit is a passage that still says where it
 * came from.
 */
export function documentPassages(
  doc: KnowledgeDocument,
  maxChars: number,
): { documentId: string; items: MemoryItem[] } {
  const id = documentId(doc);
  const chunks = chunkText(doc.content, { maxChars });
  return {
    documentId: id,
    items: chunks.map((content, index) => ({
      id: `${id}${PASSAGE_SEPARATOR}${index + 1}`,
      kind: 'knowledge',
      goalId: null,
      taskId: null,
      title: doc.title,
      source: doc.source ?? null,
      content,
      tags: doc.tags ?? [],
      visibility: doc.visibility ?? DEFAULT_VISIBILITY,
    })),
  };
}

/** Where a goal item's result starts, so recording the result again replaces it. */
const GOAL_RESULT_HEADING = '\n\n## Result\n\n';

/** The content of a goal item: the goal as submitted, with its inputs. */
export function goalContent(goal: string, inputs: Record<string, string>): string {
  const lines = Object.entries(inputs).map(([name, value]) => `- ${name}: ${value}`);
  return lines.length > 0 ? `${goal}\n\nInputs:\n${lines.join('\n')}` : goal;
}

/** The result recorded in a goal item's content, if any. */
export function goalResultOf(content: string): string | undefined {
  const index = content.indexOf(GOAL_RESULT_HEADING);
  return index >= 0 ? content.slice(index + GOAL_RESULT_HEADING.length) : undefined;
}

/** A goal item's content with its result set (replacing any earlier result). */
export function withGoalResult(content: string, output: string): string {
  const index = content.indexOf(GOAL_RESULT_HEADING);
  const goal = index >= 0 ? content.slice(0, index) : content;
  return `${goal}${GOAL_RESULT_HEADING}${output}`;
}
