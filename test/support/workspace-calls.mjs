// A child process for the permission tests: runs workspace calls with the
// built service (dist/), as whatever user it was started as, and prints one
// JSON line: each call's output or error. Usage:
//   node workspace-calls.mjs <dataDir> '<[["call.name", {input}], ...]>'
import { dispatch } from '../../dist/electron/ipc/dispatch.js';
import { WorkspaceService } from '../../dist/electron/workspace/workspace-service.js';

const [dataDir, callsJson] = process.argv.slice(2);
const service = new WorkspaceService({ dataDir });
const results = [];
for (const [name, input] of JSON.parse(callsJson)) {
  try {
    results.push({ ok: true, output: await dispatch(service.handlers, name, input) });
  } catch (e) {
    results.push({ ok: false, code: e.code, message: e.message });
  }
}
await service.close();
process.stdout.write(JSON.stringify(results) + '\n');
