/** Bad input from the person at the terminal: reported in one line, exit status 2. */
export class UsageError extends Error {}
