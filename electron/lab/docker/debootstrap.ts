// The offline build path: a Debian root filesystem made by debootstrap from the
// machine's own apt mirror, trimmed, then streamed as a tar into `docker import`.
// No registry is involved at any point, which is the whole point (DESIGN.md,
// "Images with no registry").
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { cp, lstat, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { AptSource } from './apt-sources';

/** An error whose message is one sentence a person can act on; `detail` holds the raw log tail. */
export class ImageBuildError extends Error {
  constructor(
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'ImageBuildError';
  }
}

/** Why debootstrap cannot run here, or undefined when it can (Linux, root, debootstrap installed). */
export function debootstrapUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'building from Debian packages needs Linux';
  if (process.getuid?.() !== 0) return 'debootstrap must run as root: rerun as root (e.g. `sudo npx topolab images build`)';
  if (!findDebootstrap()) return 'debootstrap is not installed: install it with `apt-get install debootstrap`';
  return undefined;
}

/** debootstrap lives in /usr/sbin, which a non-login root shell may not have in PATH. */
export function findDebootstrap(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(':').filter(Boolean), '/usr/sbin', '/sbin'];
  for (const dir of dirs) {
    const candidate = path.join(dir, 'debootstrap');
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export interface RootfsOptions {
  packages: string[];
  source: AptSource;
  /** A directory whose contents are copied over / (the image's rootfs/ folder), if any. */
  overlay?: string;
  /** Where downloaded .debs are kept between builds (both images share most of them). */
  cacheDir?: string;
  /** Parent of the temporary root; on disk rather than /tmp, which may be a small or noexec tmpfs. */
  workDir?: string;
  /** One call per step, and per line of debootstrap output (step 'fetch' or 'install'). */
  onProgress?: (step: string, detail?: string) => void;
}

/**
 * Makes a trimmed root filesystem in a temporary directory, hands it to `use`, and
 * removes it afterwards whatever happens (unmounting first anything an interrupted
 * debootstrap left mounted inside, so that removal can never reach the host's /proc or /dev).
 */
export async function withRootfs<T>(opts: RootfsOptions, use: (dir: string) => Promise<T>): Promise<T> {
  const workDir = opts.workDir ?? '/var/tmp';
  await mkdir(workDir, { recursive: true });
  const dir = realpathSync(await mkdtemp(path.join(workDir, 'topolab-rootfs-')));
  let failed = false;
  try {
    await runDebootstrap(dir, opts);
    // debootstrap unmounts what it mounted on success; if anything is left, trimming
    // /dev or /proc inside could reach the host's, so stop here.
    const mounted = mountsUnder(dir);
    if (mounted.length > 0) throw new ImageBuildError(`debootstrap left ${mounted[0]} mounted: unmount it and retry.`);
    opts.onProgress?.('trim');
    await trimRootfs(dir);
    if (opts.overlay && existsSync(opts.overlay)) await cp(opts.overlay, dir, { recursive: true, force: true });
    return await use(dir);
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    await removeRootfs(dir).catch((err: Error) => {
      // A cleanup problem must not hide the error that caused the build to fail.
      if (!failed) throw err;
      opts.onProgress?.('cleanup', err.message);
    });
  }
}

async function runDebootstrap(dir: string, opts: RootfsOptions): Promise<void> {
  const { source } = opts;
  const args = ['--variant=minbase', `--include=${opts.packages.join(',')}`];
  if (source.components.length > 0) args.push(`--components=${source.components.join(',')}`);
  if (source.signedBy && existsSync(source.signedBy)) args.push(`--keyring=${source.signedBy}`);
  if (opts.cacheDir) {
    await mkdir(opts.cacheDir, { recursive: true });
    args.push(`--cache-dir=${opts.cacheDir}`);
  }
  args.push(source.suite, dir, source.uri);
  opts.onProgress?.('debootstrap', `${source.suite} from ${source.uri}`);

  const child = spawn(findDebootstrap() ?? 'debootstrap', args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_ALL: 'C', DEBIAN_FRONTEND: 'noninteractive' },
  });
  const tail: string[] = [];
  const relay = (stream: Readable) =>
    createInterface({ input: stream }).on('line', (line) => {
      tail.push(line);
      if (tail.length > 40) tail.shift();
      // "I: Retrieving/Validating/Checking…" is the download phase; the rest is dpkg work.
      const step = /^I: (Retriev|Validat|Check|Resolv|Found)/.test(line) ? 'fetch' : 'install';
      if (line.trim()) opts.onProgress?.(step, line.trim());
    });
  relay(child.stdout);
  relay(child.stderr);
  const code = await exitCode(child);
  if (code !== 0) throw debootstrapError(tail.join('\n'), opts);
}

/** Turns debootstrap's log into one actionable sentence. */
function debootstrapError(log: string, opts: RootfsOptions): ImageBuildError {
  const { source } = opts;
  if (/Failed getting release file|Couldn't download|Could not resolve|Temporary failure|Connection refused|timed out|unable to resolve|Failed to connect/i.test(log)) {
    return new ImageBuildError(
      `The Debian mirror ${source.uri} (suite ${source.suite}, from ${source.file}) is unreachable: check the network or proxy (http_proxy), or point ${source.file} at a reachable mirror, then retry.`,
      log,
    );
  }
  const missing = /Couldn't find these debs: (.*)/.exec(log);
  if (missing) {
    return new ImageBuildError(
      `The mirror ${source.uri} has no package ${missing[1].trim()} in ${source.suite}: fix the image's packages.txt or the apt sources in ${source.file}.`,
      log,
    );
  }
  if (/signed by unknown key|Invalid Release signature|NO_PUBKEY/i.test(log)) {
    return new ImageBuildError(
      `The Release file of ${source.uri} ${source.suite} is not signed by a known key: install the distribution's keyring (e.g. \`apt-get install debian-archive-keyring\`) or fix Signed-By in ${source.file}.`,
      log,
    );
  }
  const last = log.split('\n').filter((l) => l.trim()).at(-1) ?? 'no output';
  return new ImageBuildError(`debootstrap of ${source.suite} failed (${last}): see the log above, fix the cause and retry.`, log);
}

/**
 * What a container image does not need: package indexes and caches, documentation
 * (copyright files are kept: they are the licences), man pages, translations,
 * logs, and files Docker supplies at run time (/dev, resolv.conf, hostname).
 */
export async function trimRootfs(root: string): Promise<void> {
  await emptyDir(root, 'var/lib/apt/lists', (n) => n === 'partial');
  await emptyDir(root, 'var/cache/apt', (n) => n === 'archives');
  await emptyDir(root, 'var/cache/apt/archives', (n) => n === 'partial' || n === 'lock');
  await emptyDir(root, 'usr/share/man');
  await emptyDir(root, 'usr/share/info');
  await emptyDir(root, 'usr/share/lintian');
  await emptyDir(root, 'usr/share/locale', (n) => n === 'locale.alias');
  await emptyDir(root, 'usr/lib/locale', (n) => n === 'C.utf8' || n === 'C.UTF-8');
  await emptyDir(root, 'var/log', (_n, isDir) => isDir); // keep apt/ and friends, drop log files
  await emptyDir(root, 'var/cache/debconf', (n) => !n.endsWith('-old'));
  await emptyDir(root, 'tmp');
  await emptyDir(root, 'var/tmp');
  await emptyDir(root, 'dev');
  for (const doc of await safeReaddir(root, 'usr/share/doc')) {
    await emptyDir(root, `usr/share/doc/${doc}`, (n) => n === 'copyright');
  }
  for (const file of ['etc/resolv.conf', 'etc/hostname', 'var/lib/dpkg/status-old', 'var/lib/dpkg/available-old']) {
    await rm(inside(root, file), { force: true });
  }
}

/** Removes the entries of root/rel except those `keep` names; never follows a symlink out of root. */
async function emptyDir(root: string, rel: string, keep: (name: string, isDir: boolean) => boolean = () => false): Promise<void> {
  const dir = inside(root, rel);
  for (const name of await safeReaddir(root, rel)) {
    const st = await lstat(path.join(dir, name));
    if (!keep(name, st.isDirectory())) await rm(path.join(dir, name), { recursive: true, force: true });
  }
}

/** Entries of root/rel, or none when it is missing or resolves outside root (an absolute symlink such as /var/run -> /run). */
async function safeReaddir(root: string, rel: string): Promise<string[]> {
  const dir = inside(root, rel);
  if (!existsSync(dir)) return [];
  const real = realpathSync(dir);
  if (real !== dir || !(await lstat(dir)).isDirectory()) return [];
  return readdir(dir);
}

function inside(root: string, rel: string): string {
  const full = path.resolve(root, rel);
  if (!full.startsWith(root + path.sep)) throw new Error(`refusing to touch ${full}: outside ${root}`);
  return full;
}

/**
 * The root filesystem as a tar stream, never a tar file on disk. Numeric owners,
 * because names inside the chroot (_apt, messagebus…) map to other ids on the host;
 * file capabilities kept, since ping may rely on cap_net_raw rather than setuid.
 */
export function tarRootfs(dir: string): { stream: Readable; done: Promise<void>; abort: () => void } {
  const child = spawn('tar', ['-C', dir, '--numeric-owner', '--xattrs', '--xattrs-include=security.capability', '-c', '.'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = exitCode(child).then((code) => {
    if (code !== 0) throw new ImageBuildError(`tar of the root filesystem failed (${stderr.trim() || `exit ${code}`}): check free disk space under ${path.dirname(dir)} and retry.`);
  });
  // An unhandled rejection of `done` after abort() would crash the process; callers await it on success only.
  done.catch(() => undefined);
  return { stream: child.stdout, done, abort: () => child.kill() };
}

function exitCode(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** Mount points at or below dir, deepest first (from /proc/self/mountinfo, octal escapes decoded). */
function mountsUnder(dir: string): string[] {
  let info: string;
  try {
    info = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return [];
  }
  return info
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((p): p is string => !!p)
    .map((p) => p.replace(/\\([0-7]{3})/g, (_m, oct: string) => String.fromCharCode(parseInt(oct, 8))))
    .filter((p) => p === dir || p.startsWith(dir + '/'))
    .sort((a, b) => b.length - a.length);
}

/** Unmounts what an interrupted debootstrap left (proc, sys, bind-mounted /dev nodes), then deletes. */
export async function removeRootfs(dir: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const mounts = mountsUnder(dir);
    if (mounts.length === 0) break;
    for (const mount of mounts) {
      if (spawnSync('umount', [mount]).status !== 0) spawnSync('umount', ['-l', mount]);
    }
  }
  const left = mountsUnder(dir);
  if (left.length > 0) {
    // Deleting through a mount would delete the host's files: leave it for a person.
    throw new ImageBuildError(`${left[0]} is still mounted, so ${dir} was left in place: unmount it (\`umount -l ${left[0]}\`) and delete ${dir}.`);
  }
  await rm(dir, { recursive: true, force: true });
}
