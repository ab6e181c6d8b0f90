/**
 * `Duration`: the value of `f.duration()`. An immutable, whole number of microseconds (the
 * precision every backend stores), within ±(2^53 − 1) µs, about ±285 years, so plain numbers
 * hold it exactly. Node 24 has no `Temporal` by default, and a bare millisecond count would lose
 * the microseconds the column keeps, so the ORM uses this small value type instead. It prints
 * and parses ISO 8601 (`PT1H30M`, `-P2DT0.5S`); JSON gives the same text.
 *
 * @example
 * const d = Duration.of({ hours: 1, minutes: 30 });
 * d.toString();                 // "PT1H30M"
 * await Task.objects.filter({ spent: { gt: Duration.of({ minutes: 5 }) } });
 * @module
 */
import { ERR_ORM_VALIDATION, ormError } from "./errors.ts";

export interface DurationParts {
  readonly days?: number;
  readonly hours?: number;
  readonly minutes?: number;
  readonly seconds?: number;
  readonly milliseconds?: number;
  readonly microseconds?: number;
}

const US = {
  days: 86_400_000_000,
  hours: 3_600_000_000,
  minutes: 60_000_000,
  seconds: 1_000_000,
  milliseconds: 1_000,
  microseconds: 1,
} as const;

const ISO =
  /^([-+])?P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

function checked(us: number, what: string): number {
  if (!Number.isSafeInteger(us))
    throw ormError(ERR_ORM_VALIDATION, `${what} is not a whole number of microseconds in range`);
  return us === 0 ? 0 : us; // no -0
}

export class Duration {
  /** The whole length in microseconds (negative for a negative duration). */
  readonly microseconds: number;

  private constructor(us: number) {
    this.microseconds = checked(us, "A duration");
    Object.freeze(this);
  }

  /** A duration from parts, summed (`{ hours: 1, minutes: 30 }`); fractions round to 1 µs. */
  static of(parts: DurationParts): Duration {
    let us = 0;
    for (const [k, n] of Object.entries(parts)) {
      const unit = US[k as keyof typeof US];
      if (unit === undefined) throw ormError(ERR_ORM_VALIDATION, `Unknown duration part "${k}"`);
      if (typeof n !== "number" || !Number.isFinite(n))
        throw ormError(ERR_ORM_VALIDATION, `Duration part "${k}" must be a finite number`);
      us += Math.round(n * unit);
    }
    return new Duration(us);
  }

  static fromMicroseconds(us: number | bigint): Duration {
    const n = typeof us === "bigint" ? Number(us) : us;
    if (typeof us === "bigint" && BigInt(n) !== us) checked(Number.NaN, String(us));
    return new Duration(n);
  }

  static fromMilliseconds(ms: number): Duration {
    return new Duration(Math.round(ms * 1000));
  }

  /** Parse ISO 8601 (`P1DT2H`, `PT0.25S`, `-PT5M`; weeks allowed, years and months are not). */
  static parse(text: string): Duration {
    const m = typeof text === "string" ? ISO.exec(text) : null;
    if (m === null || text.endsWith("T") || /^[-+]?P$/.test(text))
      throw ormError(ERR_ORM_VALIDATION, `Not an ISO 8601 duration: ${JSON.stringify(text)}`);
    const [w, d, h, mi, s] = m.slice(2).map((x) => (x === undefined ? 0 : Number(x)));
    const us = Duration.of({
      days: w! * 7 + d!,
      hours: h!,
      minutes: mi!,
      seconds: s!,
    }).microseconds;
    return new Duration(m[1] === "-" ? -us : us);
  }

  static isDuration(v: unknown): v is Duration {
    return v instanceof Duration;
  }

  /** Order two durations: negative, zero or positive, for `Array.prototype.sort`. */
  static compare(a: Duration, b: Duration): number {
    return Math.sign(a.microseconds - b.microseconds);
  }

  /** The length in milliseconds (fractional when there are microseconds). */
  get milliseconds(): number {
    return this.microseconds / 1000;
  }

  /** The length in seconds (fractional). */
  get seconds(): number {
    return this.microseconds / 1_000_000;
  }

  plus(other: Duration): Duration {
    return new Duration(this.microseconds + other.microseconds);
  }

  minus(other: Duration): Duration {
    return new Duration(this.microseconds - other.microseconds);
  }

  negated(): Duration {
    return new Duration(-this.microseconds);
  }

  equals(other: unknown): boolean {
    return other instanceof Duration && other.microseconds === this.microseconds;
  }

  /** ISO 8601 with days as the largest unit: `P1DT2H3M4.5S`, `PT0S`, `-PT1M`. */
  toString(): string {
    let us = Math.abs(this.microseconds);
    const take = (unit: number) => {
      const n = Math.floor(us / unit);
      us -= n * unit;
      return n;
    };
    const d = take(US.days);
    const h = take(US.hours);
    const mi = take(US.minutes);
    const s = take(US.seconds);
    const frac = us === 0 ? "" : `.${String(us).padStart(6, "0").replace(/0+$/, "")}`;
    let out = `${this.microseconds < 0 ? "-" : ""}P${d ? `${d}D` : ""}`;
    const time = `${h ? `${h}H` : ""}${mi ? `${mi}M` : ""}${s || frac ? `${s}${frac}S` : ""}`;
    if (time !== "") out += `T${time}`;
    else if (!d) out += "T0S";
    return out;
  }

  toJSON(): string {
    return this.toString();
  }

  /** Compare with `<`, `>` (and `+` as a number of microseconds). */
  valueOf(): number {
    return this.microseconds;
  }
}
