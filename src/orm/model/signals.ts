/**
 * Model signals: `preSave`, `postSave`, `preDelete`, `postDelete`. A receiver is connected for
 * one model (its `sender`) or for all, and is awaited in connection order, so a receiver that
 * throws stops the operation (inside a delete's transaction, rolling it back). Bulk `update()`
 * sends none, as in Django; `QuerySet.delete()` sends both delete signals for every row.
 * @module
 */
import type { Database } from "../db/index.ts";
import type { AnyModel } from "./model.ts";

export interface SignalArgs {
  readonly sender: AnyModel;
  readonly instance: Record<string, unknown>;
  readonly using: Database;
  /** postSave: the row was inserted (not updated). */
  readonly created?: boolean;
}

export type Receiver = (args: SignalArgs) => unknown;

export class Signal {
  readonly name: string;
  readonly #receivers: { fn: Receiver; sender: AnyModel | undefined }[] = [];
  constructor(name: string) {
    this.name = name;
  }

  /** Call `fn` for `sender`'s instances (every model's when no sender is given). */
  connect(fn: Receiver, options: { readonly sender?: AnyModel } = {}): void {
    this.#receivers.push({ fn, sender: options.sender });
  }

  /** Stop calling `fn`; returns whether it was connected. */
  disconnect(fn: Receiver): boolean {
    const i = this.#receivers.findIndex((r) => r.fn === fn);
    if (i >= 0) this.#receivers.splice(i, 1);
    return i >= 0;
  }

  /** Whether any receiver listens to `sender` (deletes skip fetching rows when none does). */
  hasReceivers(sender: AnyModel): boolean {
    return this.#receivers.some((r) => r.sender === undefined || r.sender === sender);
  }

  async send(args: SignalArgs): Promise<void> {
    for (const r of [...this.#receivers]) {
      if (r.sender === undefined || r.sender === args.sender) await r.fn(args);
    }
  }
}

export const preSave = new Signal("preSave");
export const postSave = new Signal("postSave");
export const preDelete = new Signal("preDelete");
export const postDelete = new Signal("postDelete");
