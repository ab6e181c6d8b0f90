/**
 * The sandbox: every attribute read, item read and call a template makes goes through here.
 * A template sees own data properties of plain objects, arrays and Maps, the str/list/dict
 * methods in methods.ts, and the fields runtime objects (loop, namespace, modules) expose through
 * `TEMPLATE_ATTR`. It never walks a prototype, and `constructor`, `__proto__`, `prototype` and
 * dunder names raise a SecurityError rather than resolve.
 * @module
 */
import { securityError, TemplateError, typeError } from "./errors.ts";
import { isMarkup } from "./markup.ts";
import { methodOf, setFieldHook } from "./methods.ts";
import { typeName } from "./operators.ts";
import { pyStr } from "./py-str.ts";
import { type Kwargs, PyFunction } from "./py-function.ts";
import { Undefined } from "./undefined.ts";
import { isMapping, isPlainObject, isTuple, namedField, num, PyFloat, tuple } from "./values.ts";

/** Runtime classes implement `[TEMPLATE_ATTR](name)` to list what templates may read. */
export const TEMPLATE_ATTR: unique symbol = Symbol("flagon.templateAttr");
/** Runtime classes implement `[TEMPLATE_CALL](args, kwargs)` to be callable from templates. */
export const TEMPLATE_CALL: unique symbol = Symbol("flagon.templateCall");

const UNSAFE = new Set([
  "constructor",
  "__proto__",
  "prototype",
  "__defineGetter__",
  "__lookupGetter__",
]);
// Functions that would let a template build and run code; refused even if passed in.
const FORBIDDEN_CALLS = new Set<unknown>([
  Function,
  (globalThis as Record<string, unknown>)["eval"],
  Object.getPrototypeOf(async () => {}).constructor,
  Object.getPrototypeOf(function* () {}).constructor,
  setTimeout,
  setInterval,
  queueMicrotask,
]);

export function isUnsafeName(name: string): boolean {
  return UNSAFE.has(name) || (name.startsWith("__") && name.endsWith("__"));
}

export type Undef = (hint: string) => Undefined;

function objName(obj: unknown): string {
  return `${typeName(obj)} object`;
}

/** `obj.name`: methods and attributes first, then items (Jinja2's `getattr`). */
export function getattr(obj: unknown, name: string, undef: Undef): unknown {
  if (obj instanceof Undefined) throw obj.fail();
  if (isUnsafeName(name))
    throw securityError(`access to attribute '${name}' of '${objName(obj)}' is unsafe`);
  if (obj === null || obj === undefined) return undef(`'None' has no attribute '${name}'`);
  if (typeof obj === "object" || typeof obj === "function") {
    const hook = (obj as { [TEMPLATE_ATTR]?: (n: string) => unknown })[TEMPLATE_ATTR];
    if (typeof hook === "function") {
      const v = hook.call(obj, name);
      return v === undefined ? undef(`'${objName(obj)}' has no attribute '${name}'`) : v;
    }
  }
  const m = methodOf(obj, name);
  if (m) return m;
  const field = namedField(obj, name);
  if (field) return field.value;
  return item(obj, name, undef, () => `'${objName(obj)}' has no attribute '${name}'`);
}

/** The `attr` filter: attributes only, never a mapping's items (Python's `getattr`). */
export function attrOnly(obj: unknown, name: string, undef: Undef): unknown {
  if (isMapping(obj) && !(TEMPLATE_ATTR in obj)) {
    if (isUnsafeName(name))
      throw securityError(`access to attribute '${name}' of '${objName(obj)}' is unsafe`);
    return methodOf(obj, name) ?? undef(`'${objName(obj)}' has no attribute '${name}'`);
  }
  return getattr(obj, name, undef);
}

/** `obj[key]`: items first, then attributes (Jinja2's `getitem`). */
export function getitem(obj: unknown, key: unknown, undef: Undef): unknown {
  if (obj instanceof Undefined) throw obj.fail();
  if (key instanceof PyFloat) key = key.value;
  if (typeof key === "string" && isUnsafeName(key)) {
    throw securityError(`access to attribute '${key}' of '${objName(obj)}' is unsafe`);
  }
  const v = item(obj, key, undef, () => `'${objName(obj)}' has no attribute '${pyStr(key)}'`);
  if (v instanceof Undefined && typeof key === "string") {
    const hook =
      typeof obj === "object" && obj !== null
        ? (obj as { [TEMPLATE_ATTR]?: (n: string) => unknown })[TEMPLATE_ATTR]
        : undefined;
    if (typeof hook === "function") {
      const r = hook.call(obj, key);
      if (r !== undefined) return r;
    }
    return methodOf(obj, key) ?? v;
  }
  return v;
}

function item(obj: unknown, key: unknown, undef: Undef, hint: () => string): unknown {
  if (Array.isArray(obj) || typeof obj === "string" || isMarkup(obj)) {
    if (typeof key === "number" || typeof key === "boolean") {
      const seq: unknown[] = Array.isArray(obj)
        ? obj
        : [...(typeof obj === "string" ? obj : obj.__html__())];
      let i = num(key);
      if (!Number.isInteger(i)) return undef(hint());
      if (i < 0) i += seq.length;
      if (i < 0 || i >= seq.length) return undef(hint());
      return seq[i];
    }
    return undef(hint());
  }
  if (obj instanceof Map) {
    if (obj.has(key)) return obj.get(key);
    if (typeof key === "number")
      for (const k of obj.keys()) if (k instanceof PyFloat && k.value === key) return obj.get(k);
    return undef(hint());
  }
  if (
    typeof obj === "object" &&
    obj !== null &&
    (typeof key === "string" || typeof key === "number")
  ) {
    const k = String(key);
    if (typeof key === "number" && isMapping(obj)) return undef(hint());
    // A plain object is a dict: its own properties are its items, read as JS reads them (a
    // getter written into the data is the data's value, as `items()` and `tojson` see it). Any
    // other object shows own data properties only: an accessor there is a class's code.
    if (isPlainObject(obj)) return Object.hasOwn(obj, k) ? obj[k] : undef(hint());
    const d = Object.getOwnPropertyDescriptor(obj, k);
    if (d && "value" in d) return d.value;
  }
  return undef(hint());
}

/** `obj[start:stop:step]` for lists, tuples and strings. */
export function slice(obj: unknown, start: unknown, stop: unknown, step: unknown): unknown {
  if (obj instanceof Undefined) throw obj.fail();
  const isStr = typeof obj === "string" || isMarkup(obj);
  if (!isStr && !Array.isArray(obj))
    throw typeError(`'${typeName(obj)}' object is not subscriptable`);
  const seq: unknown[] = Array.isArray(obj) ? obj : [...pyStr(obj)];
  const n = seq.length;
  const st = step === null || step === undefined ? 1 : num(step);
  if (st === 0) throw new TemplateError("ValueError", "slice step cannot be zero");
  const norm = (v: unknown, dflt: number, lo: number, hi: number) => {
    if (v === null || v === undefined || v instanceof Undefined) return dflt;
    let i = num(v);
    if (i < 0) i += n;
    return Math.min(Math.max(i, lo), hi);
  };
  const out: unknown[] = [];
  if (st > 0) {
    const a = norm(start, 0, 0, n);
    const b = norm(stop, n, 0, n);
    for (let i = a; i < b; i += st) out.push(seq[i]);
  } else {
    const a = norm(start, n - 1, -1, n - 1);
    const b = norm(stop, -1, -1, n - 1);
    for (let i = a; i > b; i += st) out.push(seq[i]);
  }
  if (isStr) return out.join("");
  return isTuple(obj) ? tuple(out) : out;
}

/** Call a template-reachable value with Python-style arguments. */
export function call(fn: unknown, args: unknown[], kwargs: Kwargs | null): unknown {
  if (fn instanceof Undefined) throw fn.fail();
  if (fn instanceof PyFunction) return fn.fn(args, kwargs ?? new Map());
  if (typeof fn === "object" && fn !== null) {
    const hook = (fn as { [TEMPLATE_CALL]?: (a: unknown[], k: Kwargs) => unknown })[TEMPLATE_CALL];
    if (typeof hook === "function") return hook.call(fn, args, kwargs ?? new Map());
  }
  if (typeof fn === "function") {
    if (FORBIDDEN_CALLS.has(fn))
      throw securityError(`${fn.name || "function"} is not safely callable`);
    if (kwargs && kwargs.size > 0) return fn(...args, Object.fromEntries(kwargs));
    return fn(...args);
  }
  throw typeError(`'${typeName(fn)}' object is not callable`);
}

setFieldHook((obj, name) => getattr(obj, name, (h) => new Undefined(h)));
