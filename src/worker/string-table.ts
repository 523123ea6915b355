// The strings of the flows and findings (HTTP methods, URLs, reason phrases, finding keys and
// context) as they cross to the page: all of them concatenated into one JS string with the end
// offset of each (repeated ones once). Structured clone copies one flat string like a byte array
// (a few ms for megabytes), where tens of thousands of small strings cost a deserialisation step
// each; the page cuts a string out with slice() only when it builds the object that holds it.
// Offsets count UTF-16 code units, so any string round-trips exactly (lone surrogates included).

export interface PackedStrings {
  text: string;
  /** ends[i] is one past the last code unit of string i; string i starts at ends[i - 1] (or 0). */
  ends: Uint32Array;
}

/** How many recently interned strings id() compares by identity before it asks the Map. */
const RECENT = 8;

/**
 * Collects strings while the worker packs its result; -1 stands for an absent string. id() interns
 * (one entry per distinct string), add() appends (for strings that rarely repeat, such as URLs).
 * Both are on the packing path of every HTTP message: id() first compares the string with the few
 * it returned last by reference, which needs no hashing and no read of the string (the HTTP parser
 * interns its methods, versions, reasons and header values, byte-interner.ts, so repeats are the
 * same string objects); only a miss costs a Map lookup.
 */
export class StringTableBuilder {
  private readonly ids = new Map<string, number>();
  private readonly parts: string[] = [];
  private readonly endList: number[] = [];
  private length = 0;
  private readonly recent: (string | undefined)[] = new Array(RECENT);
  private readonly recentIds = new Int32Array(RECENT);
  private next = 0;

  id(s: string | undefined): number {
    if (s === undefined) return -1;
    for (let k = 0; k < RECENT; k++) if (this.recent[k] === s) return this.recentIds[k] ?? -1;
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.add(s);
      this.ids.set(s, id);
    }
    this.recent[this.next] = s;
    this.recentIds[this.next] = id;
    this.next = (this.next + 1) % RECENT;
    return id;
  }

  add(s: string | undefined): number {
    if (s === undefined) return -1;
    this.parts.push(s);
    this.length += s.length;
    this.endList.push(this.length);
    return this.parts.length - 1;
  }

  finish(): PackedStrings {
    return { text: this.parts.join(''), ends: Uint32Array.from(this.endList) };
  }
}

/** String `id` of a packed table; `undefined` for -1. */
export function stringAt(t: PackedStrings, id: number): string | undefined {
  if (id < 0) return undefined;
  const end = t.ends[id];
  if (end === undefined) throw new RangeError(`no string ${id} in the table`);
  return t.text.slice(id === 0 ? 0 : (t.ends[id - 1] ?? 0), end);
}
