import type { Citation, TaskOutput, TaskOutputKind } from '@agora/contracts';
import { fail, pass, type Check } from './checks';
import { expectedKind, outputKinds } from './expected-kind';

/** Bounds on the length of an output's main text. */
export interface OutputLimits {
  /** Shortest acceptable main text (report Markdown, text, summary…), in characters. @default 20 */
  minChars: number;
  /** Longest acceptable main text, in characters. @default 100000 */
  maxChars: number;
}

/** What {@link inspectOutput} found: the checks so far, and the citations still to verify. */
export interface Inspection {
  checks: Check[];
  /** The parsed output when its structure is valid. */
  output?: TaskOutput;
  /** Citations to check against memory; empty when the structure is invalid. */
  citations: Citation[];
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Field problems of one object, by field path. */
class Shape {
  readonly problems: string[] = [];
  constructor(
    private readonly value: Json,
    private readonly at = '',
  ) {}

  private path(field: string) {
    return `${this.at}${field}`;
  }

  string(field: string): string {
    const v = this.value[field];
    if (typeof v !== 'string') this.problems.push(`'${this.path(field)}' must be a string`);
    return typeof v === 'string' ? v : '';
  }

  optionalString(field: string): void {
    const v = this.value[field];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      this.problems.push(`'${this.path(field)}' must be a string or null`);
    }
  }

  number(field: string): number {
    const v = this.value[field];
    if (typeof v !== 'number' || !Number.isFinite(v))
      this.problems.push(`'${this.path(field)}' must be a number`);
    return typeof v === 'number' ? v : NaN;
  }

  boolean(field: string): void {
    if (typeof this.value[field] !== 'boolean')
      this.problems.push(`'${this.path(field)}' must be true or false`);
  }

  array(field: string): unknown[] {
    const v = this.value[field];
    if (!Array.isArray(v)) this.problems.push(`'${this.path(field)}' must be an array`);
    return Array.isArray(v) ? v : [];
  }

  strings(field: string): void {
    const list = this.array(field);
    if (list.some((s) => typeof s !== 'string'))
      this.problems.push(`'${this.path(field)}' must hold only strings`);
  }

  record(field: string): void {
    const v = this.value[field];
    if (!isObject(v) || Object.values(v).some((x) => typeof x !== 'number')) {
      this.problems.push(`'${this.path(field)}' must be an object of numbers`);
    }
  }

  citations(field: string): Citation[] {
    const out: Citation[] = [];
    this.array(field).forEach((c, i) => {
      const at = `${this.path(field)}[${i}]`;
      if (!isObject(c)) {
        this.problems.push(`'${at}' must be an object`);
        return;
      }
      const s = new Shape(c, `${at}.`);
      const itemId = s.string('itemId');
      const quote = s.string('quote');
      s.optionalString('title');
      s.optionalString('source');
      this.problems.push(...s.problems);
      if (s.problems.length === 0) out.push({ ...c, itemId, quote });
    });
    return out;
  }

  nested(field: string, each: (s: Shape) => void): void {
    this.array(field).forEach((v, i) => {
      const at = `${this.path(field)}[${i}]`;
      if (!isObject(v)) {
        this.problems.push(`'${at}' must be an object`);
        return;
      }
      const s = new Shape(v, `${at}.`);
      each(s);
      this.problems.push(...s.problems);
    });
  }
}

interface KindFacts {
  /** The text whose length is bounded; undefined when the kind has no free text to bound. */
  mainText?: string;
  citations: Citation[];
  /** Whether the kind is expected to cite memory. */
  cites: boolean;
  /** Emptiness problems (nothing produced). */
  empty: string[];
  /** Kind-specific hard problems (failed command, impossible numbers). */
  invalid: string[];
}

function factsOf(kind: TaskOutputKind, s: Shape, o: Json): KindFacts {
  const facts: KindFacts = { citations: [], cites: false, empty: [], invalid: [] };
  switch (kind) {
    case 'sources': {
      s.string('query');
      facts.citations = s.citations('sources');
      facts.cites = true;
      if (Array.isArray(o['sources']) && o['sources'].length === 0)
        facts.empty.push("no sources were found: 'sources' is empty");
      break;
    }
    case 'analysis': {
      facts.mainText = s.string('summary');
      s.nested('points', (p) => {
        p.string('text');
        facts.citations.push(...p.citations('citations'));
      });
      facts.cites = true;
      if (Array.isArray(o['points']) && o['points'].length === 0)
        facts.empty.push('the analysis has no points');
      break;
    }
    case 'validation': {
      const checked = s.number('checked');
      const supported = s.number('supported');
      s.strings('issues');
      if (supported > checked || supported < 0)
        facts.invalid.push(
          `'supported' (${supported}) must be between 0 and 'checked' (${checked})`,
        );
      break;
    }
    case 'report': {
      facts.mainText = s.string('markdown');
      if (!s.string('title').trim()) facts.empty.push('the report has no title');
      facts.citations = s.citations('citations');
      facts.cites = true;
      break;
    }
    case 'text':
      facts.mainText = s.string('text');
      break;
    case 'review': {
      s.boolean('approved');
      s.strings('comments');
      if (o['approved'] === false && Array.isArray(o['comments']) && o['comments'].length === 0) {
        facts.empty.push("a review that does not approve must say why in 'comments'");
      }
      break;
    }
    case 'classification': {
      if (!s.string('label').trim()) facts.empty.push('the classification has no label');
      const confidence = s.number('confidence');
      s.record('scores');
      if (confidence < 0 || confidence > 1)
        facts.invalid.push(`'confidence' (${confidence}) must be between 0 and 1`);
      break;
    }
    case 'escalation':
      if (!s.string('reason').trim()) facts.empty.push('the escalation gives no reason');
      facts.mainText = s.string('summary');
      break;
    case 'shell': {
      if (!s.string('command').trim()) facts.empty.push('no command was run');
      const exitCode = s.number('exitCode');
      s.string('stdout');
      s.string('stderr');
      s.number('durationMs');
      if (Number.isFinite(exitCode) && exitCode !== 0) {
        const stderr = typeof o['stderr'] === 'string' ? o['stderr'].trim().slice(0, 200) : '';
        facts.invalid.push(
          `the command '${String(o['command'])}' exited with code ${exitCode}${stderr ? `: ${stderr}` : ''}`,
        );
      }
      break;
    }
    case 'http': {
      s.string('url');
      const status = s.number('status');
      s.string('body');
      if (Number.isFinite(status) && (status < 200 || status >= 300))
        facts.invalid.push(`the request answered HTTP ${status}`);
      break;
    }
    default: {
      const unknownKind: never = kind;
      facts.invalid.push(`unknown kind '${String(unknownKind)}'`);
    }
  }
  return facts;
}

/**
 * Checks a task output (TaskCompleted.output) without looking anything up: valid JSON, the kind
 * the capability must produce, the fields of that kind, something produced, length within
 * bounds, kind-specific sanity (a command's exit code, a confidence in 0..1). Stops at the first
 * structural failure, since later checks would only repeat it. Citations are returned for
 * {@link checkCitations}.
 */
export function inspectOutput(
  capability: string,
  output: string,
  limits: OutputLimits,
): Inspection {
  let parsed: unknown;
  try {
    parsed = JSON.parse(output);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      checks: [
        fail('json', 1, true, [`the output is not valid JSON (${reason}); send one JSON object`]),
      ],
      citations: [],
    };
  }
  if (!isObject(parsed) || typeof parsed['kind'] !== 'string') {
    return {
      checks: [fail('json', 1, true, ["the output must be a JSON object with a string 'kind'"])],
      citations: [],
    };
  }
  const checks: Check[] = [pass('json', 1, true)];
  const kind = parsed['kind'];
  const expected = expectedKind(capability);
  if (expected !== undefined ? kind !== expected : !outputKinds.includes(kind as TaskOutputKind)) {
    const want = expected ? `'${expected}'` : `one of ${outputKinds.join(', ')}`;
    checks.push(
      fail('kind', 1, true, [`a ${capability} task must produce kind ${want}, not '${kind}'`]),
    );
    return { checks, citations: [] };
  }
  checks.push(pass('kind', 1, true));

  const shape = new Shape(parsed);
  const facts = factsOf(kind as TaskOutputKind, shape, parsed);
  if (shape.problems.length > 0) {
    checks.push(fail('structure', 1, true, shape.problems));
    return { checks, citations: [] };
  }
  checks.push(pass('structure', 1, true));

  if (facts.mainText !== undefined && !facts.mainText.trim())
    facts.empty.push('the main text is empty');
  checks.push(
    facts.empty.length > 0 ? fail('content', 1, true, facts.empty) : pass('content', 1, true),
  );

  if (facts.mainText !== undefined && facts.mainText.trim()) {
    const length = facts.mainText.trim().length;
    if (length < limits.minChars) {
      checks.push(
        fail(
          'length',
          1,
          false,
          [`the text is ${length} characters; write at least ${limits.minChars}`],
          length / limits.minChars,
        ),
      );
    } else if (length > limits.maxChars) {
      checks.push(
        fail('length', 1, false, [
          `the text is ${length} characters; keep it under ${limits.maxChars}`,
        ]),
      );
    } else checks.push(pass('length', 1, false));
  }

  if (facts.invalid.length > 0) checks.push(fail('validity', 2, true, facts.invalid));

  if (facts.cites) {
    checks.push(
      facts.citations.length > 0
        ? pass('cited', 1, false)
        : fail('cited', 1, false, [
            'nothing is cited; back the claims with quotes from memory items',
          ]),
    );
  }
  return { checks, output: parsed as unknown as TaskOutput, citations: facts.citations };
}

/** Collapses runs of whitespace, so a quote that differs only in line breaks still matches. */
export function normaliseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Checks that every citation is real: its item exists in memory and its quote occurs in the
 * item's content (whitespace-normalised). Hard: one fabricated citation rejects the output; the
 * score is the share of citations that hold. `items` maps item id to content.
 */
export function checkCitations(
  citations: readonly Citation[],
  items: ReadonlyMap<string, string>,
): Check | undefined {
  if (citations.length === 0) return undefined;
  const problems: string[] = [];
  citations.forEach((c, i) => {
    const label = `citation ${i + 1} (${c.itemId})`;
    const content = items.get(c.itemId);
    const quote = normaliseWhitespace(c.quote);
    if (content === undefined)
      problems.push(
        `${label}: no memory item has this id; cite an itemId returned by a memory search`,
      );
    else if (!quote) problems.push(`${label}: the quote is empty; copy the exact text you rely on`);
    else if (!normaliseWhitespace(content).includes(quote)) {
      const shown = quote.length > 80 ? `${quote.slice(0, 77)}...` : quote;
      problems.push(
        `${label}: the quote "${shown}" does not occur in the item; quote its text exactly`,
      );
    }
  });
  const ok = citations.length - problems.length;
  return problems.length === 0
    ? pass('citations', 3, true)
    : fail('citations', 3, true, problems, ok / citations.length);
}
