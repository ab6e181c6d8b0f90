/**
 * Coded template errors. Every error the engine throws on purpose is a `TemplateError` (a
 * `FlagonError`) whose `code` is one of the constants below and whose `kind` names the Jinja2
 * exception class it stands for, so the differential suite can compare failures with Jinja2's.
 * `name`, `line` and `column` say where in which template it happened; the message ends with a
 * snippet of the source with a caret under the column.
 * @module
 */
import { FlagonError } from "../utils/index.ts";

/** The template source does not parse (or names an unknown filter or test). */
export const ERR_TEMPLATE_SYNTAX = "FLG_ERR_TEMPLATE_SYNTAX";
/** No loader has a template by that name; the message lists the places searched. */
export const ERR_TEMPLATE_NOT_FOUND = "FLG_ERR_TEMPLATE_NOT_FOUND";
/** An undefined value was used where a value is needed (attribute of undefined, strict mode). */
export const ERR_TEMPLATE_UNDEFINED = "FLG_ERR_TEMPLATE_UNDEFINED";
/** The sandbox refused an attribute (`constructor`, `__proto__` ...) or a call. */
export const ERR_TEMPLATE_SECURITY = "FLG_ERR_TEMPLATE_SECURITY";
/** A Python-semantics runtime failure: a TypeError, ZeroDivisionError, ValueError ... */
export const ERR_TEMPLATE_RUNTIME = "FLG_ERR_TEMPLATE_RUNTIME";

/** Jinja2's exception class names, as `kind`. */
export type TemplateErrorKind =
  | "TemplateSyntaxError"
  | "TemplateAssertionError"
  /** Python's own: Jinja2 raises it for `break`/`continue` outside a loop. */
  | "SyntaxError"
  | "TemplateNotFound"
  | "TemplatesNotFound"
  | "UndefinedError"
  | "SecurityError"
  | "TemplateRuntimeError"
  | "TypeError"
  | "ValueError"
  | "ZeroDivisionError"
  | "OverflowError"
  | "KeyError"
  | "AttributeError";

const CODE_OF: Record<TemplateErrorKind, string> = {
  TemplateSyntaxError: ERR_TEMPLATE_SYNTAX,
  TemplateAssertionError: ERR_TEMPLATE_SYNTAX,
  SyntaxError: ERR_TEMPLATE_SYNTAX,
  TemplateNotFound: ERR_TEMPLATE_NOT_FOUND,
  TemplatesNotFound: ERR_TEMPLATE_NOT_FOUND,
  UndefinedError: ERR_TEMPLATE_UNDEFINED,
  SecurityError: ERR_TEMPLATE_SECURITY,
  TemplateRuntimeError: ERR_TEMPLATE_RUNTIME,
  TypeError: ERR_TEMPLATE_RUNTIME,
  ValueError: ERR_TEMPLATE_RUNTIME,
  ZeroDivisionError: ERR_TEMPLATE_RUNTIME,
  OverflowError: ERR_TEMPLATE_RUNTIME,
  KeyError: ERR_TEMPLATE_RUNTIME,
  AttributeError: ERR_TEMPLATE_RUNTIME,
};

export class TemplateError extends FlagonError {
  readonly kind: TemplateErrorKind;
  /** The bare message, without location and snippet. */
  readonly detail: string;
  templateName: string | undefined;
  line: number | undefined;
  column: number | undefined;
  private located = false;

  constructor(kind: TemplateErrorKind, detail: string, options?: { cause?: unknown }) {
    super(CODE_OF[kind], detail, 500, options);
    this.name = "TemplateError";
    this.kind = kind;
    this.detail = detail;
  }

  /**
   * Attach a location once (the innermost template wins: an error in an included template keeps
   * that template's name) and rebuild the message with a source snippet.
   */
  locate(name: string | undefined, line: number, column: number, source?: string): this {
    if (this.located) return this;
    this.located = true;
    this.templateName = name;
    this.line = line;
    this.column = column;
    let msg = `${this.detail}\n  in template ${JSON.stringify(name ?? "<string>")}, line ${line}, column ${column}`;
    const text = source?.split("\n")[line - 1];
    if (text !== undefined) {
      const shown = text.length > 200 ? text.slice(0, 200) : text;
      msg += `\n    ${shown}\n    ${" ".repeat(Math.max(0, column - 1))}^`;
    }
    this.message = msg;
    return this;
  }
}

export function syntaxError(detail: string, line: number, column: number): TemplateError {
  const e = new TemplateError("TemplateSyntaxError", detail);
  e.line = line;
  e.column = column;
  return e;
}

export function assertionError(detail: string, line: number, column: number): TemplateError {
  const e = new TemplateError("TemplateAssertionError", detail);
  e.line = line;
  e.column = column;
  return e;
}

export function typeError(detail: string): TemplateError {
  return new TemplateError("TypeError", detail);
}

export function securityError(detail: string): TemplateError {
  return new TemplateError("SecurityError", detail);
}
