// A log file and the index beside it: reopened from the index when it
// covers the log, from the index and the lines after it when the log grew,
// and from the lines alone when the index is cut short or of another
// format (which then gets written anew). Whatever the path, the same events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFile, mkdtemp, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EventLog } from '../../electron/capture/event-log.js';
import { indexFileOf } from '../../electron/capture/index-file.js';
import type { EngineEvent } from '../../electron/protocol/events.js';
import type { LogEvent } from '../../shared/log-events.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'framescope-log-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function events(n: number, from = 0): EngineEvent[] {
  const out: EngineEvent[] = [];
  for (let i = from; i < from + n; i++) {
    const data = Buffer.from(`message ${i}`);
    out.push({ type: 'frame', t: 1000 + i, dir: 'in', fin: true, rsv1: false, rsv2: false, rsv3: false, masked: false, opcode: 1, maskKey: null, length: data.length, payload: data });
    out.push({ type: 'message', t: 1000 + i, dir: 'in', opcode: 1, length: data.length, data });
  }
  return out;
}

async function written(name: string, n: number): Promise<EventLog> {
  const log = EventLog.live({ file: path.join(dir, `${name}.ndjson`), hooks: { backpressure: () => {}, failed: (m) => expect.fail(m) } });
  for (const e of events(n)) log.append(e);
  await log.end();
  return log;
}

async function all(log: EventLog): Promise<LogEvent[]> {
  const out: LogEvent[] = [];
  while (out.length < log.size) out.push(...(await log.range(out.length, 1000)));
  return out;
}

describe('reopening a log', () => {
  it('from its index, which covers it: the same events, rows and counts', async () => {
    const live = await written('whole', 3000);
    const indexWritten = (await stat(indexFileOf(live.file))).mtimeMs;
    const reopened = await EventLog.open(live.file);
    // read, not rebuilt: a log read from its lines gets its index written anew
    expect((await stat(indexFileOf(live.file))).mtimeMs).toBe(indexWritten);
    expect(reopened.size).toBe(live.size);
    expect(reopened.rows).toBe(3000);
    expect(reopened.index.counts).toEqual(live.index.counts);
    expect(await all(reopened)).toEqual(await all(live));
    await reopened.close();
    await live.close();
  });

  it('from its index and the lines written after it', async () => {
    const live = await written('grown', 2000);
    const before = await all(live);
    // a later line, as a reconnect appending to the same recording would write it
    const extra = { type: 'state', seq: live.size, t: 9999, state: 'closed' };
    await appendFile(live.file, JSON.stringify(extra) + '\n');
    const reopened = await EventLog.open(live.file);
    expect(await all(reopened)).toEqual([...before, extra]);
    expect(reopened.recordingFacts()).toMatchObject({ ended: true, events: live.size + 1 });
    await reopened.close();
    await live.close();
  });

  it('from the lines alone when the index is cut short or of another format, and the index is written anew', async () => {
    const live = await written('broken', 2500);
    const want = await all(live);
    const idx = indexFileOf(live.file);
    await truncate(idx, Math.floor((await stat(idx)).size / 2));
    const fromLines = await EventLog.open(live.file);
    expect(await all(fromLines)).toEqual(want);
    await fromLines.close();
    expect((await readFile(idx)).length).toBeGreaterThan((await stat(live.file)).size / 100);

    await writeFile(idx, 'framescope-log-index 999\n{}\n');
    const again = await EventLog.open(live.file);
    expect(await all(again)).toEqual(want);
    await again.close();
    await live.close();
  });
});
