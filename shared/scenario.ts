import { z } from 'zod';
import { BINARY_CODECS } from './codecs/codec-ids.js';
import { LIMITS } from './limits.js';

/**
 * The scenario file of `framescope run` (contracts section 4): YAML (JSON is
 * YAML too), validated on load, every problem named by file, line and
 * field. Matchers are data, never code: nothing in a scenario is evaluated.
 * Strings may hold {{variables}}, resolved when the step runs.
 */
const ms = z.number().int().positive().max(2 ** 31 - 1);
const hex = z.string().regex(/^\s*(0x)?([0-9a-fA-F]{2}[\s:]*)*$/, 'must be hex (pairs of 0-9, a-f)');

const regex = z.string().refine((r) => {
  try {
    new RegExp(r, 'u');
    return true;
  } catch {
    return false;
  }
}, 'not a regular expression (ECMAScript syntax)');

export const JsonCondition = z
  .strictObject({
    path: z.string().regex(/^\$/, 'a JSON path starts with $ (such as $.a.b[0])'),
    equals: z.unknown().optional(),
    matches: regex.optional(),
    exists: z.boolean().optional(),
  })
  .refine((j) => [j.equals !== undefined || 'equals' in j, j.matches !== undefined, j.exists !== undefined].filter(Boolean).length <= 1, 'give one of equals, matches or exists');

/** What a message must be: every key given must hold (`json` may list several conditions, all of which must hold). */
export const Matcher = z.strictObject({
  equals: z.string().optional(),
  contains: z.string().optional(),
  regex: regex.optional(),
  hex: hex.optional(),
  json: z.union([JsonCondition, z.array(JsonCondition).min(1)]).optional(),
});
export type Matcher = z.output<typeof Matcher>;
const MATCHER_KEYS = ['equals', 'contains', 'regex', 'hex', 'json'] as const;
const hasMatcher = (m: Record<string, unknown>) => MATCHER_KEYS.some((k) => m[k] !== undefined);

const ExpectMessage = Matcher.extend({
  /** the first match within `within` passes; others are skipped */
  any: z.boolean().optional(),
  within: ms.optional(),
  /** exactly this many matching messages within `within` (default: the timeout) */
  count: z.number().int().min(0).optional(),
}).refine(hasMatcher, 'an expect needs a matcher: equals, contains, regex, hex or json (or not, pong, close, handshake)');

/** Each kind of expectation, known by its key; a map with none of these keys is a message matcher. */
export const EXPECT_SCHEMAS = {
  not: z.strictObject({ not: Matcher.refine(hasMatcher, 'not needs a matcher'), within: ms.optional() }),
  pong: z.strictObject({ pong: z.string().nullable() }),
  close: z.strictObject({
    close: z.strictObject({
      code: z.number().int().nullable().optional(),
      reason: z.string().optional(),
      initiator: z.enum(['client', 'server', 'none']).optional(),
      wasClean: z.boolean().optional(),
    }),
  }),
  handshake: z.strictObject({
    handshake: z.strictObject({
      status: z.number().int().optional(),
      headers: z.record(z.string(), z.string()).optional(),
      subprotocol: z.string().optional(),
      extensions: z.string().optional(),
    }),
  }),
  message: ExpectMessage,
};

/** The schema for an expectation, chosen by its key, so a problem is named against the right one. */
export function expectationSchema(value: unknown): z.ZodType {
  const keys = value && typeof value === 'object' ? Object.keys(value) : [];
  for (const k of ['not', 'pong', 'close', 'handshake'] as const) if (keys.includes(k)) return EXPECT_SCHEMAS[k];
  return EXPECT_SCHEMAS.message;
}

export const Expectation = z.union([EXPECT_SCHEMAS.not, EXPECT_SCHEMAS.pong, EXPECT_SCHEMAS.close, EXPECT_SCHEMAS.handshake, EXPECT_SCHEMAS.message]);
export type Expectation = z.output<typeof Expectation>;

const fragments = z.number().int().min(1).max(10_000);

export const SendBody = z.union([
  z.string(),
  z.strictObject({ text: z.string(), fragments: fragments.optional() }),
  /**
   * with codec, the value goes out as one binary message in MessagePack, CBOR
   * or protobuf (markers such as {"$int": "..."} write what JSON lacks);
   * protobuf names its message `type`, read from the workspace's .proto files
   */
  z
    .strictObject({ json: z.unknown(), codec: z.enum(BINARY_CODECS).optional(), type: z.string().min(1).max(LIMITS.name).optional(), fragments: fragments.optional() })
    .refine((b) => b.codec !== 'protobuf' || b.type !== undefined, { message: 'protobuf needs its message type (type: package.Message)', path: ['type'] })
    .refine((b) => b.type === undefined || b.codec === 'protobuf', { message: 'type names a protobuf message: it goes with codec: protobuf', path: ['type'] }),
  z.strictObject({ hex, fragments: fragments.optional() }),
  z.strictObject({ base64: z.string().regex(/^[A-Za-z0-9+/_=\s-]*$/, 'must be base64'), fragments: fragments.optional() }),
  z.strictObject({ file: z.string().min(1), fragments: fragments.optional() }),
]);

/** A header bit of a crafted frame: true/false, or 0/1 as `/frame` writes it (the contract says the frame step is "as /frame"). */
const bit = z.union([z.boolean(), z.literal(0), z.literal(1)], 'must be true or false (or 1 or 0)').transform((v) => v === true || v === 1);

export const FrameStep = z.strictObject({
  opcode: z.number().int().min(0).max(15),
  fin: bit.optional(),
  rsv1: bit.optional(),
  rsv2: bit.optional(),
  rsv3: bit.optional(),
  mask: bit.optional(),
  key: z.string().regex(/^[0-9a-fA-F]{8}$/, 'must be 8 hex digits').optional(),
  payload: hex.optional(),
});

const common = { name: z.string().optional(), timeout: ms.optional() };

export type Step =
  | { send: z.output<typeof SendBody>; fragments?: number; name?: string; timeout?: number }
  | { expect: Expectation; name?: string; timeout?: number }
  | { capture: { var: string; json?: string; regex?: string }; name?: string; timeout?: number }
  | { ping: string | null; name?: string; timeout?: number }
  | { pong: string | null; name?: string; timeout?: number }
  | { wait: number; name?: string; timeout?: number }
  | { frame: z.output<typeof FrameStep>; name?: string; timeout?: number }
  | { close: { code?: number; reason?: string }; name?: string; timeout?: number }
  | { repeat: { times: number; steps: Step[] }; name?: string; timeout?: number };

/**
 * Each kind of step, known by its action key (exactly one per step). A
 * repeat's steps are checked one by one (checkStep), like the top level's.
 */
export const STEP_SCHEMAS = {
  send: z.strictObject({ send: SendBody, fragments: fragments.optional(), ...common }),
  expect: z.strictObject({ expect: z.unknown(), ...common }),
  capture: z.strictObject({
    capture: z
      .strictObject({ var: z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'must be a variable name'), json: z.string().optional(), regex: z.string().optional() })
      .refine((c) => (c.json === undefined) !== (c.regex === undefined), 'give json or regex, one of them'),
    ...common,
  }),
  ping: z.strictObject({ ping: z.string().nullable(), ...common }),
  pong: z.strictObject({ pong: z.string().nullable(), ...common }),
  wait: z.strictObject({ wait: z.number().int().min(0).max(2 ** 31 - 1), ...common }),
  frame: z.strictObject({ frame: FrameStep, ...common }),
  close: z.strictObject({ close: z.strictObject({ code: z.number().int().optional(), reason: z.string().optional() }), ...common }),
  repeat: z.strictObject({ repeat: z.strictObject({ times: z.number().int().min(0).max(1_000_000), steps: z.array(z.unknown()).min(1) }), ...common }),
};
export type StepAction = keyof typeof STEP_SCHEMAS;
export const STEP_ACTIONS = Object.keys(STEP_SCHEMAS) as StepAction[];

export interface StepIssue {
  path: (string | number)[];
  message: string;
}

/** Checks one step (and a repeat's steps, and an expectation by its kind); the problems found, with their paths. */
export function checkStep(step: unknown, path: (string | number)[]): StepIssue[] {
  if (!step || typeof step !== 'object' || Array.isArray(step)) return [{ path, message: `a step is a map with one action (${STEP_ACTIONS.join(', ')})` }];
  const actions = STEP_ACTIONS.filter((a) => Object.hasOwn(step, a));
  if (actions.length !== 1) {
    return [{ path, message: actions.length ? `a step has one action, this one has ${actions.join(' and ')}` : `a step needs an action: ${STEP_ACTIONS.join(', ')}` }];
  }
  const action = actions[0];
  const issues: StepIssue[] = zodIssues(STEP_SCHEMAS[action].safeParse(step), path);
  const value = (step as Record<string, unknown>)[action];
  if (action === 'expect') issues.push(...zodIssues(expectationSchema(value).safeParse(value), [...path, 'expect']));
  if (action === 'repeat' && !issues.length) (value as { steps: unknown[] }).steps.forEach((s, i) => issues.push(...checkStep(s, [...path, 'repeat', 'steps', i])));
  return issues;
}

function zodIssues(r: { success: boolean; error?: z.ZodError }, path: (string | number)[]): StepIssue[] {
  return r.success ? [] : issuesOf(r.error!.issues).map((i) => ({ path: [...path, ...i.path], message: i.message }));
}

/** zod's issues as problems with paths; a key that does not belong is named at its own place. */
export function issuesOf(issues: z.core.$ZodIssue[]): StepIssue[] {
  return issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((k) => ({ path: [...(i.path as (string | number)[]), k], message: 'not a field here' }))
      : [{ path: i.path as (string | number)[], message: i.message }],
  );
}

/** For the published JSON Schema and the editor's completion: every kind of step, repeats nested. */
export const Step: z.ZodType<Step> = z.lazy(() =>
  z.union([
    STEP_SCHEMAS.send,
    z.strictObject({ expect: Expectation, ...common }),
    STEP_SCHEMAS.capture,
    STEP_SCHEMAS.ping,
    STEP_SCHEMAS.pong,
    STEP_SCHEMAS.wait,
    STEP_SCHEMAS.frame,
    STEP_SCHEMAS.close,
    z.strictObject({ repeat: z.strictObject({ times: z.number().int().min(0), steps: z.array(Step).min(1) }), ...common }),
  ]),
);

const ScenarioFields = {
  name: z.string().optional(),
  profile: z.string().optional(),
  connect: z
    .strictObject({
      url: z.string().min(1),
      headers: z.record(z.string(), z.string()).optional(),
      subprotocols: z.array(z.string()).optional(),
      origin: z.string().optional(),
      deflate: z.boolean().optional(),
      insecure: z.boolean().optional(),
    })
    .optional(),
  environment: z.string().optional(),
  vars: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  timeout: ms.optional(),
};
const oneConnection = { message: 'give a profile (by name) or connect settings (with a url), one of them', path: ['connect'] };

/** The top level as loading checks it: steps are checked one by one (checkStep), so each problem names its step. */
export const ScenarioTop = z.strictObject({ ...ScenarioFields, steps: z.array(z.unknown()) }).refine((s) => (s.profile === undefined) !== (s.connect === undefined), oneConnection);

/** The whole file, for the published JSON Schema. */
export const ScenarioFile = z.strictObject({ ...ScenarioFields, steps: z.array(Step) }).refine((s) => (s.profile === undefined) !== (s.connect === undefined), oneConnection);
export type ScenarioFile = Omit<z.output<typeof ScenarioFile>, 'steps'> & { steps: Step[] };

export const DEFAULT_STEP_TIMEOUT = 5000;
