/** One line of a hex dump: offset, up to 16 bytes in hex, and the same bytes as text. */
export interface HexLine {
  offset: string;
  hex: string;
  text: string;
}

/**
 * `hexdump -C` for a hex string, at most `maxBytes` of it: printable ASCII shows as itself,
 * anything else as a dot. Avro's strings are UTF-8, so the text column is enough to read them.
 */
export function hexDump(hex: string, maxBytes = 512): HexLine[] {
  const clean = hex.replace(/[^0-9a-f]/gi, '');
  const bytes: number[] = [];
  for (let i = 0; i + 1 < clean.length && bytes.length < maxBytes; i += 2) {
    bytes.push(parseInt(clean.slice(i, i + 2), 16));
  }
  const lines: HexLine[] = [];
  for (let at = 0; at < bytes.length; at += 16) {
    const chunk = bytes.slice(at, at + 16);
    const hexCells = chunk.map((b) => b.toString(16).padStart(2, '0'));
    lines.push({
      offset: at.toString(16).padStart(8, '0'),
      hex: [hexCells.slice(0, 8).join(' '), hexCells.slice(8).join(' ')].filter(Boolean).join('  '),
      text: chunk.map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join(''),
    });
  }
  return lines;
}
