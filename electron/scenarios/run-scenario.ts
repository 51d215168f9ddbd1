import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConnectSettings } from '../../shared/connect-settings.js';
import { parseHex } from '../../shared/hex.js';
import { lookupJsonPath, parseJsonPath } from '../../shared/json-path.js';
import { DEFAULT_STEP_TIMEOUT, type Expectation, type Step } from '../../shared/scenario.js';
import type { StepResult } from '../../shared/step-result.js';
import { layeredLookup, substitute } from '../../shared/variables.js';
import { CommandError } from '../protocol/client.js';
import { connectOptionsOf } from '../net/connect-options-of.js';
import { readNamedTlsFiles } from '../files/certificate-files.js';
import { secretMask } from '../log/secret-mask.js';
import type { OpenWorkspace } from '../workspace/open-workspace.js';
import type { EventLog } from '../capture/event-log.js';
import { compileMatcher, describeMatcher, type Received } from './matcher.js';
import { ownConnection, RunCancelled, ScenarioConnection, type OpenConnection } from './scenario-connection.js';
import { CallError } from '../../shared/ipc/api.js';
import { encodeValue } from '../codecs/encode-json.js';
import { toDecoded } from '../../shared/codecs/decoded.js';
import type { BinaryCodec } from '../../shared/codecs/codec-ids.js';
import { ProtoFiles } from '../workspace/proto-files.js';
import type { LoadedScenario } from './load-scenario.js';

export type { StepResult };

export interface ScenarioResult {
  name: string;
  file: string;
  ok: boolean;
  ms: number;
  steps: StepResult[];
  /** the run's recording, with --record */
  recording?: string;
}

export interface RunOptions {
  /** --var: wins over every other source */
  vars: Record<string, string>;
  workspace: OpenWorkspace | null;
  /** --env, unless the scenario names its environment */
  environment?: string;
  /** --record: a log for this run, its file in the workspace's recordings */
  record?: (s: LoadedScenario) => Promise<{ log: EventLog; id: string }>;
  /** where the connection comes from: by default one of the run's own (the app opens a tab's session) */
  open?: OpenConnection;
  /** ends the run: the step in progress fails as cancelled, and the connection closes */
  signal?: AbortSignal;
  onStep(r: StepResult): void;
}

class StepFailed extends Error {
  constructor(
    message: string,
    readonly expected?: string,
    /** the message the failure is about */
    readonly seq?: number,
  ) {
    super(message);
  }
}

/**
 * Runs one scenario to its end or its first failing step, against a real
 * connection: each step's {{variables}} resolved as it starts (from --var,
 * captures, the scenario's vars, the environment and the profile), its time
 * limit its own or the scenario's. A scenario still open after its last step
 * closes with 1000.
 */
export async function runScenario(loaded: LoadedScenario, o: RunOptions): Promise<ScenarioResult> {
  const started = performance.now();
  const { scenario } = loaded;
  const result: ScenarioResult = { name: loaded.name, file: loaded.file, ok: true, ms: 0, steps: [] };
  const captures: Record<string, string> = {};
  const ws = o.workspace;
  const environment = scenario.environment ?? o.environment;
  const profile = scenario.profile !== undefined ? ws?.profileNamed(scenario.profile) : undefined;
  const layers = [o.vars, captures, stringValues(scenario.vars ?? {}), ...(ws ? ws.variableLayers(profile?.id, environment) : [])];
  const lookup = () => layeredLookup(layers);
  const resolve = (text: string): string => {
    const r = substitute(text, lookup());
    if (r.missing.length) throw new StepFailed(`no value for ${r.missing.map((m) => `{{${m}}}`).join(', ')} (from --var, captures, vars or the environment)`);
    return r.text;
  };
  const timeoutOf = (step: Step) => step.timeout ?? scenario.timeout ?? DEFAULT_STEP_TIMEOUT;
  let index = 0;
  let c: ScenarioConnection | null = null;
  let lastMatched: Received | null = null;
  /** the workspace's .proto files, read when a step first sends protobuf */
  let protos: ProtoFiles | undefined;
  const report = (r: Omit<StepResult, 'scenario' | 'index'>) => {
    const full = { scenario: loaded.name, index: ++index, ...r };
    result.steps.push(full);
    o.onStep(full);
    if (!r.ok) result.ok = false;
  };

  const recorded = o.record ? await o.record(loaded) : null;
  if (recorded) result.recording = recorded.id;
  try {
    // a recording shows the workspace's secrets as their markers; the steps see what came
    const mask = recorded && ws ? secretMask(ws.secretValues()) : null;
    c = await ScenarioConnection.open(await connectOptions(), o.open ?? ownConnection(recorded?.log ?? null, mask));
    const conn: ScenarioConnection = c;
    o.signal?.addEventListener('abort', () => conn.cancel(), { once: true });
    if (o.signal?.aborted) conn.cancel();
    await c.until(() => (conn.opened || conn.closed ? true : undefined), 2 ** 31 - 1);
    // A connection that never opened fails the scenario (contracts section 4), unless its
    // steps ask how it went: a scenario may expect a refused upgrade or a failed handshake.
    if (!conn.opened && !scenario.steps.some(asksHowItWent)) {
      report({ action: 'connect', ok: false, ms: performance.now() - started, message: `the connection did not open${conn.error ? `: ${conn.error}` : ''}` });
    }
  } catch (e) {
    report({ action: 'connect', ok: false, ms: performance.now() - started, message: (e as Error).message });
  }

  async function connectOptions() {
    const base = profile ? profile.settings : scenario.connect ? { url: scenario.connect.url, headers: Object.entries(scenario.connect.headers ?? {}), subprotocols: scenario.connect.subprotocols ?? [], origin: scenario.connect.origin, deflate: scenario.connect.deflate, insecure: scenario.connect.insecure } : null;
    if (!base) throw new Error(ws ? `no profile named "${scenario.profile}" in the workspace` : `the profile "${scenario.profile}" needs a workspace (--workspace)`);
    if (environment !== undefined && ws && !ws.hasEnvironment(environment)) throw new Error(`no environment named "${environment}" in the workspace`);
    const s = ConnectSettings.parse(base);
    const settings = { ...s, url: resolve(s.url), headers: s.headers.map(([n, v]) => [resolve(n), resolve(v)] as [string, string]), subprotocols: s.subprotocols.map(resolve), origin: s.origin === undefined ? undefined : resolve(s.origin) };
    return connectOptionsOf(settings, await readNamedTlsFiles(s));
  }

  /** A send step's value in its codec (protobuf: as its message type, from the workspace's .proto files); a value the codec cannot write fails the step, saying why. */
  async function encodeStep(codec: BinaryCodec, value: unknown, messageType: string | undefined): Promise<Uint8Array> {
    if (codec === 'protobuf') {
      if (!ws) throw new StepFailed('cannot send as protobuf: no workspace holds the .proto files (run with --workspace)');
      protos ??= new ProtoFiles(() => Promise.resolve(ws.root));
    }
    try {
      return await encodeValue(codec, toDecoded(value), messageType, protos);
    } catch (e) {
      if (e instanceof CallError) throw new StepFailed(`cannot send as ${codec}: ${e.message}`);
      throw e;
    }
  }

  async function run(steps: Step[]): Promise<boolean> {
    for (const step of steps) {
      const t0 = performance.now();
      const action = Object.keys(step).find((k) => k !== 'name' && k !== 'timeout')!;
      try {
        if ('repeat' in step) {
          for (let i = 0; i < step.repeat.times; i++) if (!(await run(step.repeat.steps))) return false;
          continue;
        }
        if (c!.cancelled) throw new RunCancelled();
        const matched = await one(step);
        report({ action: describe(step), name: step.name, ok: true, ms: performance.now() - t0, ...(matched ? { seq: matched.seq } : {}) });
      } catch (e) {
        const failed = e instanceof StepFailed || e instanceof CommandError || e instanceof RunCancelled ? e.message : `internal error: ${(e as Error).message}`;
        report({
          action: describe(step) || action,
          name: step.name,
          ok: false,
          ms: performance.now() - t0,
          message: failed,
          ...(e instanceof StepFailed && e.expected ? { expected: e.expected } : {}),
          ...(e instanceof StepFailed && e.seq !== undefined ? { seq: e.seq } : {}),
          near: c!.recent.map((m) => ({ seq: m.seq, payload: m.text ?? m.bytes.toString('hex') })),
        });
        return false;
      }
    }
    return true;
  }

  /** Runs one step; an expect answers the message it matched. */
  async function one(step: Exclude<Step, { repeat: unknown }>): Promise<Received | undefined> {
    const conn = c!;
    const limit = timeoutOf(step);
    const open = () => {
      if (!conn.opened) throw new StepFailed(`the connection did not open${conn.error ? `: ${conn.error}` : ''}`);
    };
    if ('send' in step) {
      open();
      const body = step.send;
      const fragments = step.fragments ?? (typeof body === 'object' ? body.fragments : undefined) ?? 1;
      if (typeof body === 'string') conn.conn.sendText(resolve(body), fragments);
      else if ('text' in body) conn.conn.sendText(resolve(body.text), fragments);
      else if ('json' in body && body.codec) conn.conn.sendBinary(await encodeStep(body.codec, resolveDeep(body.json, resolve), body.type && resolve(body.type)), fragments);
      else if ('json' in body) conn.conn.sendText(JSON.stringify(resolveDeep(body.json, resolve)), fragments);
      else if ('hex' in body) conn.conn.sendBinary(parseHex(resolve(body.hex)), fragments);
      else if ('base64' in body) conn.conn.sendBinary(Buffer.from(resolve(body.base64), 'base64'), fragments);
      else conn.conn.sendBinary(await readFile(path.resolve(path.dirname(loaded.file), resolve(body.file))), fragments);
      await conn.conn.whenWritable();
    } else if ('expect' in step) {
      const matched = await expect(conn, resolveDeep(step.expect, resolve) as Expectation, limit);
      lastMatched = matched ?? lastMatched;
      return matched;
    } else if ('capture' in step) {
      if (!lastMatched) throw new StepFailed('nothing to capture from: no expect has matched a message yet');
      captures[step.capture.var] = capture(lastMatched, step.capture);
    } else if ('ping' in step) {
      open();
      conn.conn.ping(Buffer.from(resolve(step.ping ?? '')));
    } else if ('pong' in step) {
      open();
      conn.conn.pong(Buffer.from(resolve(step.pong ?? '')));
    } else if ('wait' in step) {
      // a wait that a cancel can end
      await conn.until(() => undefined, step.wait);
    } else if ('frame' in step) {
      const f = step.frame;
      conn.conn.sendFrame({ opcode: f.opcode, fin: f.fin, rsv1: f.rsv1, rsv2: f.rsv2, rsv3: f.rsv3, mask: f.mask, maskKey: f.key ? parseHex(f.key) : undefined, payload: parseHex(resolve(f.payload ?? '')) });
    } else if ('close' in step) {
      open();
      conn.conn.close(step.close.code ?? null, resolve(step.close.reason ?? ''));
    }
    return undefined;
  }

  if (c && (result.steps.length === 0 || result.ok)) await run(scenario.steps);
  if (c) {
    // a scenario that ends open closes normally; one that failed is closed too
    if (c.conn.state === 'open') c.conn.close(1000, '');
    if (!c.closed && c.conn.state !== 'closed') await c.until(() => c.closed ?? undefined, 10_000, true);
    if (c.conn.state !== 'closed') c.conn.destroy();
  }
  await recorded?.log.end();
  result.ms = performance.now() - started;
  return result;

  async function expect(conn: ScenarioConnection, e: Expectation, limit: number): Promise<Received | undefined> {
    if ('handshake' in e) {
      const h = conn.handshake;
      if (!h) throw new StepFailed(`no handshake answer came${conn.error ? `: ${conn.error}` : ''}`);
      const w = e.handshake;
      if (w.status !== undefined && h.status !== w.status) throw new StepFailed(`the status was ${h.status}`, `status ${w.status}`);
      for (const [name, value] of Object.entries(w.headers ?? {})) {
        const got = h.headers.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
        if (!got.includes(value)) throw new StepFailed(got.length ? `${name} was ${got.map((g) => JSON.stringify(g)).join(', ')}` : `there was no ${name} header`, `${name}: ${value}`);
      }
      if (w.subprotocol !== undefined && h.protocol !== w.subprotocol) throw new StepFailed(`the subprotocol was ${JSON.stringify(h.protocol)}`, `subprotocol ${JSON.stringify(w.subprotocol)}`);
      if (w.extensions !== undefined && h.extensions !== w.extensions) throw new StepFailed(`the extensions were ${JSON.stringify(h.extensions)}`, `extensions ${JSON.stringify(w.extensions)}`);
      return undefined;
    }
    if ('close' in e) {
      const closed = await conn.until(() => conn.closed ?? undefined, limit);
      const w = e.close;
      const wanted = `a close${w.code !== undefined ? ` with code ${w.code}` : ''}${w.reason !== undefined ? ` reason ${JSON.stringify(w.reason)}` : ''}${w.initiator ? ` by the ${w.initiator}` : ''}${w.wasClean !== undefined ? (w.wasClean ? ', clean' : ', not clean') : ''}`;
      if (!closed) throw new StepFailed(`the connection did not close within ${limit} ms`, wanted);
      const diff = [
        w.code !== undefined && closed.code !== w.code ? `code ${closed.code}` : '',
        w.reason !== undefined && closed.reason !== w.reason ? `reason ${JSON.stringify(closed.reason)}` : '',
        w.initiator !== undefined && closed.initiator !== w.initiator ? `closed by ${closed.initiator === 'none' ? 'neither side (the TCP connection ended)' : `the ${closed.initiator}`}` : '',
        w.wasClean !== undefined && closed.wasClean !== w.wasClean ? (closed.wasClean ? 'clean' : 'not clean') : '',
      ].filter(Boolean);
      if (diff.length) throw new StepFailed(`it closed with ${diff.join(', ')}`, wanted);
      return undefined;
    }
    if ('pong' in e) {
      const want = e.pong;
      const wanted = want === null ? 'a pong' : `a pong with ${JSON.stringify(want)}`;
      const found = await conn.until(() => {
        const i = conn.pongs.findIndex((p) => want === null || p.payload.toString('utf8') === want);
        return i < 0 ? undefined : conn.pongs.splice(0, i + 1).at(-1);
      }, limit);
      if (!found) throw new StepFailed(`no pong${want === null ? '' : ` with that payload`} within ${limit} ms${conn.pongs.length ? ` (pongs received: ${conn.pongs.map((p) => JSON.stringify(p.payload.toString('utf8'))).join(', ')})` : ''}`, wanted);
      return undefined;
    }
    if ('not' in e) {
      const test = compileMatcher(e.not);
      const within = e.within ?? limit;
      // messages not yet looked at count too; none is consumed
      const hit = await conn.until(() => conn.queue.find((m) => test(m) === null), within);
      if (hit) throw new StepFailed(`message ${hit.seq} matched: ${preview(hit)}`, `no ${describeMatcher(e.not)} within ${within} ms`, hit.seq);
      return undefined;
    }
    const test = compileMatcher(e);
    const wanted = describeMatcher(e);
    // a closed connection brings no more messages: waiting out the limit would only hide why
    const gone = () => (conn.closed && !conn.queue.length ? true : undefined);
    if (gone()) throw new StepFailed(`the connection is closed${conn.error ? ` (${conn.error})` : ''}, and no message is left to match`, wanted);
    if (e.count !== undefined) {
      const within = e.within ?? limit;
      const matched: Received[] = [];
      const deadline = performance.now() + within;
      // every message that arrives in the window is looked at; only matches count
      await conn.until(() => {
        while (conn.queue.length) {
          const m = conn.queue.shift()!;
          if (test(m) === null) matched.push(m);
        }
        return matched.length > e.count! ? true : undefined;
      }, Math.max(0, deadline - performance.now()));
      if (matched.length !== e.count) throw new StepFailed(`${matched.length} matching message${matched.length === 1 ? '' : 's'} within ${within} ms`, `${e.count} × ${wanted}`);
      return matched.at(-1);
    }
    if (e.any) {
      const within = e.within ?? limit;
      const found = await conn.until(() => {
        while (conn.queue.length) {
          const m = conn.queue.shift()!;
          if (test(m) === null) return m;
        }
        return gone() && null;
      }, within);
      if (!found) throw new StepFailed(found === null ? 'the connection closed before a message matched' : `no message matched within ${within} ms`, wanted);
      return found;
    }
    const next = await conn.until(() => conn.queue.shift() ?? (gone() && null), limit);
    if (!next) throw new StepFailed(next === null ? 'the connection closed before a message came' : `no message within ${limit} ms`, wanted);
    const why = test(next);
    if (why) throw new StepFailed(`message ${next.seq} did not match: ${why}; it was ${preview(next)}`, wanted, next.seq);
    return next;
  }
}

function capture(m: Received, c: { var: string; json?: string; regex?: string }): string {
  const text = m.text ?? m.bytes.toString('utf8');
  if (c.json !== undefined) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new StepFailed(`the message matched last (${m.seq}) is not JSON`, undefined, m.seq);
    }
    const hit = lookupJsonPath(value, parseJsonPath(c.json));
    if (!hit.found) throw new StepFailed(`${c.json} is not in message ${m.seq}`, undefined, m.seq);
    return typeof hit.value === 'string' ? hit.value : JSON.stringify(hit.value);
  }
  const match = new RegExp(c.regex!, 'u').exec(text);
  if (!match) throw new StepFailed(`/${c.regex}/ does not match message ${m.seq}`, undefined, m.seq);
  return match[1] ?? match[0];
}

/** An `expect: {handshake}` or `expect: {close}`, here or in a repeat: a step about how the connection went. */
function asksHowItWent(step: Step): boolean {
  if ('repeat' in step) return step.repeat.steps.some(asksHowItWent);
  return 'expect' in step && ('handshake' in step.expect || 'close' in step.expect);
}

/** A step's action as a report names it: "send", "expect", "expect close", ... */
function describe(step: Step): string {
  if ('expect' in step) {
    const e = step.expect as Record<string, unknown>;
    const kind = ['not', 'pong', 'close', 'handshake'].find((k) => k in e);
    return kind ? `expect ${kind}` : 'expect';
  }
  return Object.keys(step).find((k) => k !== 'name' && k !== 'timeout') ?? '';
}

/** Every string inside a value with its {{variables}} resolved (a JSON body, an expectation). */
function resolveDeep(value: unknown, resolve: (s: string) => string): unknown {
  if (typeof value === 'string') return resolve(value);
  if (Array.isArray(value)) return value.map((v) => resolveDeep(v, resolve));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveDeep(v, resolve)]));
  return value;
}

function stringValues(vars: Record<string, string | number | boolean>): Record<string, string> {
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, String(v)]));
}

function preview(m: Received): string {
  const s = m.text !== null ? JSON.stringify(m.text) : m.bytes.toString('hex');
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}


