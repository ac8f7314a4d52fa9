import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { waitFor } from '@agora/testing';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsoleWeb } from '../build/build-console-web';
import { SwarmHarness } from './swarm-harness';

/** Debian's chromium; `npx playwright install` cannot download browsers here. */
const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
/** Where the page's screenshots go when set (the README's come from here). */
const screenshots = process.env['CONSOLE_SCREENSHOTS_DIR'];

/**
 * The web console against the real swarm, in a real browser: every service as its own process,
 * the console reading the topics, chromium driving the page as a person would.
 */
describe('the web console in a real browser', () => {
  const swarm = new SwarmHarness('console');
  let browser: Browser;
  let page: Page;
  let consoleUrl: string;

  beforeAll(async () => {
    if (!existsSync(chromiumPath)) {
      throw new Error(
        `no browser at ${chromiumPath}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`,
      );
    }
    const web = await buildConsoleWeb(resolve(__dirname, `../../dist/console-web-${swarm.run}`));
    await swarm.observe(['GoalCompleted', 'GoalFailed']);
    await swarm.start('memory', 'memory');
    await swarm.start('planner', 'planner');
    await swarm.start('auction', 'auction');
    await swarm.start('evaluator', 'evaluator');
    await swarm.start('executor', 'executor-a', { AGENT_ID_SUFFIX: `a${swarm.run}` });
    await swarm.start('executor', 'executor-b', { AGENT_ID_SUFFIX: `b${swarm.run}` });
    await swarm.waitHealthy();
    await swarm.start('console', 'console', {
      PLANNER_URL: swarm.url('planner', ''),
      CONSOLE_WEB_DIR: web.outDir,
    });
    await swarm.waitHealthy(['console']);
    await swarm.ingestCorpus();
    consoleUrl = swarm.url('console', '/');
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1440, height: 960 } });
    if (screenshots) mkdirSync(screenshots, { recursive: true });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await swarm.close();
  }, 60_000);

  const shot = async (name: string) => {
    if (screenshots) await page.screenshot({ path: resolve(screenshots, `${name}.png`) });
  };

  it(
    'submits a goal from the page, turns every node of its graph green live, and renders its output',
    { timeout: 180_000 },
    async () => {
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.goto(consoleUrl);
      await page.locator('[data-testid="live-status"]').waitFor();

      // A bad request names the field on the page, and nothing is submitted.
      await page.locator('form textarea[name="goal"]').fill('   ');
      await page.locator('form button[type="submit"]').click();
      await expect.poll(() => page.locator('form [role="alert"]').textContent()).toMatch(/goal/);

      await page
        .locator('form textarea[name="goal"]')
        .fill('How do consumer groups and partitions let Kafka scale event processing?');
      await page.locator('form select[name="workflow"]').selectOption('research');
      // The evaluator is held while the page first draws the goal, so the graph is seen in a
      // state short of accepted however fast the swarm is; it then changes live, with no reload.
      const evaluator = swarm.process('evaluator').child;
      evaluator.kill('SIGSTOP');
      try {
        await page.locator('form button[type="submit"]').click();
        await page.waitForURL(/#\/goals\/[0-9a-f-]{36}/);
        await waitFor(
          'the graph drawn with a task not yet accepted',
          async () => {
            const drawn = await page.locator('[data-testid="goal-graph"] [data-task-id]').all();
            const states = await Promise.all(drawn.map((n) => n.getAttribute('data-state')));
            return (states.length > 0 && states.some((s) => s !== 'accepted')) || undefined;
          },
          { timeoutMs: 30_000, intervalMs: 100 },
        );
      } finally {
        evaluator.kill('SIGCONT');
      }

      // The page moved to the new goal, whose graph is drawn from the plan.
      const goalId = /#\/goals\/([0-9a-f-]{36})/.exec(page.url())![1]!;
      const graph = page.locator('[data-testid="goal-graph"]');
      await graph.waitFor();
      const nodes = graph.locator('[data-task-id]');
      await expect.poll(() => nodes.count(), { timeout: 30_000 }).toBe(4);

      // States change on the page as the events arrive, without a reload.
      const seenStates = new Set<string>();
      await waitFor(
        'every task accepted on the page',
        async () => {
          const states = await Promise.all(
            (await nodes.all()).map(async (node) => (await node.getAttribute('data-state')) ?? ''),
          );
          for (const s of states) seenStates.add(s);
          return states.every((s) => s === 'accepted') || undefined;
        },
        { timeoutMs: 120_000, intervalMs: 100 },
      );
      expect(seenStates.size).toBeGreaterThan(1);
      // The page turns green on TaskEvaluated; the planner's GoalCompleted follows it shortly.
      const done = await waitFor(
        'the goal to complete on Kafka',
        () => swarm.events('GoalCompleted').find((g) => g.envelope.goalId === goalId),
        { timeoutMs: 30_000 },
      ).catch(() => undefined);
      expect(done, 'the goal completed on Kafka').toBeDefined();

      // The final report is rendered as Markdown, not shown as text with `#` and `\n`.
      const output = page.locator('[data-testid="goal-output"]');
      await output.waitFor();
      expect(await output.locator('h1, h2').count()).toBeGreaterThan(0);
      expect(await output.textContent()).not.toContain('## ');
      // The swarm runs the deterministic skills: the page says so, not only the CLI.
      await expect
        .poll(() => page.locator('[data-testid="goal-mode"]').textContent())
        .toContain('deterministic skills, not a model');
      await shot('goal');

      // A task's auction: its bids, the winner marked, and its own rendered output.
      await nodes.first().click();
      const bids = page.locator('[data-testid="bids-table"] tbody tr');
      await expect.poll(() => bids.count()).toBeGreaterThan(0);
      await expect.poll(() => page.locator('[data-testid="bids-table"] .winner').count()).toBe(1);
      const taskOutput = page.locator('[data-testid="task-output"]').first();
      await taskOutput.waitFor();
      // Rendered by its kind (the sources with their quotes), not dumped as JSON.
      expect(await taskOutput.textContent()).not.toContain('"kind"');
      expect(await taskOutput.locator('blockquote').count()).toBeGreaterThan(0);
      expect(await page.locator('.task-panel [data-testid="done-by"]').textContent()).toBe(
        'offline · deterministic skills',
      );
      await shot('task');

      // The goals list shows the goal as completed.
      await page.goto(`${consoleUrl}#/goals`);
      const row = page.locator(`[data-goal-id="${goalId}"]`);
      await row.waitFor();
      await expect.poll(() => row.textContent()).toMatch(/completed/);
      await shot('goals');
      expect(pageErrors).toEqual([]);
    },
  );

  it(
    "lists an approval step waiting for a person, and the person's approval from the page completes the goal",
    { timeout: 180_000 },
    async () => {
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.goto(`${consoleUrl}#/goals`);
      await page
        .locator('form textarea[name="goal"]')
        .fill('Write a short post about idempotent Kafka consumers');
      await page.locator('form select[name="workflow"]').selectOption('publish');
      await page.locator('form button[type="submit"]').click();
      await page.waitForURL(/#\/goals\/[0-9a-f-]{36}/);
      const goalId = /#\/goals\/([0-9a-f-]{36})/.exec(page.url())![1]!;

      // The write and review steps run; the sign-off waits, listed with its prompt and a count.
      await page.goto(`${consoleUrl}#/decisions`);
      const card = page.locator(`[data-task-id="${goalId}/approve"]`);
      await card.waitFor({ timeout: 120_000 });
      expect(await card.textContent()).toContain('Read the draft and its review. Publish it?');
      await expect
        .poll(() => page.locator('[data-testid="pending-decisions"]').textContent())
        .toMatch(/[1-9]/);
      await shot('decisions');

      await card.locator('input[name="by"]').fill('maria');
      await card.locator('textarea[name="comment"]').fill('Ship it');
      await card.getByRole('button', { name: 'Approve' }).click();
      await card.waitFor({ state: 'detached', timeout: 30_000 });

      const done = await waitFor(
        'the approved goal to complete on Kafka',
        () => swarm.events('GoalCompleted').find((g) => g.envelope.goalId === goalId),
        { timeoutMs: 30_000 },
      ).catch(() => undefined);
      expect(done, 'the approved goal completed').toBeDefined();
      expect(done!.output).toContain('Ship it');

      // The goal's page shows who approved it, and a second decision is refused by the planner.
      await page.goto(
        `${consoleUrl}#/goals/${goalId}?task=${encodeURIComponent(`${goalId}/approve`)}`,
      );
      const panel = page.locator('.task-panel');
      await expect
        .poll(() => panel.textContent(), { timeout: 20_000 })
        .toMatch(/Approved by maria/);
      const again = await fetch(
        swarm.url('console', `/api/goals/${goalId}/tasks/approve/decision`),
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ decision: 'reject' }),
        },
      );
      expect(again.status).toBe(409);
      expect(pageErrors).toEqual([]);
    },
  );

  it(
    'cancels a goal from its page, naming who and why, and offers no cancel once it has ended',
    { timeout: 180_000 },
    async () => {
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.goto(`${consoleUrl}#/goals`);
      await page.locator('form textarea[name="goal"]').fill('Write a post nobody will publish');
      await page.locator('form select[name="workflow"]').selectOption('publish');
      await page.locator('form button[type="submit"]').click();
      await page.waitForURL(/#\/goals\/[0-9a-f-]{36}/);
      const goalId = /#\/goals\/([0-9a-f-]{36})/.exec(page.url())![1]!;

      await page.getByRole('button', { name: 'Cancel goal…' }).click();
      const form = page.locator('[data-testid="cancel-goal"]');
      await form.locator('input[name="by"]').fill('maria');
      await form.locator('textarea[name="reason"]').fill('not needed after all');
      await form.getByRole('button', { name: 'Cancel goal' }).click();

      const failed = await waitFor(
        'the cancelled goal to fail on Kafka',
        () => swarm.events('GoalFailed').find((g) => g.envelope.goalId === goalId),
        { timeoutMs: 30_000 },
      ).catch(() => undefined);
      expect(failed, 'the cancelled goal failed').toBeDefined();
      expect(failed).toMatchObject({
        code: 'cancelled',
        reason: 'cancelled by maria: not needed after all',
      });
      const banner = page.locator('.goal-header .banner-error');
      await expect
        .poll(() => banner.textContent(), { timeout: 20_000 })
        .toMatch(/cancelled by maria: not needed after all/);
      expect(await page.getByRole('button', { name: 'Cancel goal…' }).count()).toBe(0);
      const again = await fetch(swarm.url('console', `/api/goals/${goalId}/cancel`), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(again.status).toBe(409);
      expect(pageErrors).toEqual([]);
    },
  );

  it('shows the agents and the swarm figures', { timeout: 60_000 }, async () => {
    await page.goto(`${consoleUrl}#/agents`);
    const agents = page.locator('[data-agent-id]');
    await expect.poll(() => agents.count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(12);
    expect(
      await page.locator(`[data-agent-id="researcher-1-a${swarm.run}"]`).textContent(),
    ).toMatch(/gather/);
    await shot('agents');

    await page.goto(`${consoleUrl}#/swarm`);
    const completed = page.locator('[data-testid="goals-completed"]');
    await expect.poll(() => completed.textContent(), { timeout: 20_000 }).toMatch(/[1-9]/);
    // The services' groups with their lag, read from the brokers.
    const lagRows = page.locator('[data-testid="lag-table"] tbody tr');
    await expect.poll(() => lagRows.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="lag-table"]').textContent()).toContain(
      'agora.planner',
    );
    await shot('swarm');
  });
});
