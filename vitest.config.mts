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

export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: { alias },
  test: {
    include: ['{apps,libs,tools}/**/*.spec.ts'],
    environment: 'node',
    globalSetup: ['tools/test/global-setup.ts'],
    reporters: ['default', './tools/test/summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration tests share one broker; files run in parallel, each with unique topic names.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
