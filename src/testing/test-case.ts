/**
 * `testCase(options)`: Django's `TestCase` for node:test. Its `test`/`it` declare node:test
 * tests whose bodies run on the test database inside a transaction rolled back afterwards, with
 * the case's fixtures loaded first; the body gets node's test context and the project.
 *
 * @example
 * import assert from "node:assert/strict";
 * import { testCase, TestClient } from "flagon/testing";
 *
 * const { test } = testCase({ fixtures: ["questions"] });
 * test("the index lists the questions", async (t, project) => {
 *   const res = await new TestClient(project.app).get("/polls/");
 *   assert.match(res.text, /What's new/);
 * });
 * @module
 */
import { type TestContext, type TestOptions, test as nodeTest } from "node:test";
import type { LoadProjectOptions, Project } from "../project/index.ts";
import { loadTestFixtures } from "./test-fixtures.ts";
import { type ProjectSource, testProjectForSuite } from "./test-project.ts";
import { inTestTransaction, resolveTestDatabases, type TestDatabases } from "./test-transaction.ts";

export interface TestCaseOptions {
  /**
   * The project under test. Default: loaded from the settings file of the working directory,
   * on the test database `flagon test` made. Pass the one your `app.ts` builds to share it.
   */
  readonly project?: ProjectSource;
  /** Fixture names (as `flagon loaddata` takes them), loaded before every test. */
  readonly fixtures?: readonly string[];
  /** The databases each test runs in a transaction on. @default ["default"] */
  readonly databases?: TestDatabases;
  /** Where to find the settings when the project is loaded. */
  readonly load?: LoadProjectOptions;
}

/** A test body: node's test context and the project. */
export type TestCaseFn = (t: TestContext, project: Project) => unknown;

export interface TestCaseTest {
  (name: string, fn: TestCaseFn): Promise<void>;
  (name: string, options: TestOptions, fn: TestCaseFn): Promise<void>;
}

export interface TestCase {
  /** node:test's `test`, the body wrapped in a rolled-back transaction with the fixtures. */
  readonly test: TestCaseTest;
  /** The same as `test`. */
  readonly it: TestCaseTest;
  /** Run `fn` the way a test body runs, for use in hooks or other runners. */
  run<T>(fn: (project: Project) => T | Promise<T>): Promise<T>;
  /** The project (loaded on first call). */
  project(): Promise<Project>;
}

/** Declare a test case; call it at the top of a test file or inside a `describe`. */
export function testCase(options: TestCaseOptions = {}): TestCase {
  const project = testProjectForSuite(options.project, options.load);
  const fixtures = options.fixtures ?? [];
  const run = async <T>(fn: (p: Project) => T | Promise<T>): Promise<T> => {
    const p = await project();
    const dbs = resolveTestDatabases(options.databases);
    return inTestTransaction(
      async () => {
        await loadTestFixtures(
          p,
          fixtures,
          dbs.map((d) => d.alias),
        );
        return fn(p);
      },
      { databases: dbs },
    );
  };
  const test = ((
    name: string,
    optionsOrFn: TestOptions | TestCaseFn,
    maybeFn?: TestCaseFn,
  ): Promise<void> => {
    const fn = typeof optionsOrFn === "function" ? optionsOrFn : maybeFn;
    const testOptions = typeof optionsOrFn === "function" ? {} : optionsOrFn;
    if (fn === undefined) throw new TypeError(`testCase test "${name}" needs a function`);
    return nodeTest(name, testOptions, async (t) => {
      await run((p) => fn(t, p));
    });
  }) as TestCaseTest;
  return { test, it: test, run, project };
}
