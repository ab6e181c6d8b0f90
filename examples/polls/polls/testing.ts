/**
 * Test helpers for the polls app: the project on a fresh, migrated database (in-memory SQLite
 * unless a URL is given) with a `TestClient`, and Django's `create_question(text, days)`.
 * @module
 */
import { migrate } from "flagon/migrations";
import { createProject, type Project, type ProjectSettings } from "flagon/project";
import { TestClient } from "flagon/testing";
import settings from "../settings.ts";
import { Question } from "./models.ts";

export interface PollsTestProject {
  readonly project: Project;
  readonly client: TestClient;
  /** Unapply the migrations (dropping the tables) and close the connections. */
  tearDown(): Promise<void>;
}

/**
 * The project on `url`, migrated. On a shared server pass a `recorderTable` of the suite's own,
 * so that its migrations bookkeeping (and lock) cannot collide with another suite's.
 */
export async function setUpPolls(
  url = "sqlite::memory:",
  recorderTable?: string,
  overrides: Partial<ProjectSettings> = {},
): Promise<PollsTestProject> {
  // The settings as they are (and `overrides`), without the access log line per request.
  const quiet = { ...settings, ...overrides, app: { ...settings.app, accessLog: false } };
  const project = await createProject(quiet, { databases: { default: url } });
  const apps = project.migrationsApps();
  const db = project.databases.get();
  const recorder = recorderTable === undefined ? {} : { recorderTable };
  // A run killed half-way may have left the tables: start from nothing.
  await migrate({ apps, db, target: { app: "polls", name: "zero" }, ...recorder });
  await migrate({ apps, db, ...recorder });
  return {
    project,
    client: new TestClient(project.app),
    async tearDown() {
      try {
        await migrate({ apps, db, target: { app: "polls", name: "zero" }, ...recorder });
      } finally {
        await project.close();
      }
    },
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** A question published `days` from now: negative for the past, positive for the future. */
export function createQuestion(questionText: string, days: number) {
  return Question.objects.create({
    questionText,
    pubDate: new Date(Date.now() + days * DAY_MS),
  });
}
