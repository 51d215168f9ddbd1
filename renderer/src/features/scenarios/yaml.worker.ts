// monaco-yaml's language server, as its own worker bundle (its README's advice for Vite).
import 'monaco-yaml/yaml.worker.js';
