/**
 * Running the app in a child Node process and standing in for it: its output goes straight to
 * the terminal, signals sent to the CLI are passed on, and the CLI exits with the child's status.
 * @module
 */
import { spawn } from "node:child_process";
import { constants } from "node:os";

const FORWARDED: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/** Resolves with the exit status to use: the child's code, or 128 + signal number. */
export function runChild(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...args], { stdio: "inherit", env, cwd });
    let signalled = 0;
    const forward = (signal: NodeJS.Signals): void => {
      // A second Ctrl+C means "now": the child gets SIGKILL instead of another polite signal.
      signalled++;
      child.kill(signalled > 1 ? "SIGKILL" : signal);
    };
    for (const s of FORWARDED) process.on(s, forward);
    const done = (status: number): void => {
      for (const s of FORWARDED) process.off(s, forward);
      resolve(status);
    };
    child.once("error", (err) => {
      process.stderr.write(`flagon: could not start ${process.execPath}: ${err.message}\n`);
      done(1);
    });
    child.once("exit", (code, signal) => {
      done(code ?? 128 + (signal === null ? 0 : (constants.signals[signal] ?? 0)));
    });
  });
}
