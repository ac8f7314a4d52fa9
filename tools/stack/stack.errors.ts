/**
 * An expected failure (missing prerequisite, port conflict, component that would not start).
 * The CLI prints its message without a stack trace; anything else is a bug and keeps its trace.
 */
export class StackError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StackError';
  }
}
