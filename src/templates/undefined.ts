/**
 * Jinja2's `Undefined`: what a missing name or attribute evaluates to. It prints as "", is false,
 * iterates as empty; reading an attribute of it is an error. `StrictUndefined` (strict mode)
 * fails on any use except `is defined`, `default` and `|d`.
 * @module
 */
import { TemplateError } from "./errors.ts";

export class Undefined {
  readonly hint: string;
  constructor(hint: string) {
    this.hint = hint;
  }
  /** The error raised when the value is used in a way undefined cannot support. */
  fail(): TemplateError {
    return new TemplateError("UndefinedError", this.hint);
  }
}

export class StrictUndefined extends Undefined {}

export function isUndefined(v: unknown): v is Undefined {
  return v instanceof Undefined || v === undefined;
}

/** The hint Jinja2 gives for a missing name. */
export function missingName(name: string): string {
  return `'${name}' is undefined`;
}
