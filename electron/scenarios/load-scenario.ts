import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { checkStep, issuesOf, ScenarioTop, Step, type ScenarioFile, type StepIssue } from '../../shared/scenario.js';

/** A scenario file that does not load: each problem as `FILE:LINE: field: problem`. */
export class ScenarioFileError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

export interface LoadedScenario {
  /** the file as it was given (or found in a folder given) */
  file: string;
  name: string;
  scenario: ScenarioFile;
  /** the line a path of the file starts on, for problems found after loading (a profile the workspace lacks) */
  lineOf(path: (string | number)[]): number;
}

/**
 * The scenarios named on the command line: files as they are, folders as
 * every *.yaml and *.yml in them, in name order. Every file is checked
 * before any runs; all the problems are reported at once.
 */
export async function loadScenarios(args: string[]): Promise<LoadedScenario[]> {
  const files: string[] = [];
  const problems: string[] = [];
  for (const arg of args) {
    let isDir: boolean;
    try {
      isDir = (await stat(arg)).isDirectory();
    } catch (e) {
      problems.push(`${arg}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      continue;
    }
    if (!isDir) files.push(arg);
    else {
      const found = (await readdir(arg)).filter((n) => /\.ya?ml$/.test(n)).sort();
      if (!found.length) problems.push(`${arg}: no *.yaml or *.yml files in this folder`);
      files.push(...found.map((n) => path.join(arg, n)));
    }
  }
  const loaded: LoadedScenario[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      problems.push(`${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      continue;
    }
    const r = parseScenario(file, text);
    if (Array.isArray(r)) problems.push(...r);
    else loaded.push(r);
  }
  if (problems.length) throw new ScenarioFileError(problems);
  return loaded;
}

/** One scenario file's text: the scenario, or its problems (`FILE:LINE: field: problem`). */
export function parseScenario(file: string, text: string): LoadedScenario | string[] {
  const r = checkScenario(file, text);
  return Array.isArray(r) ? r.map((p) => formatProblem(file, p)) : r;
}

/** A problem of a scenario file, where it is: the app's editor marks the line, the command line prints it. */
export interface ScenarioProblem {
  line: number;
  /** the field's path, such as `steps[2].expect.json`; null for a YAML syntax error */
  field: string | null;
  message: string;
}

export function formatProblem(file: string, p: ScenarioProblem): string {
  return `${file}:${p.line}: ${p.field === null ? '' : `${p.field}: `}${p.message}`;
}

/** parseScenario, with its problems kept apart. */
export function checkScenario(file: string, text: string): LoadedScenario | ScenarioProblem[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length) {
    return doc.errors.map((e) => ({ line: e.linePos?.[0].line ?? 1, field: null, message: e.message.split('\n')[0] }));
  }
  keepScalarsAsWritten(doc, text);
  const value: unknown = doc.toJS();
  const at = (i: StepIssue): ScenarioProblem => ({ line: lineOf(doc, lines, i.path), field: field(i.path), message: i.message });
  const top = ScenarioTop.safeParse(value);
  if (!top.success) return issuesOf(top.error.issues).map(at);
  const stepIssues: StepIssue[] = top.data.steps.flatMap((step, i) => checkStep(step, ['steps', i]));
  if (stepIssues.length) return stepIssues.map(at);
  // each step checked, it is read as the runner takes it (a frame's 0/1 bits made booleans)
  const scenario: ScenarioFile = { ...top.data, steps: top.data.steps.map((step) => Step.parse(step)) };
  return { file, name: scenario.name ?? path.basename(file, path.extname(file)), scenario, lineOf: (p) => lineOf(doc, lines, p) };
}

/** The line of the value at `p`, or of the nearest enclosing one that exists (a missing key is reported where its map is). */
function lineOf(doc: Document, lines: LineCounter, p: (string | number)[]): number {
  for (let n = p.length; n >= 0; n--) {
    const node = doc.getIn(p.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return lines.linePos(node.range[0]).line;
  }
  return 1;
}

function field(p: (string | number)[]): string {
  if (!p.length) return '(the file)';
  return p.map((k, i) => (typeof k === 'number' ? `[${k}]` : i ? `.${k}` : k)).join('');
}

/** Fields whose value is text even when YAML reads a number: hex `0001` must keep its zeros, `send: 42` is the text "42". */
const TEXT_FIELDS = new Set(['send', 'text', 'equals', 'contains', 'regex', 'hex', 'base64', 'key', 'payload', 'ping', 'pong', 'reason', 'subprotocol', 'extensions', 'matches', 'url', 'origin', 'file']);

/** Puts such fields' numbers (and header values) back as the text written. */
function keepScalarsAsWritten(doc: Document, text: string): void {
  visit(doc, {
    Pair(_, pair, ancestors) {
      const key = isScalar(pair.key) ? String(pair.key.value) : null;
      const parent = ancestors.at(-2);
      const inHeaders = isMap(ancestors.at(-1)) && parent && 'key' in (parent as object) && isScalar((parent as { key: unknown }).key) && ((parent as { key: { value: unknown } }).key.value === 'headers');
      if (isScalar(pair.value) && typeof pair.value.value === 'number' && pair.value.range && (TEXT_FIELDS.has(key ?? '') || inHeaders)) {
        pair.value.value = text.slice(pair.value.range[0], pair.value.range[1]);
      }
    },
  });
}
