/**
 * Python's `str.format` and format-spec mini-language (`{}`, `{0}`, `{name}`, `{x.attr}`,
 * `{:>10}`, `{:.2f}`, `{:,}`, `{:05d}`), used by `'...'.format()` and the `format` filter's
 * sibling `%` operator lives in operators.ts.
 * @module
 */
import { typeError } from "./errors.ts";
import { pyFixed } from "./py-round.ts";
import { pyRepr, pyStr } from "./py-str.ts";
import { isFloat, isNumber, num } from "./values.ts";

const SPEC = /^(?:(.)?([<>=^]))?([-+ ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/s;

export function formatSpec(v: unknown, spec: string): string {
  const m = SPEC.exec(spec);
  if (!m) throw typeError(`Invalid format specifier '${spec}'`);
  const [, fillCh, alignCh, signCh, , zero, widthS, group, precS, typeCh] = m;
  const prec = precS === undefined ? undefined : Number(precS);
  let body: string;
  let sign = "";
  const numeric = isNumber(v) && typeof v !== "boolean";
  if (numeric || (typeCh && typeCh !== "s")) {
    if (!isNumber(v)) throw typeError(`Unknown format code '${typeCh}' for object of type 'str'`);
    const x = num(v);
    sign = x < 0 || Object.is(x, -0) ? "-" : signCh === "+" ? "+" : signCh === " " ? " " : "";
    const ax = Math.abs(x);
    const t = typeCh ?? (isFloat(v) && prec !== undefined ? "g" : "");
    switch (t) {
      case "f":
      case "F":
        body = pyFixed(ax, prec ?? 6);
        break;
      case "%":
        body = `${pyFixed(ax * 100, prec ?? 6)}%`;
        break;
      case "e":
      case "E": {
        const [mm, e] = ax.toExponential(prec ?? 6).split("e") as [string, string];
        body = `${mm}e${Number(e) < 0 ? "-" : "+"}${String(Math.abs(Number(e))).padStart(2, "0")}`;
        if (t === "E") body = body.toUpperCase();
        break;
      }
      case "x":
        body = Math.trunc(ax).toString(16);
        break;
      case "X":
        body = Math.trunc(ax).toString(16).toUpperCase();
        break;
      case "o":
        body = Math.trunc(ax).toString(8);
        break;
      case "b":
        body = Math.trunc(ax).toString(2);
        break;
      case "d":
      case "n":
        body = String(Math.trunc(ax));
        break;
      case "g":
      case "G": {
        const p = prec === 0 ? 1 : (prec ?? 6);
        const exp = ax === 0 ? 0 : Math.floor(Math.log10(ax));
        body =
          exp < -4 || exp >= p ? ax.toExponential(p - 1) : ax.toFixed(Math.max(0, p - 1 - exp));
        body = body.replace(/\.?0+(?=e|$)/, "").replace(/e([+-])(\d)$/, "e$10$2");
        break;
      }
      default:
        body = pyStr(ax);
    }
    if (group) {
      const [ip, fp] = body.split(".") as [string, string | undefined];
      body = ip.replace(/\B(?=(\d{3})+(?!\d))/g, group) + (fp === undefined ? "" : `.${fp}`);
    }
  } else {
    body = pyStr(v);
    if (prec !== undefined) body = [...body].slice(0, prec).join("");
  }
  const width = widthS === undefined ? 0 : Number(widthS);
  const fill = fillCh ?? (zero && !alignCh ? "0" : " ");
  const align = alignCh ?? (zero ? "=" : numeric ? ">" : "<");
  const len = [...(sign + body)].length;
  if (len >= width) return sign + body;
  const pad = width - len;
  if (align === "<") return sign + body + fill.repeat(pad);
  if (align === ">") return fill.repeat(pad) + sign + body;
  if (align === "=") return sign + fill.repeat(pad) + body;
  const left = Math.floor(pad / 2);
  return fill.repeat(left) + sign + body + fill.repeat(pad - left);
}

/** `'{} {name}'.format(*args, **kwargs)`; `field` lookups go through `getField` (sandboxed). */
export function strFormat(
  fmt: string,
  args: unknown[],
  kwargs: Map<string, unknown>,
  getField: (obj: unknown, name: string) => unknown,
): string {
  let auto = 0;
  return fmt.replace(
    /\{\{|\}\}|\{([^{}!:]*)(?:!([rsa]))?(?::([^{}]*))?\}/g,
    (m, field: string | undefined, conv, spec) => {
      if (m === "{{") return "{";
      if (m === "}}") return "}";
      const [head, ...rest] = (field ?? "").split(".");
      let v: unknown;
      if (head === "" || head === undefined) {
        if (auto >= args.length) throw new Error("Replacement index out of range");
        v = args[auto++];
      } else if (/^\d+$/.test(head)) v = args[Number(head)];
      else {
        if (!kwargs.has(head)) throw typeError(`KeyError: '${head}'`);
        v = kwargs.get(head);
      }
      for (const r of rest) v = getField(v, r);
      if (conv === "r" || conv === "a") v = pyRepr(v);
      else if (conv === "s") v = pyStr(v);
      return spec ? formatSpec(v, spec) : pyStr(v);
    },
  );
}
