/**
 * Run every test file with node's test runner and say which external backends the run used.
 * Suites that need PostgreSQL, MariaDB or Redis read FLAGON_TEST_POSTGRES_URL,
 * FLAGON_TEST_MYSQL_URL and FLAGON_TEST_REDIS_URL; the check of the template suite's expected
 * outputs against real Jinja2 reads FLAGON_TEST_JINJA2 (a Python with Jinja2 3.1); the browser
 * tests read FLAGON_TEST_CHROMIUM (Debian's Chromium). `.ci/run` sets all five.
 *
 * Usage: node scripts/run-tests.ts [extra node --test args or file globs]
 * @module
 */
import { spawnSync } from "node:child_process";

const BACKENDS: Array<[string, string]> = [
  ["PostgreSQL", "FLAGON_TEST_POSTGRES_URL"],
  ["MariaDB/MySQL", "FLAGON_TEST_MYSQL_URL"],
  ["Redis", "FLAGON_TEST_REDIS_URL"],
  ["Jinja2", "FLAGON_TEST_JINJA2"],
  ["Chromium", "FLAGON_TEST_CHROMIUM"],
];

const args = process.argv.slice(2);
const globs = args.filter((a) => !a.startsWith("-"));
const flags = args.filter((a) => a.startsWith("-"));
const files =
  globs.length > 0
    ? globs
    : [
        "src/**/*.test.ts",
        "test/**/*.test.ts",
        "scripts/**/*.test.ts",
        "examples/**/*.test.ts",
        "bench/**/*.test.ts",
      ];

const backends = BACKENDS.map(([name, env]) => `${name}: ${process.env[env] ? "on" : "off"}`).join(
  ", ",
);
console.log(`External backends for this run: ${backends}`);

const result = spawnSync(
  process.execPath,
  ["--test", "--test-concurrency=2", "--test-timeout=120000", ...flags, ...files],
  { stdio: "inherit", env: { ...process.env, FLAGON_TEST: "1" } },
);
console.log(`External backends for this run: ${backends}`);
process.exit(result.status ?? 1);
