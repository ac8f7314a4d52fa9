import { build, type Plugin } from 'esbuild';
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { packageName, runtimeLoadedPackages } from './app-build';

const repoRoot = resolve(__dirname, '../..');
const sdkRoot = join(repoRoot, 'libs/agent-sdk');

/** Where the publishable package is written: `cd dist/agent-sdk && npm publish`. */
export const agentSdkOutDir = join(repoRoot, 'dist/agent-sdk');

export interface BuiltAgentSdk {
  outDir: string;
  name: string;
  version: string;
  /** External packages the bundle requires, with the version locked in package-lock.json. */
  dependencies: Record<string, string>;
  /** File name (relative to outDir) → size in bytes. */
  files: Record<string, number>;
}

interface TsPaths {
  compilerOptions: { paths: Record<string, string[]> };
}

const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/**
 * Bundles the repository's own libraries (every `@agora/*` alias, resolved through
 * tsconfig.base.json) and leaves every npm package external, so the package installs them
 * as dependencies instead of carrying copies of kafkajs or zod.
 */
const externalPackages: Plugin = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@agora/') || builtins.has(args.path)) return undefined;
      return { path: args.path, external: true };
    });
  },
};

/** Every `@agora/*` alias in tsconfig.base.json → the folder of its index.ts. */
function aliasDirs(): Map<string, string> {
  const tsconfig = JSON.parse(
    readFileSync(join(repoRoot, 'tsconfig.base.json'), 'utf8'),
  ) as TsPaths;
  const dirs = new Map<string, string>();
  for (const [alias, [target]] of Object.entries(tsconfig.compilerOptions.paths)) {
    if (target) dirs.set(alias, dirname(join(repoRoot, target)));
  }
  return dirs;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/**
 * Emits declarations for the SDK entry with tsc into a temporary folder, copies them to
 * `types/` (repository-relative layout) and rewrites every `@agora/*` import into a relative
 * one, so `index.d.ts` resolves without the repository's path aliases.
 */
function emitDeclarations(outDir: string): string[] {
  const tmp = mkdtempSync(join(tmpdir(), 'agora-sdk-dts-'));
  try {
    const tsconfig = join(tmp, 'tsconfig.json');
    writeFileSync(
      tsconfig,
      JSON.stringify({
        extends: join(repoRoot, 'tsconfig.base.json'),
        compilerOptions: {
          declaration: true,
          emitDeclarationOnly: true,
          // `npm run typecheck` checks these sources; emitting without checking takes seconds.
          noCheck: true,
          sourceMap: false,
          noEmit: false,
          rootDir: repoRoot,
          outDir: join(tmp, 'out'),
          // Resolved from the config's folder otherwise, which is outside the repository.
          typeRoots: [join(repoRoot, 'node_modules/@types')],
        },
        files: [join(sdkRoot, 'src/index.ts')],
      }),
    );
    try {
      execFileSync(
        process.execPath,
        [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', tsconfig],
        {
          cwd: repoRoot,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
      throw new Error(
        `tsc could not emit the SDK's declarations:\n${String(stdout)}${String(stderr)}`,
        {
          cause: error,
        },
      );
    }
    const typesDir = join(outDir, 'types');
    cpSync(join(tmp, 'out'), typesDir, { recursive: true });
    const aliases = aliasDirs();
    const written: string[] = [];
    for (const file of walk(typesDir)) {
      const repoPath = join(repoRoot, relative(typesDir, file));
      const text = readFileSync(file, 'utf8').replace(
        /(from |import\()(["'])(@agora\/[^"']+)\2/g,
        (whole, lead: string, quote: string, alias: string) => {
          const target = aliases.get(alias);
          if (!target) throw new Error(`${relative(typesDir, file)}: unknown alias '${alias}'`);
          let rel = relative(dirname(repoPath), target);
          if (!rel.startsWith('.')) rel = `./${rel}`;
          return `${lead}${quote}${rel}/index${quote}`;
        },
      );
      writeFileSync(file, text);
      written.push(relative(outDir, file));
    }
    return written;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Builds `@agora/agent-sdk` into `outDir` as a package anyone can install: index.js (CommonJS
 * for Node 20, the repository's libraries inlined), index.d.ts with the declarations it
 * reaches under types/, package.json naming the external packages at their locked versions,
 * and the README.
 */
export async function buildAgentSdk(outDir = agentSdkOutDir): Promise<BuiltAgentSdk> {
  const source = JSON.parse(readFileSync(join(sdkRoot, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    description: string;
    license: string;
    engines: Record<string, string>;
  };
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    absWorkingDir: repoRoot,
    entryPoints: [join(sdkRoot, 'src/index.ts')],
    outfile: join(outDir, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    tsconfig: join(repoRoot, 'tsconfig.base.json'),
    plugins: [externalPackages],
    metafile: true,
    logLevel: 'warning',
  });

  const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string }>;
  };
  const external = new Set<string>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const i of output.imports) {
      if (i.external && !builtins.has(i.path)) external.add(packageName(i.path));
    }
  }
  for (const [loader, loaded] of Object.entries(runtimeLoadedPackages)) {
    if (external.has(loader)) for (const name of loaded) external.add(name);
  }
  const dependencies: Record<string, string> = {};
  for (const name of [...external].sort()) {
    const version = lock.packages[`node_modules/${name}`]?.version;
    if (!version)
      throw new Error(`the SDK bundle requires '${name}', which package-lock.json lacks`);
    dependencies[name] = version;
  }

  const declarations = emitDeclarations(outDir);
  writeFileSync(join(outDir, 'index.d.ts'), `export * from './types/libs/agent-sdk/src/index';\n`);
  cpSync(join(sdkRoot, 'README.md'), join(outDir, 'README.md'));
  const pkg = {
    name: source.name,
    version: source.version,
    description: source.description,
    license: source.license,
    main: './index.js',
    types: './index.d.ts',
    exports: { '.': { types: './index.d.ts', default: './index.js' } },
    files: ['index.js', 'index.js.map', 'index.d.ts', 'types/', 'README.md'],
    engines: source.engines,
    // A scoped package is private on the registry unless it says otherwise.
    publishConfig: { access: 'public' },
    dependencies,
  };
  writeFileSync(join(outDir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);

  const names = ['index.js', 'index.js.map', 'index.d.ts', 'package.json', 'README.md'];
  const files = Object.fromEntries(names.map((n) => [n, statSync(join(outDir, n)).size]));
  files['types/'] = declarations.reduce((sum, f) => sum + statSync(join(outDir, f)).size, 0);
  return { outDir, name: pkg.name, version: pkg.version, dependencies, files };
}

async function main(): Promise<void> {
  const started = Date.now();
  const built = await buildAgentSdk();
  const sizes = Object.entries(built.files)
    .map(([name, bytes]) => `${name} ${(bytes / 1024).toFixed(1)} KiB`)
    .join(', ');
  const deps = Object.entries(built.dependencies)
    .map(([name, version]) => `${name}@${version}`)
    .join(', ');
  process.stdout.write(
    `${built.name}@${built.version} → ${relative(repoRoot, built.outDir)}/: ${sizes} (${Date.now() - started} ms)\n` +
      `dependencies: ${deps}\n`,
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
