import { describe, expect, it } from 'vitest';
import { checkUndocumentedReply } from './undocumented-reply';

describe('checkUndocumentedReply', () => {
  it('passes a reply that says there is no documented answer and hands over', () => {
    for (const text of [
      'Hello,\n\nThere is no documented answer to your question in our help articles, so I have passed it to a member of our team.',
      'I did not find anything documented about this; a colleague will reply.',
      'This is not documented yet. A person will follow up.',
      'I could not find this in our help pages; a colleague will follow up.',
      "We couldn't find anything about it in the FAQ, so a person will answer.",
    ]) {
      expect(checkUndocumentedReply(text)).toMatchObject({ name: 'undocumented', score: 1 });
    }
  });

  it('rejects a reply that answers anyway, or claims to relay documentation', () => {
    const answers = checkUndocumentedReply(
      'Vitamin D deficiency causes tiredness and bone pain. Take supplements daily.',
    );
    // Not finding something elsewhere is not saying the documentation is silent.
    expect(
      checkUndocumentedReply('I could not find your order, but vitamin D helps your bones.').score,
    ).toBe(0);
    expect(answers).toMatchObject({ hard: true, score: 0 });
    expect(answers.problems[0]).toContain('say plainly that there is no documented answer');

    const pretends = checkUndocumentedReply(
      'There is no documented answer, but our documentation says refunds take five days.',
    );
    expect(pretends.score).toBe(0);
    expect(pretends.problems).toEqual([expect.stringContaining('claims to relay documentation')]);
  });
});
