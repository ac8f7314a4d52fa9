import { useState } from 'preact/hooks';
import { ApiError, api, errorMessage, type SubmitGoal } from '../api';
import type { WorkflowView } from '../api-types';
import { parseInputLines } from '../goal-inputs';

type FormField = 'goal' | 'workflow' | 'inputs' | 'priority';

/** The form field a server's field path (`inputs.topic`, `body`) belongs to, if any. */
function formFieldOf(field: string | null): FormField | null {
  const head = field?.split('.')[0];
  return head === 'goal' || head === 'workflow' || head === 'inputs' || head === 'priority'
    ? head
    : null;
}

/**
 * Submits a goal to the planner through the console. The planner checks the request; its 400
 * names the field, which is shown and outlined here.
 */
export function SubmitGoalForm({
  workflows,
  workflowsError,
  onSubmitted,
}: {
  workflows: readonly WorkflowView[];
  workflowsError: unknown;
  onSubmitted: (goalId: string) => void;
}) {
  const [goal, setGoal] = useState('');
  const [workflow, setWorkflow] = useState('');
  const [inputs, setInputs] = useState('');
  const [priority, setPriority] = useState('0');
  const [problem, setProblem] = useState<{ message: string; field: FormField | null } | null>(null);
  const [sending, setSending] = useState(false);

  const submit = (event: Event) => {
    event.preventDefault();
    const parsed = parseInputLines(inputs);
    if (!parsed.ok) {
      setProblem({ message: `inputs: ${parsed.message}`, field: 'inputs' });
      return;
    }
    const body: SubmitGoal = { goal };
    if (workflow) body.workflow = workflow;
    if (Object.keys(parsed.inputs).length > 0) body.inputs = parsed.inputs;
    // Sent as typed: the planner says what is wrong with a priority, not this form.
    if (priority.trim() !== '') body.priority = Number(priority);
    setSending(true);
    setProblem(null);
    api.submitGoal(body).then(
      ({ goalId }) => {
        setSending(false);
        setGoal('');
        setInputs('');
        onSubmitted(goalId);
      },
      (error: unknown) => {
        setSending(false);
        setProblem({
          message: errorMessage(error),
          field: error instanceof ApiError ? formFieldOf(error.field) : null,
        });
      },
    );
  };

  const invalid = (field: FormField) => (problem?.field === field ? 'invalid' : undefined);
  const chosen = workflows.find((w) => w.name === workflow);
  return (
    <form class="submit-form" onSubmit={submit} noValidate>
      <label class="field field-goal">
        <span>Goal</span>
        <textarea
          name="goal"
          rows={3}
          value={goal}
          class={invalid('goal')}
          placeholder="What should the agents do? e.g. Compare three Kafka clients for Node.js and recommend one"
          onInput={(e) => setGoal(e.currentTarget.value)}
        />
      </label>
      <div class="field-row">
        <label class="field">
          <span>Workflow</span>
          <select
            name="workflow"
            value={workflow}
            class={invalid('workflow')}
            onChange={(e) => setWorkflow(e.currentTarget.value)}
          >
            <option value="">Planner decides</option>
            {workflows.map((w) => (
              <option key={w.name} value={w.name}>
                {w.name}
              </option>
            ))}
          </select>
          {chosen && <small class="hint">{chosen.description}</small>}
          {workflowsError !== undefined && (
            <small class="hint bad-text">
              workflows unavailable: {errorMessage(workflowsError)}
            </small>
          )}
        </label>
        <label class="field field-narrow">
          <span>Priority</span>
          <input
            name="priority"
            type="number"
            min={-100}
            max={100}
            step={1}
            value={priority}
            class={invalid('priority')}
            onInput={(e) => setPriority(e.currentTarget.value)}
          />
        </label>
      </div>
      <label class="field">
        <span>
          Inputs <small class="muted">one key=value a line, optional</small>
        </span>
        <textarea
          name="inputs"
          rows={2}
          value={inputs}
          class={`mono ${invalid('inputs') ?? ''}`}
          placeholder="audience=engineers"
          onInput={(e) => setInputs(e.currentTarget.value)}
        />
      </label>
      {problem && (
        <div class="banner banner-error" role="alert" data-field={problem.field ?? undefined}>
          {problem.message}
        </div>
      )}
      <div class="form-actions">
        <button type="submit" class="primary-button" disabled={sending}>
          {sending ? 'Submitting…' : 'Submit goal'}
        </button>
      </div>
    </form>
  );
}
