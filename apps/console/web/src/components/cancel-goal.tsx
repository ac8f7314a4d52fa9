import { useState } from 'preact/hooks';
import { api, errorMessage } from '../api';
import { PersonForm, rememberedPerson, rememberPerson } from './person-form';

/**
 * Cancels a goal that has not ended, with an optional reason and the person's name (both named
 * in the goal's failure). Folded into one button until asked for, so it is not pressed by
 * accident; a goal that ended meanwhile answers 409, shown as the planner says it.
 */
export function CancelGoal({ goalId, onCancelled }: { goalId: string; onCancelled: () => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [by, setBy] = useState(rememberedPerson);
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  if (!open) {
    return (
      <button type="button" class="danger-button" onClick={() => setOpen(true)}>
        Cancel goal…
      </button>
    );
  }
  const cancel = () => {
    setSending(true);
    setProblem(null);
    rememberPerson(by.trim());
    api.cancelGoal(goalId, reason, by).then(
      () => {
        setSending(false);
        setOpen(false);
        onCancelled();
      },
      (error: unknown) => {
        setSending(false);
        setProblem(errorMessage(error));
      },
    );
  };
  return (
    <PersonForm
      testId="cancel-goal"
      textName="reason"
      text={reason}
      placeholder="Reason (optional): why the goal is no longer wanted"
      onText={setReason}
      by={by}
      onBy={setBy}
      problem={problem}
    >
      <button type="button" class="danger-button" disabled={sending} onClick={cancel}>
        {sending ? 'Cancelling…' : 'Cancel goal'}
      </button>
      <button type="button" disabled={sending} onClick={() => setOpen(false)}>
        Keep it
      </button>
    </PersonForm>
  );
}
