// Shared tools for integration tests against the real engine: run the real CLI,
// write lab files, look at the engine with the plain docker CLI (independent of
// topolab's own adapter), and clean up by label whatever happens.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const REPO = new URL('../../../', import.meta.url).pathname;
const CLI = join(REPO, 'bin/topolab.mjs');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function topolab(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts the CLI without waiting, e.g. to kill it mid-way. */
export function startTopolab(args: string[]): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function writeLab(name: string, yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), `topolab-${name}-`));
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, yaml);
  return file;
}

export async function docker(...args: string[]): Promise<string> {
  const { stdout } = await run('docker', args, { maxBuffer: 32 * 1024 * 1024 });
  return stdout.trim();
}

/** Runs a command in a lab node with the plain docker CLI; never throws. */
export async function dockerExec(container: string, cmd: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run('docker', ['exec', container, ...cmd]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** One ICMP echo, bounded; only ever aimed at lab addresses. */
export async function ping(from: string, target: string): Promise<{ ok: boolean; ttl?: number; output: string }> {
  const result = await dockerExec(from, ['ping', '-n', '-c', '1', '-W', '2', target]);
  const ttl = /ttl=(\d+)/.exec(result.stdout)?.[1];
  return { ok: result.code === 0, ttl: ttl ? Number(ttl) : undefined, output: result.stdout + result.stderr };
}

export async function labContainers(lab: string): Promise<string[]> {
  const out = await docker('ps', '-a', '--filter', `label=io.topolab.lab=${lab}`, '--format', '{{.Names}}');
  return out ? out.split('\n').sort() : [];
}

export async function labNetworks(lab: string): Promise<string[]> {
  const out = await docker('network', 'ls', '--filter', `label=io.topolab.lab=${lab}`, '--format', '{{.Name}}');
  return out ? out.split('\n').sort() : [];
}

/** Host links whose name starts with a prefix (lab-owned veths are 'tl<lab hash>…'). */
export async function hostLinks(prefix = ''): Promise<string[]> {
  const { stdout } = await run('ip', ['-o', 'link', 'show']);
  return stdout.split('\n').map((l) => l.split(': ')[1]?.split('@')[0]).filter((n): n is string => !!n && n.startsWith(prefix)).sort();
}

/** Removes everything labelled with the lab, with the plain docker CLI, so a topolab bug cannot hide leftovers. */
export async function cleanupLab(lab: string): Promise<void> {
  const containers = await docker('ps', '-aq', '--filter', `label=io.topolab.lab=${lab}`);
  if (containers) await docker('rm', '-f', ...containers.split('\n'));
  const networks = await docker('network', 'ls', '-q', '--filter', `label=io.topolab.lab=${lab}`);
  if (networks) await docker('network', 'rm', ...networks.split('\n')).catch(() => undefined);
}

/** Everything on the engine and host that a lab could touch, to compare before/after. */
export async function engineSnapshot(): Promise<{ containers: string[]; networks: string[]; links: string[] }> {
  const containers = (await docker('ps', '-a', '--format', '{{.Names}}')).split('\n').filter(Boolean).sort();
  const networks = (await docker('network', 'ls', '--format', '{{.Name}}')).split('\n').filter(Boolean).sort();
  // Docker's own bridges and veths come and go with containers; compare lab-made links only.
  const links = (await hostLinks()).filter((l) => l.startsWith('tl'));
  return { containers, networks, links };
}

/** Collects engine events while `action` runs: the proof that an action mutated nothing. */
export async function engineEventsDuring(action: () => Promise<unknown>): Promise<string[]> {
  // The engine takes fractional unix timestamps: nothing from before the action counts.
  const since = (Date.now() / 1000).toFixed(3);
  await action();
  await new Promise((r) => setTimeout(r, 300));
  const until = (Date.now() / 1000).toFixed(3);
  const out = await docker('events', '--since', since, '--until', until, '--format', '{{.Type}} {{.Action}} {{.Actor.Attributes.name}}');
  return out ? out.split('\n') : [];
}

export async function containerStart(name: string): Promise<{ pid: number; startedAt: string }> {
  const out = await docker('inspect', '-f', '{{.State.Pid}} {{.State.StartedAt}}', name);
  const [pid, startedAt] = out.split(' ');
  return { pid: Number(pid), startedAt };
}

const networkNames = async () => (await docker('network', 'ls', '--format', '{{.Name}}')).split('\n').filter(Boolean).sort();

/**
 * Remembers whether swarm was on; the returned function turns it back off if an overlay
 * lab initialised it, and waits until the networks swarm made are gone (ingress goes
 * away on its own, a moment after leaving; docker_gwbridge stays unless removed).
 */
export async function rememberSwarm(): Promise<{ wasActive: boolean; restore(): Promise<void> }> {
  const wasActive = (await docker('info', '--format', '{{.Swarm.LocalNodeState}}')) === 'active';
  const networksBefore = await networkNames();
  return {
    wasActive,
    async restore() {
      if (wasActive) return;
      await docker('swarm', 'leave', '--force').catch(() => undefined);
      if (!networksBefore.includes('docker_gwbridge')) await docker('network', 'rm', 'docker_gwbridge').catch(() => undefined);
      for (let i = 0; i < 50 && (await networkNames()).join() !== networksBefore.join(); i++) await new Promise((r) => setTimeout(r, 200));
    },
  };
}

/** Resolves when some item collected so far (the array keeps growing) matches, or fails after `ms` saying what it saw. */
export function waitFor<T>(items: T[], match: (item: T) => boolean, what: string, ms = 30_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      const hit = items.find(match);
      if (hit) return resolve(hit);
      if (Date.now() - started > ms) return reject(new Error(`timed out waiting for ${what}; saw ${JSON.stringify(items.slice(-10))}`));
      setTimeout(tick, 50);
    };
    tick();
  });
}
