import { z } from 'zod';
import { ConfigError } from './config-error';

/**
 * Validates the environment once, at start-up, into a typed object.
 * Every problem is reported at once, each under the name of its environment variable.
 */
export function loadConfig<S extends z.ZodType>(
  service: string,
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({
    key: issue.path.map(String).join('.') || '(environment)',
    message: issue.message,
  }));
  throw new ConfigError(service, problems);
}
