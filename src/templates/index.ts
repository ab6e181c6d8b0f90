/**
 * `flagon/templates`: a Jinja2-compatible template engine compiled to JavaScript functions.
 * Everything public is listed here; files are private otherwise.
 * @module
 */
export {
  ERR_TEMPLATE_NOT_FOUND,
  ERR_TEMPLATE_RUNTIME,
  ERR_TEMPLATE_SECURITY,
  ERR_TEMPLATE_SYNTAX,
  ERR_TEMPLATE_UNDEFINED,
  TemplateError,
  type TemplateErrorKind,
} from "./errors.ts";
export { Environment, type EnvironmentOptions, selectAutoescape } from "./environment.ts";
export { EXTENSIONS, type ExtensionName } from "./parser.ts";
export {
  ChoiceLoader,
  DictLoader,
  FileSystemLoader,
  PackageLoader,
  type Loader,
  type TemplateSource,
} from "./loaders.ts";
export { escapeText as escape, isMarkup, Markup } from "./markup.ts";
export { PyFunction } from "./py-function.ts";
export type { Template } from "./template.ts";
export { StrictUndefined, Undefined } from "./undefined.ts";
export {
  AppTemplates,
  type ContextProcessor,
  type TemplatesOptions,
  useTemplates,
} from "./use-templates.ts";
export { PyFloat, tuple } from "./values.ts";
