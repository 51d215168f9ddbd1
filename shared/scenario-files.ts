import { z } from 'zod';
import { StepResult } from './step-result.js';

/** Where a workspace keeps its scenarios: `scenarios/<name>.yaml`. */
export const SCENARIOS_DIR = 'scenarios';

/** A scenario file as the sidebar lists it. */
export const ScenarioSummary = z.object({
  /** its file name in scenarios/ */
  file: z.string(),
  /** its `name`, or the file name without its extension (also when it does not load) */
  name: z.string(),
  /** why it does not load, each as `scenarios/FILE:LINE: field: problem`; empty when it does */
  problems: z.array(z.string()),
});
export type ScenarioSummary = z.output<typeof ScenarioSummary>;

/** A problem where it is, for the editor to mark. */
export const ScenarioProblem = z.object({ line: z.number(), field: z.string().nullable(), message: z.string() });

/** How received messages become expect steps when a recording is saved as a scenario. */
export const EXPECT_STYLES = ['exact', 'json-keys'] as const;
export type ExpectStyle = (typeof EXPECT_STYLES)[number];

/** A step's outcome as pushed to the window: the command line's StepResult, long payloads cut. */
export const StepReport = StepResult.omit({ scenario: true });
export type StepReport = z.output<typeof StepReport>;

/** The steps a run keeps for a window that comes back to it (a reload): the last ones, with a count of those let go. */
export const MAX_RUN_STEPS = 1000;

/** How a finished run went. */
export const RunDone = z.object({ ok: z.boolean(), ms: z.number().min(0) });
export type RunDone = z.output<typeof RunDone>;

/** A scenario run as far as it got, for a window that comes back to its tab. */
export const RunRecord = z.object({
  name: z.string(),
  steps: z.array(StepReport),
  /** earlier steps not kept */
  dropped: z.number().int().min(0),
  done: RunDone.nullable(),
});
export type RunRecord = z.output<typeof RunRecord>;
