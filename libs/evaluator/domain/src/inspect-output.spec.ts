import { describe, expect, it } from 'vitest';
import { judge } from './checks';
import { checkCitations, inspectOutput } from './inspect-output';

const limits = { minChars: 20, maxChars: 2000 };
const quote = 'Kafka guarantees order only within a single partition';
const items = new Map([
  [
    'doc:kafka#1',
    {
      content: `Apache Kafka keeps records.\n${quote.replace('within a', 'within\n  a')}, not across partitions.`,
      visibility: 'public',
      title: 'Kafka',
    },
  ],
]);
const cite = (over: object = {}) => ({
  itemId: 'doc:kafka#1',
  title: 'Kafka',
  source: 'kafka.md',
  quote,
  ...over,
});

/** The verdict of an output, citations resolved against `items`. */
function evaluate(capability: string, output: unknown, threshold = 0.7) {
  const text = typeof output === 'string' ? output : JSON.stringify(output);
  const inspection = inspectOutput(capability, text, limits);
  const citations = checkCitations(inspection.citations, items);
  return judge(citations ? [...inspection.checks, citations] : inspection.checks, threshold);
}

const valid: [string, unknown][] = [
  ['gather', { kind: 'sources', query: 'kafka ordering', sources: [cite()] }],
  ['retrieve', { kind: 'sources', query: 'kafka ordering', sources: [cite()] }],
  [
    'analyze',
    {
      kind: 'analysis',
      summary: 'Ordering is per partition in Kafka.',
      points: [{ text: 'Order per partition', citations: [cite()] }],
    },
  ],
  ['validate', { kind: 'validation', checked: 3, supported: 2, issues: ['claim 3 unsupported'] }],
  [
    'report',
    {
      kind: 'report',
      title: 'Kafka ordering',
      markdown: 'Kafka orders records per partition only [1].',
      citations: [cite()],
    },
  ],
  ['write', { kind: 'text', text: 'A paragraph of sufficient length.' }],
  ['review', { kind: 'review', approved: true, comments: [] }],
  [
    'classify',
    {
      kind: 'classification',
      label: 'billing',
      confidence: 0.8,
      scores: { billing: 0.8, tech: 0.2 },
    },
  ],
  [
    'escalate',
    { kind: 'escalation', reason: 'angry customer', summary: 'The customer wants a refund now.' },
  ],
  [
    'verify',
    { kind: 'shell', command: 'df -h', exitCode: 0, stdout: 'ok', stderr: '', durationMs: 12 },
  ],
  ['diagnose', { kind: 'text', text: 'The disk is full on /var/log.' }],
];

describe('inspectOutput and judge', () => {
  it.each(valid)('accepts a good %s output with score 1', (capability, output) => {
    expect(evaluate(capability, output)).toEqual({
      verdict: 'ACCEPTED',
      score: 1,
      feedback: 'Accepted with score 1.00.',
    });
  });

  it('rejects text that is not JSON, naming the problem', () => {
    const j = evaluate('report', 'Here is my report: ...');
    expect(j.verdict).toBe('REJECTED');
    expect(j.score).toBe(0);
    expect(j.feedback).toMatch(/not valid JSON/);
    expect(evaluate('report', '[1,2]').feedback).toMatch(/JSON object with a string 'kind'/);
  });

  it('rejects the wrong kind for the capability', () => {
    const j = evaluate('report', { kind: 'text', text: 'A report written as plain text.' });
    expect(j.verdict).toBe('REJECTED');
    expect(j.feedback).toContain("a report task must produce kind 'report', not 'text'");
  });

  it('accepts any known kind for a capability outside the shipped workflows, but no unknown kind', () => {
    expect(
      evaluate('translate', { kind: 'text', text: 'Bonjour tout le monde, ça va ?' }).verdict,
    ).toBe('ACCEPTED');
    expect(evaluate('translate', { kind: 'poem', text: 'x' }).feedback).toMatch(
      /unknown kind 'poem'; known kinds: sources, analysis/,
    );
  });

  it('judges by the kind the step declares, for any capability', () => {
    const text = { kind: 'text', text: 'Bonjour tout le monde, ça va ?' };
    const report = { kind: 'report', title: 'T', markdown: 'Long enough markdown.', citations: [] };
    const judged = (capability: string, output: unknown, declared: string) => {
      const inspection = inspectOutput(capability, JSON.stringify(output), limits, declared);
      return judge(inspection.checks, 0.7);
    };
    expect(judged('translate', text, 'text').verdict).toBe('ACCEPTED');
    expect(judged('translate', report, 'text').feedback).toContain(
      "a translate task must produce kind 'text', not 'report'",
    );
    // The declaration wins over the built-in capability's usual kind.
    expect(judged('write', report, 'report').verdict).toBe('ACCEPTED');
  });

  it('rejects missing or mistyped fields, naming each', () => {
    const j = evaluate('report', { kind: 'report', title: 'T', citations: [{ itemId: 3 }] });
    expect(j.verdict).toBe('REJECTED');
    expect(j.feedback).toContain("'markdown' must be a string");
    expect(j.feedback).toContain("'citations[0].itemId' must be a string");
    expect(j.feedback).toContain("'citations[0].quote' must be a string");
  });

  it('rejects an empty output', () => {
    expect(evaluate('gather', { kind: 'sources', query: 'q', sources: [] }).feedback).toMatch(
      /'sources' is empty/,
    );
    expect(evaluate('write', { kind: 'text', text: '   ' }).feedback).toMatch(/main text is empty/);
    expect(evaluate('review', { kind: 'review', approved: false, comments: [] }).verdict).toBe(
      'REJECTED',
    );
  });

  it('rejects a citation whose item does not exist', () => {
    const j = evaluate('report', {
      kind: 'report',
      title: 'T',
      markdown: 'Long enough markdown body.',
      citations: [cite(), cite({ itemId: 'doc:made-up#9' })],
    });
    expect(j.verdict).toBe('REJECTED');
    expect(j.feedback).toContain('citation 2 (doc:made-up#9): no memory item has this id');
    expect(j.score).toBeGreaterThan(0.5); // the other checks and the valid citation still count
  });

  it('rejects a quote that does not occur in the item, and matches across whitespace differences', () => {
    const j = evaluate('analyze', {
      kind: 'analysis',
      summary: 'Ordering is global in Kafka, apparently.',
      points: [
        {
          text: 'Global order',
          citations: [cite({ quote: 'Kafka guarantees a global order across partitions' })],
        },
      ],
    });
    expect(j.verdict).toBe('REJECTED');
    expect(j.feedback).toContain(
      'citation 1 (doc:kafka#1): the quote "Kafka guarantees a global order across partitions" does not occur in the item',
    );
    // the stored text has a line break inside the quote; the good citation matched anyway
    expect(evaluate('gather', { kind: 'sources', query: 'q', sources: [cite()] }).verdict).toBe(
      'ACCEPTED',
    );
  });

  it('rejects a shell step that exited non-zero, quoting stderr', () => {
    const j = evaluate('remediate', {
      kind: 'shell',
      command: 'systemctl restart app',
      exitCode: 1,
      stdout: '',
      stderr: 'permission denied',
      durationMs: 40,
    });
    expect(j.verdict).toBe('REJECTED');
    expect(j.feedback).toContain(
      "the command 'systemctl restart app' exited with code 1: permission denied",
    );
  });

  it('rejects impossible numbers', () => {
    expect(
      evaluate('classify', { kind: 'classification', label: 'x', confidence: 1.5, scores: {} })
        .feedback,
    ).toMatch(/'confidence' must be at most 1/);
    expect(
      evaluate('validate', { kind: 'validation', checked: 1, supported: 2, issues: [] }).verdict,
    ).toBe('REJECTED');
  });

  it('lowers the score of a too-short text, and rejects below the threshold', () => {
    const short = evaluate('write', { kind: 'text', text: 'Too short.' }); // 10 of 20 chars
    // json, kind, structure, content = 1 each; length 0.5 → 4.5 / 5
    expect(short.score).toBe(0.9);
    expect(short.verdict).toBe('ACCEPTED');
    expect(short.feedback).toContain('- the text is 10 characters; write at least 20');
    expect(evaluate('write', { kind: 'text', text: 'Too short.' }, 0.95).verdict).toBe('REJECTED');
    expect(evaluate('write', { kind: 'text', text: 'Too short.' }, 0.95).feedback).toMatch(
      /below the threshold 0.95/,
    );
  });

  it('asks a report without citations to cite, without rejecting it', () => {
    const j = evaluate('report', {
      kind: 'report',
      title: 'T',
      markdown: 'Long enough markdown body.',
      citations: [],
    });
    expect(j.score).toBeCloseTo(5 / 6, 3);
    expect(j.verdict).toBe('ACCEPTED');
    expect(j.feedback).toContain('nothing is cited');
  });

  it('rejects a citation of a document above what the step may quote, naming it and its level', () => {
    const withPolicy = new Map([
      ...items,
      [
        'doc:refund-policy#1',
        {
          content: 'Refund the duplicate charge the same day.',
          visibility: 'internal',
          title: 'Refund policy (staff only)',
        },
      ],
    ]);
    const citations = [
      cite(),
      cite({ itemId: 'doc:refund-policy#1', quote: 'Refund the duplicate charge' }),
    ];
    const forPublic = checkCitations(citations, withPolicy, 'public');
    expect(forPublic).toMatchObject({ name: 'citations', hard: true, score: 0.5 });
    expect(forPublic?.problems).toEqual([
      'citation 2 (doc:refund-policy#1): the document "Refund policy (staff only)" (doc:refund-policy) is internal, and this step may quote only public documents; cite only items a search of this step returns',
    ]);
    // A staff step may quote it; without a level, memory's default (internal) applies.
    expect(checkCitations(citations, withPolicy, 'internal')?.problems).toEqual([]);
    expect(checkCitations(citations, withPolicy)?.problems).toEqual([]);
    // A level this build does not know is not vouched for: restricted.
    const unknown = new Map([
      ['doc:kafka#1', { ...items.get('doc:kafka#1')!, visibility: 'secret' }],
    ]);
    expect(checkCitations([cite()], unknown, 'internal')?.problems[0]).toContain(
      'the document "Kafka" (doc:kafka) is secret, and this step may quote only public and internal documents',
    );
  });

  it('takes finding nothing from a step that may, and scores it below finding something', () => {
    const empty = { kind: 'sources', query: 'vitamin D', sources: [] };
    const inspection = inspectOutput('retrieve', JSON.stringify(empty), limits, null, {
      mayFindNothing: true,
    });
    const j = judge(inspection.checks, 0.7);
    expect(j.verdict).toBe('ACCEPTED');
    expect(j.score).toBe(0.8); // json, kind, structure, content 1 each; found 0
    expect(j.feedback).toContain('nothing was found that this step may quote');
    // Without the step's leave, an empty result is still an empty one.
    expect(evaluate('retrieve', empty).verdict).toBe('REJECTED');
    // And one that found something is judged as ever.
    const found = inspectOutput(
      'retrieve',
      JSON.stringify({ kind: 'sources', query: 'q', sources: [cite()] }),
      limits,
      null,
      { mayFindNothing: true },
    );
    expect(found.checks.map((c) => c.name)).toContain('cited');
  });
});
