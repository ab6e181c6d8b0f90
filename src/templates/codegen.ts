/**
 * The code generator: a parsed template to the source of a JS factory that returns the
 * template's `root` render function and one function per `{% block %}`. Every value operation
 * is a call into the runtime (`rt`), so Python semantics and the sandbox live in one place; the
 * generated code only does control flow, scoping (through `Frame`) and string building.
 * In async mode the functions are `async` and every value read is awaited.
 * @module
 */
import { type Node, namesRead, targetNames } from "./ast.ts";
import { type CodegenOptions, ExprCodegen } from "./codegen-expr.ts";
import { assertionError, syntaxError, TemplateError } from "./errors.ts";
import { assignedNames, Frame } from "./frame.ts";

export type { CodegenOptions };

/** JS source of `function (rt, $name, $src) { return { root, blocks } }`'s body. */
export function generate(tpl: Node, opts: CodegenOptions): string {
  return new Codegen(opts).template(tpl);
}

class Codegen extends ExprCodegen {
  private hasExtends = false;
  private inRoot = false;
  /** Loops enclosing the code being compiled, within the current function (break/continue). */
  private loopDepth = 0;
  /**
   * Line and column pairs of the statements and expressions, emitted once as `$P`: the code
   * keeps one index (`$l`) up to date instead of two numbers. Every store counts in an async
   * function, where these variables live in the suspended frame.
   */
  private readonly positions: number[] = [1, 1];
  private readonly positionIndex = new Map<string, number>();

  /** Wrap a function body: position vars, temporaries, error location. */
  private fnBody(compile: () => string, tail: string, prelude = ""): string {
    this.temps.push([]);
    // A function (macro, call block, block) starts outside any loop, as in Jinja2's Python.
    const depth = this.loopDepth;
    this.loopDepth = 0;
    const body = compile();
    this.loopDepth = depth;
    const temps = this.temps.pop()!;
    const decl = temps.length ? `let ${temps.join(", ")};` : "";
    // The error is rethrown after the `try`, not from the `catch`: in an async function a throw
    // inside the handler made every render measurably slower, even renders that never throw.
    return `let out = ""; let $l = 0, $ao, $ap, $ad, $w, $err = null; ${prelude}${decl}\ntry {\n${body}\n} catch (e) { $err = { e: rt.locate(e, $name, $src, $P[$l], $P[$l + 1]) }; }\nif ($err !== null) throw $err.e;\n${tail}`;
  }

  template(tpl: Node): string {
    const blocks = new Map<string, Node>();
    collectBlocks(tpl.body, blocks);
    this.hasExtends = hasExtends(tpl.body);
    const rootFrame = new Frame(null, true);
    this.inRoot = true;
    const root = this.fnBody(
      () =>
        `${this.body(tpl.body, rootFrame)}\nif ($parent !== null) out = $out0 + rt.raw(${this.aw("$parent.root(ctx)")});`,
      "return out;",
      'let $parent = null, $out0 = "";',
    );
    this.inRoot = false;
    const blockFns: string[] = [];
    for (const [name, b] of blocks) {
      this.blockName = name;
      const saved = this.autoescape;
      this.autoescape = b.autoescape ?? this.opts.autoescape;
      const frame = new Frame(null, false);
      const code = this.fnBody(() => {
        if (b.required) return `throw rt.requiredBlock(${JSON.stringify(name)});`;
        return this.frameDecls(b.body, frame, null) + this.body(b.body, frame);
      }, "return out;");
      this.autoescape = saved;
      blockFns.push(`${JSON.stringify(name)}: ${this.fn} (ctx, $bi) {\n${code}\n}`);
    }
    this.blockName = null;
    return `"use strict";\nconst $P = [${this.positions.join(", ")}];\nreturn {\nroot: ${this.fn} (ctx) {\n${root}\n},\nblocks: {\n${blockFns.join(",\n")}\n}\n};`;
  }

  /** `let` declarations for names a frame's body assigns, initialised from the enclosing scope. */
  private frameDecls(body: Node[], frame: Frame, outer: Frame | null): string {
    let code = "";
    for (const name of assignedNames(body)) {
      if (frame.names.has(name)) continue;
      const v = this.uid("l");
      code += `let ${v} = ${this.lookup(name, outer)};\n`;
      frame.names.set(name, v);
    }
    return code;
  }

  private pos(n: Node): string {
    const key = `${n.line}:${n.col}`;
    let i = this.positionIndex.get(key);
    if (i === undefined) {
      i = this.positions.length;
      this.positions.push(n.line, n.col);
      this.positionIndex.set(key, i);
    }
    return `$l = ${i};\n`;
  }

  private body(nodes: Node[], frame: Frame): string {
    return nodes.map((n) => this.stmt(n, frame)).join("");
  }

  /** Output-producing code; in a template that extends, the root discards it after `extends`. */
  private guarded(code: string): string {
    return this.inRoot && this.hasExtends ? `if ($parent === null) {\n${code}}\n` : code;
  }

  /**
   * Append a value to the output. `thenable`: the value's await was left out (`exprDeferred`);
   * the async printers (`EA`, `SA`, `PA`) return undefined for a thenable, which is then awaited
   * and printed, so the common string or number goes through one type dispatch only.
   */
  private print(valueCode: string, thenable = false): string {
    const ae = this.autoescape;
    const [fn, flag] = typeof ae === "string" ? ["P", `${ae}, `] : [ae ? "E" : "S", ""];
    if (!thenable) return `out += rt.${fn}(${flag}${valueCode});\n`;
    return `out += rt.${fn}A(${flag}$w = ${valueCode}) ?? rt.${fn}(${flag}await $w);\n`;
  }

  private stmt(n: Node, frame: Frame): string {
    switch (n.type) {
      case "Output": {
        let code = "";
        for (const x of n.nodes as Node[]) {
          if (x.type === "TemplateData") code += `out += ${JSON.stringify(x.data)};\n`;
          else code += this.pos(x) + this.print(...this.exprDeferred(x, frame));
        }
        return this.guarded(code);
      }
      case "If":
        return `${this.pos(n)}if (rt.T(${this.expr(n.test, frame)})) {\n${this.body(n.body, frame)}}${n.else_.length ? ` else {\n${this.body(n.else_, frame)}}` : ""}\n`;
      case "For":
        return this.forLoop(n, frame);
      case "Break":
      case "Continue": {
        const word = n.type === "Break" ? "break" : "continue";
        // Jinja2 leaves this to Python's compiler, which raises SyntaxError.
        if (this.loopDepth === 0) {
          const e = new TemplateError("SyntaxError", `'${word}' outside loop`);
          e.line = n.line;
          e.column = n.col;
          throw e;
        }
        return `${word};\n`;
      }
      case "Do":
        return this.guarded(`${this.pos(n)}${this.expr(n.node, frame)};\n`);
      case "Assign": {
        const v = this.tmp();
        return `${this.pos(n)}${v} = ${this.expr(n.node, frame)};\n${this.assign(n.target, v, frame)}`;
      }
      case "AssignBlock": {
        const save = this.tmp();
        const inner = new Frame(frame);
        let v = `rt.markupIf(${this.autoescape}, out)`;
        const res = this.tmp();
        const code = capture(
          `${this.pos(n)}${save} = out; out = "";\n`,
          `${this.frameDecls(n.body, inner, frame)}${this.body(n.body, inner)}`,
          `${res} = ${v};\n`,
          `out = ${save};\n`,
          hasLoopControl(n.body),
        );
        let after = "";
        if (n.filter) {
          v = this.filterChain(n.filter, res, frame);
          after += `${res} = ${v};\n`;
        }
        return code + after + this.assign(n.target, res, frame);
      }
      case "With": {
        const temps = (n.values as Node[]).map((x) => {
          const t = this.tmp();
          return [t, `${t} = ${this.expr(x, frame)};\n`] as const;
        });
        const inner = new Frame(frame);
        let code = this.pos(n) + temps.map(([, c]) => c).join("") + "{\n";
        (n.targets as Node[]).forEach((t, i) => {
          for (const name of targetNames(t))
            if (!inner.names.has(name)) inner.names.set(name, this.uid("l"));
          code += `let ${targetNames(t)
            .map((x) => inner.names.get(x))
            .join(", ")};\n`;
          code += this.assign(t, temps[i]![0], inner);
        });
        return `${code}${this.frameDecls(n.body, inner, frame)}${this.body(n.body, inner)}}\n`;
      }
      case "Autoescape": {
        const saved = this.autoescape;
        // A constant is resolved now; anything else is decided per render (Jinja2's volatile
        // eval context), through a runtime flag the output code consults.
        if (n.value.type === "Const") {
          this.autoescape = !!n.value.value;
          const code = this.body(n.body, frame);
          this.autoescape = saved;
          return code;
        }
        const flag = this.uid("$ae");
        const head = `${this.pos(n)}{\nconst ${flag} = rt.T(${this.expr(n.value, frame)});\n`;
        this.autoescape = flag;
        const code = this.body(n.body, frame);
        this.autoescape = saved;
        return `${head}${code}}\n`;
      }
      case "Macro": {
        const m = this.macro(frame, n.name, n.params, n.defaults, n.body);
        return this.pos(n) + this.assignName(n.name, m, frame, true);
      }
      case "CallBlock": {
        const caller = this.macro(frame, "caller", n.params, n.defaults, n.body);
        const call = this.callExpr(n.call, frame, caller);
        return this.guarded(this.pos(n) + this.print(call));
      }
      case "FilterBlock": {
        const save = this.tmp();
        const res = this.tmp();
        const inner = new Frame(frame);
        let code = capture(
          `${this.pos(n)}${save} = out; out = "";\n`,
          `${this.frameDecls(n.body, inner, frame)}${this.body(n.body, inner)}`,
          `${res} = rt.markupIf(${this.autoescape}, out);\n`,
          `out = ${save};\n`,
          hasLoopControl(n.body),
        );
        code += this.print(this.filterChain(n.filter, res, frame));
        return this.guarded(code);
      }
      case "Block": {
        const locals = n.scoped ? this.localsObject(frame) : "null";
        return this.guarded(
          `${this.pos(n)}out += rt.raw(${this.aw(`rt.renderBlock(ctx, ${JSON.stringify(n.name)}, ${locals})`)});\n`,
        );
      }
      case "Extends": {
        if (!this.inRoot)
          throw syntaxError(
            "extends is only allowed at the top level of a template",
            n.line,
            n.col,
          );
        return `${this.pos(n)}if ($parent !== null) throw rt.runtimeError("extended multiple times");\n$parent = ${this.aw(`rt.extend(ctx, ${this.expr(n.template, frame)})`)}; $out0 = out;\n`;
      }
      case "Include": {
        const locals = n.withContext ? this.localsObject(frame) : "null";
        const call = `rt.include(ctx, ${this.expr(n.template, frame)}, ${locals}, ${n.withContext}, ${n.ignoreMissing})`;
        return this.guarded(`${this.pos(n)}out += rt.raw(${this.aw(call)});\n`);
      }
      case "Import": {
        const mod = this.aw(
          `rt.importModule(ctx, ${this.expr(n.template, frame)}, ${n.withContext ? this.localsObject(frame) : "null"}, ${n.withContext})`,
        );
        return this.pos(n) + this.assignName(n.target, mod, frame, false);
      }
      case "FromImport": {
        const m = this.tmp();
        let code = `${this.pos(n)}${m} = ${this.aw(`rt.importModule(ctx, ${this.expr(n.template, frame)}, ${n.withContext ? this.localsObject(frame) : "null"}, ${n.withContext})`)};\n`;
        for (const [name, alias] of n.names as [string, string][]) {
          code += this.assignName(
            alias,
            `rt.moduleAttr(ctx, ${m}, ${JSON.stringify(name)})`,
            frame,
            false,
          );
        }
        return code;
      }
    }
    throw new TemplateError("TemplateSyntaxError", `internal: unknown statement ${n.type}`);
  }

  /** An object literal of every local in scope, for scoped blocks and includes. */
  private localsObject(frame: Frame): string {
    const pairs = [...frame.visible()].map(([k, v]) => `${JSON.stringify(k)}: ${v}`);
    return pairs.length ? `{ ${pairs.join(", ")} }` : "null";
  }

  private assignName(name: string, valueCode: string, frame: Frame, exported: boolean): string {
    if (frame.toplevel && frame.lookup(name) === undefined) {
      return `ctx.setVar(${JSON.stringify(name)}, ${valueCode}, ${exported});\n`;
    }
    const v = frame.lookup(name);
    if (v === undefined)
      throw new TemplateError("TemplateSyntaxError", `internal: ${name} not declared`);
    return `${v} = ${valueCode};\n`;
  }

  private assign(target: Node, valueCode: string, frame: Frame): string {
    if (target.type === "Name") return this.assignName(target.name, valueCode, frame, true);
    if (target.type === "NSRef") {
      return `rt.nsSet(${this.lookup(target.name, frame)}, ${JSON.stringify(target.attr)}, ${valueCode});\n`;
    }
    const t = this.tmp();
    let code = `${t} = rt.unpack(${valueCode}, ${target.items.length});\n`;
    (target.items as Node[]).forEach((item, i) => {
      code += this.assign(item, `${t}[${i}]`, frame);
    });
    return code;
  }

  private forLoop(n: Node, frame: Frame): string {
    const items = this.uid("$items");
    const loop = this.uid("$loop");
    const i = this.uid("$i");
    const loopFrame = new Frame(frame);
    const names = targetNames(n.target);
    for (const name of names) loopFrame.names.set(name, this.uid("l"));
    const decl = `let ${names.map((x) => loopFrame.names.get(x)).join(", ")};\n`;
    const bind = (src: string, f: Frame) => this.assign(n.target, src, f);
    const rec = n.recursive ? this.uid("$rec") : null;
    if (rec) this.temps.push([]);
    const iterOf = (code: string) => {
      if (!this.opts.async) return `rt.iterate(${code})`;
      // Only an async iterable makes iterateAsync return a promise; a list is used as is.
      return `(Array.isArray($w = rt.iterateAsync(${code})) ? $w : await $w)`;
    };
    let code = `let ${items} = ${iterOf(rec ? "$iter" : this.expr(n.iter, frame))};\n`;
    if (n.test) {
      const f = this.uid("$f");
      const x = this.uid("$x");
      const testFrame = new Frame(frame);
      for (const name of names) testFrame.names.set(name, loopFrame.names.get(name)!);
      code += `{ const ${f} = []; for (const ${x} of ${items}) { ${decl}${bind(x, testFrame)}if (rt.T(${this.expr(n.test, testFrame)})) ${f}.push(${x}); } ${items} = ${f}; }\n`;
    }
    const usesLoop = n.recursive || namesRead(n.body).has("loop");
    if (usesLoop) {
      loopFrame.names.set("loop", loop);
      code += `const ${loop} = new rt.LoopContext(${items}, ${rec ? "$depth" : "0"}, ${rec ?? "null"}, ctx.u);\n`;
    }
    // Jinja2 runs `else` when no iteration ran to its end: with break or continue in the body
    // that is not the same as "no items" (a break in the first iteration still runs it), so a
    // flag cleared at the end of each iteration decides, as in Jinja2's generated code.
    const elseFlag = n.else_.length && hasLoopControl(n.body) ? this.uid("$none") : null;
    if (elseFlag) code += `let ${elseFlag} = true;\n`;
    code += `for (let ${i} = 0; ${i} < ${items}.length; ${i}++) {\n`;
    if (usesLoop) code += `${loop}.index0 = ${i};\n`;
    code += decl + bind(`${items}[${i}]`, loopFrame);
    this.loopDepth++;
    code += this.frameDecls(n.body, loopFrame, frame) + this.body(n.body, loopFrame);
    this.loopDepth--;
    code += `${elseFlag ? `${elseFlag} = false;\n` : ""}}\n`;
    if (n.else_.length) {
      const elseFrame = new Frame(frame);
      code += `if (${elseFlag ?? `${items}.length === 0`}) {\n${this.frameDecls(n.else_, elseFrame, frame)}${this.body(n.else_, elseFrame)}}\n`;
    }
    if (!rec) return `${this.pos(n)}{\n${code}}\n`;
    const temps = this.temps.pop()!;
    const fn = `const ${rec} = ${this.fn} ($iter, $depth) { let out = "", $ao, $ap, $ad, $w; ${temps.length ? `let ${temps.join(", ")};` : ""}\n${code}return rt.markupIf(${this.autoescape}, out); };\n`;
    return `${this.pos(n)}{\n${fn}out += rt.raw(${this.aw(`${rec}(${this.expr(n.iter, frame)}, 0)`)});\n}\n`;
  }

  private macro(
    frame: Frame,
    name: string,
    params: string[],
    defaults: Node[],
    body: Node[],
  ): string {
    const read = namesRead(body);
    for (const d of defaults) namesRead(d, read);
    const spec = {
      name,
      params,
      catchVarargs: read.has("varargs"),
      catchKwargs: read.has("kwargs"),
      caller: read.has("caller"),
    };
    const mf = new Frame(frame);
    const saveRoot = this.inRoot;
    this.inRoot = false;
    const code = this.fnBody(() => {
      let c = "";
      const firstDefault = params.length - defaults.length;
      params.forEach((p, i) => {
        const v = this.uid("l");
        const dflt =
          i >= firstDefault
            ? this.expr(defaults[i - firstDefault]!, mf)
            : `ctx.u(${JSON.stringify(`parameter '${p}' was not provided`)})`;
        c += `let ${v} = $vals[${i}]; if (${v} === rt.MISSING) ${v} = ${dflt};\n`;
        mf.names.set(p, v);
      });
      if (spec.catchVarargs && !mf.names.has("varargs")) {
        mf.names.set("varargs", "$va");
        c += "$va = rt.tuple($va);\n";
      }
      if (spec.catchKwargs && !mf.names.has("kwargs")) mf.names.set("kwargs", "$kw");
      if (spec.caller && !mf.names.has("caller")) {
        mf.names.set("caller", "$caller");
        c += `if ($caller === undefined) $caller = ctx.u("No caller defined");\n`;
      }
      return c + this.frameDecls(body, mf, mf) + this.body(body, mf);
    }, `return rt.markupIf(${this.autoescape}, out);`);
    this.inRoot = saveRoot;
    return `new rt.Macro(${JSON.stringify(spec)}, ${this.fn} ($vals, $va, $kw, $caller) {\n${code}\n})`;
  }
}

function collectBlocks(nodes: unknown, into: Map<string, Node>, autoescape?: boolean): void {
  if (Array.isArray(nodes)) {
    for (const n of nodes) collectBlocks(n, into, autoescape);
    return;
  }
  if (!nodes || typeof nodes !== "object") return;
  const n = nodes as Node;
  if (typeof n.type !== "string") return;
  if (n.type === "Block") {
    if (into.has(n.name)) throw assertionError(`block '${n.name}' defined twice`, n.line, n.col);
    into.set(n.name, autoescape === undefined ? n : { ...n, autoescape });
  }
  const ae = n.type === "Autoescape" && n.value.type === "Const" ? !!n.value.value : autoescape;
  for (const k of Object.keys(n)) if (k !== "type") collectBlocks(n[k], into, ae);
}

function hasExtends(nodes: unknown): boolean {
  if (Array.isArray(nodes)) return nodes.some(hasExtends);
  if (!nodes || typeof nodes !== "object") return false;
  const n = nodes as Node;
  if (n.type === "Extends") return true;
  if (n.type === "Macro" || n.type === "Block" || n.type === "CallBlock") return false;
  return Object.keys(n).some((k) => k !== "type" && typeof n[k] === "object" && hasExtends(n[k]));
}

/** Whether `break` or `continue` appears anywhere under `nodes` (an over-approximation is fine). */
function hasLoopControl(nodes: unknown): boolean {
  if (Array.isArray(nodes)) return nodes.some(hasLoopControl);
  if (typeof nodes !== "object" || nodes === null) return false;
  const n = nodes as Node;
  if (n.type === "Break" || n.type === "Continue") return true;
  for (const k of Object.keys(n)) if (k !== "type" && hasLoopControl(n[k])) return true;
  return false;
}

/**
 * Code that renders `body` into a fresh `out` and restores the outer `out` afterwards (set and
 * filter blocks). When the body may `break` or `continue` out of an enclosing loop, the restore
 * sits in a `finally`, so the captured text is dropped and the page so far kept, as in Jinja2.
 */
function capture(
  open: string,
  body: string,
  take: string,
  restore: string,
  loopControl: boolean,
): string {
  return loopControl
    ? `${open}try {\n${body}${take}} finally {\n${restore}}\n`
    : `${open}{\n${body}}\n${take}${restore}`;
}
