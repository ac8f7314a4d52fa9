import { fail, pass, type Check } from './checks';

/**
 * Ways a reply says it has no documented answer. Deterministic, so the offline evaluator can
 * tell an honest hand-over from a reply that answers anyway; a model is told the plainest one
 * ("there is no documented answer") in the feedback.
 */
const SAYS_UNDOCUMENTED: readonly RegExp[] = [
  /\bno documented (?:answer|solution|information)\b/i,
  /\b(?:is|are|was|were)(?:n't| not) (?:yet )?documented\b/i,
  /\bno (?:public |published )?(?:documentation|article|help article)s? (?:covers?|answers?|about|on|for)\b/i,
  /\b(?:do|does|did)(?:n't| not) (?:find|have) (?:any(?:thing)? )?(?:documented|documentation)\b/i,
  /\bnot (?:covered|answered) (?:by|in) (?:our|the) (?:documentation|help|articles?)\b/i,
  // "I could not find this in our help pages", "we couldn't find anything about it in the FAQ"
  /\b(?:could|can|did|do)(?:n't| ?not) find\b[^.]{0,60}?\b(?:in|from) (?:our|the) (?:help|documentation|docs|articles?|faq|knowledge base)\b/i,
];

/** Ways a reply claims to pass on what documentation says. */
const CLAIMS_DOCUMENTATION: readonly RegExp[] = [
  /\b(?:our|the) (?:documentation|help articles?|faq|policy) (?:says|states|explains|confirms)\b/i,
  /\baccording to (?:our|the) (?:documentation|help articles?|faq|policy)\b/i,
];

/**
 * The reply of a step that had nothing documented to answer from (every source it was fed came
 * back empty): it must say that there is no documented answer, and must not claim to relay
 * documentation. Hard: a reply that answers anyway invents what nobody documented. An honest
 * hand-over passes: having no documented answer is a legitimate outcome, not the agent's fault.
 */
export function checkUndocumentedReply(text: string): Check {
  const problems: string[] = [];
  if (!SAYS_UNDOCUMENTED.some((p) => p.test(text))) {
    problems.push(
      'nothing documented was found for this request: say plainly that there is no documented answer and that a person will follow up, instead of answering',
    );
  }
  if (CLAIMS_DOCUMENTATION.some((p) => p.test(text))) {
    problems.push(
      'the reply claims to relay documentation, but no document was found for this request; do not cite or paraphrase documentation that was not retrieved',
    );
  }
  return problems.length === 0
    ? pass('undocumented', 2, true)
    : fail('undocumented', 2, true, problems);
}
