import { execFile } from 'node:child_process';
import type { ShellOutput } from '@agora/contracts';
import { SkillError } from './skill-error';

const MAX_OUTPUT_BYTES = 64 * 1024;

/**
 * Runs an allow-listed command without a shell (no pipes, globbing or substitution), with a time
 * limit. A non-zero exit is an output, not a failure: for detect and verify it is the finding.
 */
export function runShell(
  command: string,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<ShellOutput> {
  const [file, ...args] = command.split(' ');
  const started = Date.now();
  return new Promise((resolve, reject) => {
    execFile(
      file ?? '',
      args,
      {
        timeout: options.timeoutMs,
        maxBuffer: MAX_OUTPUT_BYTES,
        signal: options.signal,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' },
      },
      (error, stdout, stderr) => {
        const durationMs = Date.now() - started;
        if (error && typeof error.code !== 'number') {
          if (error.code === 'ENOENT') {
            reject(new SkillError(`command '${command}': ${file} is not installed`, false));
          } else if (error.killed || error.signal) {
            reject(
              new SkillError(
                `command '${command}' did not finish within ${options.timeoutMs} ms`,
                true,
                { cause: error },
              ),
            );
          } else {
            reject(
              new SkillError(`command '${command}' failed: ${error.message}`, true, {
                cause: error,
              }),
            );
          }
          return;
        }
        resolve({
          kind: 'shell',
          command,
          exitCode: typeof error?.code === 'number' ? error.code : 0,
          stdout: String(stdout),
          stderr: String(stderr),
          durationMs,
        });
      },
    );
  });
}
