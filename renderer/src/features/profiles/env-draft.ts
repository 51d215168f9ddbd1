import type { CallInput } from '../../../../shared/ipc/schemas';
import type { Environment } from '../../../../shared/workspace';

/** One variable as the editor holds it; a secret's value is only what was typed here, never the stored one. */
export interface VarRow {
  name: string;
  value: string;
  secret: boolean;
}

export interface EnvDraft {
  name: string;
  rows: VarRow[];
}

export function toDrafts(environments: Environment[]): EnvDraft[] {
  return environments.map((env) => ({
    name: env.name,
    rows: [
      ...Object.entries(env.variables)
        .filter(([name]) => !env.secrets.includes(name))
        .map(([name, value]) => ({ name, value, secret: false })),
      ...env.secrets.map((name) => ({ name, value: '', secret: true })),
    ],
  }));
}

/**
 * What `workspace.saveEnvironments` takes: plain values in the shared file,
 * secret names there too but their values apart, and only the secrets typed
 * anew (one left empty keeps its stored value).
 */
export function toSave(drafts: EnvDraft[], activeEnvironment: string | null): CallInput<'workspace.saveEnvironments'> {
  const secretValues: Record<string, Record<string, string>> = {};
  const environments = drafts.map((d) => {
    const rows = d.rows.filter((r) => r.name.trim());
    const typed = rows.filter((r) => r.secret && r.value !== '');
    if (typed.length) secretValues[d.name] = Object.fromEntries(typed.map((r) => [r.name.trim(), r.value]));
    return {
      name: d.name.trim(),
      variables: Object.fromEntries(rows.filter((r) => !r.secret).map((r) => [r.name.trim(), r.value])),
      secrets: rows.filter((r) => r.secret).map((r) => r.name.trim()),
    };
  });
  return { environments, activeEnvironment, secretValues };
}
