import { z } from 'zod';
import { ConnectSettings } from './connect-settings.js';
import { boundedRecord, LIMITS, str } from './limits.js';

/**
 * The files of a workspace: plain, pretty-printed JSON that people read,
 * diff and commit. Every file carries `formatVersion`; a later version
 * migrates from the earlier ones when loaded, and a version newer than this
 * build knows is refused (never overwritten).
 *
 * File schemas are strict: an unknown key (a typo made by hand, or a field of
 * a newer Framescope) is reported as a problem rather than silently dropped
 * by the next save.
 */
export const FORMAT_VERSION = 1;

export const WORKSPACE_FILE = 'framescope-workspace.json';
export const PROFILES_DIR = 'profiles';
/** Secret variable values: beside the shared files, excluded by the workspace's own .gitignore. */
export const SECRETS_FILE = 'framescope-secrets.local.json';

const name = z.string().trim().min(1, 'must not be empty').max(LIMITS.name);
/** `{{name}}` variable names: letters, digits, `_`, `-`, `.`; `$` starts the built-in dynamic ones. */
export const VariableName = str(LIMITS.name).regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'must be letters, digits, _ . - and start with a letter or _');
const variables = boundedRecord(VariableName, str(LIMITS.value), LIMITS.entries);

export const SavedMessage = z.discriminatedUnion('kind', [
  z.strictObject({ name, kind: z.literal('text'), text: str(LIMITS.savedMessage) }),
  z.strictObject({ name, kind: z.literal('binary'), hex: str(2 * LIMITS.savedMessage).regex(/^(?:[0-9a-f]{2})*$/, 'must be lower-case hex') }),
]);
export type SavedMessage = z.output<typeof SavedMessage>;

/** Saved messages are sent by name, so a name is used once per profile. */
const messages = z
  .array(SavedMessage)
  .max(LIMITS.entries)
  .default([])
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((m, i) => {
      if (seen.has(m.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `"${m.name}" is used by another saved message` });
      seen.add(m.name);
    });
  });

export const ProfileFile = z.strictObject({
  formatVersion: z.literal(FORMAT_VERSION),
  id: z.uuid(),
  name,
  /** what the connection bar holds; strings may contain {{variables}} */
  settings: ConnectSettings.strict(),
  messages,
  /** profile-level variables, overridden by the active environment's */
  variables: variables.default({}),
});
export type Profile = z.output<typeof ProfileFile>;

/** A profile as the renderer sends it to profiles.save: no id makes a new one; formatVersion is the server's business. */
export const ProfileInput = z.object({
  id: z.uuid().optional(),
  name,
  settings: ConnectSettings,
  messages,
  variables: variables.default({}),
});

export const Environment = z.strictObject({
  name,
  variables: variables.default({}),
  /** names whose values live in the secrets file, never in the shared files */
  secrets: z.array(VariableName).max(LIMITS.entries).default([]),
});
export type Environment = z.output<typeof Environment>;

export const WorkspaceFile = z
  .strictObject({
    formatVersion: z.literal(FORMAT_VERSION),
    name,
    environments: z.array(Environment).max(LIMITS.entries).default([]),
    activeEnvironment: str(LIMITS.name).nullable().default(null),
  })
  .superRefine((w, ctx) => {
    const names = new Set<string>();
    w.environments.forEach((e, i) => {
      if (names.has(e.name)) ctx.addIssue({ code: 'custom', path: ['environments', i, 'name'], message: `"${e.name}" is used by another environment` });
      names.add(e.name);
      for (const s of e.secrets) {
        if (Object.hasOwn(e.variables, s)) ctx.addIssue({ code: 'custom', path: ['environments', i, 'secrets'], message: `"${s}" is both a variable and a secret` });
      }
    });
    if (w.activeEnvironment !== null && !names.has(w.activeEnvironment)) {
      ctx.addIssue({ code: 'custom', path: ['activeEnvironment'], message: `no environment is named "${w.activeEnvironment}"` });
    }
  });
export type WorkspaceFile = z.output<typeof WorkspaceFile>;

export const SecretsFile = z.strictObject({
  formatVersion: z.literal(FORMAT_VERSION),
  /** environment name -> variable name -> value */
  values: boundedRecord(str(LIMITS.name), variables, LIMITS.entries).default({}),
});
export type SecretsFile = z.output<typeof SecretsFile>;

/** A file that could not be loaded: named, with the field and the problem. It is left untouched. */
export const FileProblem = z.object({
  /** path relative to the workspace folder */
  file: z.string(),
  /** dotted path of the bad field, null when the whole file is the problem */
  field: z.string().nullable(),
  message: z.string(),
});
export type FileProblem = z.output<typeof FileProblem>;

export const ProfileSummary = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  /** path of its file, relative to the workspace folder */
  file: z.string(),
  messageCount: z.number(),
  /** changes whenever the file's content does; profiles.save can pass it back to detect edits made on disk meanwhile */
  revision: z.string(),
});
export type ProfileSummary = z.output<typeof ProfileSummary>;

/** The same thing changed on disk and in the app: the person chooses which to keep. */
export const Conflict = z.object({
  /** relative path of the file */
  file: z.string(),
  profileId: z.string().nullable(),
  /** the app's version (not written) and the version now on disk, as pretty JSON; theirs is "" when the file was deleted */
  ours: z.string(),
  theirs: z.string(),
});
export type Conflict = z.output<typeof Conflict>;

export const WorkspaceView = z.object({
  path: z.string(),
  name: z.string(),
  environments: z.array(Environment),
  activeEnvironment: z.string().nullable(),
  /** secret values are never sent to the renderer: only which are set, by environment */
  secretsSet: z.record(z.string(), z.array(z.string())),
  profiles: z.array(ProfileSummary),
  problems: z.array(FileProblem),
  conflicts: z.array(Conflict),
  /** recently opened workspace folders, most recent first */
  recent: z.array(z.string()),
});
export type WorkspaceView = z.output<typeof WorkspaceView>;
