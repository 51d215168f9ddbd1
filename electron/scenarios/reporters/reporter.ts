import type { ScenarioResult, StepResult } from '../run-scenario.js';

/** A way of reporting runs: told of each step and scenario as they end, and of the end of all. */
export interface Reporter {
  scenarioStarted?(name: string, file: string): void;
  step(r: StepResult): void;
  scenario(r: ScenarioResult): void;
  end(results: ScenarioResult[]): void;
}

/** Where a reporter writes. */
export type Out = (text: string) => void;
