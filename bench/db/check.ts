/**
 * TechEmpower's database tests and the correctness check run before load: the shape and ranges
 * of World objects, the requested counts, and the exact fortunes page (either spelling of the
 * quote escapes is accepted, as TechEmpower's verifier does).
 * @module
 */
import type { BenchCase } from "../cases.ts";
import { get } from "../cases.ts";
import { FORTUNES } from "../templates/pages.ts";
import { WORLD_ROWS } from "./world.ts";

export const DB_CASES: readonly BenchCase[] = [
  { name: "db", title: "db: GET /db (one random World row)", path: "/db", expectStatus: 200 },
  {
    name: "queries",
    title: "queries: GET /queries?queries=20",
    path: "/queries?queries=20",
    expectStatus: 200,
  },
  {
    name: "updates",
    title: "updates: GET /updates?queries=20",
    path: "/updates?queries=20",
    expectStatus: 200,
  },
  { name: "fortunes", title: "fortunes: GET /fortunes", path: "/fortunes", expectStatus: 200 },
];

const inRange = (v: unknown) =>
  Number.isInteger(v) && (v as number) >= 1 && (v as number) <= WORLD_ROWS;

/** Problems with one World object: exactly `id` and `randomNumber`, both integers 1..10,000. */
export function worldProblems(v: unknown): string[] {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return ["not an object"];
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort().join(",");
  if (keys !== "id,randomNumber") return [`keys ${keys}, expected id,randomNumber`];
  if (!inRange(o.id) || !inRange(o.randomNumber)) return [`out of range: ${JSON.stringify(o)}`];
  return [];
}

/** Problems with a list answer of `n` World objects. */
export function worldListProblems(v: unknown, n: number): string[] {
  if (!Array.isArray(v)) return ["not an array"];
  if (v.length !== n) return [`${v.length} objects, expected ${n}`];
  return v.flatMap(worldProblems).slice(0, 3);
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&#34;",
  "'": "&#39;",
};

/** The fortunes page every server must send, byte for byte after `normalize`. */
export function expectedFortunes(): string {
  const rows = FORTUNES.map(([id, message]) => ({ id, message })).sort((a, b) =>
    a.message < b.message ? -1 : a.message > b.message ? 1 : 0,
  );
  const cells = rows
    .map(
      (r) =>
        `<tr><td>${r.id}</td><td>${r.message.replace(/[&<>"']/g, (c) => ESCAPES[c]!)}</td></tr>`,
    )
    .join("");
  return `<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>${cells}</table></body></html>`;
}

/** One spelling for the entity forms of `"` and `'`, and no line breaks or indentation. */
export function normalize(html: string): string {
  return html
    .replace(/&quot;|&#x22;/gi, "&#34;")
    .replace(/&#x27;|&apos;/gi, "&#39;")
    .replace(/\n\s*/g, "")
    .trim();
}

function parse(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** Every problem with a server's answers to the database tests; empty when it is correct. */
export async function checkDbServer(port: number): Promise<string[]> {
  const problems: string[] = [];
  const json = async (path: string, check: (v: unknown) => string[]) => {
    const a = await get(port, path, 5000);
    const type = String(a.headers["content-type"] ?? "");
    if (a.status !== 200) problems.push(`${path}: status ${a.status}`);
    else if (!type.startsWith("application/json")) problems.push(`${path}: Content-Type ${type}`);
    else problems.push(...check(parse(a.body)).map((p) => `${path}: ${p}`));
  };
  await json("/db", worldProblems);
  await json("/queries?queries=20", (v) => worldListProblems(v, 20));
  await json("/queries?queries=abc", (v) => worldListProblems(v, 1));
  await json("/queries?queries=600", (v) => worldListProblems(v, 500));
  await json("/updates?queries=20", (v) => worldListProblems(v, 20));
  const f = await get(port, "/fortunes", 5000);
  const type = String(f.headers["content-type"] ?? "");
  if (f.status !== 200 || !type.startsWith("text/html")) {
    problems.push(`/fortunes: status ${f.status}, Content-Type ${type}`);
  } else if (normalize(f.body) !== normalize(expectedFortunes())) {
    problems.push(`/fortunes: wrong page: ${f.body.slice(0, 200)}`);
  } else if (Number(f.headers["content-length"]) !== Buffer.byteLength(f.body)) {
    problems.push("/fortunes: Content-Length does not match the body");
  }
  return problems;
}
