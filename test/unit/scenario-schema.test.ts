// The scenario file format: the published JSON Schema is the one the loader
// validates with (regenerate it with FRAMESCOPE_WRITE_SCHEMA=1 when the
// format changes), it accepts contracts section 4's own example, and the
// loader names every problem by file, line and field.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { scenarioJsonSchema, SCENARIO_SCHEMA_FILE } from '../../electron/scenarios/json-schema.js';
import { parseScenario } from '../../electron/scenarios/load-scenario.js';
import { ROOT } from '../support/processes.js';

const EXAMPLE = `name: login and chat
connect:
  url: wss://chat.example.com/ws?token={{token}}
  headers: {X-Client: framescope}
  subprotocols: [chat.v2]
vars: {room: lobby}
timeout: 3000
steps:
  - send: {json: {type: join, room: "{{room}}"}}
  - expect: {json: {path: $.type, equals: joined}}
  - capture: {var: member, json: $.member.id}
  - send: hello
    fragments: 2
  - expect: {contains: hello, any: true, within: 2000}
  - expect: {not: {contains: error}, within: 500}
  - ping: beat
  - expect: {pong: beat}
  - frame: {opcode: 1, fin: false, mask: true, key: "01020304", payload: "6869"}
  - repeat: {times: 2, steps: [{send: {hex: "00 01"}}, {expect: {hex: "0001"}}]}
  - wait: 100
  - close: {code: 1000, reason: bye}
  - expect: {close: {code: 1000, initiator: client, wasClean: true}}
`;

describe('scenario files', () => {
  it("the published JSON Schema is the loader's own, and the contract's example passes both", () => {
    const generated = scenarioJsonSchema();
    const file = join(ROOT, SCENARIO_SCHEMA_FILE);
    if (process.env.FRAMESCOPE_WRITE_SCHEMA) writeFileSync(file, JSON.stringify(generated, null, 2) + '\n');
    expect(JSON.parse(readFileSync(file, 'utf8')), `${SCENARIO_SCHEMA_FILE} is out of date: run FRAMESCOPE_WRITE_SCHEMA=1 npx vitest run test/unit/scenario-schema.test.ts`).toEqual(generated);
    const validate = new Ajv2020.default({ strict: false }).compile(generated);
    expect(validate(parse(EXAMPLE)), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(parse('connect: {url: ws://h/}\nsteps: [{explode: 1}]'))).toBe(false);
    expect(parseScenario('example.yaml', EXAMPLE)).toMatchObject({ name: 'login and chat' });
    // without a name, the file's name without its extension, whichever it is (JSON is YAML too)
    expect(parseScenario('dir/chat.v2.json', '{"connect": {"url": "ws://h/"}, "steps": []}')).toMatchObject({ name: 'chat.v2' });
    // unquoted, YAML reads hex digits as a number: the loader keeps the digits as written
    const unquoted = parseScenario('u.yaml', 'connect: {url: "ws://h/"}\nsteps:\n  - send: {hex: 0001}\n  - frame: {opcode: 2, key: 01020304, payload: 0010}\n  - send: 42\n');
    expect(unquoted).toMatchObject({ scenario: { steps: [{ send: { hex: '0001' } }, { frame: { key: '01020304', payload: '0010' } }, { send: '42' }] } });
    // a frame's bits as /frame writes them, 0 or 1, or as booleans
    const bits = parseScenario('b.yaml', 'connect: {url: "ws://h/"}\nsteps:\n  - frame: {opcode: 1, fin: 0, rsv2: 1, mask: false}\n  - frame: {opcode: 1, fin: 2}\n');
    expect(bits).toEqual([expect.stringMatching(/^b\.yaml:4: steps\[1\]\.frame\.fin: must be true or false \(or 1 or 0\)/)]);
    const ok = parseScenario('b.yaml', 'connect: {url: "ws://h/"}\nsteps:\n  - frame: {opcode: 1, fin: 0, rsv2: 1, mask: false}\n');
    expect(ok).toMatchObject({ scenario: { steps: [{ frame: { opcode: 1, fin: false, rsv2: true, mask: false } }] } });
  });

  it('names each problem by file, line and field', () => {
    const problems = parseScenario(
      's.yaml',
      ['connect:', '  url: ws://h/', '  headers: {X: 1}', 'steps:', '  - send: {text: 5}', '  - expect: {regex: "("}', '  - capture: {var: x}', '  - repeat:', '      times: 2', '      steps:', '        - wait: -1', 'extra: true', ''].join('\n'),
    ) as string[];
    // a header value YAML reads as a number is the text written; the stray key is named where it is
    expect(problems).toEqual(['s.yaml:12: extra: not a field here']);
    const steps = parseScenario('s.yaml', ['connect: {url: "ws://h/"}', 'steps:', '  - send: {text: [5]}', '  - expect: {regex: "("}', '  - capture: {var: x}', '  - repeat:', '      times: 2', '      steps:', '        - wait: -1', ''].join('\n')) as string[];
    expect(steps).toEqual([
      expect.stringMatching(/^s\.yaml:3: steps\[0\]\.send/),
      expect.stringMatching(/^s\.yaml:4: steps\[1\]\.expect\.regex: not a regular expression/),
      expect.stringMatching(/^s\.yaml:5: steps\[2\]\.capture: give json or regex/),
      expect.stringMatching(/^s\.yaml:9: steps\[3\]\.repeat\.steps\[0\]\.wait: /),
    ]);
  });
});
