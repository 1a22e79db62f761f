// Lab images (topolab/node, topolab/host) on the engine: build them — from a
// Dockerfile where a registry is reachable, from Debian packages where none is —
// skip them when the engine already has the same content, and tell a person what to
// do when `up` finds an image missing. Plain Node: never imports 'electron'.
import type Dockerode from 'dockerode';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { pickBootstrapSource, readAptSources, type AptSource } from './apt-sources';
import { debootstrapUnavailable, ImageBuildError, tarRootfs, withRootfs } from './debootstrap';
import {
  contentHash,
  findLabImage,
  imageDir,
  LAB_IMAGES,
  LABEL_IMAGE,
  LABEL_IMAGE_CONTENT,
  readImportChanges,
  readPackages,
  recipeFiles,
  type LabImage,
} from './image-recipe';

export { contentHash, ImageBuildError, LAB_IMAGES, LABEL_IMAGE, LABEL_IMAGE_CONTENT };
export type { LabImage, LabImageName } from './image-recipe';

export type BuildMethod = 'auto' | 'debootstrap' | 'dockerfile';

export interface BuildProgress {
  image: string;
  /** check · up-to-date · debootstrap · fetch · install · trim · import · build · done · cleanup */
  step: string;
  detail?: string;
}

export interface BuildOptions {
  /** Names ('topolab/node' or 'node'); all lab images when omitted. */
  images?: string[];
  method?: BuildMethod;
  /** Rebuild even when the engine has an image with the same content hash. */
  force?: boolean;
  onProgress?: (e: BuildProgress) => void;
}

export interface BuildResult {
  image: string;
  result: 'built' | 'up-to-date';
  seconds: number;
}

/** Shared by both images and kept between builds: most .debs are common to both. */
const DEB_CACHE = '/var/cache/topolab/debootstrap';

export async function buildImages(docker: Dockerode, opts: BuildOptions = {}): Promise<BuildResult[]> {
  const images = selectImages(opts.images);
  await assertEngine(docker);
  const results: BuildResult[] = [];
  // Resolved only when something needs building, so an up-to-date run works anywhere.
  let method: 'debootstrap' | 'dockerfile' | undefined;
  let source: AptSource | undefined;
  for (const image of images) {
    const started = performance.now();
    const emit = (step: string, detail?: string) => opts.onProgress?.({ image: image.name, step, detail });
    const hash = contentHash(image);
    emit('check', `content ${hash}`);
    const current = await inspectImage(docker, `${image.name}:latest`);
    if (!opts.force && current?.Config?.Labels?.[LABEL_IMAGE_CONTENT] === hash) {
      emit('up-to-date');
      results.push({ image: image.name, result: 'up-to-date', seconds: elapsed(started) });
      continue;
    }
    method ??= resolveMethod(opts.method ?? 'auto');
    if (method === 'debootstrap') {
      source ??= bootstrapSource();
      await buildWithDebootstrap(docker, image, hash, source, emit);
    } else {
      await buildWithDockerfile(docker, image, hash, emit);
    }
    // The previous image is now untagged; drop it unless a container still uses it.
    const built = await inspectImage(docker, `${image.name}:latest`);
    if (current && built && current.Id !== built.Id) await docker.getImage(current.Id).remove().catch(() => undefined);
    emit('done', built?.Size ? `${Math.round(built.Size / 1e6)} MB` : undefined);
    results.push({ image: image.name, result: 'built', seconds: elapsed(started) });
  }
  return results;
}

function selectImages(names: string[] | undefined): LabImage[] {
  if (!names || names.length === 0) return [...LAB_IMAGES];
  return names.map((name) => {
    const image = findLabImage(name);
    if (!image) throw new ImageBuildError(`Unknown lab image ${name}: known images are ${LAB_IMAGES.map((i) => i.name).join(', ')}.`);
    return image;
  });
}

/** 'auto' means debootstrap when it can run (Linux, root, installed): it needs no registry. */
function resolveMethod(method: BuildMethod): 'debootstrap' | 'dockerfile' {
  const unavailable = debootstrapUnavailable();
  if (method === 'dockerfile') return 'dockerfile';
  if (method === 'debootstrap' && unavailable) throw new ImageBuildError(`Cannot build from Debian packages: ${unavailable}.`);
  return unavailable ? 'dockerfile' : 'debootstrap';
}

function bootstrapSource(): AptSource {
  const source = pickBootstrapSource(readAptSources());
  if (!source) {
    throw new ImageBuildError(
      'No apt source in /etc/apt/sources.list or /etc/apt/sources.list.d that debootstrap can use: add a `deb <mirror> <suite> main` line for a Debian mirror you can reach (or build with --method dockerfile where a registry is reachable).',
    );
  }
  return source;
}

async function buildWithDebootstrap(docker: Dockerode, image: LabImage, hash: string, source: AptSource, emit: (step: string, detail?: string) => void): Promise<void> {
  const changes = [...readImportChanges(image), `LABEL ${LABEL_IMAGE_CONTENT}=${hash}`, `LABEL ${LABEL_IMAGE}=${image.name}`];
  await withRootfs(
    { packages: readPackages(image), source, overlay: `${imageDir(image)}/rootfs`, cacheDir: DEB_CACHE, onProgress: emit },
    async (dir) => {
      emit('import', `docker import as ${image.name}:latest`);
      const tar = tarRootfs(dir);
      try {
        const response = await docker.importImage(tar.stream, { repo: image.name, tag: 'latest', changes });
        await followJson(response);
        await tar.done;
      } catch (err) {
        tar.abort();
        throw engineError(docker, err, `import of ${image.name}`);
      }
    },
  );
}

async function buildWithDockerfile(docker: Dockerode, image: LabImage, hash: string, emit: (step: string, detail?: string) => void): Promise<void> {
  emit('build', `docker build ${image.dir}`);
  try {
    const stream = await docker.buildImage(
      { context: imageDir(image), src: recipeFiles(image) },
      { t: `${image.name}:latest`, labels: { [LABEL_IMAGE_CONTENT]: hash, [LABEL_IMAGE]: image.name }, rm: true, forcerm: true },
    );
    await followJson(stream, (event) => {
      if (typeof event.stream === 'string') {
        for (const line of event.stream.split('\n')) if (line.trim()) emit('build', line.trim());
      }
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/pull access denied|dial tcp|no such host|i\/o timeout|TLS handshake|failed to resolve|connection refused|registry|manifest|network is unreachable/i.test(message)) {
      throw new ImageBuildError(
        `docker build of ${image.name} could not fetch its base image (${firstLine(message)}): with no registry, build from Debian packages instead — as root, with debootstrap installed (\`apt-get install debootstrap\`), run \`npx topolab images build --method debootstrap\`.`,
        message,
      );
    }
    throw engineError(docker, err, `docker build of ${image.name}`);
  }
}

/** Reads a JSON-lines progress stream from the engine; rejects on the first error event. */
async function followJson(stream: NodeJS.ReadableStream, onEvent?: (event: Record<string, unknown>) => void): Promise<void> {
  for await (const line of createInterface({ input: stream as Readable, crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    let event: Record<string, unknown>;
    try {
      event = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue; // not JSON (some proxies interleave text): nothing to act on
    }
    onEvent?.(event);
    if (event.error || event.errorDetail) {
      const detail = event.errorDetail as { message?: string } | undefined;
      throw new Error(String(detail?.message ?? event.error));
    }
  }
}

/**
 * Which of these image names the engine lacks (inspected; a name without tag means
 * `:latest`). Each name is reported once, in the order given.
 */
export async function missingImages(docker: Dockerode, names: string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const name of new Set(names)) {
    if (!(await inspectImage(docker, withDefaultTag(name)))) missing.push(name);
  }
  return missing;
}

/** `name` with ':latest' when it has neither tag nor digest (a ':' before the last '/' is a registry port). */
export function withDefaultTag(name: string): string {
  if (name.includes('@')) return name;
  const last = name.slice(name.lastIndexOf('/') + 1);
  return last.includes(':') ? name : `${name}:latest`;
}

/** The sentence `up` shows when an image a lab needs is not on the engine. */
export function imageHelpText(name: string): string {
  if (findLabImage(name.replace(/^docker\.io\//, ''))) {
    return `Image ${name} is not on this engine: build it with \`npx topolab images build\` (no registry needed).`;
  }
  return `Image ${name} is not on this engine: pull it (\`docker pull ${name}\`) where a registry is reachable, or \`docker load\` it from an archive made with \`docker save\` on a machine that has it.`;
}

type ImageInfo = Awaited<ReturnType<Dockerode.Image['inspect']>>;

/** Image details, or undefined when the engine has no such image. */
async function inspectImage(docker: Dockerode, ref: string): Promise<ImageInfo | undefined> {
  try {
    return await docker.getImage(ref).inspect();
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw engineError(docker, err, `inspect of ${ref}`);
  }
}

async function assertEngine(docker: Dockerode): Promise<void> {
  try {
    await docker.ping();
  } catch (err) {
    throw engineError(docker, err, 'ping');
  }
}

/** Engine unreachable → one sentence with what to do; any other error passes through. */
function engineError(docker: Dockerode, err: unknown, what: string): Error {
  if (err instanceof ImageBuildError) return err;
  const e = err as { code?: string; message?: string };
  if (e.code && /ECONNREFUSED|ENOENT|EACCES|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH/.test(e.code)) {
    const modem = docker.modem as { socketPath?: unknown; host?: string; port?: string | number };
    const where = typeof modem.socketPath === 'string' ? modem.socketPath : modem.host ? `${modem.host}:${modem.port ?? ''}` : 'the configured address';
    const hint = e.code === 'EACCES' ? 'run as root or add yourself to the docker group' : 'start it (`systemctl start docker`, or `dockerd &` as root)';
    return new ImageBuildError(`The Docker engine at ${where} does not answer (${e.code} during ${what}): ${hint}, then retry.`, e.message);
  }
  return err instanceof Error ? err : new Error(String(err));
}

function firstLine(text: string): string {
  return text.split('\n')[0].slice(0, 200);
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started) / 1000;
}
