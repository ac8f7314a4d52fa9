/** A move between two states that the state machine does not allow. */
export class IllegalTransitionError extends Error {
  constructor(
    readonly entity: string,
    readonly id: string,
    readonly from: string,
    readonly to: string,
  ) {
    super(`${entity} ${id}: illegal transition ${from} → ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

/** A transition table: for each state, the states it may move to. */
export type Transitions<S extends string> = { readonly [K in S]: readonly S[] };

export function canTransition<S extends string>(table: Transitions<S>, from: S, to: S): boolean {
  return table[from].includes(to);
}

export function assertTransition<S extends string>(
  table: Transitions<S>,
  entity: string,
  id: string,
  from: S,
  to: S,
): void {
  if (!canTransition(table, from, to)) throw new IllegalTransitionError(entity, id, from, to);
}
