// Payload bytes for the packet details: as escaped text (printable ASCII as is, CR/LF/TAB as \r \n
// \t, everything else as \xHH, a line break after each \n so an HTTP head reads as lines) and as a
// classic hex dump. Rendered as text by React, never as HTML: capture bytes are untrusted.

export function escapeBytes(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) {
    if (b === 0x0d) s += '\\r';
    else if (b === 0x0a) s += '\\n\n';
    else if (b === 0x09) s += '\\t';
    else if (b === 0x5c) s += '\\\\';
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return s;
}

/** 16 bytes a line: offset, hex in two groups of 8, printable ASCII (others as "."). */
export function hexDump(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let at = 0; at < bytes.length; at += 16) {
    const row = bytes.subarray(at, at + 16);
    const hex = Array.from(row, (b) => b.toString(16).padStart(2, '0'));
    const left = hex.slice(0, 8).join(' ');
    const right = hex.slice(8).join(' ');
    const ascii = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${at.toString(16).padStart(4, '0')}  ${`${left}  ${right}`.padEnd(49)} ${ascii}`);
  }
  return lines.join('\n');
}
