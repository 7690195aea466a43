/**
 * A throwaway PostgreSQL server for tests and benchmarks, from Debian's `postgresql` package:
 * `initdb` in a temp folder, listening on 127.0.0.1 on a free port, stopped and removed by `stop()`.
 * As root (CI containers) the server runs as the `postgres` user through `runuser`.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface PgCluster {
  port: number;
  /** A new empty database on this server; returns its URL. */
  createDatabase(name?: string): Promise<string>;
  stop(): Promise<void>;
}

export interface PgClusterOptions {
  /**
   * `fast` (tests): fsync and synchronous_commit off — a crash loses the cluster, which is thrown away anyway.
   * `durable` (benchmarks): PostgreSQL's defaults (fsync on, synchronous_commit on).
   */
  mode?: 'fast' | 'durable';
  maxConnections?: number;
}

/** Where the server binaries are: HQ_PG_BIN, else the newest /usr/lib/postgresql/<n>/bin. */
export function findPgBin(): string | null {
  const fromEnv = process.env.HQ_PG_BIN;
  if (fromEnv) return fs.existsSync(path.join(fromEnv, 'initdb')) ? fromEnv : null;
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : null;
}

/** Why PostgreSQL tests cannot run here, or null when they can. */
export function pgUnavailableReason(): string | null {
  if (!findPgBin()) return 'no PostgreSQL server binaries (install Debian package "postgresql", or set HQ_PG_BIN)';
  if (process.getuid?.() === 0) {
    try {
      execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
    } catch {
      return 'running as root but there is no "postgres" user to run the server as';
    }
  }
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export async function startPgCluster(options: PgClusterOptions = {}): Promise<PgCluster> {
  const reason = pgUnavailableReason();
  if (reason) throw new Error(`PostgreSQL unavailable: ${reason}`);
  const bin = findPgBin()!;
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hq-pg-'));
  const data = path.join(dir, 'data');
  const wrap = (cmd: string, args: string[]): [string, string[]] => (asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]);
  if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
  let child: ChildProcess | undefined;
  const cleanup = (): void => {
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const [initCmd, initArgs] = wrap(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    execFileSync(initCmd, initArgs, { stdio: 'pipe' });
    const port = await freePort();
    const settings = [
      `port=${port}`,
      'listen_addresses=127.0.0.1',
      `unix_socket_directories=${dir}`,
      `max_connections=${options.maxConnections ?? 100}`,
      'shared_buffers=128MB',
      ...(options.mode === 'durable' ? [] : ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off']),
    ];
    const [cmd, args] = wrap(path.join(bin, 'postgres'), ['-D', data, ...settings.flatMap((s) => ['-c', s])]);
    child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      if (stderr.length < 8000) stderr += d.toString();
    });
    const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const deadline = Date.now() + 30_000;
    for (;;) {
      const c = new pg.Client({ connectionString: adminUrl });
      try {
        await c.connect();
        await c.end();
        break;
      } catch (err) {
        await c.end().catch(() => undefined);
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`PostgreSQL did not start: ${(err as Error).message}\n${stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    let n = 0;
    const running = child;
    return {
      port,
      async createDatabase(name = `hq_test_${process.pid}_${++n}`) {
        const c = new pg.Client({ connectionString: adminUrl });
        await c.connect();
        try {
          await c.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
        } finally {
          await c.end();
        }
        return `postgres://postgres@127.0.0.1:${port}/${name}`;
      },
      async stop() {
        // The postmaster's own pid (runuser's child), from postmaster.pid: a fast shutdown.
        const pidFile = path.join(data, 'postmaster.pid');
        const pid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]) : running.pid;
        const exited = new Promise<void>((resolve) => {
          if (running.exitCode !== null) resolve();
          else running.once('exit', () => resolve());
        });
        try {
          if (pid) process.kill(pid, 'SIGINT');
        } catch {
          /* already gone */
        }
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        cleanup();
      },
    };
  } catch (err) {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    cleanup();
    throw err;
  }
}
