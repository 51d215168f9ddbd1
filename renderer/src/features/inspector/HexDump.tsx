import { parseHex } from '../../lib/bytes';

const MAX_BYTES = 64 * 1024;

/** Offset, 16 bytes in hex, and their printable ASCII, like xxd. */
export function HexDump({ hex, label }: { hex: string; label: string }) {
  const bytes = parseHex(hex.slice(0, MAX_BYTES * 2));
  const lines: string[] = [];
  for (let off = 0; off < bytes.length; off += 16) {
    const row = bytes.subarray(off, off + 16);
    const hexPart = Array.from(row, (b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${off.toString(16).padStart(8, '0')}  ${hexPart.padEnd(47)}  ${ascii}`);
  }
  return (
    <pre className="hexdump" aria-label={label} tabIndex={0}>
      {lines.join('\n') || '(empty)'}
      {hex.length > MAX_BYTES * 2 ? `\n… ${hex.length / 2 - MAX_BYTES} more bytes` : ''}
    </pre>
  );
}
