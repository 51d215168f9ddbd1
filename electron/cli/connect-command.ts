import { createInterface } from 'node:readline';
import { Connection } from '../net/connection.js';
import { CommandError } from '../protocol/client.js';
import type { LogEvent } from '../../shared/log-events.js';
import { HumanView } from './human-view.js';
import { parseInputLine, type InputCommand } from './input-line.js';
import type { ConnectCommand } from './connect-args.js';
import { UsageError } from './usage-error.js';

export interface Io {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** Runs `framescope connect`; resolves with the exit status. */
export async function runConnect(cmd: ConnectCommand, io: Io): Promise<number> {
  const view = cmd.ndjson ? null : new HumanView();
  const print = (e: LogEvent) => {
    const line = view ? view.format(e) : JSON.stringify(e);
    if (line !== null) io.stdout.write(line + '\n');
  };
  let opened!: () => void;
  const open = new Promise<void>((r) => (opened = r));
  const conn = new Connection(cmd.options, (e) => {
    print(e);
    if (e.type === 'state' && e.state === 'open') opened();
  });
  conn.connect();

  const ended = conn.done.then(() => 'ended' as const);
  const ready = await Promise.race([open.then(() => 'open' as const), ended]);
  if (ready === 'open') {
    const source = cmd.execute ? fromList(cmd.execute) : fromLines(io, conn);
    const finished = await Promise.race([runCommands(source, conn, io), ended]);
    if (finished !== 'ended' && cmd.wait !== null) {
      await Promise.race([sleep(cmd.wait * 1000), ended]);
      if (conn.state === 'open') conn.close(1000, '');
    }
  }
  const close = await conn.done;
  return close.wasClean ? 0 : 1;
}

type Source = AsyncIterable<InputCommand>;

async function* fromList(list: InputCommand[]): Source {
  yield* list;
}

/** Standard input, line by line; a bad typed line is reported and skipped. */
async function* fromLines(io: Io, conn: Connection): Source {
  const rl = createInterface({ input: io.stdin, crlfDelay: Infinity, terminal: false });
  conn.done.then(() => rl.close());
  for await (const line of rl) {
    try {
      yield parseInputLine(line);
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      io.stderr.write(`framescope: ${e.message}\n`);
    }
  }
}

async function runCommands(source: Source, conn: Connection, io: Io): Promise<'done'> {
  for await (const c of source) {
    if (conn.state === 'closed') break;
    if (c.kind === 'sleep') {
      await sleep(c.ms);
      continue;
    }
    try {
      execute(c, conn);
    } catch (e) {
      if (!(e instanceof CommandError)) throw e;
      io.stderr.write(`framescope: ${e.message}\n`);
    }
    await conn.whenWritable();
  }
  return 'done';
}

function execute(c: Exclude<InputCommand, { kind: 'sleep' }>, conn: Connection): void {
  switch (c.kind) {
    case 'text':
      return conn.sendText(c.text);
    case 'binary':
      return conn.sendBinary(c.data);
    case 'ping':
      conn.ping(c.payload);
      return;
    case 'pong':
      return conn.pong(c.payload);
    case 'close':
      return conn.close(c.code, c.reason);
    case 'frame':
      return conn.sendFrame(c.spec);
    case 'raw':
      return conn.sendRaw(c.bytes);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
