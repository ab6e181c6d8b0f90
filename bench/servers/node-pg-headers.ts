/**
 * bench/servers/node-pg.ts sending, on every answer, the security headers Flagon sends by default
 * (research/security.md, N3): the database tests' comparison on equal terms.
 * @module
 */
process.env.FLG_BENCH_SECURITY_HEADERS = "1";
await import("./node-pg.ts");
