// An event log closes every file handle it opens: concurrent first reads
// share one reader, a read still in flight when the log closes opens
// nothing after it, a read asked for after close is refused, and an event
// that comes after close does not open the file again. Counted in
// /proc/self/fd; and nothing is left for the garbage collector to close
// (Node's DEP0137 warning).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EventLog } from '../../electron/capture/event-log.js';
import type { EngineEvent } from '../../electron/protocol/events.js';
import { CAN_COUNT_FDS, collectGarbage, openFds } from '../support/file-handles.js';

let dir: string;
const warnings: Error[] = [];
const onWarning = (w: Error) => warnings.push(w);
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'framescope-handles-'));
  process.on('warning', onWarning);
});
afterAll(async () => {
  process.off('warning', onWarning);
  await rm(dir, { recursive: true, force: true });
});

function text(i: number): EngineEvent {
  const data = Buffer.from(`message ${i}`);
  return { type: 'message', t: 1000 + i, dir: 'in', opcode: 1, length: data.length, data };
}

const hooks = { backpressure: () => {}, failed: (m: string) => expect.fail(m) };

async function written(name: string, n: number, temporary = false): Promise<EventLog> {
  const log = EventLog.live({ file: path.join(dir, `${name}.ndjson`), hooks, temporary });
  for (let i = 0; i < n; i++) log.append(text(i));
  await log.end();
  return log;
}

describe.runIf(CAN_COUNT_FDS)('an event log and its file handles', () => {
  it('opens one reader for concurrent first reads, and close() lets it go', async () => {
    const log = await written('concurrent', 100);
    const before = openFds();
    const pages = await Promise.all(Array.from({ length: 20 }, (_, i) => log.range(i * 5, 5)));
    expect(pages.flat().map((e) => e.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(openFds()).toBe(before + 1);
    await log.close();
    expect(openFds()).toBe(before);
  });

  it('opens nothing for a read still in flight when the log closes, live or reopened', async () => {
    const file = (await written('in-flight', 300)).file;
    const before = openFds();
    for (let round = 0; round < 30; round++) {
      const live = await written(`in-flight-${round}`, 50);
      const reopened = await EventLog.open(file);
      // served or refused, whichever comes first: either is fine, a handle left open is not
      const reads = Promise.allSettled([live.range(0, 10), live.get(3), reopened.range(0, 10), reopened.frameRows({ text: 'message 7' }, 0, 10), reopened.messageRows({}, 0, 10)]);
      await Promise.all([live.close(), reopened.close()]);
      await reads;
    }
    expect(openFds()).toBe(before);
  });

  it('refuses a read asked for after close instead of opening the file again', async () => {
    const log = await written('after-close-read', 10);
    await log.range(0, 1);
    const before = openFds();
    await log.close();
    await expect(log.range(0, 1)).rejects.toThrow('the log after-close-read.ndjson is closed');
    expect(openFds()).toBe(before - 1);
  });

  it('does not reopen a closed log for an event that comes after, nor write it', async () => {
    const before = openFds();
    const log = await written('after-close', 10, true);
    await log.close();
    expect(existsSync(log.file)).toBe(false);
    expect(log.append(text(10))).toBe(-1);
    await log.flushed();
    await new Promise((r) => setImmediate(r));
    expect(existsSync(log.file)).toBe(false);
    expect(openFds()).toBe(before);
  });

  it('leaves no file handle for the garbage collector to close', async () => {
    collectGarbage();
    // the warning is emitted on a later tick than the collection that finds the handle
    await new Promise((r) => setTimeout(r, 50));
    expect(warnings.map((w) => `${w.name}: ${w.message}`).filter((w) => /garbage collection|DEP0137/.test(w))).toEqual([]);
  });
});
