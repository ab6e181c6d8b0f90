/**
 * `PathParams<"/users/:id<int>">` is `{ id: number }`: handler params are typed from the route
 * string itself. Converter names map through the augmentable `ConverterTypes`; a name it does not
 * know gives `unknown`, so a custom converter without an augmentation is still usable, just untyped.
 * @module
 */
import type { ConverterTypes } from "./converters.ts";

type ConverterType<C extends string> = C extends keyof ConverterTypes ? ConverterTypes[C] : unknown;

/** The params one segment contributes. */
type SegmentParams<S extends string> = S extends `:${infer Name}<${infer C}>`
  ? { [K in Name]: ConverterType<C> }
  : S extends `:${infer Name}`
    ? { [K in Name]: string }
    : {};

type Collect<P extends string> = P extends `${infer Head}/${infer Tail}`
  ? SegmentParams<Head> & Collect<Tail>
  : SegmentParams<P>;

/** Flatten an intersection so editors show `{ id: number; slug: string }`. */
type Simplify<O> = { [K in keyof O]: O[K] } & {};

/** The params object of a route path; a non-literal `string` path gives a loose record. */
export type PathParams<P extends string> = string extends P
  ? Record<string, unknown>
  : Simplify<Collect<P>>;
