// A RabbitMQ broker of its own for a test file, with its Web-STOMP plugin:
// Debian's rabbitmq-server (.ci/run installs it), started on 127.0.0.1 with
// its own data, log and Erlang cookie in a temporary folder, on free ports,
// and stopped (SIGTERM: the script shuts the broker down) after the file.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './servers.js';

const SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server';

export interface RabbitStomp {
  /** the Web-STOMP endpoint, ws://127.0.0.1:PORT/ws */
  url: string;
  stop(): Promise<void>;
}

export async function startRabbitStomp(): Promise<RabbitStomp> {
  if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: apt-get install rabbitmq-server (as .ci/run does)`);
  const dir = mkdtempSync(join(tmpdir(), 'framescope-rabbitmq-'));
  const [amqp, webStomp, stomp, dist] = [await freePort(), await freePort(), await freePort(), await freePort()];
  writeFileSync(join(dir, 'enabled_plugins'), '[rabbitmq_web_stomp].\n');
  // every listener on loopback; the broker's own STOMP port too (Web-STOMP needs the plugin it rides on)
  writeFileSync(
    join(dir, 'rabbitmq.conf'),
    [`listeners.tcp.default = 127.0.0.1:${amqp}`, `stomp.listeners.tcp.1 = 127.0.0.1:${stomp}`, 'web_stomp.tcp.ip = 127.0.0.1', `web_stomp.tcp.port = ${webStomp}`, ''].join('\n'),
  );
  const child: ChildProcess = spawn(SERVER, [], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      HOME: dir,
      RABBITMQ_NODENAME: `framescope-test-${process.pid}@localhost`,
      RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
      RABBITMQ_LOG_BASE: join(dir, 'log'),
      RABBITMQ_LOGS: '-',
      RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
      RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq'),
      RABBITMQ_PLUGINS_EXPAND_DIR: join(dir, 'plugins-expand'),
      RABBITMQ_PID_FILE: join(dir, 'pid'),
      RABBITMQ_DIST_PORT: String(dist),
      RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
      ERL_EPMD_ADDRESS: '127.0.0.1',
    },
  });
  let output = '';
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const started = new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString('utf8');
      if (/Server startup complete/.test(output)) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(() => reject(new Error(`rabbitmq-server exited before it started:\n${output.slice(-4000)}`)));
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await started;
    await portOpen(webStomp);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url: `ws://127.0.0.1:${webStomp}/ws`, stop };
}

/** Resolves once something accepts connections on the port (the listener is up when the log says so; this checks). */
function portOpen(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => {
      s.destroy();
      resolve();
    });
    s.once('error', reject);
  });
}
