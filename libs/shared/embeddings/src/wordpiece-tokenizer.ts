/**
 * BERT's uncased WordPiece tokenizer, as the `tokenizer.json` of sentence-transformers models
 * describes it (BertNormalizer with lowercase, BertPreTokenizer, WordPiece with `##`
 * continuations, `[CLS] … [SEP]`):
 *
 * 1. clean: drop NUL, U+FFFD and control characters; every whitespace character becomes a space;
 * 2. put spaces around CJK ideographs, so each is a word of its own;
 * 3. lower-case, then strip accents (NFD, drop combining marks);
 * 4. split on whitespace, and split every punctuation character off as a word of its own;
 * 5. cut each word greedily into the longest vocabulary pieces from its start; a word with a
 *    part no piece matches, or longer than 100 characters, becomes `[UNK]`.
 */
export interface WordPieceVocabulary {
  readonly vocab: ReadonlyMap<string, number>;
  /** @default '[UNK]' */
  readonly unkToken?: string;
  /** @default '##' */
  readonly continuingSubwordPrefix?: string;
  /** @default 100 */
  readonly maxInputCharsPerWord?: number;
}

/** The token ids of one text, ready for a BERT-style encoder. */
export interface EncodedText {
  /** `[CLS]`, the word pieces, `[SEP]`. */
  ids: number[];
  /** The word pieces before truncation (without `[CLS]` and `[SEP]`). */
  pieces: number;
}

const isControl = (ch: string): boolean =>
  ch !== '\t' && ch !== '\n' && ch !== '\r' && /[\p{Cc}\p{Cf}]/u.test(ch);
const isWhitespace = (ch: string): boolean => /\s/u.test(ch);
/** BERT counts every non-alphanumeric ASCII character as punctuation, besides Unicode's P*. */
function isPunctuation(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96)) return true;
  if (cp >= 123 && cp <= 126) return true;
  return /\p{P}/u.test(ch);
}
function isCjk(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

/** Steps 1–4: the words (and punctuation marks) WordPiece then cuts into pieces. */
export function basicTokenize(text: string): string[] {
  let cleaned = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp === 0 || cp === 0xfffd || isControl(ch)) continue;
    if (isWhitespace(ch)) cleaned += ' ';
    else if (isCjk(cp)) cleaned += ` ${ch} `;
    else cleaned += ch;
  }
  const folded = cleaned
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '');
  const words: string[] = [];
  for (const chunk of folded.split(' ')) {
    let word = '';
    for (const ch of chunk) {
      if (isPunctuation(ch)) {
        if (word) words.push(word);
        words.push(ch);
        word = '';
      } else {
        word += ch;
      }
    }
    if (word) words.push(word);
  }
  return words;
}

export class WordPieceTokenizer {
  private readonly vocab: ReadonlyMap<string, number>;
  private readonly unkId: number;
  private readonly clsId: number;
  private readonly sepId: number;
  private readonly prefix: string;
  private readonly maxWordChars: number;

  constructor(vocabulary: WordPieceVocabulary) {
    this.vocab = vocabulary.vocab;
    this.prefix = vocabulary.continuingSubwordPrefix ?? '##';
    this.maxWordChars = vocabulary.maxInputCharsPerWord ?? 100;
    this.unkId = this.idOf(vocabulary.unkToken ?? '[UNK]');
    this.clsId = this.idOf('[CLS]');
    this.sepId = this.idOf('[SEP]');
  }

  /**
   * Reads the WordPiece model of a Hugging Face `tokenizer.json` (already parsed). Throws when
   * it is not one: another model type would tokenize differently and silently give bad vectors.
   */
  static fromTokenizerJson(json: unknown): WordPieceTokenizer {
    const model = (json as { model?: Record<string, unknown> } | null)?.model;
    if (model?.['type'] !== 'WordPiece' || typeof model['vocab'] !== 'object' || !model['vocab'])
      throw new Error('tokenizer.json: expected a WordPiece model with a vocab');
    const vocab = new Map<string, number>();
    for (const [token, id] of Object.entries(model['vocab'] as Record<string, unknown>))
      if (typeof id === 'number') vocab.set(token, id);
    return new WordPieceTokenizer({
      vocab,
      unkToken: typeof model['unk_token'] === 'string' ? model['unk_token'] : undefined,
      continuingSubwordPrefix:
        typeof model['continuing_subword_prefix'] === 'string'
          ? model['continuing_subword_prefix']
          : undefined,
      maxInputCharsPerWord:
        typeof model['max_input_chars_per_word'] === 'number'
          ? model['max_input_chars_per_word']
          : undefined,
    });
  }

  /** Word-piece ids of one text, without `[CLS]` and `[SEP]`. */
  pieces(text: string): number[] {
    const ids: number[] = [];
    for (const word of basicTokenize(text)) this.wordPieces(word, ids);
    return ids;
  }

  /**
   * `[CLS]`, the pieces, `[SEP]`; pieces past `maxTokens - 2` are cut off, since the encoder's
   * position embeddings end there.
   */
  encode(text: string, maxTokens: number): EncodedText {
    const pieces = this.pieces(text);
    return {
      ids: [this.clsId, ...pieces.slice(0, Math.max(0, maxTokens - 2)), this.sepId],
      pieces: pieces.length,
    };
  }

  private wordPieces(word: string, out: number[]): void {
    const chars = [...word];
    if (chars.length > this.maxWordChars) {
      out.push(this.unkId);
      return;
    }
    const found: number[] = [];
    let start = 0;
    while (start < chars.length) {
      let end = chars.length;
      let id: number | undefined;
      while (start < end) {
        const piece = chars.slice(start, end).join('');
        id = this.vocab.get(start > 0 ? this.prefix + piece : piece);
        if (id !== undefined) break;
        end -= 1;
      }
      if (id === undefined) {
        out.push(this.unkId);
        return;
      }
      found.push(id);
      start = end;
    }
    out.push(...found);
  }

  private idOf(token: string): number {
    const id = this.vocab.get(token);
    if (id === undefined) throw new Error(`WordPiece vocabulary lacks ${token}`);
    return id;
  }
}
