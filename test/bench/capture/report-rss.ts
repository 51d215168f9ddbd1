/** Loaded with --import into a measured process: at exit, its peak resident memory on stderr (synchronously, so exit cannot lose it). */
import { writeSync } from 'node:fs';

process.on('exit', () => writeSync(2, `\nMAXRSS_KB ${process.resourceUsage().maxRSS}\n`));
