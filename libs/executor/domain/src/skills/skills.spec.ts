import type { ShellOutput, TaskInput, TaskOutput } from '@agora/contracts';
import { describe, expect, it } from 'vitest';
import { allowedCommand, allowedUrl, NotAllowedError } from './allow-lists';
import {
  editContent,
  planContent,
  reviewContent,
  upstreamMaterial,
  writeContent,
} from './content.skills';
import { diagnose } from './devops.skills';
import {
  analyzeSources,
  composeReport,
  searchQueryOf,
  sourcesFromHits,
  validateAnalysis,
  type SourceDocument,
} from './research.skills';
import { classifyMessage, escalateMessage, respondToMessage } from './support.skills';

const input = (goal: string, extra: Partial<TaskInput> = {}): TaskInput => ({
  goal,
  inputs: {},
  params: {},
  upstream: [],
  ...extra,
});
const up = (name: string, output: TaskOutput) => ({
  taskId: `t-${name}`,
  name,
  capability: name,
  output,
});

const docs: SourceDocument[] = [
  {
    itemId: 'kafka-1',
    title: 'Kafka basics',
    source: 'https://kafka.apache.org/intro',
    content:
      'Apache Kafka is a distributed event streaming platform. Topics are split into partitions for scale. ' +
      'Each partition is an ordered, immutable log. Consumers in a group share the partitions of a topic.',
  },
  {
    itemId: 'pg-1',
    title: 'PostgreSQL',
    source: null,
    content:
      'PostgreSQL is a relational database. It supports transactions with serializable isolation.\n' +
      'Kafka consumers often write their results to PostgreSQL.',
  },
];

describe('research skills', () => {
  const sources = sourcesFromHits('kafka partitions consumers', docs);

  it("searches memory for params.query, else the request's own words, else the goal", () => {
    const message = 'I was charged twice on my last invoice';
    expect(searchQueryOf(input('Kafka ordering'))).toBe('Kafka ordering');
    expect(searchQueryOf(input('Answer this customer', { inputs: { message } }))).toBe(message);
    expect(searchQueryOf(input('Route it', { inputs: { ticket: 'Login fails' } }))).toBe(
      'Login fails',
    );
    expect(
      searchQueryOf(input('Answer this customer', { inputs: { message }, params: { query: 'q' } })),
    ).toBe('q');
  });

  it('gather: quotes the best matching passage of each hit exactly', () => {
    expect(sources.sources).toHaveLength(2);
    for (const c of sources.sources) {
      const doc = docs.find((d) => d.itemId === c.itemId)!;
      expect(doc.content).toContain(c.quote);
    }
    expect(sources.sources[0]!.quote).toMatch(/partition/);
  });

  const analysis = analyzeSources(
    input('How does Kafka scale with partitions and consumer groups?', {
      upstream: [up('gather', sources)],
    }),
  );

  it('analyze: every point is a sentence quoted exactly from its source', () => {
    expect(analysis.points.length).toBeGreaterThan(0);
    for (const p of analysis.points) {
      expect(p.citations).toHaveLength(1);
      expect(p.citations[0]!.quote).toBe(p.text);
      const doc = docs.find((d) => d.itemId === p.citations[0]!.itemId)!;
      expect(doc.content).toContain(p.text);
    }
    expect(analysis.summary).toMatch(/partition/i);
  });

  it('validate: supported points pass, and a misquote or a missing item is an issue', () => {
    const contents = new Map(docs.map((d) => [d.itemId, d.content]));
    const ok = validateAnalysis(input('g', { upstream: [up('analyze', analysis)] }), contents);
    expect(ok).toMatchObject({
      checked: analysis.points.length,
      supported: analysis.points.length,
      issues: [],
    });

    const tampered = {
      ...analysis,
      points: [
        {
          text: 'Kafka stores data in partitions.',
          citations: [{ itemId: 'kafka-1', quote: 'Kafka stores data in partitions.' }],
        },
        { text: 'Redis is fast.', citations: [{ itemId: 'gone', quote: 'Redis is fast.' }] },
        { text: 'Topics are split into partitions for scale.', citations: [] },
      ],
    };
    const bad = validateAnalysis(input('g', { upstream: [up('analyze', tampered)] }), contents);
    expect(bad.checked).toBe(3);
    expect(bad.supported).toBe(0);
    expect(bad.issues[0]).toMatch(/quote not found in item kafka-1/);
    expect(bad.issues[1]).toMatch(/item gone not found/);
    expect(bad.issues[2]).toMatch(/no citation/);
  });

  it('report: markdown with numbered citations and a sources list quoting exactly', () => {
    const validation = validateAnalysis(input('g', { upstream: [up('analyze', analysis)] }));
    const report = composeReport(
      input('how does kafka scale?', {
        upstream: [up('analyze', analysis), up('validate', validation)],
      }),
    );
    expect(report.title).toBe('How does kafka scale');
    expect(report.markdown).toMatch(/^# How does kafka scale\n/);
    expect(report.markdown).toMatch(/## Key findings\n\n1\. .+ \[1\]/);
    expect(report.markdown).toMatch(/## Sources\n\n1\. /);
    expect(report.citations.length).toBeGreaterThan(0);
    for (const [i, c] of report.citations.entries()) {
      expect(report.markdown).toContain(`${i + 1}. ${c.title ?? c.itemId}`);
      expect(docs.find((d) => d.itemId === c.itemId)!.content).toContain(c.quote);
    }
  });
});

describe('content skills', () => {
  it('plan, write, edit and review chain into an approved draft', () => {
    const plan = planContent(input('Write a blog post about event sourcing with Kafka'));
    expect(plan.text).toMatch(/^# Outline/);
    const draft = writeContent(
      input('Write a blog post about event sourcing with Kafka', { upstream: [up('plan', plan)] }),
    );
    expect(draft.text.match(/^## /gm)!.length).toBeGreaterThanOrEqual(3);
    const edited = editContent(
      input('g', {
        upstream: [up('write', { kind: 'text', text: 'this is is really  good .\nnext line' })],
      }),
    );
    expect(edited.text).toBe('This is good.\nNext line');
    const review = reviewContent(
      input('event sourcing with Kafka', { upstream: [up('write', draft)] }),
    );
    expect(review.approved).toBe(true);
    expect(
      reviewContent(input('g', { upstream: [up('write', { kind: 'text', text: 'too short' })] }))
        .approved,
    ).toBe(false);
  });
});

describe('upstreamMaterial: earlier steps as a model reads them', () => {
  it('keeps the ids and exact quotes a model must cite, and text as it is', () => {
    const sources = sourcesFromHits('kafka partitions', docs);
    const material = upstreamMaterial(
      input('Kafka', {
        upstream: [up('gather', sources), up('plan', { kind: 'text', text: '1. Intro' })],
      }),
    );
    expect(material).toBe(
      `[gather] (sources)\n${JSON.stringify(sources)}\n\n[plan] (text)\n1. Intro`,
    );
    expect(material).toContain('"itemId":"kafka-1"');
  });
});

describe('support skills', () => {
  it('classify: picks the closest label with a confidence and scores that sum to about 1', () => {
    const c = classifyMessage(
      input('ticket', { inputs: { message: 'I was charged twice, please refund my payment' } }),
    );
    expect(c.label).toBe('billing');
    expect(c.confidence).toBeGreaterThan(0.5);
    const total = Object.values(c.scores).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 2);
    const vague = classifyMessage(input('hmm'));
    expect(vague.confidence).toBeLessThan(0.5);
  });

  it('respond quotes the retrieved knowledge; escalate explains a low confidence', () => {
    const classification = classifyMessage(
      input('t', { inputs: { message: 'my parcel is late, where is my delivery' } }),
    );
    const reply = respondToMessage(
      input('t', {
        inputs: { message: 'my parcel is late, where is my delivery' },
        upstream: [
          up('classify', classification),
          up(
            'retrieve',
            sourcesFromHits('delivery', [
              {
                itemId: 'faq',
                title: 'FAQ',
                source: null,
                content: 'Deliveries take 3 to 5 days.',
              },
            ]),
          ),
        ],
      }),
    );
    expect(reply.text).toMatch(/status of your delivery/);
    expect(reply.text).toContain('About your message: "my parcel is late, where is my delivery"');
    expect(reply.text).toContain('> Deliveries take 3 to 5 days. (FAQ)');
    const esc = escalateMessage(
      input('t', { upstream: [up('classify', { ...classification, confidence: 0.3 })] }),
    );
    expect(esc.reason).toMatch(/confidence 0.3 is below 0.6/);
    expect(esc.summary).toMatch(/Category: shipping/);
  });
});

describe('support without documented knowledge', () => {
  const message = 'What are the symptoms of vitamin D deficiency?';
  const classification = {
    kind: 'classification' as const,
    label: 'general',
    confidence: 0.9,
    scores: { general: 0.9 },
  };
  const nothing = { kind: 'sources' as const, query: message, sources: [] };

  it('respond says there is no documented answer and that a person will reply, and answers nothing', () => {
    const reply = respondToMessage(
      input('Answer this customer', {
        inputs: { message },
        upstream: [up('classify', classification), up('retrieve', nothing)],
      }),
    );
    expect(reply.text).toContain(`About your message: "${message}"`);
    expect(reply.text).toContain('There is no documented answer to your question');
    expect(reply.text).toContain('passed your message to a member of our team');
    expect(reply.text).not.toMatch(/documentation says|Thank you for getting in touch/);
  });

  it('escalate gives the person the reason and what the customer was told', () => {
    const told = respondToMessage(
      input('Answer this customer', {
        inputs: { message },
        upstream: [up('classify', classification), up('retrieve', nothing)],
      }),
    );
    const esc = escalateMessage(
      input('Answer this customer', {
        inputs: { message },
        upstream: [up('classify', classification), up('retrieve', nothing), up('respond', told)],
      }),
    );
    expect(esc.reason).toBe(
      'no document the customer may be quoted answers the request, so it needs a person to answer',
    );
    expect(esc.summary).toContain('Told so far: Hello, About your message:');
    // Unsure as well: both reasons.
    const both = escalateMessage(
      input('Answer this customer', {
        inputs: { message },
        upstream: [up('classify', { ...classification, confidence: 0.3 }), up('retrieve', nothing)],
      }),
    );
    expect(both.reason).toMatch(/confidence 0.3 is below 0.6; no document/);
  });
});

describe('devops skills', () => {
  const shell = (command: string, stdout: string, exitCode = 0): ShellOutput => ({
    kind: 'shell',
    command,
    exitCode,
    stdout,
    stderr: '',
    durationMs: 5,
  });

  it('diagnose: reads df, free and uptime and ranks the worst first', () => {
    const text = diagnose(
      input('check host', {
        upstream: [
          up(
            'detect',
            shell(
              'df -h',
              'Filesystem Size Used Avail Use% Mounted on\n/dev/sda1 100G 97G 3G 97% /\n/dev/sdb1 100G 10G 90G 10% /data',
            ),
          ),
          up(
            'detect',
            shell(
              'free -m',
              '              total        used        free      shared  buff/cache   available\nMem:           8000        7000         200          10         800        1000',
            ),
          ),
          up('detect', shell('uptime', ' 10:00:00 up 3 days,  load average: 0.50, 0.40, 0.30')),
        ],
      }),
    ).text;
    expect(text).toMatch(/Critical: action is needed now/);
    expect(text.indexOf('[critical] / is 97% full')).toBeLessThan(text.indexOf('[warning] memory'));
    expect(text).toMatch(/load average 0.50/);
    expect(text).not.toMatch(/sdb1|\/data/);
  });

  it('allow-lists commands and hosts, naming what was refused', () => {
    const list = ['uptime', 'df -h'];
    expect(allowedCommand(input('g', { params: { command: ' df   -h ' } }), list)).toBe('df -h');
    expect(() => allowedCommand(input('g', { params: { command: 'rm -rf /' } }), list)).toThrow(
      /command 'rm -rf \/' is not allow-listed/,
    );
    expect(() => allowedCommand(input('g'), list)).toThrow(NotAllowedError);
    expect(allowedCommand(input('g', { params: { command: 'echo hi there' } }), ['echo *'])).toBe(
      'echo hi there',
    );
    expect(allowedCommand(input('g', { params: { command: 'echo' } }), ['echo *'])).toBe('echo');
    expect(() => allowedCommand(input('g', { params: { command: 'echoes' } }), ['echo *'])).toThrow(
      /not allow-listed/,
    );
    const url = (u: string, allowed: string[]) =>
      allowedUrl(input('g', { params: { url: u } }), allowed);
    expect(url('http://127.0.0.1:8080/x', ['127.0.0.1:8080']).href).toBe('http://127.0.0.1:8080/x');
    // An entry without a port allows the default port only, whatever the case of the host.
    expect(url('https://EXAMPLE.com/a', ['example.com']).host).toBe('example.com');
    expect(url('https://example.com:443/a', ['Example.com']).host).toBe('example.com');
    expect(() => url('http://EXAMPLE.com:4101/', ['example.com'])).toThrow(
      /host 'example.com:4101' is not allow-listed/,
    );
    expect(() => url('http://127.0.0.1:8080/x', ['127.0.0.1'])).toThrow(/not allow-listed/);
    expect(() => url('http://127.0.0.1:8081/x', ['127.0.0.1:8080'])).toThrow(/not allow-listed/);
    expect(() => allowedUrl(input('g', { params: { url: 'https://evil.example/' } }), [])).toThrow(
      /host 'evil.example' is not allow-listed/,
    );
  });
});
