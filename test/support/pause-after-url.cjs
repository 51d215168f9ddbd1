// Preloaded (node --require) to stop the process dead right after it prints
// the UI's URL, as a busy machine may, until one byte comes on standard input:
// a signal sent in that pause meets whatever handlers were in place by then.
const { readSync } = require('node:fs');

const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  const done = write(chunk, ...rest);
  if (String(chunk).startsWith('Framescope UI:')) {
    for (;;) {
      try {
        if (readSync(0, Buffer.alloc(1)) === 1) break;
      } catch (e) {
        if (e.code !== 'EAGAIN' && e.code !== 'EINTR') throw e;
      }
    }
  }
  return done;
};
