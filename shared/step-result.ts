import { z } from 'zod';

/*
 * A scenario step's outcome. The type comes from the schema, so what a
 * reporter prints, what the window is pushed and what scenarios.runOf
 * answers cannot drift from what is checked.
 */

/** One step's outcome, as reporters print it and the app ticks it off beside the log. */
export const StepResult = z.object({
  scenario: z.string(),
  /** 1, 2, ... in the order steps ran (a repeat's steps count each time) */
  index: z.number().int().min(1),
  action: z.string(),
  name: z.string().optional(),
  ok: z.boolean(),
  ms: z.number().min(0),
  /** why it failed, for a person */
  message: z.string().optional(),
  /** what it expected, when it was an expect */
  expected: z.string().optional(),
  /** the message it was about: the one an expect matched, or the one a failure names */
  seq: z.number().int().min(0).optional(),
  /** the messages received last, with their seq, when it failed (payload: text, or hex) */
  near: z.array(z.object({ seq: z.number().int().min(0), payload: z.string() })).optional(),
});
export type StepResult = z.output<typeof StepResult>;
