import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const bin = resolve(__dirname, '../../bin/agora.js');

/**
 * Runs the agora CLI as a user would, with `env` on top of this process's environment;
 * `onStdout` sees its output as it comes.
 */
export function agora(
  args: string[],
  env: Record<string, string>,
  onStdout?: (chunk: string) => void,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      onStdout?.(d.toString());
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}
