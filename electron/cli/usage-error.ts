import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Bad input from the person at the terminal: reported in one line, exit status 2. */
export class UsageError extends Error {}

/** Node's parseArgs, its complaint (an unknown option, a missing value) a UsageError of one line. */
export function parseCommandLine<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
}
