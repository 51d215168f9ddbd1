import { parseHex, toHex } from '../../../shared/hex';

export { parseHex, toHex };

export function textToHex(s: string): string {
  return toHex(new TextEncoder().encode(s));
}

export function hexToText(hex: string): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(parseHex(hex));
}

/** Whether the bytes are UTF-8 a person can read (no replacement characters, no controls but whitespace). */
export function isReadableText(hex: string): boolean {
  let s: string;
  try {
    s = new TextDecoder('utf-8', { fatal: true }).decode(parseHex(hex));
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  return !/[\u0000-\u0008\u000e-\u001f\u007f]/.test(s);
}

/** How a binary draft is written. */
export type BinaryFormat = 'hex' | 'base64';

export function base64ToHex(b64: string): string {
  const clean = b64.replace(/\s/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(clean)) throw new Error('invalid base64: unexpected character');
  let bin: string;
  try {
    bin = atob(clean.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    throw new Error('invalid base64: wrong length or padding');
  }
  let hex = '';
  for (let i = 0; i < bin.length; i++) hex += bin.charCodeAt(i).toString(16).padStart(2, '0');
  return hex;
}

export function hexToBase64(hex: string): string {
  const bytes = parseHex(hex);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
