import { z } from 'zod';

const booleanWords = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], {
    error: 'expected one of true, false, 1, 0, yes, no, on, off',
  })
  .transform((v) => v === 'true' || v === '1' || v === 'yes' || v === 'on');

/** A boolean from an environment variable: true/false, 1/0, yes/no, on/off. */
export const envBoolean = (defaultValue: boolean) =>
  booleanWords.optional().transform((v) => v ?? defaultValue);

/** Like {@link envBoolean}, but `undefined` when unset so the caller can derive a default. */
export const envOptionalBoolean = () => booleanWords.optional();

/** A TCP port number. */
export const envPort = (defaultValue: number) =>
  z.coerce
    .number({ error: 'expected a port number' })
    .int()
    .min(1, 'expected a port number from 1 to 65535')
    .max(65535, 'expected a port number from 1 to 65535')
    .default(defaultValue);

/** A positive integer, e.g. a count or a duration in milliseconds. */
export const envPositiveInt = (defaultValue: number) =>
  z.coerce.number({ error: 'expected a whole number' }).int().positive().default(defaultValue);

/** A comma-separated list with blanks dropped. */
export const envList = () =>
  z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    )
    .pipe(z.array(z.string()).min(1, 'expected at least one entry'));

/** An absolute URL. */
export const envUrl = () =>
  z.url({ error: 'expected an absolute URL, e.g. http://host:port/path' });
