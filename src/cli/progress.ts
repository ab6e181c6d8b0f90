/**
 * Progress for long commands (migrate over many apps, loaddata, collectstatic). On a terminal
 * one status line is redrawn in place (`[12/40] Applying polls.0003_votes...`), at most every
 * 80 ms; elsewhere (CI logs, pipes) each step is one plain line, so logs stay readable.
 * Permanent lines (`log`) are kept in both modes, above the status line on a terminal.
 * @module
 */

export interface ProgressIo {
  out(text: string): void;
  /** Redraw one line in place; otherwise print plain lines. */
  readonly isTTY?: boolean;
}

export interface ProgressOptions {
  /** How many steps in all, when known: shown as `[done/total]`. */
  readonly total?: number;
  /** Milliseconds between redraws on a terminal. @default 80 */
  readonly interval?: number;
}

export interface Progress {
  /** Steps done so far. */
  readonly done: number;
  /** What is running now: redrawn on a terminal, not printed elsewhere. */
  status(text: string): void;
  /**
   * Count `by` steps as done (default 1); `label` names them: redrawn on a terminal, a line
   * elsewhere. Without a label nothing is printed.
   */
  advance(label?: string, by?: number): void;
  /** Set the count to `done` (for callbacks that report totals). */
  update(done: number, label?: string): void;
  /** A line kept in the output in both modes (on a terminal it replaces the status line). */
  log(line: string): void;
  /** Clear the status line; print `summary` as a last line when given. */
  end(summary?: string): void;
}

const CLEAR = "\r\x1b[2K";

export function createProgress(io: ProgressIo, options: ProgressOptions = {}): Progress {
  const tty = io.isTTY === true;
  const interval = options.interval ?? 80;
  let done = 0;
  let shown = ""; // the status line on screen (terminal only)
  let lastDraw = 0;
  const counter = () => (options.total === undefined ? `[${done}]` : `[${done}/${options.total}]`);
  const draw = (text: string, force: boolean) => {
    const now = Date.now();
    if (!force && now - lastDraw < interval) return;
    lastDraw = now;
    shown = `${counter()} ${text}`;
    io.out(`${CLEAR}${shown}`);
  };
  const clear = () => {
    if (shown !== "") io.out(CLEAR);
    shown = "";
  };
  const finished = () => options.total !== undefined && done >= options.total;
  return {
    get done() {
      return done;
    },
    status(text) {
      if (tty) draw(text, true);
    },
    advance(label, by = 1) {
      done += by;
      if (tty && label !== undefined) draw(label, finished());
      else if (label !== undefined) io.out(`${counter()} ${label}\n`);
    },
    update(n, label) {
      done = n;
      if (tty) draw(label ?? "", finished());
      else io.out(`${counter()}${label === undefined ? "" : ` ${label}`}\n`);
    },
    log(line) {
      if (!tty) {
        io.out(`${line}\n`);
        return;
      }
      // The status line goes; the next status or step draws a fresh one below.
      clear();
      io.out(`${line}\n`);
    },
    end(summary) {
      if (tty) clear();
      if (summary !== undefined) io.out(`${summary}\n`);
    },
  };
}
