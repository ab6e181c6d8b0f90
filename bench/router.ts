/**
 * Router micro-benchmark: Flagon's router against find-my-way (Fastify's router) on the same
 * 1,000-route table shaped like a public REST API (GitHub-like), matching the same mixed request
 * list (static hits, param hits, misses). Run: `node bench/router.ts [iterations]`.
 * Prints ops/s for both and the ratio; a ratio >= 1 means Flagon is at least as fast.
 *
 * Two modes: "literal paths" reuses the same string constants (what most router benchmarks do;
 * V8 caches their hashes), "fresh paths" gives every request a new string, as `node:http` does.
 * find-my-way runs with its defaults; its opt-in `compile()` mode (generated code per route) is
 * printed for reference. Matchers take turns within each round so machine noise hits them alike.
 * @module
 */
import { createRequire } from "node:module";
import { Router } from "../src/core/router/index.ts";

interface FindMyWay {
  on(method: string, path: string, handler: () => void): void;
  find(method: string, path: string): unknown;
  compile?(): void;
}
const require = createRequire(import.meta.url);
const FindMyWayFactory = require("find-my-way") as (opts?: object) => FindMyWay;

// --- route table ---------------------------------------------------------------------------

/** Sub-resources that hang off a parent: [segment, id param (converter included) or ""]. */
const REPO_SUBS: Array<[string, string]> = [
  ["issues", ":number<int>"],
  ["pulls", ":pull_number<int>"],
  ["commits", ":sha"],
  ["branches", ":branch"],
  ["releases", ":release_id<int>"],
  ["hooks", ":hook_id<int>"],
  ["keys", ":key_id<int>"],
  ["labels", ":label"],
  ["milestones", ":milestone_number<int>"],
  ["deployments", ":deployment_id<int>"],
  ["statuses", ":sha"],
  ["collaborators", ":username"],
  ["forks", ""],
  ["stargazers", ""],
  ["subscribers", ""],
  ["tags", ""],
  ["teams", ""],
  ["topics", ""],
  ["projects", ""],
  ["comments", ":comment_id<int>"],
  ["events", ""],
  ["notifications", ""],
  ["invitations", ":invitation_id<int>"],
  ["check-runs", ":check_run_id<int>"],
  ["check-suites", ":check_suite_id<int>"],
  ["environments", ":environment_name"],
  ["autolinks", ":autolink_id<int>"],
  ["rulesets", ":ruleset_id<int>"],
  ["assignees", ":assignee"],
  ["downloads", ":download_id<int>"],
  ["languages", ""],
  ["contributors", ""],
  ["readme", ""],
];
const REPO_NESTED: Array<[string, string]> = [
  ["actions/runs", ":run_id<int>"],
  ["actions/workflows", ":workflow_id"],
  ["actions/secrets", ":secret_name"],
  ["actions/artifacts", ":artifact_id<int>"],
  ["actions/variables", ":name"],
  ["actions/runners", ":runner_id<int>"],
  ["git/refs", ""],
  ["git/trees", ":tree_sha"],
  ["git/blobs", ":file_sha"],
  ["git/commits", ":commit_sha"],
  ["git/tags", ":tag_sha"],
  ["code-scanning/alerts", ":alert_number<int>"],
  ["dependabot/alerts", ":alert_number<int>"],
  ["secret-scanning/alerts", ":alert_number<int>"],
  ["pages/builds", ":build_id<int>"],
  ["traffic/views", ""],
  ["traffic/clones", ""],
];
const ITEM_CHILDREN = [
  "comments",
  "reactions",
  "events",
  "labels",
  "timeline",
  "assignees",
  "files",
  "reviews",
];
const ORG_SUBS: Array<[string, string]> = [
  ["members", ":username"],
  ["teams", ":team_slug"],
  ["repos", ""],
  ["hooks", ":hook_id<int>"],
  ["projects", ""],
  ["invitations", ":invitation_id<int>"],
  ["blocks", ":username"],
  ["outside_collaborators", ":username"],
  ["packages", ":package_type"],
  ["actions/secrets", ":secret_name"],
  ["actions/variables", ":name"],
  ["actions/runners", ":runner_id<int>"],
  ["migrations", ":migration_id<int>"],
  ["installations", ""],
  ["public_members", ":username"],
  ["credential-authorizations", ":credential_id<int>"],
];
const USER_SUBS = [
  "repos",
  "gists",
  "followers",
  "following",
  "keys",
  "gpg_keys",
  "orgs",
  "events",
  "received_events",
  "starred",
  "subscriptions",
  "packages",
  "projects",
  "hovercard",
  "settings/billing/actions",
];
const SELF_SUBS = [
  "repos",
  "emails",
  "followers",
  "following",
  "keys",
  "gpg_keys",
  "orgs",
  "starred",
  "gists",
  "subscriptions",
  "issues",
  "teams",
  "installations",
  "memberships/orgs",
  "migrations",
  "blocks",
  "codespaces",
  "packages",
  "projects",
  "public_emails",
  "social_accounts",
  "ssh_signing_keys",
];
const TOP_STATIC = [
  "/",
  "/meta",
  "/emojis",
  "/rate_limit",
  "/events",
  "/feeds",
  "/gitignore/templates",
  "/licenses",
  "/notifications",
  "/search/code",
  "/search/issues",
  "/search/repositories",
  "/search/users",
  "/search/commits",
  "/search/topics",
  "/search/labels",
  "/marketplace_listing/plans",
  "/app",
  "/app/installations",
  "/app/hook/config",
  "/app/hook/deliveries",
  "/organizations",
  "/repositories",
  "/zen",
  "/octocat",
  "/versions",
  "/gists",
  "/gists/public",
  "/gists/starred",
  "/user",
  "/users",
  "/installation/repositories",
  "/applications/grants",
  "/codes_of_conduct",
  "/enterprises",
  "/advisories",
];

function buildRoutes(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const seen = new Set<string>();
  const add = (method: string, path: string): void => {
    const key = method + " " + path;
    if (seen.has(key) || out.length >= 1000) return;
    seen.add(key);
    out.push([method, path]);
  };
  for (const p of TOP_STATIC) add("GET", p);
  for (const s of SELF_SUBS) {
    add("GET", `/user/${s}`);
    add("POST", `/user/${s}`);
  }
  const resource = (base: string, sub: string, id: string, deep: boolean): void => {
    add("GET", `${base}/${sub}`);
    add("POST", `${base}/${sub}`);
    if (id === "") return;
    const item = `${base}/${sub}/${id}`;
    add("GET", item);
    add("PATCH", item);
    add("DELETE", item);
    if (!deep) return;
    for (const child of ITEM_CHILDREN) {
      add("GET", `${item}/${child}`);
      add("POST", `${item}/${child}`);
    }
    add("GET", `${item}/comments/:child_id<int>`);
    add("PUT", `${item}/lock`);
  };
  const repo = "/repos/:owner/:repo";
  add("GET", repo);
  add("PATCH", repo);
  add("DELETE", repo);
  add("GET", `${repo}/contents/:path<path>`);
  add("PUT", `${repo}/contents/:path<path>`);
  add("GET", `${repo}/git/refs/:ref<path>`);
  for (const [sub, id] of REPO_SUBS) resource(repo, sub, id, id.includes("<int>"));
  for (const [sub, id] of REPO_NESTED) resource(repo, sub, id, false);
  for (const [sub, id] of ORG_SUBS) resource("/orgs/:org", sub, id, false);
  add("GET", "/orgs/:org");
  add("PATCH", "/orgs/:org");
  add("GET", "/users/:username");
  for (const s of USER_SUBS) add("GET", `/users/:username/${s}`);
  for (const [sub, id] of [
    ["comments", ":comment_id<int>"],
    ["commits", ""],
    ["forks", ""],
    ["star", ""],
  ]) {
    resource("/gists/:gist_id", sub!, id!, false);
  }
  for (const [sub, id] of [
    ["members", ":username"],
    ["repos", ":owner"],
    ["discussions", ":discussion_number<int>"],
    ["projects", ":project_id<int>"],
  ]) {
    resource("/teams/:team_id<int>", sub!, id!, true);
  }
  // Versioned copies of the repo API fill the table up to 1,000, as API version prefixes do.
  for (const v of ["/v3", "/v4", "/beta", "/enterprise/v3"]) {
    for (const [sub, id] of REPO_SUBS)
      resource(`${v}/repos/:owner/:repo`, sub, id, id.includes("<int>"));
    for (const s of SELF_SUBS) add("GET", `${v}/user/${s}`);
  }
  return out;
}

/** find-my-way syntax: converters dropped, a greedy param becomes `*`. */
function toFindMyWay(path: string): string {
  return path.replace(/:[A-Za-z_]+<path>/g, "*").replace(/<[A-Za-z_]+>/g, "");
}

// --- requests ------------------------------------------------------------------------------

const REQUESTS: Array<[string, string]> = [
  ["GET", "/user/repos"],
  ["GET", "/rate_limit"],
  ["GET", "/search/repositories"],
  ["POST", "/user/emails"],
  ["GET", "/repos/nodejs/node"],
  ["GET", "/repos/nodejs/node/issues/123"],
  ["GET", "/repos/nodejs/node/issues/123/comments"],
  ["PATCH", "/repos/fastify/fastify/pulls/4567"],
  ["GET", "/repos/nodejs/node/contents/lib/internal/http.js"],
  ["GET", "/repos/nodejs/node/git/refs/heads/main"],
  ["GET", "/repos/nodejs/node/actions/runs/99887766"],
  ["GET", "/orgs/github/members/octocat"],
  ["GET", "/users/octocat/repos"],
  ["GET", "/users/octocat"],
  ["GET", "/gists/aa5a315d61ae9438b18d/comments/42"],
  ["GET", "/teams/7/discussions/3/reactions"],
  ["GET", "/v3/repos/nodejs/node/releases/17/assets"],
  ["GET", "/v3/repos/nodejs/node/labels"],
  ["GET", "/repos/nodejs/node/unknown"],
  ["GET", "/nope/nothing/here"],
];

// --- run -----------------------------------------------------------------------------------

const routes = buildRoutes();
const flagon = new Router<number>();
const fmw = FindMyWayFactory();
// find-my-way's opt-in code-generating mode, shown for reference; its default is the tree walk.
const fmwCompiled = FindMyWayFactory();
const noop = (): void => {};
routes.forEach(([method, path], i) => {
  flagon.add(method, path, i);
  fmw.on(method, toFindMyWay(path), noop);
  fmwCompiled.on(method, toFindMyWay(path), noop);
});
fmwCompiled.compile?.();

// Both routers must agree on hit/miss, or the comparison would be meaningless.
for (const [method, path] of REQUESTS) {
  const a = flagon.match(method, path).kind === "found";
  const b = fmw.find(method, path) !== null;
  if (a !== b)
    throw new Error(`routers disagree on ${method} ${path}: flagon ${a}, find-my-way ${b}`);
}

/** Request paths per iteration: one row of paths (in REQUESTS order) per iteration. */
type PathRows = () => string[][];
type Matcher = (method: string, path: string) => unknown;

let sink = 0;

/** ops/s of one timed pass of `fn` over `iterations` rows. */
function pass(fn: Matcher, iterations: number, batch: string[][]): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) {
    const row = batch[i % batch.length]!;
    for (let j = 0; j < REQUESTS.length; j++) {
      if (fn(REQUESTS[j]![0], row[j]!) !== null) sink++;
    }
  }
  const ns = Number(process.hrtime.bigint() - start);
  return (iterations * REQUESTS.length * 1e9) / ns;
}

/**
 * Best ops/s per matcher over `rounds` rounds. The matchers take turns within each round, so a
 * noisy neighbour on a shared machine slows them alike instead of skewing one of them.
 */
function race(fns: Matcher[], iterations: number, rows: PathRows, rounds = 9): number[] {
  for (const fn of fns) {
    for (let w = 0; w < 2000; w++) for (const [m, p] of REQUESTS) if (fn(m, p) !== null) sink++;
  }
  const best = fns.map(() => 0);
  for (let round = 0; round < rounds; round++) {
    fns.forEach((fn, k) => {
      // Fresh rows per pass: no string arrives with a hash cached by an earlier pass.
      best[k] = Math.max(best[k]!, pass(fn, iterations, rows()));
    });
  }
  return best;
}

/** The same literal strings every time (interned, hash cached): the classic micro-benchmark. */
const literal: PathRows = () => [REQUESTS.map(([, p]) => p)];
/** A new string per request, as the HTTP parser hands them over: hashing and scanning are paid. */
const fresh: PathRows = () =>
  Array.from({ length: iterations }, () => REQUESTS.map(([, p]) => Buffer.from(p).toString()));

const iterations = Number(process.argv[2] ?? 10000);
const hits = REQUESTS.filter(([m, p]) => flagon.match(m, p).kind === "found").length;
console.log(
  `${routes.length} routes, ${REQUESTS.length} requests per iteration (${hits} hits), ` +
    `${iterations} iterations per pass, best of 9 interleaved passes`,
);
const fmt = (n: number): string => Math.round(n).toLocaleString("en-US").padStart(12);
for (const [mode, rows] of [
  ["literal paths", literal],
  ["fresh paths", fresh],
] as const) {
  const [fl, fm, fc] = race(
    [(m, p) => flagon.match(m, p), (m, p) => fmw.find(m, p), (m, p) => fmwCompiled.find(m, p)],
    iterations,
    rows,
  ) as [number, number, number];
  console.log(`${mode}:`);
  console.log(`  flagon                         ${fmt(fl)} ops/s`);
  console.log(`  find-my-way                    ${fmt(fm)} ops/s`);
  console.log(`  ratio                          ${(fl / fm).toFixed(2)}x (flagon / find-my-way)`);
  console.log(
    `  find-my-way compile() (opt-in) ${fmt(fc)} ops/s  (flagon ${(fl / fc).toFixed(2)}x)`,
  );
}
if (sink === -1) console.log("unreachable"); // keeps the results observable
