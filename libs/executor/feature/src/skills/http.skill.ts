import type { HttpOutput } from '@agora/contracts';
import { SkillError } from './skill-error';

const MAX_BODY_CHARS = 64 * 1024;

/** GET an allow-listed URL; redirects are not followed, since they could leave the allow-list. */
export async function httpGet(
  url: URL,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<HttpOutput> {
  const signals = [AbortSignal.timeout(options.timeoutMs)];
  if (options.signal) signals.push(options.signal);
  try {
    const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.any(signals) });
    const body = await response.text();
    return {
      kind: 'http',
      url: url.href,
      status: response.status,
      body: body.slice(0, MAX_BODY_CHARS),
    };
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'TimeoutError') {
      throw new SkillError(`GET ${url.href} did not answer within ${options.timeoutMs} ms`, true, {
        cause: error,
      });
    }
    throw new SkillError(`GET ${url.href} failed: ${(error as Error).message}`, true, {
      cause: error,
    });
  }
}
