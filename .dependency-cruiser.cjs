// The dependency rules of the design (../shared/design.md), checked by
// test/unit/import-rules.test.ts on every npm test.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'engine-is-pure',
      comment: 'electron/protocol takes bytes and gives events: it imports only itself and compute-only Node modules, never sockets, files or timers',
      severity: 'error',
      from: { path: '^electron/protocol/' },
      to: { pathNot: ['^electron/protocol/', '^(node:)?(zlib|crypto|buffer)$'] },
    },
    {
      name: 'renderer-reaches-only-shared',
      comment: 'the renderer never touches a socket or the disk: it reaches the main process through the IPC contract in shared/',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^(electron|test)/' },
    },
    {
      name: 'renderer-no-node',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'shared-imports-only-shared',
      comment: 'shared/ is imported by both sides, so it reaches neither, nor Node built-ins the renderer lacks',
      severity: 'error',
      from: { path: '^shared/' },
      to: { pathNot: '^shared/', dependencyTypesNot: ['npm', 'npm-dev'] },
    },
    {
      name: 'services-free-of-electron',
      comment: 'only the desktop shell (main, preload, window, menu) imports Electron; everything else runs and is tested without it',
      severity: 'error',
      from: { path: '^electron/', pathNot: '^electron/(main|preload)\\.ts$|^electron/(window|menu)/' },
      to: { path: '^(node_modules/electron/|electron$)' },
    },
    {
      name: 'no-folder-cycles',
      severity: 'error',
      scope: 'folder',
      from: { path: '^(electron|renderer/src|shared)/' },
      to: { circular: true },
    },
    {
      name: 'no-module-cycles',
      comment: 'a cycle of type-only imports is gone after compilation; any other makes load order matter',
      severity: 'error',
      from: { path: '^(electron|renderer/src|shared)/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'resolvable',
      comment: 'an import the cruiser cannot follow would slip past every rule above',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // ESM-only packages (cbor2) export no "require" condition
    enhancedResolveOptions: { conditionNames: ['import', 'require', 'node', 'default'], exportsFields: ['exports'] },
    exclude: { path: '^(dist|out)/' },
  },
};
