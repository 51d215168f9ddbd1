import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './processes.js';

/** Every production dependency of the checkout, direct or not, as npm installed it: node_modules/... paths from ROOT. */
export function productionPackagePaths(): string[] {
  const listed = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: ROOT, encoding: 'utf8' });
  return listed
    .split('\n')
    .map((p) => path.relative(ROOT, p))
    .filter((p) => p.startsWith('node_modules' + path.sep));
}

/** The package name a node_modules/... path ends in (scoped ones with their scope). */
export function packageName(modulePath: string): string {
  const parts = modulePath.split(/[\\/]node_modules[\\/]|^node_modules[\\/]/).at(-1)!.split(/[\\/]/);
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}
