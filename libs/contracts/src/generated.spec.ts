import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../../..');

describe('generated code', () => {
  // Runs the generator as a process: the contracts library may not import workspace tools.
  // tools/codegen/contract-codegen.spec.ts checks the same through the render function.
  it('is what the generator writes from schemas/ now', () => {
    const tsx = resolve(root, 'node_modules/tsx/dist/cli.mjs');
    const run = spawnSync(
      process.execPath,
      [tsx, 'tools/codegen/generate-contracts.ts', '--check'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect(run.status, run.stderr).toBe(0);
  });

  it('is re-exported by name from the barrel', () => {
    const generated = ['generated/events.ts', 'generated/topics.ts']
      .map((file) => readFileSync(resolve(__dirname, file), 'utf8'))
      .join('\n');
    const names = [...generated.matchAll(/^export (?:interface|type|const) (\w+)/gm)].map(
      (match) => match[1],
    );
    const barrel = readFileSync(resolve(__dirname, 'index.ts'), 'utf8');
    const exported = new Set(
      [...barrel.matchAll(/export (?:type )?\{([^}]*)\}/g)].flatMap((match) =>
        (match[1] ?? '').split(',').map((name) => name.trim()),
      ),
    );
    expect(names.length).toBeGreaterThan(20);
    const missing = names.filter((name) => name !== undefined && !exported.has(name));
    expect(missing, 'add these to libs/contracts/src/index.ts').toEqual([]);
  });
});
