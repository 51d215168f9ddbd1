// `framescope run` as a user runs it in CI: scenario files in a folder, real
// servers started here (Debian's python3-websockets running a small chat
// protocol, and a `ws` server for binary, pings and a server that fails a
// crafted frame with 1002), the exit status, the three reporters (JUnit
// parsed and checked field by field), --var, --env and --workspace, --record,
// and scenario files that do not validate, named by file, line and field.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { XMLParser } from 'fast-xml-parser';
import { closedPort, ensureBuilt, killChildren, rawServer, ROOT, runCli, wsServer, type WsServer } from '../support/processes.js';
import { WorkspaceHarness } from '../support/workspace-harness.js';

const PYTHON = '/usr/bin/python3';
let chat: { child: ChildProcess; url: string };
let ws: WsServer;
let dir: string;

beforeAll(async () => {
  ensureBuilt();
  const child = spawn(PYTHON, [join(ROOT, 'test/support/python_chat_server.py')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the chat server exited (${code})`)));
  });
  chat = { child, url: `ws://127.0.0.1:${port}/` };
  // binary echo, text echo, pongs by ws itself; a reserved opcode fails the connection with 1002 (ws's own rule)
  ws = await wsServer({}, (socket) => socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary })));
  dir = mkdtempSync(join(tmpdir(), 'framescope-run-'));
}, 60_000);

afterAll(() => {
  chat?.child.kill();
  void ws?.close();
  killChildren();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

afterEach(() => killChildren());

let n = 0;
/** Writes scenario files into a fresh folder; returns it. */
function scenarios(files: Record<string, string>): string {
  const d = join(dir, `set-${++n}`);
  mkdirSync(d);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

const CHAT_OK = () => `
name: chat round trip
connect:
  url: ${chat.url}
vars:
  who: ada
steps:
  - expect: {handshake: {status: 101}}
  - send: {json: {type: join, name: "{{who}}"}}
  - expect: {json: {path: $.type, equals: joined}}
  - expect: {not: {contains: error}, within: 100}
  - send: {json: {type: message, text: "hello from {{who}}"}}
  - expect:
      json: {path: $.text, matches: "^hello from ada$"}
      contains: '"from": "ada"'
  - capture: {var: firstId, json: $.id}
  - send: {json: {type: message, text: "after {{firstId}}"}}
  - expect: {regex: 'after \\d+'}
  - send: not json
  - expect: {json: {path: $.code, equals: bad-json}}
  - send: {json: {type: version}}
  - send: {json: {type: nope}}
  - expect: {any: true, json: {path: $.type, equals: error}}
  - repeat:
      times: 3
      steps:
        - send: {json: {type: message, text: again}}
        - expect: {json: {path: $.text, equals: again}}
  - send: {json: {type: join, name: twice}}
  - expect: {close: {code: 4002, reason: already joined, initiator: server, wasClean: true}}
`;

describe('framescope run', () => {
  it('a passing scenario against python-websockets: every step ticks, exit 0', async () => {
    const d = scenarios({ 'chat.yaml': CHAT_OK() });
    const r = await runCli(['run', d]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const ticks = r.stdout.split('\n').filter((l) => /^\s+✓\s+\d+ /.test(l));
    expect(ticks.length).toBe(22);
    expect(r.stdout).toMatch(/✓ chat round trip/);
    expect(r.stdout).toMatch(/1 scenario: 1 passed, 0 failed/);
  }, 60_000);

  it('each kind of failure says what it expected and why, with the messages received last; exit 1', async () => {
    const base = (steps: string) => `connect: {url: "${chat.url}"}\nsteps:\n  - send: '{"type":"join","name":"bo"}'\n${steps}`;
    const d = scenarios({
      'a-equals.yaml': base(`  - expect: {equals: '{"type":"other"}'}\n`),
      'b-contains.yaml': base(`  - expect: {contains: nobody}\n`),
      'c-regex.yaml': base(`  - expect: {regex: '^x'}\n`),
      'd-hex.yaml': base(`  - expect: {hex: "00"}\n`),
      'e-json-equals.yaml': base(`  - expect: {json: {path: $.name, equals: al}}\n`),
      'f-json-matches.yaml': base(`  - expect: {json: {path: $.name, matches: '^z'}}\n`),
      'g-json-exists.yaml': base(`  - expect: {json: {path: $.missing, exists: true}}\n`),
      'h-not.yaml': base(`  - expect: {not: {contains: joined}, within: 2000}\n`),
      'i-timeout.yaml': base(`  - expect: {contains: joined}\n  - expect: {contains: never}\n    timeout: 300\n`),
      'j-count.yaml': base(`  - expect: {contains: joined, count: 2, within: 300}\n`),
      'k-pong.yaml': base(`  - ping: hi\n  - expect: {pong: ho}\n    timeout: 500\n`),
    });
    const r = await runCli(['run', d, '--reporter', 'ndjson']);
    expect(r.code, r.stderr).toBe(1);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const failed = lines.filter((l) => l.type === 'step' && !l.ok);
    const why = Object.fromEntries(failed.map((l) => [l.scenario, l.message]));
    expect(why['a-equals']).toMatch(/did not match: it is not equal to "\{\\"type\\":\\"other\\"\}"; it was "\{\\"type\\": \\"joined\\"/);
    expect(why['b-contains']).toMatch(/does not contain "nobody"/);
    expect(why['c-regex']).toMatch(/does not match \/\^x\//);
    expect(why['d-hex']).toMatch(/its bytes are not 00/);
    expect(why['e-json-equals']).toMatch(/\$\.name is "bo", not "al"/);
    expect(why['f-json-matches']).toMatch(/\$\.name is "bo", which does not match \/\^z\//);
    expect(why['g-json-exists']).toMatch(/\$\.missing is not in it/);
    expect(why['h-not']).toMatch(/matched: .*joined/);
    expect(why['i-timeout']).toMatch(/no message within 300 ms/);
    expect(why['j-count']).toMatch(/1 matching message within 300 ms/);
    expect(why['k-pong']).toMatch(/no pong with that payload within 500 ms \(pongs received: "hi"\)/);
    const ended = lines.filter((l) => l.type === 'scenario');
    expect(ended).toHaveLength(11);
    expect(ended.every((l) => l.ok === false && typeof l.ms === 'number' && l.file.startsWith(d))).toBe(true);

    // the human reporter shows the expectation and the messages received near the failure, with their seq
    const human = await runCli(['run', join(d, 'e-json-equals.yaml')]);
    expect(human.stdout).toMatch(/✗\s+2 expect/);
    expect(human.stdout).toMatch(/expected: a message JSON \$\.name = "al"/);
    expect(human.stdout).toMatch(/received last:\n\s+#\d+\s+\{"type": ?"joined"/);
  }, 90_000);

  it('binary (JSON sent as MessagePack and CBOR too), pings and a crafted frame the server fails with 1002, against ws; --bail stops at the first failure', async () => {
    const d = scenarios({
      '1-binary.yaml': `connect: {url: "${ws.url}"}\nsteps:\n  - send: {hex: "00 ff 10"}\n  - expect: {hex: 00ff10}\n  - send: {base64: AP8Q}\n  - expect: {hex: 00ff10}\n  - send: {text: "in three", fragments: 3}\n  - expect: {equals: in three}\n  - ping: hi\n  - expect: {pong: hi}\n  - send: {json: {n: 1}, codec: msgpack}\n  - expect: {hex: 81a16e01}\n  - send: {json: {n: 1}, codec: cbor}\n  - expect: {hex: a1616e01}\n`,
      '2-crafted.yaml': `connect: {url: "${ws.url}"}\nsteps:\n  - frame: {opcode: 3, payload: "01"}\n  - expect: {close: {code: 1002, initiator: server}}\n`,
      '3-fails.yaml': `connect: {url: "${ws.url}"}\nsteps:\n  - send: a\n  - expect: {equals: b}\n`,
      '4-never.yaml': `connect: {url: "${ws.url}"}\nsteps:\n  - send: a\n`,
    });
    const r = await runCli(['run', d, '--reporter', 'ndjson', '--bail']);
    expect(r.code).toBe(1);
    const ended = r.stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.type === 'scenario');
    expect(ended.map((l) => [l.name, l.ok])).toEqual([
      ['1-binary', true],
      ['2-crafted', true],
      ['3-fails', false],
    ]);
  }, 60_000);

  it('a frame step takes its bits as /frame writes them (0/1) or as booleans: a message crafted in two fragments, and one masked with a given key', async () => {
    const d = scenarios({
      'bits.yaml': `connect: {url: "${ws.url}"}\nsteps:\n  - frame: {opcode: 1, fin: 0, payload: "6869"}\n  - frame: {opcode: 0, fin: 1, mask: 1, key: 01020304, payload: "6a6b"}\n  - expect: {equals: hijk}\n  - frame: {opcode: 2, fin: true, rsv1: false, payload: "00ff"}\n  - expect: {hex: 00ff}\n`,
    });
    const r = await runCli(['run', d, '--reporter', 'ndjson']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const steps = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; action: string; ok: boolean }).filter((l) => l.type === 'step');
    expect(steps.map((l) => [l.action, l.ok])).toEqual([
      ['frame', true],
      ['frame', true],
      ['expect', true],
      ['frame', true],
      ['expect', true],
    ]);
  }, 60_000);

  it('JUnit XML: a testsuite per file, a testcase per scenario, failures with a message; --out writes it to a file', async () => {
    const d = scenarios({
      'ok.yaml': `name: passes\nconnect: {url: "${ws.url}"}\nsteps:\n  - send: x\n  - expect: {equals: x}\n`,
      'bad.yaml': `name: "fails <&> here"\nconnect: {url: "${ws.url}"}\nsteps:\n  - send: x\n  - expect: {equals: y}\n`,
    });
    const out = join(d, 'reports', 'junit.xml');
    const r = await runCli(['run', join(d, 'ok.yaml'), join(d, 'bad.yaml'), '--reporter', 'junit', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const xml = readFileSync(out, 'utf8');
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    const suites = doc.testsuites;
    expect(suites).toMatchObject({ tests: '2', failures: '1' });
    const list = suites.testsuite as { name: string; tests: string; failures: string; testcase: { name: string; time: string; failure?: { message: string } } }[];
    expect(list.map((s) => s.name)).toEqual([join(d, 'ok.yaml'), join(d, 'bad.yaml')]);
    expect(list[0]).toMatchObject({ tests: '1', failures: '0', testcase: { name: 'passes' } });
    expect(list[0].testcase.failure).toBeUndefined();
    expect(list[1].testcase.name).toBe('fails <&> here');
    expect(list[1].testcase.failure!.message).toMatch(/^step 2 expect: message \d+ did not match: it is not equal to "y"/);
    expect(Number(list[1].testcase.time)).toBeGreaterThanOrEqual(0);
  }, 60_000);

  it('a connection that does not open fails its scenario (exit 1) unless a step expects how it went; a JSON file is named without its extension', async () => {
    const refused = `ws://127.0.0.1:${await closedPort()}/`;
    const denied = await rawServer((socket) => socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 6\r\nConnection: close\r\n\r\ndenied'));
    try {
      const d = scenarios({
        'a-no-steps.yaml': `connect: {url: "${refused}"}\nsteps: []\n`,
        'b-wait.yaml': `connect: {url: "${refused}"}\nsteps:\n  - wait: 10\n  - expect: {not: {contains: x}, within: 10}\n`,
        'c-expects-403.json': JSON.stringify({ connect: { url: `ws://127.0.0.1:${denied.port}/` }, steps: [{ expect: { handshake: { status: 403 } } }, { expect: { close: { initiator: 'client', wasClean: false } } }] }),
      });
      const r = await runCli(['run', join(d, 'a-no-steps.yaml'), join(d, 'b-wait.yaml'), join(d, 'c-expects-403.json'), '--reporter', 'ndjson']);
      expect(r.code, r.stdout + r.stderr).toBe(1);
      const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; name?: string; scenario?: string; action?: string; ok: boolean; message?: string });
      expect(lines.filter((l) => l.type === 'scenario').map((l) => [l.name, l.ok])).toEqual([
        ['a-no-steps', false],
        ['b-wait', false],
        ['c-expects-403', true],
      ]);
      for (const name of ['a-no-steps', 'b-wait']) {
        const steps = lines.filter((l) => l.type === 'step' && l.scenario === name);
        expect(steps).toEqual([expect.objectContaining({ index: 1, action: 'connect', ok: false, message: expect.stringMatching(/did not open: WS_ERR_CONNECTION_REFUSED/) })]);
      }
      expect(lines.filter((l) => l.scenario === 'c-expects-403').map((l) => [l.action, l.ok])).toEqual([
        ['expect handshake', true],
        ['expect close', true],
      ]);
    } finally {
      await denied.close();
    }
  }, 60_000);

  it('a scenario file that does not validate: FILE:LINE: field: problem for each, before any connection, exit 2', async () => {
    const d = scenarios({
      'broken.yaml': `connect: {url: "${ws.url}"}\nsteps:\n  - send: hi\n  - expect:\n      json: {path: a.b, equals: 1}\n  - wait: soon\n  - explode: true\n`,
      'yaml.yaml': `steps: [\n`,
      'both.yaml': `profile: x\nconnect: {url: "${ws.url}"}\nsteps: []\n`,
    });
    const before = ws.wss.clients.size;
    const r = await runCli(['run', d]);
    expect(r.code).toBe(2);
    const file = (name: string) => join(d, name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(r.stderr).toMatch(new RegExp(`${file('broken.yaml')}:5: steps\\[1\\]\\.expect\\.json\\.path: a JSON path starts with \\$`));
    expect(r.stderr).toMatch(new RegExp(`${file('broken.yaml')}:6: steps\\[2\\]\\.wait: `));
    expect(r.stderr).toMatch(new RegExp(`${file('broken.yaml')}:7: steps\\[3\\]: a step needs an action`));
    expect(r.stderr).toMatch(new RegExp(`${file('yaml.yaml')}:\\d+: `));
    expect(r.stderr).toMatch(new RegExp(`${file('both.yaml')}:2: connect: give a profile`));
    expect(ws.wss.clients.size).toBe(before);
    expect((await runCli(['run'])).code).toBe(2);
    expect((await runCli(['run', d, '--reporter', 'xml'])).code).toBe(2);
  }, 60_000);

  it('a profile and an environment from the workspace, --var winning over them, and --record keeping the run', async () => {
    const data = mkdtempSync(join(dir, 'data-'));
    const h = new WorkspaceHarness({ dataDir: data });
    await h.call('workspace.saveEnvironments', {
      environments: [{ name: 'dev', variables: { host: new URL(ws.url).host, greeting: 'from env' }, secrets: ['token'] }],
      activeEnvironment: null,
      secretValues: { dev: { token: 't0k' } },
    });
    await h.call('profiles.save', { profile: { name: 'Echo', settings: { url: 'ws://{{host}}/', headers: [['X-Token', '{{token}}']] } } });
    const root = (await h.call('workspace.get', {})).workspace.path;
    await h.close();
    const d = scenarios({ 'p.yaml': `profile: Echo\nenvironment: dev\nsteps:\n  - send: "{{greeting}}"\n  - expect: {equals: "{{greeting}}"}\n  - send: "{{token}}"\n  - expect: {equals: t0k}\n` });
    const r = await runCli(['run', d, '--workspace', root, '--var', 'greeting=from var', '--record']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const recordings = readdirSync(join(root, 'recordings')).filter((f) => f.endsWith('.ndjson'));
    expect(recordings).toHaveLength(1);
    const log = readFileSync(join(root, 'recordings', recordings[0]), 'utf8');
    expect(log).toContain(Buffer.from('from var').toString('hex'));
    // the steps saw the secret (expect equals t0k passed); the recording shows its marker
    expect(log).toContain('["X-Token","{{token}}"]');
    expect(log).not.toContain('t0k');
    expect(JSON.parse(readFileSync(join(root, 'recordings', 'index.json'), 'utf8')).recordings[recordings[0].replace('.ndjson', '')]).toMatchObject({ source: 'scenario' });
    expect(existsSync(join(root, '.gitignore'))).toBe(true);

    // JSON sent as protobuf, its message type read from the workspace's .proto files
    mkdirSync(join(root, 'protos'), { recursive: true });
    writeFileSync(join(root, 'protos', 'market.proto'), 'syntax = "proto3";\npackage market;\nmessage Trade { string symbol = 1; uint32 qty = 2; }\n');
    const pb = scenarios({
      'a-trade.yaml': `connect: {url: "${ws.url}"}\nsteps:\n  - send: {json: {symbol: ab, qty: 3}, codec: protobuf, type: market.Trade}\n  - expect: {hex: 0a0261621003}\n`,
      'b-unknown.yaml': `connect: {url: "${ws.url}"}\nsteps:\n  - send: {json: {}, codec: protobuf, type: market.Quote}\n`,
    });
    const sent = await runCli(['run', pb, '--workspace', root, '--reporter', 'ndjson']);
    const results = sent.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; scenario?: string; ok: boolean; message?: string });
    expect(results.filter((l) => l.type === 'step').map((l) => [l.scenario, l.ok])).toEqual([
      ['a-trade', true],
      ['a-trade', true],
      ['b-unknown', false],
    ]);
    expect(results.find((l) => l.scenario === 'b-unknown')?.message).toMatch(/cannot send as protobuf: no protobuf message type market\.Quote in the workspace's \.proto files \(market\.proto\)/);
    const untyped = scenarios({ 'c-untyped.yaml': `connect: {url: "${ws.url}"}\nsteps:\n  - send: {json: {}, codec: protobuf}\n` });
    const refused = await runCli(['run', untyped, '--workspace', root]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/c-untyped\.yaml:3: steps\[0\]\.send\.type: protobuf needs its message type/);

    const missing = scenarios({ 'q.yaml': `profile: Nope\nsteps: []\n` });
    const m = await runCli(['run', missing, '--workspace', root]);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/q\.yaml:1: profile: no profile named "Nope"/);
  }, 60_000);
});

// the python chat server needs Debian's python3-websockets, as the other peer tests do
if (spawnSync(PYTHON, ['-c', 'import websockets']).status !== 0) console.warn('run.test.ts: python3-websockets is missing (apt-get install python3-websockets)');
