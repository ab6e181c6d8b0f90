/**
 * How filters and tests are declared. Built-ins name their parameters so keyword arguments bind
 * as in Jinja2 (`truncate(length=10, end='…')`); user functions get positional arguments with
 * keywords gathered into one trailing object.
 * @module
 */
import type { RenderContext } from "./context.ts";
import { bindArgs, type Kwargs } from "./py-function.ts";

export interface FilterCtx {
  autoescape: boolean;
  ctx: RenderContext;
}

export type FilterFn = (value: unknown, args: unknown[], kwargs: Kwargs, fc: FilterCtx) => unknown;
export type TestFn = (
  value: unknown,
  args: unknown[],
  kwargs: Kwargs,
  ctx: RenderContext,
) => boolean;

/** A built-in filter with named parameters after the value. */
export function filterDef(
  name: string,
  params: readonly string[],
  fn: (fc: FilterCtx, value: any, ...args: any[]) => unknown,
): FilterFn {
  return (value, args, kwargs, fc) =>
    fn(fc, value, ...bindArgs(name, params, args, kwargs.size ? kwargs : null));
}

export function wrapUserFilter(f: (value: any, ...args: any[]) => unknown): FilterFn {
  return (value, args, kwargs) =>
    kwargs.size ? f(value, ...args, Object.fromEntries(kwargs)) : f(value, ...args);
}

export function testDef(
  name: string,
  params: readonly string[],
  fn: (value: any, ...args: any[]) => boolean,
): TestFn {
  return (value, args, kwargs) =>
    fn(value, ...bindArgs(name, params, args, kwargs.size ? kwargs : null));
}

export function wrapUserTest(f: (value: any, ...args: any[]) => boolean): TestFn {
  return (value, args, kwargs) =>
    !!(kwargs.size ? f(value, ...args, Object.fromEntries(kwargs)) : f(value, ...args));
}
