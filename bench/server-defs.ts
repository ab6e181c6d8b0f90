/**
 * The servers of the HTTP benchmarks, one file each in servers/, measured by the load test
 * (run.ts) and the instruction counts (instructions.ts): the five the issue names, each of
 * node:http and Flagon followed by its variant that splits off the cost of the three security
 * headers Flagon sends on every response (research/security.md, N3). Fastify, Hono and Express
 * send none by default, bare node:http neither; the variants show Flagon on equal terms both ways.
 * @module
 */
import type { ServerDef } from "./report.ts";

export const SERVERS: readonly ServerDef[] = [
  { key: "node", label: "node:http", file: "bench/servers/node-http.ts" },
  {
    key: "node-headers",
    label: "node:http + security headers",
    file: "bench/servers/node-http-headers.ts",
  },
  { key: "flagon", label: "Flagon", file: "bench/servers/flagon.ts" },
  {
    key: "flagon-no-headers",
    label: "Flagon, no security headers",
    file: "bench/servers/flagon-no-headers.ts",
  },
  { key: "fastify", label: "Fastify", file: "bench/servers/fastify.ts" },
  { key: "hono", label: "Hono", file: "bench/servers/hono.ts" },
  { key: "express", label: "Express", file: "bench/servers/express.ts" },
];
