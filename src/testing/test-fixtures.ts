/**
 * Loading a test case's fixtures into the test transaction with the project's `loadFixtures`
 * (the loader behind `flagon loaddata`), before every test: the rollback after the test takes
 * them away again, so each test starts from the fixtures alone.
 * @module
 */
import { loadFixtures, type Project } from "../project/index.ts";

/** Load `names` into each database alias of `using`. */
export async function loadTestFixtures(
  project: Project,
  names: readonly string[],
  using: readonly string[],
): Promise<void> {
  if (names.length === 0) return;
  for (const alias of using) await loadFixtures(project, names, { using: alias });
}
