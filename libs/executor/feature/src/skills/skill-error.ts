/**
 * A skill that could not produce an output. `retriable` goes into TaskFailed: true when another
 * attempt (maybe by another agent) could succeed, false when the input itself is the problem.
 */
export class SkillError extends Error {
  constructor(
    message: string,
    readonly retriable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SkillError';
  }
}
