/**
 * `lipsum(n=5, html=True, min=20, max=100)`: placeholder text, as Jinja2's global of that name
 * offers it. Jinja2's output is random, so Flagon matches its contract (n paragraphs of min..max
 * words of pseudo-Latin, sentences that start with a capital and end with a period, commas inside
 * long sentences, `<p>` paragraphs as Markup when `html` is true, blank-line separated plain text
 * otherwise), not its bytes. Sizes are capped like `range`, so a template cannot allocate without
 * bound.
 * @module
 */
import { typeError } from "./errors.ts";
import { Markup } from "./markup.ts";
import { bindArgs, type Kwargs } from "./py-function.ts";
import { truthy } from "./operators.ts";
import { isNumber, num } from "./values.ts";

// Words of the printers' placeholder text (itself scrambled Cicero); any will do.
const WORDS = (
  "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut " +
  "labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris " +
  "nisi aliquip ex ea commodo consequat duis aute irure in reprehenderit voluptate velit esse " +
  "cillum fugiat nulla pariatur excepteur sint occaecat cupidatat non proident sunt culpa qui " +
  "officia deserunt mollit anim id est laborum curabitur pretium tincidunt lacus nunc pulvinar " +
  "sapien ligula vitae mauris integer posuere erat suscipit porta"
).split(" ");

/** At most this many words in all, whatever the arguments ask for. */
export const MAX_LIPSUM_WORDS = 100_000;

function intArg(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!isNumber(value) || !Number.isInteger(num(value)))
    throw typeError(`lipsum() argument '${name}' must be an integer`);
  return num(value);
}

/** One paragraph of `count` words: capitalised sentences, a comma now and then. */
function paragraph(count: number, random: () => number): string {
  const out: string[] = [];
  let previous = "";
  let sinceComma = 0;
  let sinceStop = 0;
  let capital = true;
  for (let i = 0; i < count; i++) {
    let word = WORDS[Math.floor(random() * WORDS.length)]!;
    // No word twice in a row: it reads as a typo.
    if (word === previous) word = WORDS[(WORDS.indexOf(word) + 1) % WORDS.length]!;
    previous = word;
    if (capital) word = word[0]!.toUpperCase() + word.slice(1);
    capital = false;
    sinceComma++;
    sinceStop++;
    const last = i === count - 1;
    if (!last && sinceStop > 9 && random() < 0.25) {
      word += ".";
      capital = true;
      sinceStop = 0;
      sinceComma = 0;
    } else if (!last && sinceComma > 3 && random() < 0.2) {
      word += ",";
      sinceComma = 0;
    }
    out.push(word);
  }
  return `${out.join(" ")}.`;
}

/** The global's body: `args`/`kwargs` as a template passed them. */
export function lipsum(args: unknown[], kwargs: Kwargs, random: () => number = Math.random) {
  const [nArg, htmlArg, minArg, maxArg] = bindArgs(
    "lipsum",
    ["n", "html", "min", "max"],
    args,
    kwargs,
  );
  const n = intArg(nArg, "n", 5);
  const min = intArg(minArg, "min", 20);
  const max = intArg(maxArg, "max", 100);
  const html = htmlArg === undefined ? true : truthy(htmlArg);
  if (n < 0 || min < 1 || max < min) {
    throw typeError("lipsum() needs n >= 0 and 1 <= min <= max");
  }
  if (n * max > MAX_LIPSUM_WORDS) {
    throw typeError(`lipsum() would write more than ${MAX_LIPSUM_WORDS} words`);
  }
  const paragraphs: string[] = [];
  for (let i = 0; i < n; i++) {
    paragraphs.push(paragraph(min + Math.floor(random() * (max - min + 1)), random));
  }
  // Plain words and punctuation only, so the HTML form needs no escaping.
  return html
    ? new Markup(paragraphs.map((p) => `<p>${p}</p>`).join("\n"))
    : paragraphs.join("\n\n");
}
