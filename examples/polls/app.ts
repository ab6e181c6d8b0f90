/**
 * The project's app: `flagon runserver` and `flagon serve` run it, tests drive it with
 * `TestClient`.
 * @module
 */
import { createProject } from "flagon/project";
import settings from "./settings.ts";

export const project = await createProject(settings);
export default project.app;
