// Makes any string safe inside a Mermaid sequenceDiagram message, note or participant alias.
// What Mermaid 11 treats specially there (sequenceDiagram.jison, mermaidAPI.ts, sequenceDb.ts):
// - `;` ends a statement and `#` starts an entity code: message text is lexed as [^#\n;]+;
// - `%%{ … }%%` anywhere in the text is a directive that changes the configuration (theme,
//   securityLevel…), `%%` a comment;
// - `<…>` and `&…;` reach the renderer as HTML;
// - a message text starting with `wrap:` / `nowrap:` is a wrapping instruction.
// Everything a capture can put in a label (HTTP targets, reasons, methods) goes through here: those
// characters become Mermaid entity codes (`#59;`), which Mermaid renders back as the character, and
// control characters (newlines included) become spaces, so nothing can end the line or the statement.

/** ASCII characters written as `#code;`. */
const SPECIAL = new Set(['#', ';', '%', '{', '}', '<', '>', '&', '"', '`', '\\']);

/** Invisible or direction-changing characters that would make the chart lie about its text. */
function isInvisible(c: number): boolean {
  return (
    (c >= 0x200b && c <= 0x200f) ||
    (c >= 0x2028 && c <= 0x202e) ||
    (c >= 0x2060 && c <= 0x206f) ||
    c === 0xfeff ||
    c === 0xad
  );
}

export function mermaidText(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) out += ' ';
    else if (c < 0x80 ? SPECIAL.has(ch) : isInvisible(c)) out += `#${c};`;
    else out += ch;
  }
  // A leading wrap:/nowrap: would be taken as an instruction and removed from the text.
  return out.replace(/^(\s*(?:no)?wrap):/i, '$1#58;');
}

/** At most `max` characters (code points) of `s`, with "…" when cut. */
export function clip(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}
