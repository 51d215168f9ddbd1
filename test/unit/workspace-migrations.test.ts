/**
 * The migration mechanism of workspace files, with a made-up version 0 (the
 * real format starts at 1): one step at a time, newer versions refused with
 * a message, missing or odd versions named; and the file decoder that names
 * the file, field and problem.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { migrate, type Migration } from '../../electron/workspace/migrations.js';
import { decodeFile } from '../../electron/workspace/file-codec.js';

/** v0 kept the URL at the top level; v1 moved it into settings. */
const v0to1: Migration = {
  from: 0,
  up: ({ url, ...rest }) => ({ ...rest, settings: { url } }),
};
const V1 = z.strictObject({ formatVersion: z.literal(1), name: z.string(), settings: z.strictObject({ url: z.string() }) });

describe('migrate', () => {
  it('brings an old file up one version at a time', () => {
    expect(migrate({ formatVersion: 0, name: 'a', url: 'ws://x/' }, [v0to1], 1)).toEqual({
      ok: true,
      value: { formatVersion: 1, name: 'a', settings: { url: 'ws://x/' } },
    });
    const v1to2: Migration = { from: 1, up: (r) => ({ ...r, tags: [] }) };
    expect(migrate({ formatVersion: 0, name: 'a', url: 'u' }, [v1to2, v0to1], 2)).toEqual({
      ok: true,
      value: { formatVersion: 2, name: 'a', settings: { url: 'u' }, tags: [] },
    });
  });

  it('leaves a current file as it is', () => {
    const f = { formatVersion: 1, name: 'a', settings: { url: 'u' } };
    expect(migrate(f, [v0to1], 1)).toEqual({ ok: true, value: f });
  });

  it('refuses a newer version, a missing one, an odd one, and a gap in the migrations', () => {
    expect(migrate({ formatVersion: 3 }, [v0to1], 1)).toEqual({ ok: false, field: 'formatVersion', message: expect.stringMatching(/is 3: this file was made by a newer Framescope/) });
    expect(migrate({ name: 'a' }, [v0to1], 1)).toMatchObject({ ok: false, field: 'formatVersion', message: expect.stringMatching(/missing/) });
    expect(migrate({ formatVersion: '1' }, [v0to1], 1)).toMatchObject({ ok: false, field: 'formatVersion', message: expect.stringMatching(/whole number/) });
    expect(migrate({ formatVersion: 0 }, [], 1)).toMatchObject({ ok: false, field: 'formatVersion', message: expect.stringMatching(/no migration from format version 0 to 1/) });
    expect(migrate([1, 2], [], 1)).toMatchObject({ ok: false, field: null, message: expect.stringMatching(/JSON object/) });
  });
});

describe('decodeFile', () => {
  it('migrates then checks, and names the first bad field of the migrated shape', () => {
    expect(decodeFile('p.json', '{"formatVersion":0,"name":"a","url":"ws://x/"}', V1, [v0to1])).toEqual({
      ok: true,
      value: { formatVersion: 1, name: 'a', settings: { url: 'ws://x/' } },
    });
    expect(decodeFile('p.json', '{"formatVersion":0,"name":"a","url":5}', V1, [v0to1])).toEqual({
      ok: false,
      problem: { file: 'p.json', field: 'settings.url', message: expect.stringMatching(/expected string/) },
    });
    expect(decodeFile('p.json', '{"formatVersion":1,"name":2,"settings":{"url":1}}', V1, [])).toEqual({
      ok: false,
      problem: { file: 'p.json', field: 'name', message: expect.stringMatching(/expected string.*\(and 1 more problem\)/) },
    });
  });

  it('says where JSON breaks: by line and column, or by the text around it', () => {
    const r = decodeFile('p.json', '{\n  "formatVersion": 1,\n  "name": x\n}\n', V1, []);
    expect(r).toEqual({ ok: false, problem: { file: 'p.json', field: null, message: expect.stringMatching(/not valid JSON: .*"name": x/) } });
    const comma = decodeFile('p.json', '{\n  "formatVersion": 1,,\n}\n', V1, []);
    expect(comma).toEqual({ ok: false, problem: { file: 'p.json', field: null, message: expect.stringMatching(/not valid JSON: .*line 2, column 22/) } });
  });
});
