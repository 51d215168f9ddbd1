import { SessionService } from '../services/session-service.js';
import type { Push } from '../services/service-types.js';
import { WorkspaceService } from '../workspace/workspace-service.js';
import { RecordingsService } from '../recordings/recordings-service.js';
import { ProtoFiles } from '../workspace/proto-files.js';
import { CodecService } from '../codecs/codec-service.js';
import { ScenariosService } from '../scenarios/scenarios-service.js';
import { SCENARIOS_DIR } from '../../shared/scenario-files.js';
import { fileHandlers, type OpenDialog } from '../files/file-handlers.js';
import type { Handlers } from '../ipc/dispatch.js';

/** The main process's services, wired once for whichever shell shows them (the desktop window, browser mode). */
export interface AppServices {
  workspace: WorkspaceService;
  sessions: SessionService;
  /** every call of the contract, served */
  handlers: Handlers;
}

/**
 * One workspace, its recordings, scenarios and .proto files, and the
 * sessions that resolve {{variables}} in it, their pushes (and the
 * workspace's changes) sent with `push`. `canPush` says whether the
 * window takes pushes now; `dialog` picks certificate files (null in
 * browser mode, which uploads them instead).
 */
export function startAppServices(o: { dataDir: string; push: Push; canPush?: () => boolean; dialog: OpenDialog | null }): AppServices {
  const workspace = new WorkspaceService({ dataDir: o.dataDir, alsoWatch: [SCENARIOS_DIR] });
  const recordings = new RecordingsService(workspace);
  const scenarios = new ScenariosService(workspace);
  const protos = new ProtoFiles(() => workspace.root());
  const sessions = new SessionService({ push: o.push, resolver: workspace, recorder: recordings.recorder, canPush: o.canPush, protos });
  workspace.subscribe(o.push);
  recordings.subscribe(o.push);
  scenarios.subscribe(o.push);
  const handlers: Handlers = {
    ...sessions.handlers,
    ...workspace.handlers,
    ...recordings.handlersFor(sessions),
    ...scenarios.handlersFor(sessions, o.push),
    ...fileHandlers(workspace.certificates, o.dialog),
    ...new CodecService(protos).handlers,
  };
  return { workspace, sessions, handlers };
}
