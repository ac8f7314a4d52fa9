/** The inputs of a goal as the submit form takes them: one `key=value` a line. */
export type ParsedInputs =
  { ok: true; inputs: Record<string, string> } | { ok: false; message: string };

/**
 * `topic=Rust\naudience = beginners` → { topic: 'Rust', audience: 'beginners' }. Blank lines are
 * skipped; the value keeps any further `=`; keys and values are trimmed. A line without `=`, an
 * empty key or a key given twice is an error naming the line.
 */
export function parseInputLines(text: string): ParsedInputs {
  const inputs: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const equals = line.indexOf('=');
    const n = index + 1;
    if (equals < 0) return { ok: false, message: `line ${n}: expected key=value` };
    const key = line.slice(0, equals).trim();
    if (key === '') return { ok: false, message: `line ${n}: the key is empty` };
    if (Object.prototype.hasOwnProperty.call(inputs, key)) {
      return { ok: false, message: `line ${n}: ${key} is given twice` };
    }
    inputs[key] = line.slice(equals + 1).trim();
  }
  return { ok: true, inputs };
}
