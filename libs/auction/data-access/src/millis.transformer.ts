import type { ValueTransformer } from 'typeorm';

/** pg returns bigint as text to avoid precision loss; epoch milliseconds fit a JS number. */
export const millis: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
