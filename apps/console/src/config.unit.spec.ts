import { loadConfig } from '@agora/config';
import { describe, expect, it } from 'vitest';
import { consoleEnvSchema } from './config';

const base = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  SCHEMA_REGISTRY_URL: 'http://127.0.0.1:8081',
  DATABASE_URL: 'postgres://u@127.0.0.1/agora',
};

describe('console config', () => {
  it('has the documented defaults', () => {
    expect(loadConfig('console', consoleEnvSchema, base)).toMatchObject({
      HTTP_PORT: 3006,
      PLANNER_URL: 'http://127.0.0.1:3000',
      PLANNER_TIMEOUT_MS: 30_000,
      CONSOLE_WEB_DIR: 'dist/console-web',
      CONSOLE_MAX_GOALS: 5_000,
      CONSOLE_LAG_GROUPS: [
        'agora.planner',
        'agora.auction',
        'agora.evaluator',
        'agora.memory',
        'agora.memory.search',
      ],
      CONSOLE_LAG_REFRESH_MS: 5_000,
      CONSOLE_STREAM_KEEPALIVE_MS: 15_000,
    });
  });

  it('reads the lag groups as a list', () => {
    expect(
      loadConfig('console', consoleEnvSchema, { ...base, CONSOLE_LAG_GROUPS: 'a, b' })
        .CONSOLE_LAG_GROUPS,
    ).toEqual(['a', 'b']);
  });

  it('names each bad key', () => {
    expect(() =>
      loadConfig('console', consoleEnvSchema, {
        ...base,
        PLANNER_URL: '127.0.0.1 3000',
        CONSOLE_MAX_GOALS: '1000000',
      }),
    ).toThrow(/PLANNER_URL[\s\S]*CONSOLE_MAX_GOALS|CONSOLE_MAX_GOALS[\s\S]*PLANNER_URL/);
  });
});
