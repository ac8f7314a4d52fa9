import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from './corpus';
import { documentTitle, ingestDirectory } from './ingest-directory';
import { documentId, documentPassages } from './memory-item';

describe('documents', () => {
  it('derives a stable id from the source, else the title, unless one is given', () => {
    expect(documentId({ title: 'T', source: 'guides/Kafka Partitions.md' })).toBe(
      'doc:guides-kafka-partitions',
    );
    expect(documentId({ title: 'Exactly once!' })).toBe('doc:exactly-once');
    expect(documentId({ id: 'mine', title: 'T' })).toBe('mine');
  });

  it('stores a long document as numbered passages that keep title and source', () => {
    const content = Array.from(
      { length: 6 },
      (_, i) => `Paragraph ${i}. ${'word '.repeat(60)}`,
    ).join('\n\n');
    const { documentId: id, items } = documentPassages(
      { title: 'Doc', source: 'a.md', content, tags: ['t'] },
      800,
    );
    expect(id).toBe('doc:a');
    expect(items.length).toBeGreaterThan(1);
    expect(items.map((i) => i.id)).toEqual(items.map((_, n) => `doc:a#${n + 1}`));
    for (const item of items) {
      expect(item).toMatchObject({
        kind: 'knowledge',
        goalId: null,
        title: 'Doc',
        source: 'a.md',
        tags: ['t'],
        visibility: 'internal',
      });
      expect(item.content.length).toBeLessThanOrEqual(800);
    }
  });
});

describe('ingestDirectory', () => {
  it('reads .md and .txt files recursively with titles, relative sources and ids', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ingest-'));
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'b.md'), 'Intro line\n\n## Second Title ##\n\nBody');
    await writeFile(join(dir, 'sub', 'notes.txt'), 'plain notes');
    await writeFile(join(dir, 'empty.md'), '   ');
    await writeFile(join(dir, 'image.png'), 'not text');
    const docs = await ingestDirectory(dir, { tags: ['x'] });
    expect(docs).toEqual([
      {
        id: 'doc:b',
        title: 'Second Title',
        source: 'b.md',
        content: 'Intro line\n\n## Second Title ##\n\nBody',
        tags: ['x'],
      },
      {
        id: 'doc:sub-notes',
        title: 'notes',
        source: 'sub/notes.txt',
        content: 'plain notes',
        tags: ['x'],
      },
    ]);
  });

  it('takes a visibility from front matter, else from the options, and drops the front matter', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ingest-'));
    await writeFile(join(dir, 'faq.md'), '---\nvisibility: public\n---\n# FAQ\n\nAnswers.');
    await writeFile(join(dir, 'policy.md'), '# Policy\n\nStaff steps.');
    const docs = await ingestDirectory(dir, { visibility: 'restricted' });
    expect(docs.map((d) => [d.id, d.title, d.visibility, d.content])).toEqual([
      ['doc:faq', 'FAQ', 'public', '# FAQ\n\nAnswers.'],
      ['doc:policy', 'Policy', 'restricted', '# Policy\n\nStaff steps.'],
    ]);
    // without the option, a file without front matter has none: memory stores it as internal
    expect((await ingestDirectory(dir))[1]).not.toHaveProperty('visibility');
    await writeFile(join(dir, 'z.md'), '---\nvisibility: everyone\n---\n# Z');
    await expect(ingestDirectory(dir)).rejects.toThrow(/^z\.md: front matter visibility: /);
  });

  it('takes the title from the first heading', () => {
    expect(documentTitle('# Kafka\ntext\n# Other', 'x.md')).toBe('Kafka');
    expect(documentTitle('no heading', '/a/b/file-name.md')).toBe('file-name');
  });

  it('bundles a corpus of 8-12 documents of 150-400 words, each with a heading', async () => {
    const corpus = await loadCorpus();
    expect(corpus.every((doc) => doc.visibility === 'public')).toBe(true);
    expect(corpus.every((doc) => !doc.content.startsWith('---'))).toBe(true);
    expect(corpus.length).toBeGreaterThanOrEqual(8);
    expect(corpus.length).toBeLessThanOrEqual(12);
    for (const doc of corpus) {
      const words = doc.content.split(/\s+/).filter((w) => w).length;
      expect(words, doc.source ?? '').toBeGreaterThanOrEqual(150);
      expect(words, doc.source ?? '').toBeLessThanOrEqual(400);
      expect(doc.content.startsWith('# ')).toBe(true);
      expect(doc.tags).toEqual(['corpus']);
    }
  });
});

describe('goal items', () => {
  it('lists the inputs under the goal and sets the result once, however often it is recorded', async () => {
    const { goalContent, goalResultOf, withGoalResult } = await import('./memory-item');
    const base = goalContent('Explain Kafka', { lang: 'en' });
    expect(base).toBe('Explain Kafka\n\nInputs:\n- lang: en');
    const once = withGoalResult(base, 'first');
    expect(withGoalResult(once, 'second')).toBe(`${base}\n\n## Result\n\nsecond`);
    expect(goalContent('Plain', {})).toBe('Plain');
    expect(goalResultOf(once)).toBe('first');
    expect(goalResultOf(base)).toBeUndefined();
  });
});
