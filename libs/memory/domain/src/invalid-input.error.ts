/** Input that cannot be accepted; `field` names what to fix (e.g. `documents[2].title`, `k`). */
export class InvalidInputError extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
    this.name = 'InvalidInputError';
  }
}
