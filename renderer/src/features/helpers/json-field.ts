import type { Decoded } from '../../../../shared/codecs/decoded';

/** A JSON field of a helper composer: its value, undefined when empty, or the problem with it, named. */
export function readJson(label: string, text: string): { value?: Decoded } | { error: string } {
  if (!text.trim()) return {};
  try {
    return { value: JSON.parse(text) as Decoded };
  } catch (e) {
    return { error: `${label}: not JSON (${(e as Error).message})` };
  }
}
