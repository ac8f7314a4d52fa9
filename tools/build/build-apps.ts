import { relative } from 'node:path';
import { buildApp, repoRoot, services, type ServiceName } from './app-build';

/**
 * Production build: `npx tsx tools/build/build-apps.ts [service…]` compiles each service (all of
 * them by default) into dist/apps/<service>, ready for `npm ci --omit=dev` and `node <main>`.
 * Files a service serves that another step builds (the console's web app) are copied when that
 * step has run; otherwise the build goes on and says what to run first.
 */
function main(): void {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((s) => !(services as readonly string[]).includes(s));
  if (unknown.length > 0) {
    process.stderr.write(
      `unknown service(s): ${unknown.join(', ')}; expected ${services.join(', ')}\n`,
    );
    process.exit(2);
  }
  for (const service of (wanted.length > 0 ? wanted : services) as ServiceName[]) {
    const started = Date.now();
    const app = buildApp(service);
    process.stdout.write(
      `${service}: ${app.sources.length} files, ${app.assets.length} data files, ${Object.keys(app.dependencies).length} packages → ` +
        `${relative(repoRoot, app.outDir)}/${app.main} (${Date.now() - started} ms)\n`,
    );
    if (app.missing) {
      process.stdout.write(
        `${service}: no ${app.missing.dir} to include; run \`${app.missing.command}\` first, or the built ${service} answers 503 where it would serve them\n`,
      );
    }
  }
}

main();
