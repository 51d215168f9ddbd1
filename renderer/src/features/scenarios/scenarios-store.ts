import { create } from 'zustand';
import { api } from '../../ipc/api';
import { callSaying } from '../../ipc/call-saying';
import { activeTabId, addTab, patchTab, useTabs } from '../../store/app-store';
import { ask } from '../../lib/ask';
import type { CallInput, CallName, CallOutput } from '../../../../shared/ipc/schemas';
import { MAX_RUN_STEPS, type ExpectStyle, type RunDone, type ScenarioSummary, type StepReport } from '../../../../shared/scenario-files';
import type { PushEvents } from '../../../../shared/ipc/events';

/** What the editor holds: a file of scenarios/ (or one to be), its text, and the revision it was read at. */
export interface ScenarioDraft {
  file: string;
  text: string;
  /** the revision read from disk; null for a scenario not saved yet */
  revision: string | null;
  /** made from a session's log (Save as scenario): how its received messages became expects, which can still be changed */
  from?: { sessionId: string; name: string; expect: ExpectStyle };
  problems: { line: number; field: string | null; message: string }[];
}

/** A run shown beside its tab's log; kept by session, since its first steps may come before the tab knows it. */
export interface ScenarioRun {
  name: string;
  steps: StepReport[];
  /** steps left out of `steps` (the oldest), so that a long repeat does not fill the page */
  dropped: number;
  done: RunDone | null;
}

interface ScenariosState {
  scenarios: ScenarioSummary[];
  /** the file the sidebar's Run scenario runs: the one last picked, edited, saved or run */
  selected: string | null;
  problem: string | null;
  draft: ScenarioDraft | null;
  runs: Record<string, ScenarioRun>;
}


export const useScenarios = create<ScenariosState>()(() => ({ scenarios: [], selected: null, problem: null, draft: null, runs: {} }));

/** Runs a scenarios call; a failure is said in the editor when it is open, else under the sidebar's list. */
function call<C extends CallName>(name: C, input: CallInput<C>): Promise<CallOutput<C> | null> {
  return callSaying(name, input, (problem) => useScenarios.setState({ problem }));
}

export async function refreshScenarios(): Promise<void> {
  const out = await call('scenarios.list', {});
  if (out) useScenarios.setState({ scenarios: out.scenarios });
}

export async function editScenario(file: string): Promise<void> {
  const out = await call('scenarios.read', { file });
  if (out) useScenarios.setState({ selected: file, draft: { file, text: out.text, revision: out.revision, problems: [] } });
}

/** Save as scenario: the active tab's log as a scenario, in the editor, not yet saved. */
export async function draftFromSession(sessionId: string, name: string, expect: ExpectStyle = 'exact'): Promise<void> {
  const out = await call('scenarios.fromSession', { sessionId, name, expect });
  if (out) useScenarios.setState({ draft: { file: out.file, text: out.text, revision: null, from: { sessionId, name, expect }, problems: [] } });
}

export function closeEditor(): void {
  useScenarios.setState({ draft: null, problem: null });
}

/** Writes the draft; a file that exists already (or changed on disk since it was read) is replaced only when the person says so. */
export async function saveDraft(text: string, file: string): Promise<boolean> {
  const draft = useScenarios.getState().draft;
  if (!draft) return false;
  const save = (overwrite: boolean) => api.call('scenarios.save', { file, text, baseRevision: file === draft.file ? (draft.revision ?? undefined) : undefined, overwrite });
  let out: CallOutput<'scenarios.save'> | null;
  try {
    out = await save(false);
  } catch (e) {
    const message = (e as Error).message;
    if (!message.includes('exists already') && !message.includes('changed on disk')) {
      useScenarios.setState({ problem: message });
      return false;
    }
    const choice = await ask({
      title: 'Replace the file?',
      body: `${message}. Replace it with this text, or keep it and choose another file name?`,
      choices: [
        { label: 'Keep the file', value: 'keep' },
        { label: 'Replace it', value: 'replace' },
      ],
    });
    if (choice !== 'replace') return false;
    out = await call('scenarios.save', { file, text, overwrite: true });
  }
  if (!out) return false;
  useScenarios.setState((s) => ({ problem: null, selected: file, draft: s.draft && { ...s.draft, file, text, revision: out.revision, from: undefined } }));
  await refreshScenarios();
  return true;
}

export async function deleteScenario(file: string): Promise<void> {
  if (await call('scenarios.delete', { file })) await refreshScenarios();
}

/** The editor's text checked as `framescope run` checks it, for its markers. */
export async function checkDraft(file: string, text: string): Promise<void> {
  const out = await api.call('scenarios.check', { file, text }).catch(() => null);
  if (out) useScenarios.setState((s) => ({ draft: s.draft && { ...s.draft, problems: out.problems } }));
}

/** Runs a scenario (the file, or the editor's text for it) into a new tab, whose steps tick off beside its log. */
export async function runScenario(file: string, text?: string): Promise<boolean> {
  const out = await call('scenarios.run', { file, text });
  if (!out) return false;
  const { sessionId, name, url } = out;
  useScenarios.setState((s) => ({ selected: file, runs: { ...s.runs, [sessionId]: { ...(s.runs[sessionId] ?? { steps: [], dropped: 0, done: null }), name } } }));
  const tabId = addTab({ url, headers: [], subprotocols: [] });
  // a failure pushed before the tab was made still jumps to its message
  const failed = useScenarios.getState().runs[sessionId].steps.find((st) => !st.ok && st.seq !== undefined);
  patchTab(tabId, { sessionId, phase: 'connecting', scenario: name, ...(failed ? { reveal: { seq: failed.seq!, n: 1 } } : {}) });
  return true;
}

/** A run's steps and result as the main process kept them, for a tab that came back to its session (a reload). */
export async function recallRun(sessionId: string): Promise<void> {
  const out = await api.call('scenarios.runOf', { sessionId }).catch(() => null);
  if (!out?.run) return;
  const kept = out.run;
  useScenarios.setState((s) => {
    // steps pushed while the answer was on its way come after what it holds
    const pushed = (s.runs[sessionId]?.steps ?? []).filter((st) => st.index > (kept.steps.at(-1)?.index ?? 0));
    return { runs: { ...s.runs, [sessionId]: { ...kept, steps: [...kept.steps, ...pushed], done: s.runs[sessionId]?.done ?? kept.done } } };
  });
}

export async function cancelRun(sessionId: string): Promise<void> {
  await call('scenarios.cancel', { sessionId });
}

/** Selects and scrolls to a message of the active tab's log. */
export function revealMessage(seq: number): void {
  patchTab(activeTabId(), (s) => ({ reveal: { seq, n: (s.reveal?.n ?? 0) + 1 } }));
}

function onProgress({ sessionId, steps, done }: PushEvents['scenarios.progress']): void {
  useScenarios.setState((s) => {
    const run = s.runs[sessionId] ?? { name: '', steps: [], dropped: 0, done: null };
    // steps are numbered in order: a run recalled after a reload may already hold some of these
    const last = run.steps.at(-1)?.index ?? 0;
    const all = [...run.steps, ...steps.filter((st) => st.index > last)];
    // the failing step is always the last: what goes is the oldest
    const extra = Math.max(0, all.length - MAX_RUN_STEPS);
    return { runs: { ...s.runs, [sessionId]: { ...run, steps: extra ? all.slice(extra) : all, dropped: run.dropped + extra, done: done ?? run.done } } };
  });
  // a failure jumps to the message it was about, in the tab of its run
  const failed = steps.find((st) => !st.ok && st.seq !== undefined);
  const w = useTabs.getState();
  const tabId = w.order.find((id) => w.tabs[id].sessionId === sessionId);
  if (failed && tabId) patchTab(tabId, (t) => ({ reveal: { seq: failed.seq!, n: (t.reveal?.n ?? 0) + 1 } }));
}

let started = false;

/** Loads the list once, and follows runs and changes (a save in another window, a workspace opened). */
export function startScenarios(): void {
  if (started) return;
  started = true;
  api.on('scenarios.progress', onProgress);
  api.on('scenarios.changed', () => void refreshScenarios());
  api.on('workspace.changed', () => void refreshScenarios());
  void refreshScenarios();
}
