import {
  builtInOutputKind,
  outputKinds,
  type Citation,
  type OutputKindRegistry,
  type TaskOutput,
  DEFAULT_VISIBILITY,
  isVisibility,
  mayQuote,
  visibilitiesUpTo,
  type Visibility,
} from '@agora/contracts';
import { fail, pass, type Check } from './checks';

/** Bounds on the length of an output's main text. */
export interface OutputLimits {
  /** Shortest acceptable main text (report Markdown, text, summary…), in characters. @default 20 */
  minChars: number;
  /** Longest acceptable main text, in characters. @default 100000 */
  maxChars: number;
}

/** What else {@link inspectOutput} goes by. */
export interface InspectOptions {
  /**
   * Finding nothing to cite is a legitimate result of the step (its `mayFindNothing` param): an
   * output that cites nothing is not empty, only scored below one that found something.
   * @default false
   */
  mayFindNothing?: boolean;
  /** The output kinds. @default outputKinds */
  registry?: OutputKindRegistry;
}

/** What {@link inspectOutput} found: the checks so far, and the citations still to verify. */
export interface Inspection {
  checks: Check[];
  /** The parsed output when its structure is valid. */
  output?: TaskOutput;
  /** Citations to check against memory; empty when the structure is invalid. */
  citations: Citation[];
}

/**
 * The output kind a task must produce: the one its step declares (TaskAwarded.input
 * `outputKind`), else the one its built-in capability produces; undefined when neither says,
 * and then any registered kind will do.
 */
export function expectedKind(capability: string, declared?: string | null): string | undefined {
  return declared ?? builtInOutputKind(capability);
}

/**
 * Checks a task output (TaskCompleted.output) without looking anything up: valid JSON, the kind
 * expected (see {@link expectedKind}), the fields of that kind (its schema in @agora/contracts),
 * something produced, length within bounds, what the kind itself says is wrong (a command's exit
 * code, contradicting numbers). Stops at the first structural failure, since later checks would
 * only repeat it. Citations are returned for {@link checkCitations}.
 */
export function inspectOutput(
  capability: string,
  output: string,
  limits: OutputLimits,
  declaredKind?: string | null,
  { mayFindNothing = false, registry = outputKinds }: InspectOptions = {},
): Inspection {
  const expected = expectedKind(capability, declaredKind);
  const parsed = registry.parse(output, expected);
  if (!parsed.ok && parsed.stage === 'json') {
    return { checks: [fail('json', 1, true, parsed.problems)], citations: [] };
  }
  const checks: Check[] = [pass('json', 1, true)];
  if (!parsed.ok && parsed.stage === 'kind') {
    const problem =
      expected === undefined
        ? parsed.problems[0]
        : `a ${capability} task must produce kind '${expected}', ${parsed.problems[0]?.replace(/^expected kind '[^']*', /, '')}`;
    checks.push(fail('kind', 1, true, [problem ?? 'wrong kind']));
    return { checks, citations: [] };
  }
  checks.push(pass('kind', 1, true));
  if (!parsed.ok) {
    checks.push(fail('structure', 1, true, parsed.problems));
    return { checks, citations: [] };
  }
  checks.push(pass('structure', 1, true));

  const { definition, output: value } = parsed;
  const own = definition.problems?.(value) ?? {};
  const citations = definition.citations?.(value) ?? [];
  const foundNothing = mayFindNothing && definition.cites === true && citations.length === 0;
  // Found nothing, and may: what the kind calls empty is the honest result, not a missing one.
  const empty = foundNothing ? [] : [...(own.empty ?? [])];
  const mainText = definition.mainText?.(value);
  if (mainText !== undefined && !mainText.trim()) empty.push('the main text is empty');
  checks.push(empty.length > 0 ? fail('content', 1, true, empty) : pass('content', 1, true));

  if (mainText !== undefined && mainText.trim()) {
    const length = mainText.trim().length;
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

  if (own.invalid && own.invalid.length > 0) checks.push(fail('validity', 2, true, own.invalid));

  if (foundNothing) {
    // Scored below a result that found sources, so an empty one never passes for it.
    checks.push(
      fail('found', 1, false, [
        'nothing was found that this step may quote; the steps after it must say that nothing is documented',
      ]),
    );
  } else if (definition.cites) {
    checks.push(
      citations.length > 0
        ? pass('cited', 1, false)
        : fail('cited', 1, false, [
            'nothing is cited; back the claims with quotes from memory items',
          ]),
    );
  }
  return { checks, output: value as unknown as TaskOutput, citations };
}

/** Collapses runs of whitespace, so a quote that differs only in line breaks still matches. */
export function normaliseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A cited item as memory holds it, for {@link checkCitations}. */
export interface CitedItem {
  content: string;
  /** Who may be quoted it (public < internal < restricted); an unknown level counts as restricted. */
  visibility: string;
  title?: string | null;
}

/**
 * Checks that every citation is real and may be quoted by the step: its item exists in memory,
 * is no more private than the step may quote (`maxVisibility`, the step's `params.quote`), and
 * its quote occurs in the item's content (whitespace-normalised). Hard: one fabricated or
 * forbidden citation rejects the output; the score is the share of citations that hold. `items`
 * maps item id to item, whatever its visibility, so that a citation of an item above the step's
 * level is told apart from one of an item that does not exist.
 */
export function checkCitations(
  citations: readonly Citation[],
  items: ReadonlyMap<string, CitedItem>,
  maxVisibility: Visibility = DEFAULT_VISIBILITY,
): Check | undefined {
  if (citations.length === 0) return undefined;
  const problems: string[] = [];
  citations.forEach((c, i) => {
    const label = `citation ${i + 1} (${c.itemId})`;
    const item = items.get(c.itemId);
    const quote = normaliseWhitespace(c.quote);
    if (item === undefined)
      problems.push(
        `${label}: no memory item has this id; cite an itemId returned by a memory search`,
      );
    else if (
      !mayQuote(isVisibility(item.visibility) ? item.visibility : 'restricted', maxVisibility)
    ) {
      const name = item.title ? `"${item.title}" (${documentOf(c.itemId)})` : documentOf(c.itemId);
      problems.push(
        `${label}: the document ${name} is ${item.visibility}, and this step may quote only ${visibilitiesUpTo(maxVisibility).join(' and ')} documents; cite only items a search of this step returns`,
      );
    } else if (!quote)
      problems.push(`${label}: the quote is empty; copy the exact text you rely on`);
    else if (!normaliseWhitespace(item.content).includes(quote)) {
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

/** The document an item belongs to: `doc:refund-policy` for the item `doc:refund-policy#1`. */
function documentOf(itemId: string): string {
  const hash = itemId.lastIndexOf('#');
  return hash > 0 ? itemId.slice(0, hash) : itemId;
}
