import { transformFileSync, type Options } from '@swc/core';
import { builtinModules } from 'node:module';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { services, type ServiceName } from '../services';

export const repoRoot = resolve(__dirname, '../..');

export { services, type ServiceName };

/** Files another build step makes, which a service serves at run time. */
export interface PrebuiltAssets {
  /** Where the step writes them, relative to the repository; copied to the same place in the app. */
  dir: string;
  /** Their sources, which are not copied into the app. */
  source: string;
  /** The command that makes them. */
  command: string;
}

/**
 * The console serves the web app that `npm run build:console` bundles into dist/console-web,
 * resolved from its working directory (the repository, or /app in the image).
 */
export const prebuiltAssets: Partial<Record<ServiceName, PrebuiltAssets>> = {
  console: {
    dir: 'dist/console-web',
    source: 'apps/console/web',
    command: 'npm run build:console',
  },
};

/**
 * Packages a service needs at run time that its compiled code never names, by the package that
 * loads them: Nest loads the HTTP adapter by name in NestFactory.create(), TypeORM loads the
 * PostgreSQL driver by name, and @opentelemetry/sdk-node 0.208 requires context-async-hooks
 * while declaring it only as a devDependency. Without them the service dies at start-up.
 */
export const runtimeLoadedPackages: Readonly<Record<string, readonly string[]>> = {
  '@nestjs/core': ['@nestjs/platform-express'],
  typeorm: ['pg'],
  '@opentelemetry/sdk-node': ['@opentelemetry/context-async-hooks'],
};

export interface BuiltApp {
  service: ServiceName;
  /** dist/apps/<service>: the image's /app. */
  outDir: string;
  /** Entry point, relative to outDir. */
  main: string;
  /** Repository-relative paths of the compiled sources. */
  sources: string[];
  /** Repository-relative paths of the data files copied beside the code. */
  assets: string[];
  /** Prebuilt files the service serves that were missing, so the build lacks them. */
  missing: PrebuiltAssets | undefined;
  /** External packages the compiled code requires, with the locked version. */
  dependencies: Record<string, string>;
}

interface LockEntry {
  name?: string;
  version?: string;
  resolved?: string;
  integrity?: string;
  license?: string;
  dev?: boolean;
  optional?: boolean;
  peer?: boolean;
  link?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  engines?: Record<string, string>;
  bin?: Record<string, string> | string;
  os?: string[];
  cpu?: string[];
  hasInstallScript?: boolean;
}

interface PackageLock {
  name: string;
  version: string;
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
}

const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

function swcOptions(): Options {
  const tsconfig = JSON.parse(readFileSync(join(repoRoot, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  return {
    swcrc: false,
    configFile: false,
    sourceMaps: true,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      // Nest resolves constructor injection from design:paramtypes, which only legacy decorators emit.
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      // swc rewrites every @agora/* alias into a relative require, so dist needs no path mapping.
      baseUrl: repoRoot,
      paths: tsconfig.compilerOptions.paths,
    },
    module: { type: 'commonjs' },
  };
}

/** The TypeScript file a relative require of compiled code points at. */
function sourceFor(fromFile: string, specifier: string): string {
  const base = resolve(dirname(fromFile), specifier.replace(/\.js$/, ''));
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`${relative(repoRoot, fromFile)}: cannot resolve '${specifier}' to a .ts file`);
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function requiresOf(code: string): string[] {
  return [...code.matchAll(/\brequire\((["'])([^"']+)\1\)/g)].map((m) => m[2]!);
}

function readLock(): PackageLock {
  return JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as PackageLock;
}

/**
 * Where npm placed `name` for code living in `fromPath` (a lock key such as
 * `node_modules/a/node_modules/b`, or '' for the root): the nearest node_modules up the tree.
 */
function locate(lock: PackageLock, fromPath: string, name: string): string | undefined {
  let dir = fromPath;
  for (;;) {
    const key = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
    if (lock.packages[key]) return key;
    if (!dir) return undefined;
    const up = dir.lastIndexOf('/node_modules/');
    dir = up < 0 ? '' : dir.slice(0, up);
  }
}

/**
 * The root lock file cut down to what `dependencies` pull in, so `npm ci --omit=dev` in an image
 * installs exactly the versions the repository was tested with, and nothing another app needs.
 */
export function pruneLock(
  lock: PackageLock,
  name: string,
  version: string,
  dependencies: Record<string, string>,
): PackageLock {
  const keep = new Map<string, LockEntry>();
  const queue: [string, string, boolean][] = Object.keys(dependencies).map((d) => ['', d, false]);
  while (queue.length > 0) {
    const [from, dep, optional] = queue.shift()!;
    const key = locate(lock, from, dep);
    if (!key) {
      if (optional) continue;
      throw new Error(`package-lock.json has no '${dep}' (needed from '${from || 'the app'}')`);
    }
    if (keep.has(key)) continue;
    const entry = lock.packages[key]!;
    const { dev: _dev, peer: _peer, ...kept } = entry;
    keep.set(key, kept);
    for (const d of Object.keys(entry.dependencies ?? {})) queue.push([key, d, false]);
    for (const d of Object.keys(entry.optionalDependencies ?? {})) queue.push([key, d, true]);
    for (const d of Object.keys(entry.peerDependencies ?? {})) {
      // Optional peers are only wanted when something else installs them.
      if (!entry.peerDependenciesMeta?.[d]?.optional) queue.push([key, d, true]);
    }
  }
  const packages: Record<string, LockEntry> = { '': { name, version, dependencies } };
  for (const key of [...keep.keys()].sort()) packages[key] = keep.get(key)!;
  return { name, version, lockfileVersion: 3, packages };
}

/** The folder holding the project.json above `file` (an app or a library). */
function projectRoot(file: string): string {
  for (let dir = dirname(file); dir.startsWith(repoRoot) && dir !== repoRoot; dir = dirname(dir)) {
    if (existsSync(join(dir, 'project.json'))) return dir;
  }
  throw new Error(`${relative(repoRoot, file)} belongs to no project (no project.json above it)`);
}

function isAsset(path: string): boolean {
  const name = path.split('/').pop() ?? '';
  return (
    !name.endsWith('.ts') &&
    name !== 'project.json' &&
    !/^(README|CHANGELOG)/i.test(name) &&
    !name.includes('.spec.')
  );
}

/**
 * Data files read at run time beside the code (apps/executor/agents.yaml, a library's workflows
 * or corpus folder): every file of a compiled project that is not TypeScript, copied to the same
 * relative place, so `join(__dirname, …)` finds it in the image as in the repository.
 */
function copyAssets(sources: string[], outDir: string, skip: readonly string[] = []): string[] {
  const copied: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        const skipped = skip.includes(relative(repoRoot, path));
        if (entry.name !== 'node_modules' && entry.name !== 'testing' && !skipped) walk(path);
      } else if (isAsset(path)) {
        const rel = relative(repoRoot, path);
        cpSync(path, join(outDir, rel));
        copied.push(rel);
      }
    }
  };
  for (const root of new Set(sources.map(projectRoot))) walk(root);
  return copied.sort();
}

/**
 * Compiles one service and the library files it reaches (following requires from main.ts) into
 * `<outRoot>/apps/<service>`, keeping repository-relative paths, and writes a package.json and
 * package-lock.json holding only the external packages that code requires.
 */
export function buildApp(service: ServiceName, outRoot = join(repoRoot, 'dist')): BuiltApp {
  const outDir = join(outRoot, 'apps', service);
  rmSync(outDir, { recursive: true, force: true });
  const options = swcOptions();
  const lock = readLock();
  const external = new Set<string>();
  const entry = join(repoRoot, 'apps', service, 'src', 'main.ts');
  const queue = [entry];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const rel = relative(repoRoot, file);
    const out = join(outDir, rel.replace(/\.ts$/, '.js'));
    const result = transformFileSync(file, { ...options, filename: file, sourceFileName: rel });
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${result.code}\n//# sourceMappingURL=${out.split('/').pop()}.map\n`);
    if (result.map) writeFileSync(`${out}.map`, result.map);
    for (const specifier of requiresOf(result.code)) {
      if (specifier.startsWith('.')) queue.push(sourceFor(file, specifier));
      else if (specifier.startsWith('@agora/')) {
        throw new Error(`${rel}: alias '${specifier}' was not rewritten to a relative path`);
      } else if (!builtins.has(specifier)) external.add(packageName(specifier));
    }
  }

  for (const [loader, loaded] of Object.entries(runtimeLoadedPackages)) {
    if (external.has(loader)) for (const name of loaded) external.add(name);
  }
  const prebuilt = prebuiltAssets[service];
  const assets = copyAssets([...seen], outDir, prebuilt ? [prebuilt.source] : []);
  let missing: PrebuiltAssets | undefined;
  if (prebuilt && existsSync(join(repoRoot, prebuilt.dir))) {
    cpSync(join(repoRoot, prebuilt.dir), join(outDir, prebuilt.dir), { recursive: true });
    assets.push(
      ...readdirSync(join(repoRoot, prebuilt.dir), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => relative(repoRoot, join(e.parentPath, e.name))),
    );
  } else missing = prebuilt;
  const dependencies: Record<string, string> = {};
  for (const name of [...external].sort()) {
    const version = lock.packages[`node_modules/${name}`]?.version;
    if (!version) throw new Error(`${service} requires '${name}', which package-lock.json lacks`);
    dependencies[name] = version;
  }
  const version = lock.version;
  const main = `apps/${service}/src/main.js`;
  const pkg = {
    name: `@agora/${service}`,
    version,
    private: true,
    description: `Agora ${service}: production build (generated by tools/build/build-apps.ts)`,
    license: 'Apache-2.0',
    main,
    engines: { node: '>=20.19' },
    scripts: { start: `node ${main}` },
    dependencies,
  };
  writeFileSync(join(outDir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  const appLock = pruneLock(lock, pkg.name, version, dependencies);
  writeFileSync(join(outDir, 'package-lock.json'), `${JSON.stringify(appLock, null, 2)}\n`);
  return {
    service,
    outDir,
    main,
    sources: [...seen].map((f) => relative(repoRoot, f)).sort(),
    assets: assets.sort(),
    missing,
    dependencies,
  };
}
