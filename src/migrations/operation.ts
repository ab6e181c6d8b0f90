/**
 * What every migration operation does: change the project state (`apply`), give the steps that
 * bring the database from the state before to the state after (`forwards`) and back
 * (`backwards`), and spell itself as TypeScript for the writer (`toCode`). Steps are SQL text
 * (so `sqlmigrate` prints exactly what runs) or, for data migrations, code.
 * @module
 */
import type { AnyModel, Database, Dialect, ModelMeta } from "../orm/index.ts";
import { ERR_MIGRATIONS_STATE, migrationsError } from "./errors.ts";
import { type ProjectState, toModels } from "./state.ts";

/** What a `RunCode` function receives: the database and the models as they were then. */
export interface RunCodeContext {
  readonly db: Database;
  /** A historical model by label (`"shop.Book"`), built from the state at this point. */
  model(label: string): AnyModel;
}

export type CodeStep = (ctx: RunCodeContext) => unknown;
export type Step = string | { readonly code: CodeStep; readonly label: string };

/** The two states around one operation, with their historical models built on demand. */
export class StepContext {
  readonly from: ProjectState;
  readonly to: ProjectState;
  readonly dialect: Dialect;
  #fromModels: Map<string, AnyModel> | undefined;
  #toModels: Map<string, AnyModel> | undefined;

  constructor(from: ProjectState, to: ProjectState, dialect: Dialect) {
    this.from = from;
    this.to = to;
    this.dialect = dialect;
  }

  /** The same operation seen backwards: the states swap. */
  reversed(): StepContext {
    return new StepContext(this.to, this.from, this.dialect);
  }

  fromMeta(label: string): ModelMeta {
    this.#fromModels ??= toModels(this.from);
    return metaOf(this.#fromModels, label);
  }

  toMeta(label: string): ModelMeta {
    this.#toModels ??= toModels(this.to);
    return metaOf(this.#toModels, label);
  }
}

function metaOf(models: Map<string, AnyModel>, label: string): ModelMeta {
  const m = models.get(label);
  if (m === undefined) throw migrationsError(ERR_MIGRATIONS_STATE, `No model "${label}" in state`);
  return m.meta;
}

export interface Operation {
  /** `createModel`, `addField`, ...: the builder's name, used by the writer. */
  readonly type: string;
  /** One line for `showmigrations --plan` and `sqlmigrate` comments. */
  describe(): string;
  /** A short snake_case fragment for automatic migration names (`book_pages`). */
  fragment(): string;
  /** The state after this operation; `state` itself is left untouched. */
  apply(state: ProjectState): ProjectState;
  forwards(ctx: StepContext): Step[];
  backwards(ctx: StepContext): Step[];
  /** The builder call that recreates this operation, e.g. `op.addField(...)`. */
  toCode(indent: string): string;
}

export function lower(label: string): string {
  return label.slice(label.indexOf(".") + 1).toLowerCase();
}
