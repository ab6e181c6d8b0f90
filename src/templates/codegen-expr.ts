/**
 * Expression code generation, the base of the code generator: template expressions to JS
 * expressions over the runtime (`rt.add(a, b)`, `rt.getattr(o, "x", ctx.u)` ...). Also holds
 * what statements share with expressions: temporaries, unique names, name lookup, `await`s.
 * @module
 */
import { isUnsafeName } from "./access.ts";
import type { Node } from "./ast.ts";
import { assertionError, syntaxError } from "./errors.ts";
import type { Frame } from "./frame.ts";
import { isMethodName } from "./methods.ts";
import { PyFloat } from "./values.ts";

export interface CodegenOptions {
  async: boolean;
  autoescape: boolean;
  hasFilter: (name: string) => boolean;
  hasTest: (name: string) => boolean;
}

/** Names read inline: for a plain object, an own data property is then what `getattr` returns. */
function plainAttr(name: string): boolean {
  return !isUnsafeName(name) && !isMethodName(name);
}

/**
 * `loop.index` and friends on the enclosing loop's own context (a `$loop` local): plain field
 * arithmetic instead of an attribute lookup per iteration. Other fields take `getattr`.
 */
function loopField(ref: string, attr: string): string | undefined {
  if (!/^\$loop\d*$/.test(ref)) return undefined;
  switch (attr) {
    case "index0":
      return `${ref}.index0`;
    case "index":
      return `(${ref}.index0 + 1)`;
    case "first":
      return `(${ref}.index0 === 0)`;
    case "last":
      return `(${ref}.index0 === ${ref}.items.length - 1)`;
    case "length":
      return `${ref}.items.length`;
    case "revindex":
      return `(${ref}.items.length - ${ref}.index0)`;
    case "revindex0":
      return `(${ref}.items.length - ${ref}.index0 - 1)`;
    default:
      return undefined;
  }
}

const BINOPS: Record<string, string> = {
  "+": "add",
  "-": "sub",
  "*": "mul",
  "/": "div",
  "//": "floordiv",
  "%": "mod",
  "**": "pow",
};

export class ExprCodegen {
  protected readonly opts: CodegenOptions;
  /** Constant, or the name of a JS variable holding the flag (a non-constant `{% autoescape %}`). */
  protected autoescape: boolean | string;
  protected id = 0;
  protected temps: string[][] = [];
  /** The block being compiled, for `super()`. */
  protected blockName: string | null = null;

  constructor(opts: CodegenOptions) {
    this.opts = opts;
    this.autoescape = opts.autoescape;
  }

  protected get fn(): string {
    return this.opts.async ? "async function" : "function";
  }

  protected aw(code: string): string {
    return this.opts.async ? `(await ${code})` : code;
  }

  /**
   * Await a value only when it is a thenable. Names, attributes, items and call results are
   * plain values almost always, and an unconditional `await` costs a microtask turn per use.
   */
  protected awv(code: string, n?: Node): string {
    if (!this.opts.async) return code;
    if (n !== undefined && n === this.deferNode) {
      this.deferred = true;
      return code;
    }
    // `$w` (one per function) is free again as soon as this expression has its value: a nested
    // await has finished with it before the assignment.
    return `(typeof ($w = ${code})?.then === "function" ? await $w : $w)`;
  }

  /**
   * `obj.name` for a name that is neither unsafe nor a str/list/dict method: a plain object's
   * own property is the whole answer (a plain object is a dict to templates, and a dict's value
   * is what JS reads, as `items()` and `tojson` read it), checked with `Object.hasOwn`: a
   * property descriptor per read was an allocation and a runtime call, an eighth of the time of
   * a small async page. Objects whose prototype carries `FIELDS_PROTO` (ORM instances) are class
   * instances, so only an own data property answers (their fields are; the prototype holds only
   * methods and accessors), never an own getter. Anything else takes `rt.getattr`.
   * Inline rather than a runtime call, so each read keeps its own type feedback: one shared
   * function sees every shape of every template and goes megamorphic (about 40% slower on a
   * small page). Reading the hook symbol first (no plain object has it) tells the optimiser the
   * shape, which makes the prototype test a constant. `$ao`, `$ap`, `$ad` are declared in every
   * function (with `$w`, see `awv`); sharing them is safe because a read is done with them
   * before its value is used.
   */
  protected plainRead(obj: string, name: string): string {
    const k = JSON.stringify(name);
    const slow = `rt.getattr($ao, ${k}, ctx.u)`;
    const plain = `(rt.has($ao, ${k}) ? $ao[${k}] : ${slow})`;
    const marked = `(($ap[rt.FP] === true && ($ad = rt.own($ao, ${k})) !== undefined && "value" in $ad) ? $ad.value : ${slow})`;
    return `((($ao = ${obj}) !== null && typeof $ao === "object" && $ao[rt.HOOK] === undefined) ? ((($ap = rt.proto($ao)) === rt.OP || $ap === null) ? ${plain} : ${marked}) : ${slow})`;
  }

  /** The expression whose own await `awv` leaves to the caller (see `exprDeferred`). */
  private deferNode: Node | null = null;
  private deferred = false;

  /**
   * Code for `n` without the await of its own value, and whether one was left out: the caller
   * then deals with a thenable itself. Output does, through `rt.EA`, whose type dispatch finds a
   * thenable anyway, so the usual string or number is not tested twice.
   */
  protected exprDeferred(n: Node, frame: Frame): [string, boolean] {
    const node = this.deferNode;
    const deferred = this.deferred;
    this.deferNode = n;
    this.deferred = false;
    const code = this.expr(n, frame);
    const result: [string, boolean] = [code, this.deferred];
    this.deferNode = node;
    this.deferred = deferred;
    return result;
  }

  /** A temporary of the function being compiled (declared at its top). */
  protected tmp(): string {
    const t = `$t${this.id++}`;
    this.temps[this.temps.length - 1]!.push(t);
    return t;
  }

  protected uid(prefix: string): string {
    return `${prefix}${this.id++}`;
  }

  protected lookup(name: string, frame: Frame | null, n?: Node): string {
    const v = frame?.lookup(name);
    if (v !== undefined) return v;
    if (name === "self") return "rt.selfRef(ctx)";
    return this.awv(`ctx.resolve(${JSON.stringify(name)})`, n);
  }

  protected expr(n: Node, frame: Frame): string {
    switch (n.type) {
      case "Const":
        return constCode(n.value);
      case "Name":
        return this.lookup(n.name, frame, n);
      case "List":
        return `[${(n.items as Node[]).map((x) => this.expr(x, frame)).join(", ")}]`;
      case "Tuple":
        return `rt.tuple([${(n.items as Node[]).map((x) => this.expr(x, frame)).join(", ")}])`;
      case "Dict":
        return `new Map([${(n.pairs as [Node, Node][]).map(([k, v]) => `[${this.expr(k, frame)}, ${this.expr(v, frame)}]`).join(", ")}])`;
      case "Getattr":
        if (n.node.type === "Name") {
          const direct = loopField(this.lookup(n.node.name, frame), n.attr);
          if (direct !== undefined) return direct;
        }
        if (plainAttr(n.attr)) return this.awv(this.plainRead(this.expr(n.node, frame), n.attr), n);
        return this.awv(
          `rt.getattr(${this.expr(n.node, frame)}, ${JSON.stringify(n.attr)}, ctx.u)`,
          n,
        );
      case "Getitem": {
        const obj = this.expr(n.node, frame);
        if (n.arg.type === "Slice") {
          const part = (x: Node | null) => (x ? this.expr(x, frame) : "null");
          return `rt.slice(${obj}, ${part(n.arg.start)}, ${part(n.arg.stop)}, ${part(n.arg.step)})`;
        }
        return this.awv(`rt.getitem(${obj}, ${this.expr(n.arg, frame)}, ctx.u)`, n);
      }
      case "Call":
        return this.callExpr(n, frame, null);
      case "Filter":
        return this.filterChain(n, null, frame);
      case "Test": {
        if (!this.opts.hasTest(n.name)) {
          throw assertionError(`No test named '${n.name}'.`, n.line, n.col);
        }
        const [args, kw] = this.args(n, frame);
        return `rt.test(ctx, ${JSON.stringify(n.name)}, ${this.expr(n.node, frame)}, ${args}, ${kw})`;
      }
      case "BinOp":
        return `rt.${BINOPS[n.op]}(${this.expr(n.left, frame)}, ${this.expr(n.right, frame)})`;
      case "Concat":
        return `rt.concat([${(n.nodes as Node[]).map((x) => this.expr(x, frame)).join(", ")}], ${this.autoescape})`;
      case "Compare": {
        const ops = n.ops as [string, Node][];
        if (ops.length === 1)
          return `rt.compare(${JSON.stringify(ops[0]![0])}, ${this.expr(n.expr, frame)}, ${this.expr(ops[0]![1], frame)})`;
        let left = this.expr(n.expr, frame);
        const parts: string[] = [];
        for (const [op, e] of ops) {
          const t = this.tmp();
          parts.push(`rt.compare(${JSON.stringify(op)}, ${left}, (${t} = ${this.expr(e, frame)}))`);
          left = t;
        }
        return `(${parts.join(" && ")})`;
      }
      case "And": {
        const t = this.tmp();
        return `(rt.T(${t} = ${this.expr(n.left, frame)}) ? ${this.expr(n.right, frame)} : ${t})`;
      }
      case "Or": {
        const t = this.tmp();
        return `(rt.T(${t} = ${this.expr(n.left, frame)}) ? ${t} : ${this.expr(n.right, frame)})`;
      }
      case "Not":
        return `!rt.T(${this.expr(n.node, frame)})`;
      case "Neg":
        return `rt.neg(${this.expr(n.node, frame)})`;
      case "Pos":
        return `rt.pos(${this.expr(n.node, frame)})`;
      case "CondExpr": {
        const other = n.expr2
          ? this.expr(n.expr2, frame)
          : `ctx.u(${JSON.stringify(`the inline if-expression on line ${n.line} evaluated to false and no else section was defined.`)})`;
        return `(rt.T(${this.expr(n.test, frame)}) ? ${this.expr(n.expr1, frame)} : ${other})`;
      }
      case "Slice":
        throw syntaxError("unexpected slice", n.line, n.col);
    }
    throw syntaxError(`internal: unknown expression ${n.type}`, n.line, n.col);
  }

  /** `[positional...]` and `Map` of keywords (or null) for a call, filter or test. */
  protected args(n: Node, frame: Frame, extraKw?: [string, string]): [string, string] {
    let args = `[${(n.args as Node[]).map((x) => this.expr(x, frame)).join(", ")}]`;
    if (n.dynArgs) args = `[...${args}, ...rt.iterate(${this.expr(n.dynArgs, frame)})]`;
    const kwPairs = (n.kwargs as [string, Node][]).map(
      ([k, v]) => `[${JSON.stringify(k)}, ${this.expr(v, frame)}]`,
    );
    if (extraKw) kwPairs.push(`[${JSON.stringify(extraKw[0])}, ${extraKw[1]}]`);
    let kw = kwPairs.length ? `new Map([${kwPairs.join(", ")}])` : "null";
    if (n.dynKwargs) kw = `rt.mergeKwargs(${kw}, ${this.expr(n.dynKwargs, frame)})`;
    return [args, kw];
  }

  protected callExpr(n: Node, frame: Frame, caller: string | null): string {
    const [args, kw] = this.args(n, frame, caller ? ["caller", caller] : undefined);
    if (n.node.type === "Name" && n.node.name === "super" && !frame.lookup("super")) {
      if (this.blockName === null) return this.aw(`rt.call(ctx.resolve("super"), ${args}, ${kw})`);
      return this.aw(
        `rt.superBlock(ctx, ${JSON.stringify(this.blockName)}, $bi, ${this.autoescape})`,
      );
    }
    return this.awv(`rt.call(${this.expr(n.node, frame)}, ${args}, ${kw})`, n);
  }

  /** A filter chain; the innermost `node` is null in filter blocks and block sets (use `input`). */
  protected filterChain(n: Node, input: string | null, frame: Frame): string {
    if (!this.opts.hasFilter(n.name)) {
      throw assertionError(`No filter named '${n.name}'.`, n.line, n.col);
    }
    const value = n.node
      ? n.node.type === "Filter"
        ? this.filterChain(n.node, input, frame)
        : this.expr(n.node, frame)
      : input!;
    const [args, kw] = this.args(n, frame);
    return this.awv(
      `rt.filter(ctx, ${JSON.stringify(n.name)}, ${value}, ${args}, ${kw}, ${this.autoescape})`,
      n,
    );
  }
}

function constCode(v: unknown): string {
  if (v instanceof PyFloat) return `rt.F(${v.value})`;
  if (typeof v === "number")
    return Number.isFinite(v) ? String(v) : v > 0 ? "Infinity" : "-Infinity";
  return JSON.stringify(v);
}
