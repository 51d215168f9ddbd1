/**
 * `{{name}}` substitution, shared so the renderer can preview what the main
 * process will send. Plain text only: a name is looked up in plain maps and
 * never evaluated, so `{{constructor.constructor('return process')()}}` is
 * just an unknown name (the template-engine bug of insomnia #4670 cannot
 * happen here). One pass: a value that itself holds `{{...}}` is not expanded.
 */

/** `{{ name }}`: anything but braces between the double braces, spaces around it ignored; `{{ }}` is no name. */
const PLACEHOLDER = /\{\{\s*([^{}\s][^{}]*?)\s*\}\}/g;

/** Sources of the built-in dynamic values, injectable for tests. */
export interface DynamicSource {
  now(): Date;
  uuid(): string;
  /** an integer from 0 to 1000 */
  randomInt(): number;
}

export const realDynamicSource: DynamicSource = {
  now: () => new Date(),
  uuid: () => globalThis.crypto.randomUUID(),
  randomInt: () => Math.floor(Math.random() * 1001),
};

export const BUILTIN_VARIABLES = ['$timestamp', '$isoTimestamp', '$uuid', '$randomInt'] as const;

export type Lookup = (name: string) => string | undefined;

export interface Substituted {
  text: string;
  /** names with no value, each once, in order of first use; they stay written as they were */
  missing: string[];
}

export function substitute(text: string, lookup: Lookup): Substituted {
  const missing = new Set<string>();
  // a replacer function, so `$&` and friends in a value are inserted literally
  const out = text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = lookup(name);
    if (value === undefined) missing.add(name);
    return value ?? whole;
  });
  return { text: out, missing: [...missing] };
}

/**
 * Looks a name up in the built-ins (names starting with `$`), then in each
 * layer in turn. Own properties only: `{{constructor}}` or `{{__proto__}}`
 * must not find Object's. One clock reading per lookup, so every
 * `{{$timestamp}}` of one resolution agrees.
 */
export function layeredLookup(layers: Record<string, string>[], dynamic: DynamicSource = realDynamicSource): Lookup {
  const now = dynamic.now();
  return (name) => {
    switch (name) {
      case '$timestamp':
        return String(Math.floor(now.getTime() / 1000));
      case '$isoTimestamp':
        return now.toISOString();
      case '$uuid':
        return dynamic.uuid();
      case '$randomInt':
        return String(dynamic.randomInt());
    }
    for (const layer of layers) if (Object.hasOwn(layer, name)) return layer[name];
    return undefined;
  };
}
