// The lab files of the workspace folder: list, read, atomic write. Payloads are
// validated before they get here (api-dispatch), but files stay confined to the
// workspace here too: this is where the disk is touched, and the service can be
// called directly, with no schema in front.
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readdir, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { LabApiRequests, type LabApiResults } from '../api';
import { isInsideFolder } from '../files';
import { LabApiFailure } from './failure';

const MAX_FILE_BYTES = 2_000_000; // the LabText limit of the contract
const MAX_LISTED_FILES = 500;
const LIST_DEPTH = 2; // folders below the workspace: a/b/lab.yaml, not deeper

const errno = (err: unknown) => (err as NodeJS.ErrnoException | undefined)?.code;

export interface WorkspaceFiles {
  list(): Promise<LabApiResults['filesList']>;
  read(path: string): Promise<LabApiResults['filesRead']>;
  write(path: string, text: string): Promise<LabApiResults['filesWrite']>;
}

export function createWorkspaceFiles(workspace: string): WorkspaceFiles {
  let workspaceRoot: Promise<string> | undefined;
  const root = () =>
    (workspaceRoot ??= realpath(workspace).catch((err) => {
      workspaceRoot = undefined;
      throw new LabApiFailure('not-found', `The workspace folder ${workspace} cannot be opened (${errno(err) ?? 'error'}).`);
    }));

  /** Resolves a workspace-relative name, refusing anything that lands outside the folder before or after symlinks. */
  async function locate(path: string): Promise<{ root: string; full: string; shown: string }> {
    const base = await root();
    const full = resolve(base, path);
    if (path.includes('\0') || isAbsolute(path) || !isInsideFolder(base, full) || full === base) {
      throw new LabApiFailure('invalid-request', `${path} is not a file inside the workspace folder.`);
    }
    return { root: base, full, shown: relative(base, full).split(sep).join('/') };
  }

  async function realInside(base: string, p: string, shown: string): Promise<string> {
    const real = await realpath(p);
    if (!isInsideFolder(base, real)) throw new LabApiFailure('invalid-request', `${shown} leads outside the workspace folder (through a symbolic link).`);
    return real;
  }

  async function read(path: string) {
    const { root: base, full, shown } = await locate(path);
    try {
      const real = await realInside(base, full, shown);
      const info = await stat(real);
      if (!info.isFile()) throw new LabApiFailure('invalid-request', `${shown} is not a file.`);
      if (info.size > MAX_FILE_BYTES) throw new LabApiFailure('invalid-request', `${shown} is larger than 2 MB, too large for a lab file.`);
      return { path: shown, text: await readFile(real, 'utf8') };
    } catch (err) {
      if (errno(err) === 'ENOENT') throw new LabApiFailure('not-found', `There is no file ${shown} in the workspace folder.`);
      throw err;
    }
  }

  /** Writes next to the target then renames over it, so a crash never leaves half a lab file. */
  async function write(path: string, text: string) {
    const { root: base, full, shown } = await locate(path);
    let target: string;
    let mode: number | undefined;
    const existing = await lstat(full).catch(() => undefined);
    if (existing) {
      target = await realInside(base, full, shown); // a symlink inside the folder is written through
      mode = (await stat(target)).mode & 0o777;
    } else {
      // the nearest existing ancestor must be inside before any folder is created under it
      let ancestor = dirname(full);
      while (!(await lstat(ancestor).catch(() => undefined))) ancestor = dirname(ancestor);
      await realInside(base, ancestor, shown);
      await mkdir(dirname(full), { recursive: true });
      target = join(await realInside(base, dirname(full), shown), basename(full));
    }
    const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
    const handle = await open(temp, 'wx', mode ?? 0o644);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
      await handle.close();
      await rename(temp, target);
    } catch (err) {
      await handle.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
      throw err;
    }
    return { path: shown };
  }

  async function list() {
    const base = await root();
    const files: { path: string; modified: string }[] = [];
    const readable = LabApiRequests.filesRead.shape.path; // list only what filesRead accepts
    const walk = async (dir: string, rel: string, depth: number): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
        if (files.length >= MAX_LISTED_FILES) return;
        if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
        const p = join(dir, entry.name);
        const r = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (depth < LIST_DEPTH) await walk(p, r, depth + 1);
        } else if ((entry.isFile() || entry.isSymbolicLink()) && /\.ya?ml$/i.test(entry.name) && readable.safeParse(r).success) {
          const real = await realpath(p).catch(() => undefined);
          const info = real && isInsideFolder(base, real) ? await stat(real).catch(() => undefined) : undefined;
          if (info?.isFile()) files.push({ path: r, modified: info.mtime.toISOString() });
        }
      }
    };
    await walk(base, '', 0);
    return { folder: base, files };
  }

  return { list, read, write };
}
