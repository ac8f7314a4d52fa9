import { describe, expect, it } from 'vitest';
import { basicTokenize, WordPieceTokenizer } from './wordpiece-tokenizer';

/** Entries of all-MiniLM-L6-v2's tokenizer.json (bert-base-uncased's vocabulary), ids as there. */
const VOCAB: Record<string, number> = {
  '[PAD]': 0,
  '[UNK]': 100,
  '[CLS]': 101,
  '[SEP]': 102,
  "'": 1005,
  '.': 1012,
  '3': 1017,
  ':': 1024,
  s: 1055,
  '!': 999,
  the: 1996,
  de: 2139,
  '##ja': 3900,
  vu: 24728,
  ka: 10556,
  '##fk': 24316,
  '##a': 2050,
  consumers: 10390,
  la: 2474,
  '##g': 2290,
  producer: 3135,
  times: 2335,
  naive: 15743,
  cafe: 7668,
  日: 1864,
  本: 1876,
};

const tokenizer = new WordPieceTokenizer({ vocab: new Map(Object.entries(VOCAB)) });

describe('basicTokenize', () => {
  it('lower-cases, strips accents and splits punctuation off', () => {
    expect(basicTokenize("Déjà vu: Kafka's consumers lag!")).toEqual([
      'deja',
      'vu',
      ':',
      'kafka',
      "'",
      's',
      'consumers',
      'lag',
      '!',
    ]);
  });

  it('drops control characters, turns any whitespace into a separator, isolates CJK', () => {
    expect(basicTokenize('a\u0000b\u200b\tc\u00a0日本x')).toEqual(['ab', 'c', '日', '本', 'x']);
  });
});

describe('WordPieceTokenizer', () => {
  it('gives the ids of the reference tokenizer, longest piece first', () => {
    // by hand: [CLS] de ##ja vu : ka ##fk ##a ' s consumers la ##g ! [SEP]
    expect(tokenizer.encode("Déjà vu: Kafka's consumers lag!", 256).ids).toEqual([
      101, 2139, 3900, 24728, 1024, 10556, 24316, 2050, 1005, 1055, 10390, 2474, 2290, 999, 102,
    ]);
    expect(tokenizer.encode('日本 naïve CAFÉ', 256).ids).toEqual([
      101, 1864, 1876, 15743, 7668, 102,
    ]);
  });

  it('turns a word with no matching piece into one [UNK]', () => {
    expect(tokenizer.pieces('the producer qqq 3 times.')).toEqual([
      1996, 3135, 100, 1017, 2335, 1012,
    ]);
    expect(tokenizer.pieces('x'.repeat(101))).toEqual([100]);
  });

  it('truncates to the longest input, keeping [CLS] and [SEP]', () => {
    const encoded = tokenizer.encode('the the the the the', 4);
    expect(encoded.ids).toEqual([101, 1996, 1996, 102]);
    expect(encoded.pieces).toBe(5);
  });

  it('reads the WordPiece model of a tokenizer.json and refuses other models', () => {
    const fromJson = WordPieceTokenizer.fromTokenizerJson({
      model: {
        type: 'WordPiece',
        unk_token: '[UNK]',
        continuing_subword_prefix: '##',
        vocab: VOCAB,
      },
    });
    expect(fromJson.encode('La!', 8).ids).toEqual([101, 2474, 999, 102]);
    expect(() =>
      WordPieceTokenizer.fromTokenizerJson({ model: { type: 'BPE', vocab: {} } }),
    ).toThrow(/WordPiece/);
  });
});
