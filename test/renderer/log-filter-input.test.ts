// The frame log's typed filter (renderer/src/features/log/filter-input.ts):
// what each field accepts and the one problem it reports, naming the field.
import { describe, expect, it } from 'vitest';
import { emptyFilterInput, parseTime, toFilter, type FilterInput } from '../../renderer/src/lib/filter-input';

const day = new Date(2026, 0, 15, 9, 30).getTime();
const ctx = { day, end: new Date(2026, 0, 15, 10, 0, 0).getTime() };
const typed = (i: Partial<FilterInput>) => toFilter({ ...emptyFilterInput(), ...i }, ctx);

describe('log filter input', () => {
  it('reads clock times on the log\'s day and "last N" back from its end', () => {
    expect(parseTime('14:05', ctx)).toBe(new Date(2026, 0, 15, 14, 5).getTime());
    expect(parseTime(' 14:05:30.25 ', ctx)).toBe(new Date(2026, 0, 15, 14, 5, 30, 250).getTime());
    expect(parseTime('last 30 s', ctx)).toBe(ctx.end - 30_000);
    expect(parseTime('last 5 min', ctx)).toBe(ctx.end - 300_000);
    expect(parseTime('2h', ctx)).toBe(ctx.end - 7_200_000);
    expect(parseTime('', ctx)).toBeUndefined();
    expect(() => parseTime('25:00', ctx)).toThrow('"25:00" is not a time');
    expect(() => parseTime('last week', ctx)).toThrow('is not a time');
  });

  it('builds the filter the main process gets, only with the conditions given', () => {
    expect(typed({})).toEqual({ filter: {}, problem: null });
    expect(typed({ text: 'a.c', regex: true, caseSensitive: true, minLength: '2', maxLength: ' 10 ', json: ' $.type = "trade" ', dir: 'in', opcodes: [1] })).toEqual({
      filter: { text: 'a.c', regex: true, caseSensitive: true, minLength: 2, maxLength: 10, json: '$.type = "trade"', dir: 'in', opcodes: [1] },
      problem: null,
    });
    // the toggles mean nothing without text
    expect(JSON.stringify(typed({ regex: true, caseSensitive: true }).filter)).toBe('{}');
  });

  it('names the field of the first problem', () => {
    const problem = (i: Partial<FilterInput>) => typed(i).problem;
    expect(problem({ text: '(', regex: true })).toMatchObject({ field: 'text', message: expect.stringMatching(/^Filter text: not a regular expression: /) });
    expect(problem({ text: '(' })).toBeNull();
    expect(problem({ minLength: '1.5' })).toEqual({ field: 'minLength', message: 'Minimum length: "1.5" is not a whole number of bytes' });
    expect(problem({ minLength: '9', maxLength: '3' })).toEqual({ field: 'minLength', message: 'Minimum length: 9 is more than the maximum, 3' });
    expect(problem({ fromTime: '10:00', toTime: '09:00' })).toMatchObject({ field: 'fromTime' });
    expect(problem({ toTime: 'noon' })).toMatchObject({ field: 'toTime', message: expect.stringMatching(/^To time: "noon" is not a time/) });
    expect(problem({ json: 'type = trade' })).toMatchObject({ field: 'json', message: expect.stringMatching(/^JSON filter: /) });
    expect(problem({ json: '$.a[x]' })).toMatchObject({ field: 'json', message: expect.stringContaining('expected [N] or ["name"]') });
  });

  it('keeps the applied part of a field that does not read, and applies the others', () => {
    const applied = { text: 'ok', regex: true, minLength: 3, maxLength: 8, json: '$.a' };
    expect(toFilter({ ...emptyFilterInput(), text: '(', regex: true, minLength: '9', maxLength: '3', json: '$.b', dir: 'out' }, ctx, applied)).toEqual({
      filter: { text: 'ok', regex: true, minLength: 3, maxLength: 8, json: '$.b', dir: 'out' },
      problem: expect.objectContaining({ field: 'text' }),
    });
    expect(toFilter({ ...emptyFilterInput(), fromTime: 'soon' }, ctx, { fromTime: 5 }).filter).toEqual({ fromTime: 5 });
  });
});
