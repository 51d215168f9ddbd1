import { z } from 'zod';
import { ScenarioFile } from '../../shared/scenario.js';

/** Where the published JSON Schema of scenario files lives in the repository. */
export const SCENARIO_SCHEMA_FILE = 'schemas/scenario.schema.json';

/**
 * The JSON Schema of scenario files, made from the same zod schema that
 * validates them, for editors (the app's Monaco, or any YAML language
 * server) to complete and check with. Refinements that JSON Schema cannot
 * say (one of profile or connect, a regex that compiles) are left to the
 * loader, which names them.
 */
export function scenarioJsonSchema(): object {
  return {
    ...z.toJSONSchema(ScenarioFile, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://framescope.dev/schemas/scenario.schema.json',
    title: 'Framescope scenario',
  };
}
