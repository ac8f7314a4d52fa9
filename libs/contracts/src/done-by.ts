import type { Usage } from './generated/events';

/**
 * What did a task attempt's work, read off its TaskCompleted: a language model (`usage.model`,
 * as provider/model) or, when no model was called, the offline deterministic skills. Results of
 * the offline mode look like work; every view of a result says which it was.
 */
export type DoneBy = { mode: 'model'; model: string } | { mode: 'offline' };

/**
 * What did a goal's work, over its tasks that did any: `offline` when every one ran the
 * deterministic skills, `model` when every one called a model, `mixed` otherwise.
 */
export type WorkMode = 'offline' | 'model' | 'mixed';

/** What the offline mode is, for a person reading a result it produced. */
export const OFFLINE_MODE_NOTE =
  'deterministic skills; configure a model for real agents: see README "Real agents"';

/** A completed attempt's {@link DoneBy}, from its usage. */
export function doneByOf(usage: Pick<Usage, 'model'>): DoneBy {
  return usage.model ? { mode: 'model', model: usage.model } : { mode: 'offline' };
}

/** A goal's {@link WorkMode} from its tasks' (null for a task that did no work); null when none did. */
export function workModeOf(doneBy: Iterable<DoneBy | null>): WorkMode | null {
  let mode: WorkMode | null = null;
  for (const d of doneBy) {
    if (d === null) continue;
    if (mode === null) mode = d.mode;
    else if (mode !== d.mode) return 'mixed';
  }
  return mode;
}

/** How a table cell names who did a task's work: the model, `offline`, or `-` before any work. */
export function doneByLabel(doneBy: DoneBy | null): string {
  if (doneBy === null) return '-';
  return doneBy.mode === 'model' ? doneBy.model : 'offline';
}
