import { Connection } from '../net/connection.js';
import { CommandError } from '../protocol/client.js';
import { EventSerializer } from '../log/event-serializer.js';
import { HumanView } from './human-view.js';
import { parseInputLine, type InputCommand } from './input-line.js';
import type { ConnectCommand } from './connect-args.js';
import { StreamWriter } from './stream-writer.js';
import { UsageError } from './usage-error.js';
import { sleep } from './sleep.js';

export interface Io {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** Runs `framescope connect`; resolves with the exit status. */
export async function runConnect(cmd: ConnectCommand, io: Io): Promise<number> {
  let conn: Connection | null = null;
  const out = new StreamWriter(io.stdout, (paused) => conn?.pauseReading(paused));
  const serializer = cmd.ndjson ? new EventSerializer(out.queue) : null;
  const view = cmd.ndjson ? null : new HumanView();
  let seq = 0;
  let opened!: () => void;
  const open = new Promise<void>((r) => (opened = r));
  conn = new Connection(cmd.options, (e, extra) => {
    if (serializer) serializer.write(e, seq++, extra);
    else {
      const line = view!.format(e, extra);
      if (line !== null) out.queue.utf8(line + '\n');
    }
    out.kick();
    if (e.type === 'state' && e.state === 'open') opened();
  });
  const c = conn;
  c.connect();

  const ended = c.done.then(() => 'ended' as const);
  const ready = await Promise.race([open.then(() => 'open' as const), ended]);
  if (ready === 'open') {
    const source: Source = cmd.execute ?? fromLines(io, c);
    const finished = await Promise.race([runCommands(source, c, io), ended]);
    if (finished !== 'ended' && cmd.wait !== null) {
      await Promise.race([sleep(cmd.wait * 1000), ended]);
      if (c.state === 'open') c.close(1000, '');
    }
  }
  const close = await c.done;
  await out.drained();
  return close.wasClean ? 0 : 1;
}

/** What to run: the commands of --execute, or standard input's lines as they come. */
type Source = AsyncIterable<InputCommand> | Iterable<InputCommand>;

/**
 * Standard input, line by line; a bad typed line is reported and skipped.
 * Chunks are pulled only as lines are used, so while the send queue waits
 * for the server, standard input is not read and its writer waits too.
 */
async function* fromLines(io: Io, conn: Connection): AsyncIterable<InputCommand> {
  let rest = '';
  const decoder = new TextDecoder();
  const parse = function* (line: string) {
    try {
      yield parseInputLine(line.endsWith('\r') ? line.slice(0, -1) : line);
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      io.stderr.write(`framescope: ${e.message}\n`);
    }
  };
  for await (const chunk of io.stdin as AsyncIterable<Buffer | string>) {
    if (conn.state === 'closed') return;
    rest += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let nl;
    while ((nl = rest.indexOf('\n')) >= 0) {
      const line = rest.slice(0, nl);
      rest = rest.slice(nl + 1);
      yield* parse(line);
    }
  }
  rest += decoder.decode();
  if (rest) yield* parse(rest);
}

async function runCommands(source: Source, conn: Connection, io: Io): Promise<'done'> {
  for await (const c of source) {
    if (conn.state === 'closed') break;
    if (c.kind === 'sleep') {
      await Promise.race([sleep(c.ms), conn.done]);
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
