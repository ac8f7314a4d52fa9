import { describe, expect, it } from 'vitest';
import { MemoryDocumentsClient } from './memory-documents.client';

const doc = (i: number) => ({ id: `doc:${i}`, title: `Doc ${i}`, content: `text ${i}` });

describe('MemoryDocumentsClient', () => {
  it('posts the documents a batch at a time to /memory/documents and reports progress', async () => {
    const posts: { url: string; body: unknown }[] = [];
    const progress: string[] = [];
    const client = new MemoryDocumentsClient('http://memory:3004/', {
      batchSize: 2,
      post: (url, body) => {
        posts.push({ url, body });
        return Promise.resolve({});
      },
    });
    const stored = await client.ingest([1, 2, 3, 4, 5].map(doc), (n, total) =>
      progress.push(`${n}/${total}`),
    );
    expect(stored).toBe(5);
    expect(posts.map((p) => p.url)).toEqual(Array(3).fill('http://memory:3004/memory/documents'));
    expect(posts.map((p) => (p.body as { documents: unknown[] }).documents.length)).toEqual([
      2, 2, 1,
    ]);
    expect(progress).toEqual(['2/5', '4/5', '5/5']);
  });

  it('stops at the first failed request', async () => {
    let calls = 0;
    const client = new MemoryDocumentsClient('http://memory:3004', {
      batchSize: 1,
      post: () => {
        calls++;
        return Promise.reject(new Error('memory answered 400'));
      },
    });
    await expect(client.ingest([doc(1), doc(2)])).rejects.toThrow('memory answered 400');
    expect(calls).toBe(1);
  });
});
