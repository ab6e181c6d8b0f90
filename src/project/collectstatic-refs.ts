/**
 * The references `flagon collectstatic` rewrites to hashed names: in CSS every `url(...)` and
 * `@import "..."` outside comments and strings, plus a `/*# sourceMappingURL=... *\/` comment;
 * in JavaScript a `//# sourceMappingURL=...` line. A reference is kept as written when it is
 * not a file of this collection: `data:` and other schemes, `//host/...`, a bare `#fragment`,
 * or an absolute path outside the static URL.
 * @module
 */
import { posix } from "node:path";

export interface StaticReference {
  /** Offsets of the URL text (without quotes) in the file. */
  readonly start: number;
  readonly end: number;
  /** The URL as written. */
  readonly url: string;
  /** The collected file it names (`css/img/a.png`); `undefined` when it leaves the root. */
  readonly target: string | undefined;
  readonly kind: "url" | "import" | "sourcemap";
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const isIdent = (c: string | undefined) => c !== undefined && /[\w-]/.test(c);

/** The collected name a URL in `from` names, `null` for an external one. */
function targetOf(from: string, url: string, staticUrl: string): string | undefined | null {
  if (url === "" || url.startsWith("#") || url.startsWith("//") || SCHEME.test(url)) return null;
  const path = url.split(/[?#]/, 1)[0]!;
  if (path === "") return null;
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {}
  let name: string;
  if (decoded.startsWith("/")) {
    if (!decoded.startsWith(staticUrl)) return null;
    name = posix.normalize(decoded.slice(staticUrl.length));
  } else name = posix.normalize(posix.join(posix.dirname(from), decoded));
  return name === ".." || name.startsWith("../") || name.startsWith("/") || name === "."
    ? undefined
    : name;
}

/** Index after the string opened by the quote at `i` (escapes skipped); end of text if open. */
function stringEnd(text: string, i: number): number {
  const quote = text[i];
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === "\\") j++;
    else if (text[j] === quote || text[j] === "\n") return j;
  }
  return text.length;
}

const skipSpace = (text: string, i: number) => {
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
};

type Raw = { start: number; end: number; kind: StaticReference["kind"] };

function scanCss(css: string): Raw[] {
  const out: Raw[] = [];
  let i = 0;
  while (i < css.length) {
    const c = css[i]!;
    if (c === "/" && css[i + 1] === "*") {
      const close = css.indexOf("*/", i + 2);
      const end = close === -1 ? css.length : close;
      const m = /^#\s*sourceMappingURL=(\S+)/.exec(css.slice(i + 2, end));
      if (m !== null) {
        const start = i + 2 + m.index + m[0].length - m[1]!.length;
        out.push({ start, end: start + m[1]!.length, kind: "sourcemap" });
      }
      i = end + 2;
    } else if (c === '"' || c === "'") {
      i = stringEnd(css, i) + 1;
    } else if (c === "@" && css.slice(i, i + 7).toLowerCase() === "@import") {
      const j = skipSpace(css, i + 7);
      if (css[j] === '"' || css[j] === "'") {
        const close = stringEnd(css, j);
        out.push({ start: j + 1, end: close, kind: "import" });
        i = close + 1;
      } else i = j;
    } else if (
      (c === "u" || c === "U") &&
      css.slice(i, i + 4).toLowerCase() === "url(" &&
      !isIdent(css[i - 1])
    ) {
      const j = skipSpace(css, i + 4);
      if (css[j] === '"' || css[j] === "'") {
        const close = stringEnd(css, j);
        out.push({ start: j + 1, end: close, kind: "url" });
        i = close + 1;
      } else {
        const close = css.indexOf(")", j);
        const end = close === -1 ? css.length : close;
        const value = css.slice(j, end).trimEnd();
        out.push({ start: j, end: j + value.length, kind: "url" });
        i = end + 1;
      }
    } else i++;
  }
  return out;
}

function scanJs(js: string): Raw[] {
  const out: Raw[] = [];
  for (const m of js.matchAll(/^\/\/# sourceMappingURL=(\S+)[ \t]*$/gm)) {
    const start = m.index + m[0].indexOf("=") + 1;
    out.push({ start, end: start + m[1]!.length, kind: "sourcemap" });
  }
  return out;
}

/** The file kinds whose content names other files. */
export function hasReferences(name: string): boolean {
  return /\.(css|js|mjs)$/i.test(name);
}

/**
 * The references in the CSS or JavaScript file `name` to files of this collection.
 * @param staticUrl the project's static URL (`/static/`): absolute paths under it are resolved.
 */
export function findReferences(name: string, text: string, staticUrl: string): StaticReference[] {
  const raw = /\.css$/i.test(name) ? scanCss(text) : scanJs(text);
  const out: StaticReference[] = [];
  for (const r of raw) {
    const url = text.slice(r.start, r.end);
    const target = targetOf(name, url, staticUrl);
    if (target !== null) out.push({ ...r, url, target });
  }
  return out;
}

/** `url` with its last path segment replaced by the last segment of `hashed`. */
export function hashedUrl(url: string, hashed: string): string {
  const cut = url.search(/[?#]/);
  const path = cut === -1 ? url : url.slice(0, cut);
  const suffix = cut === -1 ? "" : url.slice(cut);
  const slash = path.lastIndexOf("/");
  const file = encodeURIComponent(hashed.slice(hashed.lastIndexOf("/") + 1));
  return `${path.slice(0, slash + 1)}${file}${suffix}`;
}

/** `text` with each reference's URL replaced by `replace(ref)` (unchanged when undefined). */
export function rewriteReferences(
  text: string,
  refs: readonly StaticReference[],
  replace: (ref: StaticReference) => string | undefined,
): string {
  let out = "";
  let at = 0;
  for (const ref of refs) {
    const next = replace(ref);
    if (next === undefined) continue;
    out += text.slice(at, ref.start) + next;
    at = ref.end;
  }
  return out + text.slice(at);
}
