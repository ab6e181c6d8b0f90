/**
 * The servers of the HTTP benchmarks, one file each in servers/: the load test (run.ts) measures
 * these five, and the instruction counts (instructions.ts) add their own variants.
 * @module
 */
import type { ServerDef } from "./report.ts";

export const SERVERS: readonly ServerDef[] = [
  { key: "node", label: "node:http", file: "bench/servers/node-http.ts" },
  { key: "flagon", label: "Flagon", file: "bench/servers/flagon.ts" },
  { key: "fastify", label: "Fastify", file: "bench/servers/fastify.ts" },
  { key: "hono", label: "Hono", file: "bench/servers/hono.ts" },
  { key: "express", label: "Express", file: "bench/servers/express.ts" },
];
