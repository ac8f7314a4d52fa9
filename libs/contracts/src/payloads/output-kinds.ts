import type { z } from 'zod';
import { builtInKinds } from './built-in-kinds';
import type { OutputKind } from './output-kind';

/** An output that matched its kind's schema, with the kind's definition. */
export interface ParsedOutput {
  ok: true;
  output: { kind: string } & Record<string, unknown>;
  definition: OutputKind;
}

/** Why an output could not be parsed; `stage` says how far it got. */
export interface OutputProblems {
  ok: false;
  stage: 'json' | 'kind' | 'structure';
  problems: string[];
}

const kindName = /^[a-z][a-z0-9-]{0,62}$/;

/** `'points[0].citations[1].quote'`-style path of a zod issue. */
function pathOf(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

const typeNames: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
  record: 'an object',
};

/** One zod issue as a sentence an agent can act on. */
function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type')
    return `must be ${typeNames[issue.expected] ?? issue.expected}`;
  if (issue.code === 'too_small' && issue.origin === 'number')
    return `must be ${issue.inclusive ? 'at least' : 'above'} ${String(issue.minimum)}`;
  if (issue.code === 'too_big' && issue.origin === 'number')
    return `must be ${issue.inclusive ? 'at most' : 'below'} ${String(issue.maximum)}`;
  return issue.message;
}

/** Field problems of a zod error, each naming its field: `'sources[0].quote' must be a string`. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const at = pathOf(issue.path);
    return at ? `'${at}' ${describeIssue(issue)}` : describeIssue(issue);
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The output kinds a deployment knows. Every service reads outputs through one registry, so a
 * kind is defined once (schema, main text, citations, rendering) and registered once.
 */
export class OutputKindRegistry {
  private readonly byKind = new Map<string, OutputKind>();

  /** Adds kinds; a name already taken or not lower-case-with-dashes is a programming error. */
  register(...kinds: OutputKind[]): this {
    for (const definition of kinds) {
      if (!kindName.test(definition.kind)) {
        throw new Error(
          `output kind '${definition.kind}': expected lower-case letters, digits and dashes`,
        );
      }
      if (this.byKind.has(definition.kind)) {
        throw new Error(`output kind '${definition.kind}' is already registered`);
      }
      this.byKind.set(definition.kind, definition);
    }
    return this;
  }

  get(kind: string): OutputKind | undefined {
    return this.byKind.get(kind);
  }

  has(kind: string): boolean {
    return this.byKind.has(kind);
  }

  /** Every registered kind, in registration order. */
  list(): OutputKind[] {
    return [...this.byKind.values()];
  }

  names(): string[] {
    return [...this.byKind.keys()];
  }

  /**
   * Parses an output (JSON text, or a value already parsed) against its kind's schema. With
   * `expected`, the output must be of that kind. Problems name the field.
   */
  parse(value: unknown, expected?: string): ParsedOutput | OutputProblems {
    let data = value;
    if (typeof value === 'string') {
      try {
        data = JSON.parse(value);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return {
          ok: false,
          stage: 'json',
          problems: [`the output is not valid JSON (${reason}); send one JSON object`],
        };
      }
    }
    if (!isObject(data) || typeof data['kind'] !== 'string') {
      return {
        ok: false,
        stage: 'json',
        problems: ["the output must be a JSON object with a string 'kind'"],
      };
    }
    const kind = data['kind'];
    const definition = this.byKind.get(kind);
    if (expected !== undefined && kind !== expected) {
      return { ok: false, stage: 'kind', problems: [`expected kind '${expected}', not '${kind}'`] };
    }
    if (!definition) {
      return {
        ok: false,
        stage: 'kind',
        problems: [`unknown kind '${kind}'; known kinds: ${this.names().join(', ')}`],
      };
    }
    const parsed = definition.schema.safeParse(data);
    if (!parsed.success) {
      return { ok: false, stage: 'structure', problems: describeIssues(parsed.error) };
    }
    return { ok: true, output: parsed.data, definition };
  }

  /**
   * An output as Markdown a person reads. Text that is not JSON is kept as it is; JSON that is
   * not a valid output of a known kind is shown as a JSON code block, so nothing is lost and a
   * new kind is visible before it is registered.
   */
  toMarkdown(value: unknown): string {
    const parsed = this.parse(value);
    if (parsed.ok) return parsed.definition.toMarkdown(parsed.output);
    if (parsed.stage === 'json' && typeof value === 'string') {
      try {
        JSON.parse(value);
      } catch {
        return value;
      }
    }
    const data: unknown = typeof value === 'string' ? JSON.parse(value) : value;
    return `\`\`\`json\n${JSON.stringify(data, null, 2)}\n\`\`\``;
  }

  /** The main text of a valid output, when its kind has one. */
  mainText(value: unknown): string | undefined {
    const parsed = this.parse(value);
    return parsed.ok ? parsed.definition.mainText?.(parsed.output) : undefined;
  }
}

/** The registry with the built-in kinds; register your own kinds here at start-up. */
export const outputKinds = new OutputKindRegistry().register(...builtInKinds);
