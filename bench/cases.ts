/**
 * The four tests every server answers, and the correctness check run before any load: a server
 * that answers one of them wrongly is not measured at all.
 * @module
 */
import { request } from "node:http";

export interface BenchCase {
  /** Short name used in tables. */
  readonly name: string;
  /** What the table heading says. */
  readonly title: string;
  readonly path: string;
  /** A 404 test expects non-2xx answers; wrk counts them, which is fine there. */
  readonly expectStatus: number;
}

export const CASES: readonly BenchCase[] = [
  { name: "plaintext", title: "plaintext: GET /plaintext", path: "/plaintext", expectStatus: 200 },
  { name: "json", title: "json: GET /json", path: "/json", expectStatus: 200 },
  {
    name: "users",
    title: "typed param + query: GET /users/123?fields=name",
    path: "/users/123?fields=name",
    expectStatus: 200,
  },
  { name: "404", title: "not found: GET /nope", path: "/nope", expectStatus: 404 },
];

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One GET on a fresh connection, with a hard time limit. */
export function get(port: number, path: string, timeoutMs = 2000): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, path, method: "GET", agent: false, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer to GET ${path} in ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end();
  });
}

function jsonOf(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function sameJson(actual: unknown, expected: Record<string, unknown>): boolean {
  if (typeof actual !== "object" || actual === null || Array.isArray(actual)) return false;
  const a = actual as Record<string, unknown>;
  const keys = Object.keys(expected);
  if (Object.keys(a).length !== keys.length) return false;
  return keys.every((k) => Object.is(a[k], expected[k]));
}

/** Problems with one answer's framing: a declared length must match the body. */
function framing(a: Answer): string[] {
  const length = a.headers["content-length"];
  const chunked = a.headers["transfer-encoding"] === "chunked";
  if (length === undefined) return chunked ? [] : ["neither Content-Length nor chunked encoding"];
  if (Number(length) !== Buffer.byteLength(a.body)) {
    return [`Content-Length ${length} but the body has ${Buffer.byteLength(a.body)} bytes`];
  }
  return [];
}

function contentType(a: Answer, wanted: string): string[] {
  const type = String(a.headers["content-type"] ?? "");
  return type.toLowerCase().startsWith(wanted) ? [] : [`Content-Type "${type}", wanted ${wanted}`];
}

function status(a: Answer, wanted: number): string[] {
  return a.status === wanted ? [] : [`status ${a.status}, wanted ${wanted}`];
}

interface Check {
  path: string;
  verify(a: Answer): string[];
}

const CHECKS: Check[] = [
  {
    path: "/plaintext",
    verify: (a) => [
      ...status(a, 200),
      ...contentType(a, "text/plain"),
      ...framing(a),
      ...(a.body === "Hello, World!" ? [] : [`body ${JSON.stringify(a.body)}`]),
    ],
  },
  {
    path: "/json",
    verify: (a) => [
      ...status(a, 200),
      ...contentType(a, "application/json"),
      ...framing(a),
      ...(sameJson(jsonOf(a.body), { message: "Hello, World!" }) ? [] : [`body ${a.body}`]),
    ],
  },
  {
    path: "/users/123?fields=name",
    verify: (a) => [
      ...status(a, 200),
      ...contentType(a, "application/json"),
      ...framing(a),
      ...(sameJson(jsonOf(a.body), { id: 123, fields: "name" }) ? [] : [`body ${a.body}`]),
    ],
  },
  {
    path: "/users/7",
    verify: (a) => [
      ...status(a, 200),
      ...(sameJson(jsonOf(a.body), { id: 7, fields: null }) ? [] : [`body ${a.body}`]),
    ],
  },
  {
    path: "/users/abc",
    verify: (a) =>
      a.status === 404 || a.status === 400 ? [] : [`status ${a.status}, wanted 404 (or 400)`],
  },
  { path: "/nope", verify: (a) => [...status(a, 404), ...framing(a)] },
];

/** Every problem found, as "GET path: problem"; empty when the server answers correctly. */
export async function checkServer(port: number): Promise<string[]> {
  const problems: string[] = [];
  for (const check of CHECKS) {
    try {
      const answer = await get(port, check.path);
      for (const p of check.verify(answer)) problems.push(`GET ${check.path}: ${p}`);
    } catch (err) {
      problems.push(`GET ${check.path}: ${(err as Error).message}`);
    }
  }
  return problems;
}
