/**
 * Every string, array and record that a call or a workspace file brings has
 * a maximum, found by walking the real schemas; a call over one is refused
 * by dispatch as TOO_LARGE naming the field, before any handler runs, while
 * a number out of range stays an INVALID_INPUT.
 */
import { describe, expect, it } from 'vitest';
import { calls, type CallName } from '../../shared/ipc/schemas.js';
import { LIMITS } from '../../shared/limits.js';
import { ProfileFile, SecretsFile, WorkspaceFile } from '../../shared/workspace.js';
import { SessionFile } from '../../shared/session-file.js';
import { CallError } from '../../shared/ipc/api.js';
import { dispatch, type Handlers } from '../../electron/ipc/dispatch.js';

type Check = { _zod: { def: { check: string } } } | ((ctx: unknown) => void);
type Def = { type: string; checks?: Check[]; [k: string]: unknown };
const defOf = (s: unknown) => (s as { _zod: { def: Def } })._zod.def;

/** A max() on a string or array; on a record, the size check boundedRecord adds (a function, zod has none of its own). */
const hasMax = (def: Def) => (def.checks ?? []).some((c) => (def.type === 'record' ? true : typeof c !== 'function' && c._zod.def.check === 'max_length'));

/** Paths in the schema to strings, arrays or records without a maximum. */
function unbounded(schema: unknown, at: string): string[] {
  const def = defOf(schema);
  const inner = (s: unknown, sub = at) => unbounded(s, sub);
  const self = hasMax(def) ? [] : [at];
  switch (def.type) {
    case 'string':
      // a format (uuid) bounds the length by itself
      return def.format ? [] : self;
    case 'array':
      return [...self, ...inner(def.element, `${at}[]`)];
    case 'record':
      return [...self, ...inner(def.keyType, `${at}{key}`), ...inner(def.valueType, `${at}{}`)];
    case 'object':
      return Object.entries(def.shape as Record<string, unknown>).flatMap(([k, v]) => inner(v, `${at}.${k}`));
    case 'tuple':
      return (def.items as unknown[]).flatMap((v, i) => inner(v, `${at}[${i}]`));
    case 'union':
      return (def.options as unknown[]).flatMap((v, i) => inner(v, `${at}|${i}`));
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
      return inner(def.innerType);
    case 'pipe':
      return [...inner(def.in), ...inner(def.out)];
    case 'any':
    case 'unknown':
      return [at];
    default:
      return [];
  }
}

describe('limits in the schemas', () => {
  it('every string, array and record of every call input has a maximum', () => {
    const found = (Object.keys(calls) as CallName[]).flatMap((name) => unbounded(calls[name].input, name));
    expect(found).toEqual([]);
  });

  it('and so do the workspace files, which are read with the same schemas', () => {
    expect([...unbounded(ProfileFile, 'profile'), ...unbounded(WorkspaceFile, 'workspace'), ...unbounded(SecretsFile, 'secrets'), ...unbounded(SessionFile, 'session')]).toEqual([]);
  });

  it('the walk finds what it looks for', () => {
    const loose = { _zod: { def: { type: 'object', shape: { a: { _zod: { def: { type: 'string' } } } } } } };
    expect(unbounded(loose, 'x')).toEqual(['x.a']);
  });
});

describe('dispatch', () => {
  const handlers = new Proxy({}, { get: () => () => ({}) }) as Handlers;
  const refusal = async (name: string, input: unknown) => {
    const e = await dispatch(handlers, name, input).then(
      () => null,
      (x: unknown) => x,
    );
    expect(e, `${name} was accepted`).toBeInstanceOf(CallError);
    return e as CallError;
  };

  it('answers TOO_LARGE for a string, an array or a record over its maximum, naming the field', async () => {
    const cases: [string, unknown, string][] = [
      ['session.send', { sessionId: 's', kind: 'text', text: 'x'.repeat(LIMITS.bulk + 1) }, 'text'],
      ['session.open', { settings: { url: 'ws://h/', headers: Array.from({ length: LIMITS.headers + 1 }, () => ['a', 'b']) } }, 'settings.headers'],
      ['session.open', { settings: { url: `ws://h/${'p'.repeat(LIMITS.url)}` } }, 'settings.url'],
      ['workspace.open', { path: '/'.repeat(LIMITS.path + 1) }, 'path'],
      ['variables.resolve', { text: 'v'.repeat(LIMITS.value + 1) }, 'text'],
      [
        'workspace.saveEnvironments',
        { environments: [], activeEnvironment: null, secretValues: { dev: Object.fromEntries(Array.from({ length: LIMITS.entries + 1 }, (_, i) => [`k${i}`, 'v'])) } },
        'secretValues.dev',
      ],
      ['profiles.save', { profile: { name: 'p', settings: { url: 'ws://h/' }, variables: { a: 'v'.repeat(LIMITS.value + 1) } } }, 'profile.variables.a'],
    ];
    for (const [name, input, field] of cases) {
      const e = await refusal(name, input);
      expect(e.code, `${name} ${field}`).toBe('TOO_LARGE');
      expect(e.message, `${name} ${field}`).toContain(`${name}: ${field} `);
    }
  });

  it('names the oversized field even when another one is also wrong', async () => {
    const e = await refusal('session.send', { sessionId: 's', kind: 'utf16', text: 'x'.repeat(LIMITS.bulk + 1) });
    expect(e.code).toBe('TOO_LARGE');
    expect(e.message).toContain('session.send: text ');
  });

  it('keeps INVALID_INPUT for a number out of range', async () => {
    expect((await refusal('log.range', { sessionId: 's', from: 0, count: 5001 })).code).toBe('INVALID_INPUT');
    expect((await refusal('session.send', { sessionId: 's', kind: 'text', text: 'a', fragments: 10_001 })).code).toBe('INVALID_INPUT');
  });

  it('checks a hex payload of the largest size without overflowing the regexp stack', async () => {
    await expect(dispatch(handlers, 'session.send', { sessionId: 's', kind: 'binary', dataHex: 'ab'.repeat(LIMITS.bulk / 2) })).resolves.toEqual({});
  });
});
