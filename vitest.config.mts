import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// Nest needs decorator metadata, which esbuild does not emit; SWC does.
const tsconfig = JSON.parse(readFileSync(resolve(import.meta.dirname, 'tsconfig.base.json'), 'utf8')) as {
  compilerOptions: { paths: Record<string, string[]> };
};
// Longest alias first, so '@agora/messaging/testing' wins over '@agora/messaging'.
const alias = Object.entries(tsconfig.compilerOptions.paths)
  .sort(([a], [b]) => b.length - a.length)
  .map(([find, [target]]) => ({ find, replacement: resolve(import.meta.dirname, target ?? '') }));

/**
 * The unit tier: domain libraries (pure by the layer rules), the contracts, and any spec named
 * `*.unit.spec.ts` (a pure test outside a domain library).
 */
const unitSpecs = [
  'libs/*/domain/**/*.spec.ts',
  'libs/contracts/**/*.spec.ts',
  '{apps,libs,tools}/**/*.unit.spec.ts',
];

const shared = {
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: { alias },
};

export default defineConfig({
  ...shared,
  test: {
    globalSetup: ['tools/test/global-setup.ts'],
    reporters: ['default', './tools/test/summary-reporter.ts'],
    projects: [
      {
        ...shared,
        test: {
          // Pure tests: no Kafka, registry, PostgreSQL or JVM (`npm run test:unit` runs only these).
          name: 'unit',
          include: unitSpecs,
          environment: 'node',
          testTimeout: 30_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        ...shared,
        test: {
          name: 'core',
          include: ['{apps,libs,tools}/**/*.spec.ts'],
          exclude: ['tools/e2e/**', '**/node_modules/**', ...unitSpecs],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Integration tests share one broker; files run in parallel, each with unique names.
          fileParallelism: true,
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        ...shared,
        test: {
          // Each of these starts several service processes: run them one at a time, after the
          // rest, so they do not starve each other (or the other tests) of CPU on a small machine.
          name: 'e2e',
          include: ['tools/e2e/**/*.spec.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
