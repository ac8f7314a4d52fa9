import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../e2e/service-process';
import { buildApp, services } from '../build/app-build';
import { repoRoot } from './topic-catalog';
import { testRunPrefix } from '@agora/testing';

interface Instruction {
  op: string;
  args: string;
}

/** Dockerfile instructions, continuation lines joined, comments dropped. */
function instructions(file: string): Instruction[] {
  return readFileSync(file, 'utf8')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [op, ...rest] = l.split(/\s+/);
      return { op: op!.toUpperCase(), args: rest.join(' ') };
    });
}

/** Patterns of .dockerignore, with `!` exceptions, matched the way Docker does for these simple forms. */
function ignored(path: string): boolean {
  const rules = readFileSync(join(repoRoot, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  let result = false;
  for (const rule of rules) {
    const negate = rule.startsWith('!');
    const pattern = (negate ? rule.slice(1) : rule).replace(/^\.\//, '');
    const regex = new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]]/g, '\\$&')
        .replace(/\*\*\//g, '(.*/)?')
        .replace(/\*/g, '[^/]*')}(/.*)?$`,
    );
    if (regex.test(path)) result = !negate;
  }
  return result;
}

const dockerfile = instructions(join(repoRoot, 'Dockerfile'));

describe('Dockerfile', () => {
  it('is multi-stage: deps → build → runtime', () => {
    const stages = dockerfile
      .filter((i) => i.op === 'FROM')
      .map((i) => i.args.split(/\s+AS\s+/i)[1]);
    expect(stages).toEqual(['deps', 'build', 'runtime']);
  });

  it('copies from the context only files that exist and that .dockerignore lets through', () => {
    const sources = dockerfile
      .filter((i) => i.op === 'COPY' && !i.args.includes('--from='))
      .flatMap((i) =>
        i.args
          .split(/\s+/)
          .filter((a) => !a.startsWith('--'))
          .slice(0, -1),
      );
    expect(sources).toEqual(
      expect.arrayContaining(['package.json', 'apps', 'libs', 'tools/build']),
    );
    for (const source of sources) {
      expect(existsSync(join(repoRoot, source)), source).toBe(true);
      expect(ignored(source), `${source} is excluded by .dockerignore`).toBe(false);
    }
    expect(ignored('node_modules')).toBe(true);
    expect(ignored('tools/deploy')).toBe(true);
  });

  it('runs the build script that exists, as an unprivileged user, with a liveness healthcheck', () => {
    const run = dockerfile
      .filter((i) => i.op === 'RUN')
      .map((i) => i.args)
      .join('\n');
    const script = /npx tsx (\S+)/.exec(run)?.[1];
    expect(script && existsSync(join(repoRoot, script)), String(script)).toBe(true);
    const user = dockerfile.filter((i) => i.op === 'USER').at(-1)?.args;
    expect(user).toMatch(/^[1-9][0-9]*(:[0-9]+)?$/);
    expect(dockerfile.find((i) => i.op === 'HEALTHCHECK')?.args).toContain('/health/live');
    const env = dockerfile
      .filter((i) => i.op === 'ENV')
      .map((i) => i.args)
      .join(' ');
    expect(env).toContain('NODE_ENV=production');
    expect(env).toContain('AGORA_VERSION=${AGORA_VERSION}');
    expect(dockerfile.some((i) => i.op === 'ARG' && i.args.startsWith('SERVICE'))).toBe(true);
    expect(dockerfile.at(-1)).toEqual({ op: 'CMD', args: '["node", "/app"]' });
  });
});

describe('production build (tools/build)', () => {
  const out = mkdtempSync(join(tmpdir(), 'agora-build-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('compiles auction with aliases rewritten; its package.json main is the image entry point', () => {
    const app = buildApp('auction', out);
    const pkg = JSON.parse(readFileSync(join(app.outDir, 'package.json'), 'utf8')) as {
      main: string;
      dependencies: Record<string, string>;
    };
    expect(existsSync(join(app.outDir, pkg.main))).toBe(true);
    const main = readFileSync(join(app.outDir, pkg.main), 'utf8');
    expect(main).toContain('require("../../../libs/shared/runtime/src")');
    expect(main).not.toContain('@agora/');
    expect(pkg.dependencies).toHaveProperty('@nestjs/core');
    // Dev tooling never reaches an image.
    for (const dev of ['vitest', '@swc/core', 'tsx', 'typescript'])
      expect(pkg.dependencies).not.toHaveProperty(dev);
    const lock = JSON.parse(readFileSync(join(app.outDir, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean }>;
    };
    expect(lock.packages['node_modules/vitest']).toBeUndefined();
    expect(lock.packages['node_modules/@nestjs/core']).toBeDefined();
  });

  it("gives the console the bundled web app when it is built, never the app's sources", () => {
    const app = buildApp('console', out);
    expect(app.assets.filter((a) => a.startsWith('apps/console/web'))).toEqual([]);
    if (existsSync(join(repoRoot, 'dist/console-web/index.html'))) {
      expect(app.missing).toBeUndefined();
      expect(app.assets).toContain('dist/console-web/index.html');
      expect(existsSync(join(app.outDir, 'dist/console-web/index.html'))).toBe(true);
    } else {
      expect(app.missing?.command).toBe('npm run build:console');
    }
  });

  it.each(services)(
    '%s starts from dist with only the packages its lock file lists, and answers /health',
    async (service) => {
      const app = buildApp(service, out);
      const lock = JSON.parse(readFileSync(join(app.outDir, 'package-lock.json'), 'utf8')) as {
        packages: Record<string, unknown>;
      };
      // Links to the workspace's copies of exactly the locked top-level packages; with
      // --preserve-symlinks, Node resolves every require from here, so a package missing from the
      // lock fails start-up as it would in the image.
      for (const key of Object.keys(lock.packages)) {
        if (!/^node_modules\/(@[^/]+\/)?[^/]+$/.test(key)) continue;
        const link = join(app.outDir, key);
        mkdirSync(dirname(link), { recursive: true });
        symlinkSync(join(repoRoot, key), link, 'dir');
      }
      const stackEnv = Object.fromEntries(
        readFileSync(join(repoRoot, '.agora/stack/stack.env'), 'utf8')
          .split('\n')
          .filter((l) => /^[A-Z_]+=/.test(l))
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
      // A port the OS says is free can still be taken before the service binds it (other test
      // files run alongside): try again on a new port then.
      let result = await startFromDist(app.outDir, stackEnv);
      for (let tries = 1; tries < 3 && result.output.includes('EADDRINUSE'); tries++) {
        result = await startFromDist(app.outDir, stackEnv);
      }
      expect(result.status, result.output).toBe(200);
      expect(result.exitCode, result.output).toBe(0);
    },
  );
});

/** Starts a built service with only its own dependencies; waits for /health, then stops it. */
async function startFromDist(
  outDir: string,
  stackEnv: Record<string, string>,
): Promise<{ status: number; exitCode: number | null; output: string }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--preserve-symlinks', '--preserve-symlinks-main', outDir],
    {
      cwd: tmpdir(),
      env: {
        PATH: process.env.PATH,
        ...stackEnv,
        HTTP_PORT: String(port),
        HTTP_HOST: '127.0.0.1',
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        KAFKA_TOPIC_PREFIX: `${testRunPrefix()}build-${port}.`,
        KAFKA_CREATE_TOPICS: 'true',
        KAFKA_MAX_PARTITIONS: '2',
        DATABASE_SCHEMA: `t_build_${port}`,
        DATABASE_POOL_SIZE: '2',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  let status = 0;
  try {
    for (let i = 0; i < 120 && status !== 200; i++) {
      if (child.exitCode !== null) break;
      status = await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.status,
        () => 0,
      );
      if (status !== 200) await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    child.kill('SIGTERM');
  }
  const exitCode = await exited;
  await dropSchema(stackEnv.DATABASE_URL, `t_build_${port}`);
  return { status, exitCode, output };
}

async function dropSchema(url: string | undefined, schema: string): Promise<void> {
  if (!url) return;
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query(`drop schema if exists "${schema}" cascade`).finally(() => client.end());
}
