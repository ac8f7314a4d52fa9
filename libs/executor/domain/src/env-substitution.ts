/**
 * `${NAME}` and `${NAME:-default}` in an agents file's values, so one shipped file serves any
 * endpoint and model: `baseUrl: ${AGORA_MODEL_BASE_URL:-http://127.0.0.1:11434/v1}`. As in a
 * shell, the default applies when NAME is unset or empty; `${NAME}` with NAME unset is a problem
 * naming the field. A value that is nothing but substitutions and comes out empty is left out,
 * as if it were not written, so an optional field can be switched off from the environment.
 */
const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/** Substitutes every string inside `value`; `at` names the value in problems (`agent x`). */
export function substituteEnv(
  value: unknown,
  env: Readonly<Record<string, string | undefined>>,
  at: string,
  problems: string[],
): unknown {
  return walk(value, env, at, '', problems);
}

function walk(
  value: unknown,
  env: Readonly<Record<string, string | undefined>>,
  at: string,
  path: string,
  problems: string[],
): unknown {
  if (typeof value === 'string') return substituteOne(value, env, at, path, problems);
  if (Array.isArray(value)) {
    return value
      .map((v, i) => walk(v, env, at, join(path, String(i)), problems))
      .filter((v) => v !== undefined);
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      const substituted = walk(v, env, at, join(path, key), problems);
      if (substituted !== undefined) out[key] = substituted;
    }
    return out;
  }
  return value;
}

function substituteOne(
  text: string,
  env: Readonly<Record<string, string | undefined>>,
  at: string,
  path: string,
  problems: string[],
): string | undefined {
  if (!text.includes('${')) return text;
  const result = text.replace(REFERENCE, (_, name: string, fallback: string | undefined) => {
    const found = env[name];
    if (fallback !== undefined) return found ? found : fallback;
    if (found === undefined) {
      problems.push(
        `${at}: ${path || '(value)'}: environment variable ${name} is not set (write \${${name}:-default} for a default)`,
      );
      return '';
    }
    return found;
  });
  const onlyReferences = text.replace(REFERENCE, '').trim() === '';
  return onlyReferences && result.trim() === '' ? undefined : result;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
