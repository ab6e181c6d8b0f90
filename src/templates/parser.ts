/**
 * The statement parser: tokens to a `Template` node. Tags handled: if/elif/else, for (else,
 * filter, recursive), set and block set, with, macro, call, filter, block (scoped, required),
 * extends, include, import, from-import, autoescape; with the `loopcontrols` extension also break
 * and continue, with `do` the do statement. Unknown tags and unclosed blocks are syntax errors
 * naming the tag Jinja2 would name.
 * @module
 */
import { type Node, node } from "./ast.ts";
import { assertionError } from "./errors.ts";
import { type LexOptions, type Token, tokenize } from "./lexer.ts";
import { ExprParser } from "./parse-expr.ts";
import { TokenStream } from "./token-stream.ts";

/** Jinja2's optional extensions Flagon implements, by their short names. */
export const EXTENSIONS = ["do", "loopcontrols"] as const;
export type ExtensionName = (typeof EXTENSIONS)[number];

export interface ParseOptions extends LexOptions {
  /** Optional statements to recognise, as Jinja2's `extensions=[...]` enables them. */
  extensions?: readonly ExtensionName[];
}

export function parse(source: string, opts: ParseOptions = {}): Node {
  return new Parser(new TokenStream(tokenize(source, opts)), opts.extensions ?? []).template();
}

class Parser {
  private readonly s: TokenStream;
  private readonly e: ExprParser;
  private readonly tagStack: string[] = [];
  private readonly tags: Record<string, Handler>;

  constructor(s: TokenStream, extensions: readonly ExtensionName[]) {
    this.s = s;
    this.e = new ExprParser(s);
    this.tags = Object.assign(
      Object.create(null),
      STATEMENTS,
      ...extensions.map((name) => EXTENSION_STATEMENTS[name]),
    );
  }

  template(): Node {
    const at = this.s.current;
    const body = this.subparse(null);
    return node("Template", at, { body });
  }

  /** Parse until one of `endTokens` (tag names) is the next tag; that tag is left unconsumed. */
  private subparse(endTokens: string[] | null): Node[] {
    const body: Node[] = [];
    const out: Node[] = [];
    const flush = () => {
      if (out.length) body.push(node("Output", out[0]!, { nodes: out.splice(0) }));
    };
    for (;;) {
      const t = this.s.current;
      if (t.type === "eof") break;
      if (t.type === "data") {
        this.s.next();
        out.push(node("TemplateData", t, { data: t.value }));
      } else if (t.type === "var_begin") {
        this.s.next();
        const start = this.s.current;
        // Report errors at the start of the expression, not at its innermost operator.
        out.push({ ...this.e.tuple({ withCondexpr: true }), line: start.line, col: start.col });
        this.s.expect("var_end");
      } else if (t.type === "block_begin") {
        flush();
        this.s.next();
        if (endTokens && this.s.test("name") && endTokens.includes(this.s.current.value))
          return body;
        body.push(this.statement());
        this.s.expect("block_end");
      } else this.s.fail("internal: unexpected token");
    }
    flush();
    if (endTokens) {
      const t = this.s.current;
      const inner = this.tagStack[this.tagStack.length - 1];
      this.s.fail(
        `Unexpected end of template. Jinja was looking for the following tags: ${endTokens.map((x) => `'${x}'`).join(" or ")}. The innermost block that needs to be closed is '${inner}'.`,
        t,
      );
    }
    return body;
  }

  private statement(): Node {
    const t = this.s.current;
    if (t.type !== "name") this.s.fail("tag name expected");
    const handler = this.tags[t.value];
    if (!handler) this.s.fail(`Encountered unknown tag '${t.value}'.`);
    this.tagStack.push(t.value);
    try {
      return handler.call(this, this.s.next());
    } finally {
      this.tagStack.pop();
    }
  }

  /** Parse a body up to one of the end tags, consuming that tag name. */
  private body(ends: string[], drop = false): [Node[], string] {
    const b = this.subparse(ends);
    const tag = this.s.next().value;
    if (drop) this.s.expect("block_end");
    return [b, tag];
  }

  private assignTarget(extraEnd?: string[]): Node {
    let target: Node;
    if (this.s.test("name") && this.s.look().type === "op" && this.s.look().value === ".") {
      const at = this.s.next();
      this.s.next();
      const attr = this.s.expect("name").value;
      target = node("NSRef", at, { name: at.value, attr });
    } else {
      target = this.e.tuple({ simplified: true, extraEnd });
    }
    checkTarget(target, this.s);
    return target;
  }

  parseFor(at: Token): Node {
    const target = this.assignTarget(["in"]);
    this.s.expect("name", "in");
    const iter = this.e.tuple({ withCondexpr: false, extraEnd: ["recursive"] });
    const test = this.s.skipIf("name", "if") ? this.e.expression() : null;
    const recursive = this.s.skipIf("name", "recursive");
    this.s.expect("block_end");
    const [body, tag] = this.body(["endfor", "else"]);
    let else_: Node[] = [];
    if (tag === "else") {
      this.s.expect("block_end");
      [else_] = this.body(["endfor"]);
    }
    void tag;
    return node("For", at, { target, iter, body, else_, test, recursive });
  }

  parseIf(at: Token): Node {
    const root = node("If", at, {
      test: this.e.tuple({ withCondexpr: false }),
      body: [],
      else_: [],
    });
    let cur = root;
    for (;;) {
      this.s.expect("block_end");
      const [body, tag] = this.body(["elif", "else", "endif"]);
      cur.body = body;
      if (tag === "elif") {
        const nx = node("If", this.s.current, {
          test: this.e.tuple({ withCondexpr: false }),
          body: [],
          else_: [],
        });
        cur.else_ = [nx];
        cur = nx;
      } else if (tag === "else") {
        this.s.expect("block_end");
        cur.else_ = this.body(["endif"])[0];
        break;
      } else break;
    }
    return root;
  }

  parseSet(at: Token): Node {
    const target = this.assignTarget();
    if (this.s.skipIf("op", "=")) {
      const expr = this.e.tuple();
      return node("Assign", at, { target, node: expr });
    }
    const filter = this.s.test("op", "|") ? this.e.filter(null) : null;
    this.s.expect("block_end");
    const [body] = this.body(["endset"]);
    return node("AssignBlock", at, { target, filter, body });
  }

  parseWith(at: Token): Node {
    const targets: Node[] = [];
    const values: Node[] = [];
    while (!this.s.test("block_end")) {
      if (targets.length) this.s.expect("op", ",");
      const target = this.assignTarget();
      this.s.expect("op", "=");
      targets.push(target);
      values.push(this.e.expression());
    }
    this.s.expect("block_end");
    const [body] = this.body(["endwith"]);
    return node("With", at, { targets, values, body });
  }

  parseAutoescape(at: Token): Node {
    const value = this.e.expression();
    this.s.expect("block_end");
    const [body] = this.body(["endautoescape"]);
    return node("Autoescape", at, { value, body });
  }

  parseBlock(at: Token): Node {
    const name = this.s.expect("name").value;
    const scoped = this.s.skipIf("name", "scoped");
    const required = this.s.skipIf("name", "required");
    if (this.s.test("op", "-")) this.s.fail("Use an underscore instead");
    this.s.expect("block_end");
    const [body] = this.body(["endblock"]);
    if (this.s.test("name")) {
      const end = this.s.next();
      if (end.value !== name) this.s.fail(`mismatching name in endblock: expected '${name}'`, end);
    }
    if (
      required &&
      body.some(
        (b) =>
          !(
            b.type === "Output" &&
            b.nodes.every((n: Node) => n.type === "TemplateData" && !n.data.trim())
          ),
      )
    )
      this.s.fail("Required blocks can only contain comments or whitespace", at);
    return node("Block", at, { name, body, scoped, required });
  }

  parseExtends(at: Token): Node {
    return node("Extends", at, { template: this.e.expression() });
  }

  private contextMod(dflt: boolean): boolean {
    const t = this.s.current;
    if (
      t.type === "name" &&
      (t.value === "with" || t.value === "without") &&
      this.s.look().value === "context"
    ) {
      this.s.next();
      this.s.next();
      return t.value === "with";
    }
    return dflt;
  }

  parseInclude(at: Token): Node {
    const template = this.e.expression();
    let ignoreMissing = false;
    if (this.s.test("name", "ignore") && this.s.look().value === "missing") {
      this.s.next();
      this.s.next();
      ignoreMissing = true;
    }
    const withContext = this.contextMod(true);
    return node("Include", at, { template, ignoreMissing, withContext });
  }

  parseImport(at: Token): Node {
    const template = this.e.expression();
    this.s.expect("name", "as");
    const target = this.s.expect("name").value;
    return node("Import", at, { template, target, withContext: this.contextMod(false) });
  }

  parseFrom(at: Token): Node {
    const template = this.e.expression();
    this.s.expect("name", "import");
    const names: [string, string][] = [];
    let withContext = false;
    for (;;) {
      if (names.length) {
        if (!this.s.skipIf("op", ",")) break;
      }
      const t = this.s.current;
      if (
        t.type === "name" &&
        (t.value === "with" || t.value === "without") &&
        this.s.look().value === "context"
      )
        break;
      const n = this.s.expect("name");
      if (n.value.startsWith("_"))
        throw assertionError("names starting with an underline can not be imported", n.line, n.col);
      const alias = this.s.skipIf("name", "as") ? this.s.expect("name").value : n.value;
      names.push([n.value, alias]);
    }
    withContext = this.contextMod(false);
    return node("FromImport", at, { template, names, withContext });
  }

  private signature(): { params: string[]; defaults: Node[] } {
    const params: string[] = [];
    const defaults: Node[] = [];
    this.s.expect("op", "(");
    while (!this.s.test("op", ")")) {
      if (params.length) this.s.expect("op", ",");
      const n = this.s.expect("name");
      params.push(n.value);
      if (this.s.skipIf("op", "=")) defaults.push(this.e.expression());
      else if (defaults.length) this.s.fail("non-default argument follows default argument", n);
    }
    this.s.expect("op", ")");
    return { params, defaults };
  }

  parseMacro(at: Token): Node {
    const name = this.s.expect("name").value;
    const sig = this.signature();
    this.s.expect("block_end");
    const [body] = this.body(["endmacro"]);
    return node("Macro", at, { name, ...sig, body });
  }

  parseCall(at: Token): Node {
    const sig = this.s.test("op", "(") ? this.signature() : { params: [], defaults: [] };
    const call = this.e.expression();
    if (call.type !== "Call") this.s.fail("expected call", at);
    this.s.expect("block_end");
    const [body] = this.body(["endcall"]);
    return node("CallBlock", at, { call, ...sig, body });
  }

  /** `{% break %}` / `{% continue %}`; whether a loop encloses it is checked when compiling. */
  parseLoopControl(at: Token): Node {
    return node(at.value === "break" ? "Break" : "Continue", at, {});
  }

  /** `{% do expr %}`: evaluate for the side effect, print nothing. */
  parseDo(at: Token): Node {
    return node("Do", at, { node: this.e.tuple() });
  }

  parseFilterBlock(at: Token): Node {
    const filter = this.e.filter(null, true);
    this.s.expect("block_end");
    const [body] = this.body(["endfilter"]);
    return node("FilterBlock", at, { filter, body });
  }
}

type Handler = (this: Parser, at: Token) => Node;

const STATEMENTS: Record<string, Handler> = {
  for: Parser.prototype.parseFor,
  if: Parser.prototype.parseIf,
  set: Parser.prototype.parseSet,
  with: Parser.prototype.parseWith,
  autoescape: Parser.prototype.parseAutoescape,
  block: Parser.prototype.parseBlock,
  extends: Parser.prototype.parseExtends,
  include: Parser.prototype.parseInclude,
  import: Parser.prototype.parseImport,
  from: Parser.prototype.parseFrom,
  macro: Parser.prototype.parseMacro,
  call: Parser.prototype.parseCall,
  filter: Parser.prototype.parseFilterBlock,
};

const EXTENSION_STATEMENTS: Record<ExtensionName, Record<string, Handler>> = {
  do: { do: Parser.prototype.parseDo },
  loopcontrols: {
    break: Parser.prototype.parseLoopControl,
    continue: Parser.prototype.parseLoopControl,
  },
};

function checkTarget(t: Node, s: TokenStream): void {
  if (t.type === "Name") t.ctx = "store";
  else if (t.type === "Tuple") {
    t.ctx = "store";
    for (const i of t.items) checkTarget(i, s);
  } else if (t.type !== "NSRef")
    s.fail(`can't assign to '${t.type}'`, { type: "op", value: "", line: t.line, col: t.col });
}
