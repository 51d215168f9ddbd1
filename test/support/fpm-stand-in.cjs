// Stands in for fpm, which builds electron-builder's deb target: electron-builder
// downloads fpm from GitHub, and Debian 12 does not package it. Records the
// request as fpm gets it (its arguments, and the .desktop entry staged in a
// temp file that is gone afterwards) as JSON in $FRAMESCOPE_FPM_RECORD, and
// leaves an empty file where fpm would write the package.
const fs = require('node:fs');

const args = process.argv.slice(2);
// file arguments are SOURCE=/DESTINATION
const desktop = args.find((a) => /=\/usr\/share\/applications\/[^/]+\.desktop$/.test(a));
const record = {
  args,
  desktopEntry: desktop === undefined ? null : fs.readFileSync(desktop.slice(0, desktop.lastIndexOf('=/')), 'utf8'),
};
fs.writeFileSync(process.env.FRAMESCOPE_FPM_RECORD, JSON.stringify(record));
fs.writeFileSync(args[args.indexOf('--package') + 1], '');
