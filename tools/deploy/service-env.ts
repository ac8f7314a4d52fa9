import { join } from 'node:path';
import type { z } from 'zod';
import { repoRoot } from './topic-catalog';
import { services, type ServiceName } from '../services';

export { services, type ServiceName };

/**
 * Read at run time rather than by the service: AGORA_VERSION is stamped into images and read by
 * libs/shared/runtime/src/version.ts outside the zod schema.
 */
export const runtimeKeys: readonly string[] = ['AGORA_VERSION'];

export interface ServiceEnvKeys {
  /** Every key the service's schema knows. */
  known: Set<string>;
  /** Keys without a default: the service refuses to start without them. */
  required: Set<string>;
}

/**
 * The configuration keys of one service, read from apps/<service>/src/config.ts at test time (so
 * keys added there are seen at once): the schema is the export whose name ends in EnvSchema.
 */
export async function serviceEnvKeys(service: ServiceName): Promise<ServiceEnvKeys> {
  const mod = (await import(join(repoRoot, 'apps', service, 'src', 'config.ts'))) as Record<
    string,
    unknown
  >;
  const schema = objectSchema(
    Object.entries(mod).find(([name]) => name.endsWith('EnvSchema'))?.[1],
  );
  if (!schema) {
    throw new Error(`apps/${service}/src/config.ts exports no zod object schema named *EnvSchema`);
  }
  const known = new Set<string>([...Object.keys(schema.shape), ...runtimeKeys]);
  const required = new Set(
    Object.entries(schema.shape)
      .filter(([, field]) => !(field as z.ZodType).safeParse(undefined).success)
      .map(([key]) => key),
  );
  return { known, required };
}

/** The object schema under refinements and transforms (`.transform()` wraps it in a pipe). */
function objectSchema(schema: unknown): z.ZodObject<z.ZodRawShape> | undefined {
  for (let s = schema, depth = 0; s && typeof s === 'object' && depth < 10; depth++) {
    if ('shape' in s) return s as z.ZodObject<z.ZodRawShape>;
    s = 'in' in s ? s.in : 'innerType' in s ? s.innerType : undefined;
  }
  return undefined;
}

/** Problems with an environment given to a service: unknown keys and missing required keys. */
export function checkEnvKeys(keys: ServiceEnvKeys, given: Iterable<string>): string[] {
  const set = new Set(given);
  return [
    ...[...set].filter((k) => !keys.known.has(k)).map((k) => `unknown key ${k}`),
    ...[...keys.required].filter((k) => !set.has(k)).map((k) => `missing required key ${k}`),
  ];
}
