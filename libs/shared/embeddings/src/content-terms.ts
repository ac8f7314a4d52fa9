/** Common English words that say nothing about a text's subject. */
const STOPWORDS = new Set(
  `a about above after again against all am an and any are as at be because been before being
  below between both but by can could did do does doing down during each few for from further had
  has have having he her here hers herself him himself his how i if in into is it its itself just
  me more most my myself no nor not now of off on once only or other our ours ourselves out over
  own same she should so some such than that the their theirs them themselves then there these
  they this those through to too under until up very was we were what when where which while who
  whom why will with would you your yours yourself yourselves also may might must shall us via`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Lower-case word tokens without stop words or one-letter tokens: the words that carry what a
 * text is about (skills rank and summarise with them; the evaluator judges relevance on them).
 */
export function contentTerms(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*/gu) ?? []).filter(
    (t) => t.length > 1 && !STOPWORDS.has(t),
  );
}
