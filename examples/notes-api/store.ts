/**
 * Notes kept in memory, in a Map. Enough for the example and its tests; the ORM replaces it later
 * without the routes changing shape.
 * @module
 */

export interface Note {
  id: number;
  title: string;
  body: string;
  tags: string[];
  createdAt: string;
  updatedAt: string;
}

/** The fields a client may send. */
export interface NoteInput {
  title: string;
  body: string;
  tags: string[];
}

export class NoteStore {
  readonly #notes = new Map<number, Note>();
  // Ids are never reused, so a deleted note's URL stays a 404 instead of showing another note.
  #nextId = 1;

  list(filter: { tags?: readonly string[] } = {}): Note[] {
    const tags = filter.tags ?? [];
    return [...this.#notes.values()].filter((n) => tags.every((t) => n.tags.includes(t)));
  }

  get(id: number): Note | undefined {
    return this.#notes.get(id);
  }

  create(input: NoteInput): Note {
    const now = new Date().toISOString();
    const note: Note = { id: this.#nextId++, ...input, createdAt: now, updatedAt: now };
    this.#notes.set(note.id, note);
    return note;
  }

  /** Apply `changes`; `undefined` when there is no such note. */
  update(id: number, changes: Partial<NoteInput>): Note | undefined {
    const note = this.#notes.get(id);
    if (note === undefined) return undefined;
    const updated: Note = { ...note, ...changes, updatedAt: new Date().toISOString() };
    this.#notes.set(id, updated);
    return updated;
  }

  delete(id: number): boolean {
    return this.#notes.delete(id);
  }
}
