import { base64ToHex, parseHex, toHex, type BinaryFormat } from '../../lib/bytes';

/** The bytes a binary draft stands for, or the problem with it. */
export function draftToHex(draft: string, format: BinaryFormat): { hex: string } | { error: string } {
  try {
    return { hex: format === 'hex' ? toHex(parseHex(draft)) : base64ToHex(draft) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Whether a text draft is JSON, and where it breaks if it looks like JSON but is not. */
export function jsonProblem(draft: string): string | null {
  const t = draft.trim();
  if (!t || (t[0] !== '{' && t[0] !== '[')) return null;
  try {
    JSON.parse(t);
    return null;
  } catch (e) {
    return `not valid JSON: ${(e as Error).message}`;
  }
}
