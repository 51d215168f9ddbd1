import { configureMonacoYaml } from 'monaco-yaml';
// YAML's colours come from Monaco's own definition; monaco-yaml brings the language service
import 'monaco-editor/languages/definitions/yaml/register';
import { monaco } from '../composer/monaco-setup';
import YamlWorker from './yaml.worker?worker';
import scenarioSchema from '../../../../schemas/scenario.schema.json';

/** The model path the scenario editor uses, which the schema is bound to. */
export const SCENARIO_MODEL_PATH = 'scenario.yaml';

/**
 * monaco-yaml 5 asks `monaco.editor.createWebWorker` for a worker by label
 * and module id, as Monaco before 0.55 did; Monaco 0.57's takes the worker
 * itself. This hands it one, started the way Monaco's own language workers
 * are (a first message, then the create data).
 */
const monacoForYaml: typeof monaco = {
  ...monaco,
  editor: {
    ...monaco.editor,
    // what monaco-yaml passes besides: the label and module id, which name the worker this starts
    createWebWorker: <T extends object>(opts: monaco.editor.IInternalWebWorkerOptions & { createData?: unknown }) => {
      const worker = new YamlWorker();
      worker.postMessage('ignore');
      worker.postMessage(opts.createData);
      return monaco.editor.createWebWorker<T>({ worker, host: opts.host });
    },
  },
};

// the published schema, given whole: nothing is fetched
configureMonacoYaml(monacoForYaml, {
  enableSchemaRequest: false,
  hover: true,
  completion: true,
  validate: true,
  format: { enable: false },
  schemas: [{ uri: scenarioSchema.$id, fileMatch: [`**/${SCENARIO_MODEL_PATH}`], schema: scenarioSchema }],
});

export { monaco };
