import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * The architecture rules live in eslint.config.mjs (@nx/enforce-module-boundaries). These probes
 * break each rule in a real file inside a real project and check that lint fails on it.
 */
const root = resolve(__dirname, '../..');
const probes = {
  serviceImportsService: {
    file: 'apps/planner/src/boundary-probe.ts',
    code: "import { auctionEnvSchema } from '../../auction/src/config';\nexport const probe = auctionEnvSchema;\n",
  },
  appImportsKafka: {
    file: 'apps/executor/src/boundary-probe.ts',
    code: "import { Kafka } from 'kafkajs';\nexport const probe = Kafka;\n",
  },
  utilImportsTypeorm: {
    file: 'libs/shared/config/src/boundary-probe.ts',
    code: "import { DataSource } from 'typeorm';\nexport const probe = DataSource;\n",
  },
  databaseImportsKafka: {
    file: 'libs/shared/database/src/boundary-probe.ts',
    code: "import { Kafka } from 'kafkajs';\nexport const probe = Kafka;\n",
  },
  messagingImportsTypeorm: {
    file: 'libs/messaging/src/boundary-probe.ts',
    code: "import { DataSource } from 'typeorm';\nexport const probe = DataSource;\n",
  },
  agentSdkImportsService: {
    file: 'libs/agent-sdk/src/boundary-probe.ts',
    code: "import { decideBid } from '@agora/executor/domain';\nexport const probe = decideBid;\n",
  },
  messagingImportsKafka: {
    file: 'libs/messaging/src/boundary-probe-allowed.ts',
    code: "import { Kafka } from 'kafkajs';\nexport const probe = Kafka;\n",
  },
} as const;

describe('module boundaries are enforced by lint', () => {
  const results = new Map<keyof typeof probes, string[]>();

  beforeAll(async () => {
    // The rule reads Nx's cached project graph and skips itself (a warning, not an error) when
    // there is none, as in a fresh clone: compute it first, as `npm run lint` does.
    execFileSync(resolve(root, 'node_modules/.bin/nx'), ['show', 'projects'], {
      cwd: root,
      env: { ...process.env, NX_DAEMON: 'false' },
      stdio: 'ignore',
    });
    for (const probe of Object.values(probes)) writeFileSync(resolve(root, probe.file), probe.code);
    try {
      const eslint = new ESLint({ cwd: root });
      const lint = await eslint.lintFiles(Object.values(probes).map((p) => p.file));
      for (const [name, probe] of Object.entries(probes) as [
        keyof typeof probes,
        (typeof probes)[keyof typeof probes],
      ][]) {
        const result = lint.find((r) => r.filePath === resolve(root, probe.file));
        results.set(
          name,
          (result?.messages ?? [])
            .filter((m) => m.ruleId === '@nx/enforce-module-boundaries')
            .map((m) => m.message),
        );
      }
    } finally {
      for (const probe of Object.values(probes)) rmSync(resolve(root, probe.file), { force: true });
    }
  }, 120_000);

  afterAll(() => {
    for (const probe of Object.values(probes)) rmSync(resolve(root, probe.file), { force: true });
  });

  it('a service cannot import another service', () => {
    expect(results.get('serviceImportsService')?.join('\n')).toMatch(
      /Projects cannot be imported by a relative or absolute path/,
    );
  });

  it('the agent SDK depends on shared libraries only, never on a service', () => {
    expect(results.get('agentSdkImportsService')).toEqual([
      'A project tagged with "scope:shared" can only depend on libs tagged with "scope:shared"',
    ]);
  });

  it('kafkajs only in libs/messaging; typeorm only in PostgreSQL data-access libraries', () => {
    expect(results.get('appImportsKafka')).toEqual([
      'A project tagged with "type:app" is not allowed to import "kafkajs"',
    ]);
    expect(results.get('utilImportsTypeorm')).toEqual([
      'A project tagged with "type:util" is not allowed to import "typeorm"',
    ]);
    expect(results.get('databaseImportsKafka')).toEqual([
      'A project tagged with "io:postgres" is not allowed to import "kafkajs"',
    ]);
    expect(results.get('messagingImportsTypeorm')).toEqual([
      'A project tagged with "io:kafka" is not allowed to import "typeorm"',
    ]);
    expect(results.get('messagingImportsKafka')).toEqual([]);
  });
});
