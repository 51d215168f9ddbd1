import { create } from 'zustand';
import { api } from '../../ipc/api';
import type { CallOutput } from '../../../../shared/ipc/schemas';

type Listing = CallOutput<'protos.list'>;

/** The workspace's .proto files and their message types, as the main process read them. */
export const useProtos = create<{ listing: Listing | null; problem: string | null }>()(() => ({ listing: null, problem: null }));

/** Reads the list again (the files are the workspace's: a git pull may change them). */
export async function refreshProtos(): Promise<void> {
  try {
    useProtos.setState({ listing: await api.call('protos.list', {}), problem: null });
  } catch (e) {
    useProtos.setState({ problem: (e as Error).message });
  }
}

/** Copies a .proto file the person picked into the workspace; the main process checks that it parses. */
export async function addProtoFile(file: File): Promise<void> {
  try {
    useProtos.setState({ listing: await api.call('protos.save', { name: file.name, content: await file.text() }), problem: null });
  } catch (e) {
    useProtos.setState({ problem: (e as Error).message });
  }
}

const NO_TYPES: string[] = [];

/** The message types of the workspace's .proto files (one array while nothing changes, as a zustand selector must return). */
export function useProtoTypes(): string[] {
  return useProtos((p) => p.listing?.types ?? NO_TYPES);
}
