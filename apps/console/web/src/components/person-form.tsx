import type { ComponentChildren } from 'preact';

/** Where the page remembers who the person says they are, between actions and visits. */
const PERSON_KEY = 'agora.console.decider';

/** The name the person gave last time, or ''. */
export function rememberedPerson(): string {
  try {
    return localStorage.getItem(PERSON_KEY) ?? '';
  } catch {
    return '';
  }
}

export function rememberPerson(name: string): void {
  try {
    localStorage.setItem(PERSON_KEY, name);
  } catch {
    // A page without storage (private mode) asks again next time.
  }
}

/**
 * What a person does to a goal (a decision, a cancellation): a free text (why), their name
 * (sent as x-agora-user, recorded by the planner), the action buttons, and the planner's answer
 * when it refused.
 */
export function PersonForm({
  testId,
  textName,
  text,
  placeholder,
  onText,
  by,
  onBy,
  problem,
  children,
}: {
  testId: string;
  textName: string;
  text: string;
  placeholder: string;
  onText: (value: string) => void;
  by: string;
  onBy: (value: string) => void;
  problem: string | null;
  children: ComponentChildren;
}) {
  return (
    <form
      class="decision-form"
      data-testid={testId}
      onSubmit={(e) => e.preventDefault()}
      noValidate
    >
      <textarea
        name={textName}
        rows={2}
        value={text}
        placeholder={placeholder}
        onInput={(e) => onText(e.currentTarget.value)}
      />
      <div class="decision-actions">
        <input
          name="by"
          value={by}
          placeholder="Your name"
          aria-label="Your name"
          onInput={(e) => onBy(e.currentTarget.value)}
        />
        {children}
      </div>
      {problem && (
        <p class="bad-text" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
