/**
 * The `urlize` filter: turn URLs and e-mail addresses in text into links, with Jinja2 3.1's
 * rules: the text is escaped first, leading `(`/`<` and trailing `.`/`,`/`)`/`>` stay outside
 * the link unless they balance a bracket inside it, scheme-less `www.` links get `https://`,
 * and links carry `rel="noopener"` (Jinja2's default policy).
 * @module
 */
import { TemplateError } from "./errors.ts";
import type { FilterCtx } from "./filter-def.ts";
import { escapeText, isMarkup, Markup } from "./markup.ts";
import { pyStr } from "./py-str.ts";
import { Undefined } from "./undefined.ts";
import { num } from "./values.ts";

// Python's \w with re.UNICODE: letters, digits (any script) and the underscore.
const W = String.raw`[\p{L}\p{N}_]`;
const HTTP = new RegExp(
  String.raw`^(?:(?:https?://|www\.)(?:(?:[\p{L}\p{N}_%-]+\.)+)?(?:[a-z]{2,63}|xn--[\p{L}\p{N}_%]{2,59})` +
    String.raw`|(?:[\p{L}\p{N}_%-]{2,63}\.)+(?:com|net|int|edu|gov|org|info|mil)` +
    String.raw`|https?://(?:\d{1,3}(?:\.\d{1,3}){3}|\[(?:[\da-f]{0,4}:){2}(?:[\da-f]{0,4}:?){1,6}\]))` +
    String.raw`(?::\d{1,5})?(?:[/?#]\S*)?$`,
  "iu",
);
const EMAIL = new RegExp(String.raw`^\S+@${W}[\p{L}\p{N}_.-]*\.${W}+$`, "u");
const SCHEME = /^[\w.+-]{2,}:\/{0,2}$/;
const HEAD = /^(?:[(<]|&lt;)+/;
const TAIL = /(?:[)>.,\n]|&gt;)+$/;
const PAIRS: ReadonlyArray<[string, string]> = [
  ["(", ")"],
  ["<", ">"],
  ["&lt;", "&gt;"],
];

function count(s: string, sub: string): number {
  return s.split(sub).length - 1;
}

function present(v: unknown): boolean {
  return v !== null && v !== undefined && !(v instanceof Undefined) && v !== false && v !== "";
}

export function urlize(
  fc: FilterCtx,
  value: unknown,
  trimUrlLimit: unknown = null,
  nofollow: unknown = false,
  target: unknown = null,
  rel: unknown = null,
  extraSchemes: unknown = null,
): string | Markup {
  const relParts = new Set(present(rel) ? pyStr(rel).split(/\s+/).filter(Boolean) : []);
  if (nofollow === true) relParts.add("nofollow");
  relParts.add("noopener");
  const relText = [...relParts].sort().join(" ");
  const schemes = Array.isArray(extraSchemes) ? extraSchemes.map((s) => pyStr(s)) : [];
  for (const s of schemes) {
    if (!SCHEME.test(s))
      throw new TemplateError("TemplateRuntimeError", `'${s}' is not a valid URI scheme prefix.`);
  }
  const limit = trimUrlLimit === null || trimUrlLimit === undefined ? null : num(trimUrlLimit);
  const trim = (x: string): string => {
    const cps = [...x];
    return limit !== null && cps.length > limit ? `${cps.slice(0, limit).join("")}...` : x;
  };
  const relAttr = relText ? ` rel="${escapeText(relText)}"` : "";
  const targetAttr = present(target) ? ` target="${escapeText(pyStr(target))}"` : "";
  const text = isMarkup(value) ? value.__html__() : escapeText(pyStr(value));
  const words = text.split(/(\s+)/u);
  for (let i = 0; i < words.length; i += 2) words[i] = link(words[i]!);
  const out = words.join("");
  return fc.autoescape ? new Markup(out) : out;

  function link(word: string): string {
    let head = "";
    let middle = word;
    let tail = "";
    const h = HEAD.exec(middle);
    if (h) {
      head = h[0];
      middle = middle.slice(head.length);
    }
    const t = TAIL.exec(middle);
    if (t) {
      tail = t[0];
      middle = middle.slice(0, t.index);
    }
    // A closing bracket that balances an opening one inside the URL belongs to the URL.
    for (const [open, close] of PAIRS) {
      const opens = count(middle, open);
      if (opens <= count(middle, close)) continue;
      const moves = Math.min(opens, count(tail, close));
      for (let k = 0; k < moves; k++) {
        const end = tail.indexOf(close) + close.length;
        middle += tail.slice(0, end);
        tail = tail.slice(end);
      }
    }
    if (HTTP.test(middle)) {
      const href = /^https?:\/\//.test(middle) ? middle : `https://${middle}`;
      middle = `<a href="${href}"${relAttr}${targetAttr}>${trim(middle)}</a>`;
    } else if (middle.startsWith("mailto:") && EMAIL.test(middle.slice(7))) {
      middle = `<a href="${middle}">${middle.slice(7)}</a>`;
    } else if (
      middle.includes("@") &&
      !middle.startsWith("www.") &&
      !middle.includes(":") &&
      EMAIL.test(middle)
    ) {
      middle = `<a href="mailto:${middle}">${middle}</a>`;
    } else {
      for (const scheme of schemes) {
        if (middle !== scheme && middle.startsWith(scheme))
          middle = `<a href="${middle}"${relAttr}${targetAttr}>${middle}</a>`;
      }
    }
    return head + middle + tail;
  }
}
