import { useState } from 'preact/hooks';
import { api, errorMessage } from '../api';

/** Where the page remembers who the person says they are, between decisions and visits. */
const DECIDER_KEY = 'agora.console.decider';

function rememberedDecider(): string {
  try {
    return localStorage.getItem(DECIDER_KEY) ?? '';
  } catch {
    return '';
  }
}

function rememberDecider(name: string): void {
  try {
    localStorage.setItem(DECIDER_KEY, name);
  } catch {
    // A page without storage (private mode) asks again next time.
  }
}

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
  const [by, setBy] = useState(rememberedDecider);
  const [sending, setSending] = useState<'approve' | 'reject' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const decide = (decision: 'approve' | 'reject') => {
    setSending(decision);
    setProblem(null);
    rememberDecider(by.trim());
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
    <form
      class="decision-form"
      data-testid={`decision-${taskName}`}
      onSubmit={(e) => e.preventDefault()}
      noValidate
    >
      <textarea
        name="comment"
        rows={2}
        value={comment}
        placeholder="Comment (optional): why, or what to change"
        onInput={(e) => setComment(e.currentTarget.value)}
      />
      <div class="decision-actions">
        <input
          name="by"
          value={by}
          placeholder="Your name"
          aria-label="Your name"
          onInput={(e) => setBy(e.currentTarget.value)}
        />
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
      </div>
      {problem && (
        <p class="bad-text" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
