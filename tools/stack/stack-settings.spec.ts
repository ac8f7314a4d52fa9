import { readFile } from 'node:fs/promises';
import { stackEnv } from '@agora/testing';
import { describe, expect, it } from 'vitest';
import { ensureStack } from './stack';
import { STACK_ENV_FILE } from './stack.config';

describe('.agora/stack/stack.env', () => {
  it('is not rewritten by a run with another DATABASE_URL (only `stack:up` rewrites it)', async () => {
    const before = await readFile(STACK_ENV_FILE, 'utf8');
    const saved = process.env.DATABASE_URL;
    // The same database under another URL: a run with its own settings.
    const other = new URL(stackEnv().DATABASE_URL);
    other.searchParams.set('application_name', 'agora-other-run');
    process.env.DATABASE_URL = other.toString();
    try {
      const env = await ensureStack({ quiet: true });
      expect(env.DATABASE_URL).toBe(other.toString());
      expect(await readFile(STACK_ENV_FILE, 'utf8')).toBe(before);
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
  });
});
