import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import protobuf, { type Root, type Type } from 'protobufjs';
import { CallError } from '../../shared/ipc/api.js';
import { LIMITS } from '../../shared/limits.js';
import type { ProtoListing } from '../../shared/decoding/decoding-schema.js';
import { writeDurably } from '../files/durable-write.js';

/** Where a workspace keeps its .proto files: plain files beside the profiles, to read, diff and commit. */
export const PROTOS_DIR = 'protos';

/** Largest .proto file taken through protos.save. */
const MAX_PROTO_BYTES = LIMITS.protoFile;

/**
 * The workspace's .proto files as one protobufjs Root, loaded again when a
 * file changes on disk (a git pull, an editor). Field names are kept as the
 * files write them (keepCase), so the JSON a person types matches the .proto.
 */
export class ProtoFiles {
  private cache: { root: Root; listing: ProtoListing; key: string; dir: string } | null = null;

  constructor(private readonly workspaceRoot: () => Promise<string>) {}

  async list(): Promise<ProtoListing> {
    return (await this.load()).listing;
  }

  /** A message type by full name; throws a CallError naming what is missing. */
  async type(name: string): Promise<Type> {
    const { root, listing } = await this.load();
    try {
      return root.lookupType(name);
    } catch {
      const where = listing.files.length ? `the workspace's .proto files (${listing.files.join(', ')})` : `no .proto file: add one under ${PROTOS_DIR}/ in the workspace`;
      throw new CallError('NOT_FOUND', `no protobuf message type ${name} in ${where}`);
    }
  }

  /** Writes a .proto file into the workspace (checked first: a file that does not parse is refused, saying where). */
  async save(name: string, content: string): Promise<ProtoListing> {
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*\.proto$/.test(name)) throw new CallError('INVALID_INPUT', `${JSON.stringify(name)} is not a .proto file name (letters, digits, _ . -, ending in .proto)`);
    if (Buffer.byteLength(content) > MAX_PROTO_BYTES) throw new CallError('INVALID_INPUT', `${name} is larger than ${MAX_PROTO_BYTES} bytes`);
    try {
      protobuf.parse(content, { keepCase: true });
    } catch (e) {
      throw new CallError('INVALID_INPUT', `${name} does not parse: ${(e as Error).message}`);
    }
    const dir = path.join(await this.workspaceRoot(), PROTOS_DIR);
    await mkdir(dir, { recursive: true });
    await writeDurably(path.join(dir, name), content);
    return this.list();
  }

  private async load(): Promise<{ root: Root; listing: ProtoListing }> {
    const dir = path.join(await this.workspaceRoot(), PROTOS_DIR);
    const files = await protoFilesIn(dir);
    const stamps = await Promise.all(files.map(async (f) => stat(path.join(dir, f)).then((s) => `${f}:${s.mtimeMs}:${s.size}`, () => f)));
    const key = stamps.join('\n');
    if (this.cache?.dir === dir && this.cache.key === key) return this.cache;
    const root = new protobuf.Root();
    const problems: ProtoListing['problems'] = [];
    for (const f of files) {
      // one at a time, so a bad file is named and the others still load
      try {
        root.loadSync(path.join(dir, f), { keepCase: true });
      } catch (e) {
        problems.push({ file: f, message: (e as Error).message.replace(dir + path.sep, '') });
      }
    }
    try {
      root.resolveAll();
    } catch (e) {
      problems.push({ file: PROTOS_DIR, message: `types do not resolve: ${(e as Error).message}` });
    }
    this.cache = { root, dir, key, listing: { files, types: messageTypes(root), problems } };
    return this.cache;
  }
}

async function protoFilesIn(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile() && e.name.endsWith('.proto'))
      .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
      .sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

function messageTypes(ns: protobuf.NamespaceBase, out: string[] = []): string[] {
  for (const child of ns.nestedArray) {
    if (child instanceof protobuf.Type) out.push(child.fullName.replace(/^\./, ''));
    if (child instanceof protobuf.Namespace || child instanceof protobuf.Type) messageTypes(child, out);
  }
  return out.sort();
}
