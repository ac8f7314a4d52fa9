import { StackError } from './stack.errors';
import { runCommand, which } from './process';
import { Reporter, seconds, stopwatch } from './reporter';

export function findMaven(): string | undefined {
  return which('mvn');
}

// Batch mode prefixes these with "[INFO] "; interactive mode prints them bare between progress
// updates that end in carriage returns.
const DOWNLOADED = /^\s*(?:\[INFO\]\s+)?Downloaded from [^:]+: (\S+) \(([^)]*)\)/;
const DOWNLOADING = /^\s*(?:\[INFO\]\s+)?Downloading from [^:]+: (\S+)/;
const PROGRESS = /^\s*Progress \(\d+\): (.+)$/;

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

function toBytes(size: string): number {
  const match = /([\d.]+)\s*(B|kB|KB|MB|GB)/.exec(size);
  if (!match) return 0;
  const unit = { B: 1, kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9 }[
    match[2] as 'B' | 'kB' | 'KB' | 'MB' | 'GB'
  ];
  return Number(match[1]) * unit;
}

/**
 * Runs Maven and turns its output into a readable stream of progress: one line per jar or archive
 * fetched, byte progress for large files, and a heartbeat so a slow mirror never looks like a hang.
 * MAVEN_OPTS and settings.xml apply as usual (for example `-Dmaven.repo.local`).
 */
export async function runMaven(
  component: string,
  args: readonly string[],
  reporter: Reporter,
  cwd: string,
): Promise<void> {
  const mvn = findMaven();
  if (!mvn) throw new StackError('Maven (mvn) is not on PATH.');
  const elapsed = stopwatch();
  let files = 0;
  let bytes = 0;
  let current = '';
  let currentSince = 0;
  let lastPrinted = elapsed();
  let lastProgress = 0;
  const print = (message: string): void => {
    reporter.detail(component, message);
    lastPrinted = elapsed();
  };
  const heartbeat = setInterval(() => {
    if (elapsed() - lastPrinted >= 10_000)
      print(`still working… (${seconds(elapsed())}, ${plural(files, 'file')} so far)`);
  }, 1_000);
  heartbeat.unref();

  let result;
  try {
    // Not batch mode (-B): batch mode hides transfer progress, and the registry archive is 160 MB.
    result = await runCommand(mvn, ['-Dstyle.color=never', ...args], {
      cwd,
      keep: 60,
      onLine: (line) => {
        const downloaded = DOWNLOADED.exec(line);
        if (downloaded) {
          files += 1;
          const size = (downloaded[2] ?? '').split(' at ')[0] ?? '';
          bytes += toBytes(size);
          const name = (downloaded[1] ?? '').split('/').pop() ?? '';
          if (/\.(jar|tar\.gz|zip)$/.test(name)) print(`${name} (${size})`);
          return;
        }
        const downloading = DOWNLOADING.exec(line);
        if (downloading) {
          current = (downloading[1] ?? '').split('/').pop() ?? '';
          currentSince = elapsed();
          return;
        }
        const progress = PROGRESS.exec(line);
        // Only large files that take a while get byte progress; small ones would flood the terminal.
        if (
          progress?.[1]?.includes('MB') &&
          current &&
          elapsed() - currentSince > 2_000 &&
          elapsed() - lastProgress > 3_000
        ) {
          lastProgress = elapsed();
          print(`${current} ${progress[1]?.trim() ?? ''}`);
        }
      },
    });
  } catch (error) {
    throw new StackError(`Could not run Maven (${mvn}): ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    clearInterval(heartbeat);
  }
  if (result.code !== 0) {
    const errors = result.output.filter((line) => line.startsWith('[ERROR]')).slice(0, 15);
    throw new StackError(
      [
        `Maven failed (exit ${result.code ?? result.signal}) while downloading from Maven Central:`,
        ...(errors.length > 0 ? errors : result.output.slice(-15)).map((line) => `  ${line}`),
        'Check the network or proxy (~/.m2/settings.xml, MAVEN_OPTS), then run it again.',
      ].join('\n'),
    );
  }
  if (files > 0)
    print(`fetched ${files} files, ${(bytes / 1e6).toFixed(1)} MB in ${seconds(elapsed())}`);
}
