// A child process for the crash test: opens the workspace in <dataDir> with
// the built service (dist/) and saves, over and over until it is killed, the
// versions it is given: a profile and the environments, alternating.
// Usage: node save-loop.mjs <dataDir> <versions.json>
import { readFileSync } from 'node:fs';
import { WorkspaceService } from '../../dist/electron/workspace/workspace-service.js';

const [dataDir, versionsFile] = process.argv.slice(2);
const { profiles, environments } = JSON.parse(readFileSync(versionsFile, 'utf8'));
// the watcher is not what is tested here: keep it from rescanning between saves
const service = new WorkspaceService({ dataDir, watchDebounceMs: 3_600_000 });
// straight to the handlers (the versions are complete inputs): dispatch would load the protocol engine for nothing
const call = (name, input) => service.handlers[name](input);

await call('workspace.get', {});
process.stdout.write('saving\n');
for (let i = 0; ; i++) {
  await call('profiles.save', { profile: profiles[i % 2] });
  await call('workspace.saveEnvironments', environments[i % 2]);
}
