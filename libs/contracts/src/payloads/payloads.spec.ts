import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtInCapabilities, builtInOutputKind, capabilityNamePattern } from './capabilities';
import { payloadJsonSchemas } from './json-schema';
import { defineOutputKind } from './output-kind';
import { OutputKindRegistry, outputKinds } from './output-kinds';
import { InvalidTaskInputError, parseTaskInput } from './task-input';

const cite = { itemId: 'kb-1', title: 'Kafka', source: null, quote: 'Partitions scale reads.' };

/** One valid output of every built-in kind. */
const samples: Record<string, Record<string, unknown>> = {
  sources: { kind: 'sources', query: 'kafka', sources: [cite] },
  analysis: {
    kind: 'analysis',
    summary: 'Partitions let consumers share the work.',
    points: [{ text: 'Partitions scale reads.', citations: [cite] }],
  },
  validation: { kind: 'validation', checked: 2, supported: 1, issues: ['one claim unsupported'] },
  report: {
    kind: 'report',
    title: 'Kafka',
    markdown: '## Scale\n\nPartitions.',
    citations: [cite],
  },
  text: { kind: 'text', text: 'A paragraph of text.' },
  review: { kind: 'review', approved: false, comments: ['too short'] },
  classification: {
    kind: 'classification',
    label: 'billing',
    confidence: 0.8,
    scores: { billing: 0.8 },
  },
  escalation: { kind: 'escalation', reason: 'unsure', summary: 'The customer was charged twice.' },
  shell: {
    kind: 'shell',
    command: 'uptime',
    exitCode: 0,
    stdout: 'up 3 days',
    stderr: '',
    durationMs: 4,
  },
  http: { kind: 'http', url: 'https://example.com/', status: 200, body: 'ok' },
};

describe('the output kind registry', () => {
  it('holds every built-in kind, and every built-in capability outputs one of them', () => {
    expect(outputKinds.names().sort()).toEqual(Object.keys(samples).sort());
    for (const [capability, spec] of Object.entries(builtInCapabilities)) {
      expect(outputKinds.has(spec.output), capability).toBe(true);
      expect(capabilityNamePattern.test(capability)).toBe(true);
    }
    expect(builtInOutputKind('gather')).toBe('sources');
    expect(builtInOutputKind('translate')).toBeUndefined();
  });

  it('accepts a valid output of every kind, as JSON text or as a value, and renders it', () => {
    for (const [kind, sample] of Object.entries(samples)) {
      const fromText = outputKinds.parse(JSON.stringify(sample), kind);
      expect(fromText.ok, kind).toBe(true);
      expect(outputKinds.parse(sample).ok, kind).toBe(true);
      const markdown = outputKinds.toMarkdown(JSON.stringify(sample));
      expect(markdown.length, kind).toBeGreaterThan(0);
      expect(markdown, kind).not.toContain('"kind"');
    }
    expect(outputKinds.toMarkdown(JSON.stringify(samples['report']))).toMatch(/^# Kafka\n/);
    // A report that opens with its title keeps one heading.
    const titled = { ...samples['report'], markdown: '# Kafka\n\nBody' };
    expect(outputKinds.toMarkdown(titled)).toBe('# Kafka\n\nBody');
    expect(outputKinds.mainText(samples['analysis'])).toBe(
      'Partitions let consumers share the work.',
    );
    expect(outputKinds.mainText(samples['shell'])).toBeUndefined();
  });

  it('names the field that breaks the schema', () => {
    const result = outputKinds.parse({
      ...samples['sources'],
      sources: [{ itemId: 'kb-1', quote: 7 }],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.stage).toBe('structure');
    expect(result.problems.join('\n')).toMatch(/'sources\[0\]\.quote'/);
    const confidence = outputKinds.parse({ ...samples['classification'], confidence: 1.5 });
    expect(!confidence.ok && confidence.problems.join()).toMatch(/'confidence'/);
  });

  it('refuses bad JSON, a missing kind, an unknown kind and a kind other than the one expected', () => {
    const stages = [
      outputKinds.parse('{not json'),
      outputKinds.parse('[1,2]'),
      outputKinds.parse({ kind: 'poem', text: 'x' }),
      outputKinds.parse(samples['text'], 'report'),
    ].map((r) => (r.ok ? 'ok' : r.stage));
    expect(stages).toEqual(['json', 'json', 'kind', 'kind']);
    const wrong = outputKinds.parse(samples['text'], 'report');
    expect(!wrong.ok && wrong.problems[0]).toBe("expected kind 'report', not 'text'");
    const unknown = outputKinds.parse({ kind: 'poem' });
    expect(!unknown.ok && unknown.problems[0]).toMatch(/unknown kind 'poem'; known kinds: sources/);
  });

  it('keeps text that is not JSON as it is, and shows other JSON as a code block', () => {
    expect(outputKinds.toMarkdown('plain words')).toBe('plain words');
    expect(outputKinds.toMarkdown('{"kind":"report"}')).toBe(
      '```json\n{\n  "kind": "report"\n}\n```',
    );
  });

  it('takes a new kind with one registration, and refuses a taken or malformed name', () => {
    const translation = defineOutputKind({
      kind: 'translation',
      description: 'A text in another language.',
      schema: z.object({ kind: z.literal('translation'), language: z.string(), text: z.string() }),
      mainText: (o) => o.text,
      toMarkdown: (o) => `(${o.language}) ${o.text}`,
    });
    const registry = new OutputKindRegistry().register(translation);
    expect(registry.toMarkdown({ kind: 'translation', language: 'pt', text: 'Olá' })).toBe(
      '(pt) Olá',
    );
    expect(payloadJsonSchemas(registry).has('output/translation.schema.json')).toBe(true);
    expect(() => registry.register(translation)).toThrow(
      "output kind 'translation' is already registered",
    );
    expect(() =>
      new OutputKindRegistry().register({ ...translation, kind: 'Translation' }),
    ).toThrow(/lower-case/);
  });
});

describe('task input', () => {
  it('fills defaults and keeps upstream outputs of any kind', () => {
    const input = parseTaskInput(
      JSON.stringify({
        goal: 'g',
        upstream: [
          {
            taskId: 't',
            name: 'a',
            capability: 'translate',
            output: { kind: 'translation', text: 'x' },
          },
        ],
        outputKind: 'text',
      }),
    );
    expect(input.inputs).toEqual({});
    expect(input.params).toEqual({});
    expect(input.outputKind).toBe('text');
    expect(input.upstream[0]?.output).toEqual({ kind: 'translation', text: 'x' });
  });

  it('names the bad field', () => {
    expect(() => parseTaskInput({ goal: 3 })).toThrow(InvalidTaskInputError);
    expect(() => parseTaskInput({ goal: 'g', upstream: [{ taskId: 't' }] })).toThrow(
      /'upstream\[0\]\.name'/,
    );
    expect(() => parseTaskInput('{')).toThrow(/not valid JSON/);
  });
});

describe('the generated JSON Schema files', () => {
  const dir = resolve(__dirname, '../../../../schemas/payloads');
  const load = (file: string) => JSON.parse(readFileSync(resolve(dir, file), 'utf8')) as object;
  const ajv = new Ajv2020({ strict: false, allErrors: true });

  it('accept every sample and refuse a broken one, like the zod schemas', () => {
    const anyOutput = ajv.compile(load('TaskOutput.schema.json'));
    for (const [kind, sample] of Object.entries(samples)) {
      expect(anyOutput(sample), `${kind}: ${ajv.errorsText(anyOutput.errors)}`).toBe(true);
      const one = ajv.compile(load(`output/${kind}.schema.json`));
      expect(one(sample), kind).toBe(true);
    }
    expect(anyOutput({ kind: 'classification', label: 'x', confidence: 2, scores: {} })).toBe(
      false,
    );
    expect(anyOutput({ kind: 'poem' })).toBe(false);
  });

  it('describe the task input', () => {
    const input = ajv.compile(load('TaskInput.schema.json'));
    expect(input({ goal: 'g', inputs: {}, params: { k: 5 }, upstream: [] })).toBe(true);
    expect(input({ inputs: {} })).toBe(false);
  });
});
