import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const repoRoot = resolve(__dirname, '../..');
const webRoot = join(repoRoot, 'apps/console/web');

/** Where the console's single-page app is written: what the console service serves at `/`. */
export const consoleWebOutDir = join(repoRoot, 'dist/console-web');

export interface BuiltConsoleWeb {
  outDir: string;
  /** File name → size in bytes. */
  files: Record<string, number>;
}

const contentHash = (path: string): string =>
  createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 12);

/**
 * Bundles the web console into `outDir`: index.html, app.js (Preact and marked included, no
 * network needed at run time), app.css and their source maps. The file names stay fixed for the
 * server; index.html names each asset with its content hash as a query, so a browser never runs
 * the new page with an old cached script.
 */
export async function buildConsoleWeb(outDir = consoleWebOutDir): Promise<BuiltConsoleWeb> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await build({
    absWorkingDir: repoRoot,
    entryPoints: [
      { in: join(webRoot, 'src/main.tsx'), out: 'app' },
      { in: join(webRoot, 'src/styles.css'), out: 'app' },
    ],
    outdir: outDir,
    bundle: true,
    minify: true,
    sourcemap: true,
    target: 'es2020',
    format: 'iife',
    platform: 'browser',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: join(webRoot, 'tsconfig.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  const template = readFileSync(join(webRoot, 'index.html'), 'utf8');
  const html = template
    .replace('href="app.css"', `href="app.css?v=${contentHash(join(outDir, 'app.css'))}"`)
    .replace('src="app.js"', `src="app.js?v=${contentHash(join(outDir, 'app.js'))}"`);
  if (html === template)
    throw new Error(`${relative(repoRoot, webRoot)}/index.html no longer names app.js and app.css`);
  writeFileSync(join(outDir, 'index.html'), html);
  const names = ['index.html', 'app.js', 'app.js.map', 'app.css', 'app.css.map'];
  return {
    outDir,
    files: Object.fromEntries(names.map((n) => [n, statSync(join(outDir, n)).size])),
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  const built = await buildConsoleWeb();
  const sizes = Object.entries(built.files)
    .map(([name, bytes]) => `${name} ${(bytes / 1024).toFixed(1)} KiB`)
    .join(', ');
  process.stdout.write(
    `console web → ${relative(repoRoot, built.outDir)}/: ${sizes} (${Date.now() - started} ms)\n`,
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
