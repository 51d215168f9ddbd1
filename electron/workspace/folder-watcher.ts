import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

/**
 * Calls `onChange` once things settle after changes in a folder or in the
 * given subfolders (a `git pull` touches many files in a burst). Node 20's
 * fs.watch is not recursive on Linux, so each folder gets its own watcher.
 * A subfolder deleted and made again (a `git checkout`) leaves a dead
 * watcher behind, so subfolders are watched afresh before each onChange;
 * the caller then rescans everything, which also covers any event missed in
 * between. What the events say changed is not trusted.
 */
export class FolderWatcher {
  private readonly watchers = new Map<string, FSWatcher>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly root: string,
    private readonly subfolders: string[],
    private readonly onChange: () => void,
    private readonly debounceMs = 60,
  ) {
    this.attach(root);
    for (const s of subfolders) this.attach(path.join(root, s));
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }

  private attach(dir: string): void {
    if (this.closed || this.watchers.has(dir)) return;
    let w: FSWatcher;
    try {
      w = watch(dir, { persistent: false }, () => this.poke());
    } catch {
      return; // missing for now: attached when the root reports a change
    }
    w.on('error', () => {
      w.close();
      if (this.watchers.get(dir) === w) this.watchers.delete(dir);
      this.poke();
    });
    this.watchers.set(dir, w);
  }

  private poke(): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      for (const s of this.subfolders) {
        const dir = path.join(this.root, s);
        this.watchers.get(dir)?.close();
        this.watchers.delete(dir);
        this.attach(dir);
      }
      this.onChange();
    }, this.debounceMs);
  }
}
