import type { ValueTransformer } from 'typeorm';

/** node-postgres returns bigint as a string; the counts stored here stay far below 2^53. */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};
