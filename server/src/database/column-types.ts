import type { ValueTransformer } from 'typeorm';

/** pg returns BIGINT as a string; epoch milliseconds fit a JS number exactly. */
export const bigintNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};
