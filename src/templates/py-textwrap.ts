/**
 * Python's `textwrap.wrap` as Jinja2's `wordwrap` filter calls it (no tab expansion, whitespace
 * kept, whitespace dropped at line ends, long words broken, optional breaks after hyphens).
 * Lengths count code points, as Python does.
 * @module
 */

const WS = "[\\t\\n\\v\\f\\r ]";
const NWS = "[^\\t\\n\\v\\f\\r ]";
const WP = "[\\p{L}\\p{N}_!\"'&.,?]";
const LT = "[\\p{L}_]";
const W = "[\\p{L}\\p{N}_]";
// textwrap.TextWrapper.wordsep_re, ported: whitespace runs, em-dashes between words, and words
// that may split after a hyphen between letters.
const WORDSEP = new RegExp(
  `(${WS}+|(?<=${WP})-{2,}(?=${W})|${NWS}+?(?:-(?:(?<=${LT}{2}-)|(?<=${LT}-${LT}-))(?=${LT}-?${LT})|(?=${WS}|$)|(?<=${WP})(?=-{2,}${W})))`,
  "u",
);
const WORDSEP_SIMPLE = new RegExp(`(${WS}+)`, "u");

const len = (s: string) => [...s].length;
const isBlank = (s: string) => s.trim() === "";

export function textWrap(
  text: string,
  width: number,
  breakLongWords: boolean,
  breakOnHyphens: boolean,
): string[] {
  const chunks = text.split(breakOnHyphens ? WORDSEP : WORDSEP_SIMPLE).filter((c) => c !== "");
  chunks.reverse();
  const lines: string[] = [];
  while (chunks.length) {
    const cur: string[] = [];
    let curLen = 0;
    if (lines.length && isBlank(chunks[chunks.length - 1]!)) chunks.pop();
    while (chunks.length) {
      const l = len(chunks[chunks.length - 1]!);
      if (curLen + l > width) break;
      cur.push(chunks.pop()!);
      curLen += l;
    }
    if (chunks.length && len(chunks[chunks.length - 1]!) > width) {
      const spaceLeft = width < 1 ? 1 : width - curLen;
      if (breakLongWords) {
        const chunk = [...chunks[chunks.length - 1]!];
        let end = spaceLeft;
        if (breakOnHyphens && chunk.length > spaceLeft) {
          const hyphen = chunk.slice(0, spaceLeft).lastIndexOf("-");
          if (hyphen > 0 && chunk.slice(0, hyphen).some((c) => c !== "-")) end = hyphen + 1;
        }
        cur.push(chunk.slice(0, end).join(""));
        chunks[chunks.length - 1] = chunk.slice(end).join("");
      } else if (!cur.length) cur.push(chunks.pop()!);
    }
    if (cur.length && isBlank(cur[cur.length - 1]!)) cur.pop();
    if (cur.length) lines.push(cur.join(""));
  }
  return lines;
}
