import type { DoneBy, WorkMode } from '../api-types';

/** What the offline mode is: its output only looks like a model's, so the page says so. */
const OFFLINE_TITLE =
  'No model was called: the deterministic built-in skills produced this. Configure a model for real agents (README, "Real agents").';

/** Who did a task's latest attempt: the model's name, or the offline deterministic skills. */
export function DoneByChip({ doneBy }: { doneBy: DoneBy | null }) {
  if (!doneBy) return null;
  return doneBy.mode === 'model' ? (
    <span class="chip" data-testid="done-by" title="The model that did this task's work">
      {doneBy.model}
    </span>
  ) : (
    <span class="chip chip-offline" data-testid="done-by" title={OFFLINE_TITLE}>
      offline · deterministic skills
    </span>
  );
}

/** Who did a goal's work, for its header: said plainly when no model did any of it. */
export function WorkModeNote({ mode }: { mode: WorkMode | null }) {
  switch (mode) {
    case null:
      return null;
    case 'offline':
      return (
        <span data-testid="goal-mode" title={OFFLINE_TITLE}>
          <b>offline</b>: deterministic skills, not a model
        </span>
      );
    case 'model':
      return <span data-testid="goal-mode">done by a model</span>;
    case 'mixed':
      return (
        <span data-testid="goal-mode" title={OFFLINE_TITLE}>
          <b>mixed</b>: some tasks offline (deterministic skills), the others by a model
        </span>
      );
    default: {
      const unknown: never = mode;
      return <span data-testid="goal-mode">{String(unknown)}</span>;
    }
  }
}
