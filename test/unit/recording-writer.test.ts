/**
 * RecordingWriter on a real temp file: events appended as NDJSON lines in
 * batches, fsync batched (not one per event), a write after the end
 * continuing the same file, and a failing disk reported once.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RecordingWriter } from '../../electron/recordings/recording-writer.js';
import type { LogEvent } from '../../shared/log-events.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'framescope-writer-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

const event = (seq: number): LogEvent => ({ type: 'message', seq, t: 1000 + seq, dir: 'in', opcode: 1, length: 3, text: `m${seq}` });

describe('RecordingWriter', () => {
  it('appends every event as one line, with a handful of fsyncs for thousands of events', async () => {
    const probe = await open(path.join(dir, 'probe'), 'w');
    const sync = vi.spyOn(Object.getPrototypeOf(probe), 'sync');
    await probe.close();
    const file = path.join(dir, 'recordings', 'r.ndjson');
    let ended = 0;
    const w = new RecordingWriter('r', Promise.resolve(file), (m) => expect.fail(m), () => ended++);
    for (let i = 0; i < 5000; i++) w.write(event(i));
    await w.end();
    expect(ended).toBe(1);
    expect(w.live).toBe(false);
    expect(sync.mock.calls.length).toBeLessThanOrEqual(2);
    const lines = (await readFile(file, 'utf8')).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l))).toEqual(Array.from({ length: 5000 }, (_, i) => event(i)));

    // a reconnect after the end continues the same file
    w.write(event(5000));
    expect(w.live).toBe(true);
    await w.end();
    expect((await readFile(file, 'utf8')).trimEnd().split('\n')).toHaveLength(5001);
  });

  it('reports a failing disk once and ignores the rest', async () => {
    await writeFile(path.join(dir, 'recordings'), 'a file, not a folder');
    const problems: string[] = [];
    const w = new RecordingWriter('r', Promise.resolve(path.join(dir, 'recordings', 'r.ndjson')), (m) => problems.push(m), () => {});
    w.write(event(0));
    await w.flush();
    w.write(event(1));
    await w.end();
    expect(problems).toEqual([expect.stringMatching(/^the recording r could not be written \((ENOTDIR|EEXIST)\)/)]);
  });
});
