// Preloaded (node --require) to hold write-file-atomic's exit hook open from
// the moment the process first listens for SIGTERM, as a workspace write
// that starts then and is still going when the signal comes does. The hook
// (signal-exit) re-raises a signal when it finds no other listener for it.
const { createRequire } = require('node:module');
const { onExit } = createRequire(require.resolve('write-file-atomic'))('signal-exit');

process.on('newListener', function holdAfterFirstSigterm(event) {
  if (event !== 'SIGTERM') return;
  process.off('newListener', holdAfterFirstSigterm);
  // after the listener being added (newListener comes before it), before any signal can be handled
  queueMicrotask(() => onExit(() => {}));
});
