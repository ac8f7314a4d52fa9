import { outputKinds } from '@agora/contracts';
import { defineSkill } from '@agora/executor/domain';

/**
 * A skill of your own, loaded by the executor with
 * `SKILL_MODULES=examples/skills/keywords.skill.ts`: it serves the capability `keywords` (not a
 * built-in one) and outputs `text`. It does real, deterministic work: the most frequent content
 * words of the goal, its inputs and the outputs of the steps before it.
 */
const stopWords = new Set(
  'a an and are as at be by for from how in is it of on or that the this to was what when where which who why with'.split(
    ' ',
  ),
);

export const keywordsSkill = defineSkill({
  name: 'keywords',
  description:
    'Lists the most frequent content words of the goal, its inputs and upstream outputs.',
  capabilities: ['keywords'],
  output: 'text',
  run(task) {
    const text = [
      task.goal,
      ...Object.values(task.inputs),
      // The prose of earlier outputs (main text and quoted passages), not their JSON.
      ...task.upstream.flatMap(({ output }) => {
        const kind = outputKinds.get(output.kind);
        return [
          kind?.mainText?.(output) ?? '',
          ...(kind?.citations?.(output) ?? []).map((c) => c.quote),
        ];
      }),
    ].join(' ');
    const counts = new Map<string, number>();
    for (const word of text.toLowerCase().match(/[a-z][a-z-]{2,}/g) ?? []) {
      if (!stopWords.has(word)) counts.set(word, (counts.get(word) ?? 0) + 1);
    }
    const limit = typeof task.params['top'] === 'number' ? task.params['top'] : 5;
    const top = [...counts].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)).slice(0, limit);
    if (top.length === 0) throw new Error('no words to rank: the goal and its inputs are empty');
    return {
      kind: 'text',
      text: ['Keywords, most frequent first:', ...top.map(([w, n]) => `- ${w} (${n})`)].join('\n'),
    };
  },
});
