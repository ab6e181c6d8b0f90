/**
 * The expression parser, with Jinja2's precedence (lowest first): conditional `a if b else c`,
 * `or`, `and`, `not`, comparisons (chained, `in`, `not in`), `+ -`, `~`, `* / // %`, `**` (left
 * associative, as in Jinja2), unary `- +`, then primaries with postfix `.attr`, `[item]`,
 * `(call)`, filters `|f` and tests `is t`.
 * @module
 */
import { type Node, node } from "./ast.ts";
import type { Token } from "./lexer.ts";
import type { TokenStream } from "./token-stream.ts";
import { PyFloat } from "./values.ts";

const COMPARE_OPS = new Set(["==", "!=", "<", ">", "<=", ">="]);

export class ExprParser {
  readonly s: TokenStream;
  constructor(s: TokenStream) {
    this.s = s;
  }

  expression(withCondexpr = true): Node {
    return withCondexpr ? this.condexpr() : this.or();
  }

  private condexpr(): Node {
    const at = this.s.current;
    let expr1 = this.or();
    while (this.s.skipIf("name", "if")) {
      const test = this.or();
      const expr2 = this.s.skipIf("name", "else") ? this.condexpr() : null;
      expr1 = node("CondExpr", at, { test, expr1, expr2 });
    }
    return expr1;
  }

  private or(): Node {
    let left = this.and();
    while (this.s.test("name", "or")) {
      const at = this.s.next();
      left = node("Or", at, { left, right: this.and() });
    }
    return left;
  }

  private and(): Node {
    let left = this.not();
    while (this.s.test("name", "and")) {
      const at = this.s.next();
      left = node("And", at, { left, right: this.not() });
    }
    return left;
  }

  private not(): Node {
    if (this.s.test("name", "not")) {
      const at = this.s.next();
      return node("Not", at, { node: this.not() });
    }
    return this.compare();
  }

  private compare(): Node {
    const at = this.s.current;
    const expr = this.math1();
    const ops: [string, Node][] = [];
    for (;;) {
      const t = this.s.current;
      if (t.type === "op" && COMPARE_OPS.has(t.value)) {
        this.s.next();
        ops.push([t.value, this.math1()]);
      } else if (this.s.skipIf("name", "in")) ops.push(["in", this.math1()]);
      else if (
        this.s.test("name", "not") &&
        this.s.look().type === "name" &&
        this.s.look().value === "in"
      ) {
        this.s.next();
        this.s.next();
        ops.push(["notin", this.math1()]);
      } else break;
    }
    return ops.length ? node("Compare", at, { expr, ops }) : expr;
  }

  private binary(ops: string[], sub: () => Node): Node {
    let left = sub();
    while (this.s.current.type === "op" && ops.includes(this.s.current.value)) {
      const at = this.s.next();
      left = node("BinOp", at, { op: at.value, left, right: sub() });
    }
    return left;
  }

  private math1(): Node {
    return this.binary(["+", "-"], () => this.concat());
  }

  private concat(): Node {
    const at = this.s.current;
    const nodes = [this.math2()];
    while (this.s.skipIf("op", "~")) nodes.push(this.math2());
    return nodes.length === 1 ? nodes[0]! : node("Concat", at, { nodes });
  }

  private math2(): Node {
    return this.binary(["*", "/", "//", "%"], () => this.pow());
  }

  private pow(): Node {
    return this.binary(["**"], () => this.unary());
  }

  private unary(withFilter = true): Node {
    const t = this.s.current;
    let n: Node;
    if (t.type === "op" && (t.value === "-" || t.value === "+")) {
      this.s.next();
      n = node(t.value === "-" ? "Neg" : "Pos", t, { node: this.unary(false) });
    } else n = this.postfix(this.primary());
    return withFilter ? this.filterExpr(n) : n;
  }

  primary(): Node {
    const t = this.s.current;
    if (t.type === "name") {
      this.s.next();
      if (t.value === "true" || t.value === "True") return node("Const", t, { value: true });
      if (t.value === "false" || t.value === "False") return node("Const", t, { value: false });
      if (t.value === "none" || t.value === "None") return node("Const", t, { value: null });
      return node("Name", t, { name: t.value, ctx: "load" });
    }
    if (t.type === "string") {
      let value = this.s.next().value;
      while (this.s.test("string")) value += this.s.next().value;
      return node("Const", t, { value });
    }
    if (t.type === "int") {
      this.s.next();
      return node("Const", t, { value: parseIntLiteral(t) });
    }
    if (t.type === "float") {
      this.s.next();
      const v = Number(t.value);
      return node("Const", t, { value: Number.isInteger(v) ? new PyFloat(v) : v });
    }
    if (this.s.skipIf("op", "(")) {
      const n = this.tuple({ explicitParens: true });
      this.s.expect("op", ")");
      return n;
    }
    if (this.s.test("op", "[")) return this.list();
    if (this.s.test("op", "{")) return this.dict();
    return this.s.fail(t.type === "eof" ? "unexpected end of template" : `unexpected '${t.value}'`);
  }

  /**
   * A comma-separated expression: a tuple when there is a comma, else the single expression.
   * `simplified` allows only names and literals (for loop targets); `extraEnd` lists names that end
   * it (`in` for `for a, b in`).
   */
  tuple(
    opts: {
      simplified?: boolean;
      withCondexpr?: boolean;
      extraEnd?: string[];
      explicitParens?: boolean;
    } = {},
  ): Node {
    const at = this.s.current;
    const items: Node[] = [];
    let isTuple = false;
    const parse = () =>
      opts.simplified ? this.postfix(this.primary()) : this.expression(opts.withCondexpr ?? true);
    for (;;) {
      if (items.length) this.s.expect("op", ",");
      if (this.tupleEnds(opts.extraEnd)) break;
      items.push(parse());
      if (this.s.test("op", ",")) isTuple = true;
      else break;
    }
    if (!isTuple) {
      if (items.length) return items[0]!;
      if (!opts.explicitParens)
        this.s.fail(`expected an expression, got '${this.s.current.value}'`);
    }
    return node("Tuple", at, { items, ctx: "load" });
  }

  private tupleEnds(extra?: string[]): boolean {
    const t = this.s.current;
    if (t.type === "var_end" || t.type === "block_end" || t.type === "eof") return true;
    if (t.type === "op" && (t.value === ")" || t.value === "]" || t.value === "}")) return true;
    return !!extra && t.type === "name" && extra.includes(t.value);
  }

  private list(): Node {
    const at = this.s.expect("op", "[");
    const items: Node[] = [];
    while (!this.s.test("op", "]")) {
      if (items.length) this.s.expect("op", ",");
      if (this.s.test("op", "]")) break;
      items.push(this.expression());
    }
    this.s.expect("op", "]");
    return node("List", at, { items });
  }

  private dict(): Node {
    const at = this.s.expect("op", "{");
    const pairs: [Node, Node][] = [];
    while (!this.s.test("op", "}")) {
      if (pairs.length) this.s.expect("op", ",");
      if (this.s.test("op", "}")) break;
      const k = this.expression();
      this.s.expect("op", ":");
      pairs.push([k, this.expression()]);
    }
    this.s.expect("op", "}");
    return node("Dict", at, { pairs });
  }

  postfix(n: Node): Node {
    for (;;) {
      const t = this.s.current;
      if (t.type === "op" && t.value === ".") {
        this.s.next();
        const a = this.s.next();
        if (a.type === "name") n = node("Getattr", a, { node: n, attr: a.value });
        else if (a.type === "int")
          n = node("Getitem", a, { node: n, arg: node("Const", a, { value: Number(a.value) }) });
        else this.s.fail("expected name or number", a);
      } else if (t.type === "op" && t.value === "[") {
        n = this.subscript(n);
      } else if (t.type === "op" && t.value === "(") {
        n = this.call(n);
      } else return n;
    }
  }

  private subscript(n: Node): Node {
    const at = this.s.expect("op", "[");
    const args: Node[] = [];
    while (!this.s.test("op", "]")) {
      if (args.length) this.s.expect("op", ",");
      args.push(this.subscribed());
    }
    this.s.expect("op", "]");
    const arg = args.length === 1 ? args[0]! : node("Tuple", at, { items: args, ctx: "load" });
    return node("Getitem", at, { node: n, arg });
  }

  private subscribed(): Node {
    const at = this.s.current;
    let start: Node | null = null;
    if (!this.s.test("op", ":")) {
      start = this.expression();
      if (!this.s.test("op", ":")) return start;
    }
    this.s.next();
    const stop =
      this.s.test("op", "]") || this.s.test("op", ",") || this.s.test("op", ":")
        ? null
        : this.expression();
    let step: Node | null = null;
    if (this.s.skipIf("op", ":") && !this.s.test("op", "]") && !this.s.test("op", ","))
      step = this.expression();
    return node("Slice", at, { start, stop, step });
  }

  /** `(args)`: positional, `k=v`, `*args`, `**kwargs`. */
  callArgs(): {
    args: Node[];
    kwargs: [string, Node][];
    dynArgs: Node | null;
    dynKwargs: Node | null;
  } {
    this.s.expect("op", "(");
    const args: Node[] = [];
    const kwargs: [string, Node][] = [];
    let dynArgs: Node | null = null;
    let dynKwargs: Node | null = null;
    let first = true;
    while (!this.s.test("op", ")")) {
      if (!first) {
        this.s.expect("op", ",");
        if (this.s.test("op", ")")) break;
      }
      first = false;
      if (this.s.skipIf("op", "**")) dynKwargs = this.expression();
      else if (this.s.skipIf("op", "*")) dynArgs = this.expression();
      else if (this.s.test("name") && this.s.look().type === "op" && this.s.look().value === "=") {
        const k = this.s.next().value;
        this.s.next();
        kwargs.push([k, this.expression()]);
      } else {
        if (kwargs.length || dynArgs || dynKwargs)
          this.s.fail("invalid syntax for function call expression");
        args.push(this.expression());
      }
    }
    this.s.expect("op", ")");
    return { args, kwargs, dynArgs, dynKwargs };
  }

  private call(n: Node): Node {
    const at = this.s.current;
    return node("Call", at, { node: n, ...this.callArgs() });
  }

  filterExpr(n: Node): Node {
    for (;;) {
      if (this.s.test("op", "|")) n = this.filter(n);
      else if (this.s.test("name", "is")) n = this.test(n);
      else if (this.s.test("op", "(")) n = this.call(n);
      else return n;
    }
  }

  /** `|name(args)` (and the chain after it); `n` is null inside `{% filter %}` blocks. */
  filter(n: Node | null, startInline = false): Node {
    let first = !startInline;
    while (this.s.test("op", "|") || !first) {
      if (first) this.s.next();
      first = true;
      const t = this.s.expect("name");
      let name = t.value;
      while (this.s.test("op", ".")) {
        this.s.next();
        name += `.${this.s.expect("name").value}`;
      }
      const call = this.s.test("op", "(")
        ? this.callArgs()
        : { args: [], kwargs: [], dynArgs: null, dynKwargs: null };
      n = node("Filter", t, { node: n, name, ...call });
    }
    return n!;
  }

  private test(n: Node): Node {
    const at = this.s.expect("name", "is");
    const negated = this.s.skipIf("name", "not");
    const t = this.s.expect("name");
    let name = t.value;
    while (this.s.test("op", ".")) {
      this.s.next();
      name += `.${this.s.expect("name").value}`;
    }
    let call: ReturnType<ExprParser["callArgs"]> = {
      args: [],
      kwargs: [],
      dynArgs: null,
      dynKwargs: null,
    };
    const c = this.s.current;
    if (c.type === "op" && c.value === "(") call = this.callArgs();
    else if (
      ["name", "string", "int", "float"].includes(c.type) ||
      (c.type === "op" && (c.value === "[" || c.value === "{"))
    ) {
      if (!(c.type === "name" && ["else", "or", "and"].includes(c.value))) {
        if (c.type === "name" && c.value === "is")
          this.s.fail("You cannot chain multiple tests with is");
        let arg = this.postfix(this.primary());
        arg = this.postfix(arg);
        call.args = [arg];
      }
    }
    const testNode = node("Test", at, { node: n, name, ...call });
    return negated ? node("Not", at, { node: testNode }) : testNode;
  }
}

function parseIntLiteral(t: Token): number {
  const v = t.value.replaceAll("_", "");
  if (/^0[xX]/.test(v)) return Number.parseInt(v.slice(2), 16);
  if (/^0[oO]/.test(v)) return Number.parseInt(v.slice(2), 8);
  if (/^0[bB]/.test(v)) return Number.parseInt(v.slice(2), 2);
  return Number(v);
}
