import { stackEnv } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderChaosReport } from '../chaos/chaos-report';
import { scenarioNames, type ChaosOptions, type ScenarioResult } from '../chaos/chaos-run';
import { ChaosSuite } from '../chaos/chaos-suite';

/**
 * A short run of every scenario of the fault suite (`npm run chaos` runs the long one): each
 * service kind killed and restarted while goals of every workflow stream in, a PostgreSQL outage,
 * and map bombs plus garbage on every input topic. Nothing may be lost, failed or doubled.
 */
describe('the fault suite, short', () => {
  const suite = new ChaosSuite(stackEnv(), (line) => console.info(line));
  const results: ScenarioResult[] = [];
  const options: ChaosOptions = {
    goals: 8,
    injections: 1,
    everyMs: 1_000,
    outageMs: 8_000,
    goalEveryMs: 300,
    settleMs: 120_000,
  };

  beforeAll(() => suite.start(), 180_000);
  afterAll(async () => {
    console.info(renderChaosReport(results));
    await suite.close();
  }, 120_000);

  it.each(scenarioNames.map((name) => [name]))(
    '%s: every goal ends completed, nothing awarded or accepted twice',
    { timeout: 240_000 },
    async (name) => {
      const result = await suite.runScenario(name, options);
      results.push(result);
      expect(result.injections).toBe(1);
      expect(result.submitted).toBeGreaterThanOrEqual(options.goals);
      expect(result.failures).toEqual([]);
      expect(result.neverTerminal).toBe(0);
      expect(result.completed).toBe(result.submitted);
      expect(result.awardedTwice).toBe(0);
      expect(result.acceptedTwice).toBe(0);
    },
  );
});
