import { describe, expect, it } from 'vitest';
import { addPgvectorMigration } from './add-pgvector.migration';
import {
  candidatesSql,
  toArrayLiteral,
  toVectorLiteral,
  upsertSql,
  vectorPathFor,
} from './vector-sql';

describe('vector path selection', () => {
  it('uses pgvector only when the column exists with the embedder dimensions', () => {
    expect(vectorPathFor(null, 256)).toBe('array');
    expect(vectorPathFor(256, 256)).toBe('pgvector');
    expect(vectorPathFor(1536, 256)).toBe('array');
  });

  it('orders the vector pool by pgvector distance on the pgvector path only', () => {
    const pg = candidatesSql('pgvector');
    expect(pg).toContain('order by i.embedding_vec <=> $2::vector limit $5');
    expect(pg).not.toContain('$2::real[]');
    const array = candidatesSql('array');
    expect(array).not.toContain('embedding_vec');
    expect(array).toContain('unnest(i.embedding, $2::real[])');
    for (const sql of [pg, array]) expect(sql).toContain('i.embedder = $7');
  });

  it('keeps items the caller may not quote out of every side of the pool', () => {
    for (const path of ['array', 'pgvector'] as const) {
      const sql = candidatesSql(path);
      // the text side and the vector side both apply the scope, which holds the filter
      expect(sql.match(/i\.visibility = any\(\$8::text\[\]\)/g)).toHaveLength(2);
    }
    expect(upsertSql('array')).toContain('visibility = excluded.visibility');
  });

  it('writes both embedding columns on the pgvector path', () => {
    expect(upsertSql('pgvector')).toMatch(
      /visibility, embedding_vec\)[\s\S]*embedding_vec::vector[\s\S]*\$12::text\[\]/,
    );
    expect(upsertSql('pgvector')).toContain('embedding_vec = excluded.embedding_vec');
    expect(upsertSql('array')).not.toContain('embedding_vec');
    expect(upsertSql('array')).toContain('embedder = excluded.embedder');
  });
});

describe('vector literal', () => {
  it('formats a vector as pgvector and as array text input', () => {
    expect(toVectorLiteral([0.1, 0.2, -3])).toBe('[0.1,0.2,-3]');
    expect(toArrayLiteral([0.1, 0.2, -3])).toBe('{0.1,0.2,-3}');
    expect(toVectorLiteral([])).toBe('[]');
  });

  it('rejects what pgvector would reject, naming the position', () => {
    expect(() => toVectorLiteral([0, Number.NaN])).toThrow(/embedding\[1\]/);
    expect(() => toVectorLiteral([Infinity])).toThrow(/embedding\[0\]/);
  });
});

describe('pgvector migration', () => {
  it('binds the dimensions into a migration with a stable name, rejecting impossible sizes', () => {
    const Migration = addPgvectorMigration(768);
    expect(new Migration().name).toBe('AddPgvectorEmbedding1764000000001');
    expect(() => addPgvectorMigration(0)).toThrow(/EMBEDDING_DIMENSIONS/);
    expect(() => addPgvectorMigration(16_001)).toThrow(/EMBEDDING_DIMENSIONS/);
  });
});
