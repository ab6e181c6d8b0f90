/**
 * Command-line flags of `npm run bench`.
 * @module
 */

export interface BenchArgs {
  rounds: number;
  duration: number;
  warmup: number;
  connections: number;
  only: string[] | undefined;
  coldRuns: number;
  skipColdStart: boolean;
  write: boolean;
  /** Run TechEmpower's database tests (PostgreSQL) instead of the HTTP ones. */
  db: boolean;
}

export const USAGE = `Usage: npm run bench -- [flags]
  --rounds N        load-test rounds; servers alternate inside each round (default 3)
  --duration S      seconds of each measured wrk run (default 8)
  --warmup S        seconds of the warm-up wrk run before each measured one (default 2)
  --connections N   wrk connections, one wrk thread (default 64)
  --only a,b        servers to run: node,node-headers,flagon,flagon-no-headers,fastify,hono,
                    express (default all)
  --cold-runs N     cold-start runs per server (default 10)
  --no-cold-start   skip the cold-start measurement
  --db              TechEmpower's database tests on PostgreSQL (FLG_BENCH_PG_URL), Flagon + ORM
                    against node:http + pg, instead of the HTTP tests
  --no-write        print only; leave docs/benchmarks.md alone
  --help            this text`;

function positive(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < 1) {
    throw new Error(`${flag} needs a positive whole number, got ${value ?? "nothing"}`);
  }
  return n;
}

export function parseArgs(argv: string[]): BenchArgs | "help" {
  const args: BenchArgs = {
    rounds: 3,
    duration: 8,
    warmup: 2,
    connections: 64,
    only: undefined,
    coldRuns: 10,
    skipColdStart: false,
    write: true,
    db: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf("=");
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const inline = eq === -1 ? undefined : arg.slice(eq + 1);
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case "--rounds":
        args.rounds = positive(flag, value());
        break;
      case "--duration":
        args.duration = positive(flag, value());
        break;
      case "--warmup":
        args.warmup = positive(flag, value());
        break;
      case "--connections":
        args.connections = positive(flag, value());
        break;
      case "--cold-runs":
        args.coldRuns = positive(flag, value());
        break;
      case "--only": {
        const list = (value() ?? "").split(",").map((s) => s.trim().toLowerCase());
        args.only = list.filter((s) => s !== "");
        if (args.only.length === 0) throw new Error("--only needs a list of servers");
        break;
      }
      case "--no-cold-start":
        args.skipColdStart = true;
        break;
      case "--db":
        args.db = true;
        break;
      case "--no-write":
        args.write = false;
        break;
      case "--help":
      case "-h":
        return "help";
      default:
        throw new Error(`unknown flag ${arg}`);
    }
  }
  return args;
}
