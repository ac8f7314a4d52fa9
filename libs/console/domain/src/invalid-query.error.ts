/** A request parameter that cannot be accepted; `field` names it, `problem` says what to fix. */
export class InvalidQueryError extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
    this.name = 'InvalidQueryError';
  }
}
