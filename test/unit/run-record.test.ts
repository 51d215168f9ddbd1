// A scenario run's record (scenarios.runOf) is checked step by step: a
// record as the scenarios service keeps it passes, and a malformed one is
// refused with its problem named by the field's path.
import { describe, expect, it } from 'vitest';
import { RunRecord } from '../../shared/scenario-files.js';
import { calls } from '../../shared/ipc/schemas.js';

const record = {
  name: 'join',
  steps: [
    { index: 1, action: 'send', name: 'say hello', ok: true, ms: 1.25 },
    { index: 2, action: 'expect', ok: true, ms: 3, seq: 5 },
    {
      index: 3,
      action: 'expect',
      ok: false,
      ms: 5000,
      message: 'message 7 did not match: it is not equal to "goodbye"; it was "hello"',
      expected: 'equals "goodbye"',
      seq: 7,
      near: [
        { seq: 5, payload: '{"type":"joined"}' },
        { seq: 7, payload: 'hello' },
      ],
    },
  ],
  dropped: 0,
  done: { ok: false, ms: 5012.5 },
};

/** The first problem, named as the IPC layer names one: the field's path, then what is wrong. */
function problem(value: unknown): string | null {
  const r = RunRecord.safeParse(value);
  return r.success ? null : `${r.error.issues[0].path.join('.')}: ${r.error.issues[0].message}`;
}

const withStep = (i: number, patch: Record<string, unknown>) => ({ ...record, steps: record.steps.map((s, j) => (j === i ? { ...s, ...patch } : s)) });

describe('RunRecord', () => {
  it('passes a record as the service keeps it, a run in progress, and the answer for no run', () => {
    expect(RunRecord.parse(record)).toEqual(record);
    expect(problem({ name: 'long', steps: [], dropped: 3000, done: null })).toBeNull();
    expect(calls['scenarios.runOf'].output.safeParse({ run: null }).success).toBe(true);
    expect(calls['scenarios.runOf'].output.safeParse({ run: record }).success).toBe(true);
  });

  it('refuses a malformed step, naming its field', () => {
    expect(problem(withStep(0, { ok: 'yes' }))).toMatch(/^steps\.0\.ok: .*boolean/);
    expect(problem(withStep(1, { index: 0 }))).toMatch(/^steps\.1\.index: /);
    expect(problem(withStep(1, { seq: 1.5 }))).toMatch(/^steps\.1\.seq: .*expected int/);
    expect(problem(withStep(2, { action: undefined }))).toMatch(/^steps\.2\.action: .*string/);
    expect(problem(withStep(2, { ms: -1 }))).toMatch(/^steps\.2\.ms: /);
    expect(problem(withStep(2, { message: 404 }))).toMatch(/^steps\.2\.message: .*string/);
    expect(problem(withStep(2, { near: [{ seq: 5 }] }))).toMatch(/^steps\.2\.near\.0\.payload: .*string/);
    expect(problem(withStep(2, { near: 'hello' }))).toMatch(/^steps\.2\.near: .*array/);
    expect(problem({ ...record, steps: [null] })).toMatch(/^steps\.0: .*object/);
  });

  it('refuses a malformed record, naming its field', () => {
    expect(problem({ ...record, steps: 'all of them' })).toMatch(/^steps: .*array/);
    expect(problem({ ...record, dropped: -1 })).toMatch(/^dropped: /);
    expect(problem({ ...record, done: { ok: true } })).toMatch(/^done\.ms: .*number/);
    expect(problem({ ...record, name: undefined })).toMatch(/^name: .*string/);
    const out = calls['scenarios.runOf'].output.safeParse({ run: withStep(0, { ok: 1 }) });
    expect(out.error?.issues[0].path).toEqual(['run', 'steps', 0, 'ok']);
  });
});
