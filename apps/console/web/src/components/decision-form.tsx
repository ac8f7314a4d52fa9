import { useState } from 'preact/hooks';
import { api, errorMessage } from '../api';
import { PersonForm, rememberedPerson, rememberPerson } from './person-form';

/**
 * Approve or reject an approval step, with an optional comment and the decider's name. The
 * planner records the first decision; a second one (from another console, the CLI, a timeout)
 * answers 409, which is shown as it says.
 */
export function DecisionForm({
  goalId,
  taskName,
  onDecided,
}: {
  goalId: string;
  taskName: string;
  onDecided: (decision: 'approve' | 'reject') => void;
}) {
  const [comment, setComment] = useState('');
  const [by, setBy] = useState(rememberedPerson);
  const [sending, setSending] = useState<'approve' | 'reject' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const decide = (decision: 'approve' | 'reject') => {
    setSending(decision);
    setProblem(null);
    rememberPerson(by.trim());
    api.decide(goalId, taskName, { decision, comment, by }).then(
      () => {
        setSending(null);
        setComment('');
        onDecided(decision);
      },
      (error: unknown) => {
        setSending(null);
        setProblem(errorMessage(error));
      },
    );
  };

  return (
    <PersonForm
      testId={`decision-${taskName}`}
      textName="comment"
      text={comment}
      placeholder="Comment (optional): why, or what to change"
      onText={setComment}
      by={by}
      onBy={setBy}
      problem={problem}
    >
      <button
        type="button"
        class="primary-button"
        disabled={sending !== null}
        onClick={() => decide('approve')}
      >
        {sending === 'approve' ? 'Approving…' : 'Approve'}
      </button>
      <button
        type="button"
        class="danger-button"
        disabled={sending !== null}
        onClick={() => decide('reject')}
      >
        {sending === 'reject' ? 'Rejecting…' : 'Reject'}
      </button>
    </PersonForm>
  );
}
