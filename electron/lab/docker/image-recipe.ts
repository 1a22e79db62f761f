// What a lab image is made of: its folder under templates/images (packages.txt,
// Dockerfile, optional rootfs/), and the content hash that tells whether the image
// on the engine was made from exactly this recipe.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type LabImageName = 'topolab/node' | 'topolab/host';

export interface LabImage {
  name: LabImageName;
  /** Folder of the recipe, relative to the project root. */
  dir: string;
  description: string;
}

export const LAB_IMAGES: readonly LabImage[] = [
  {
    name: 'topolab/node',
    dir: 'templates/images/node',
    description: 'Lab node and inspection sidecar: iproute2, ping, tcpdump, iptables/nft, curl, netcat, dig, traceroute, socat…',
  },
  {
    name: 'topolab/host',
    dir: 'templates/images/host',
    description: 'Virtual host: a Docker engine (dockerd, vfs storage) to run nested labs in a container.',
  },
];

/** Image label: content hash of the recipe the image was built from. */
export const LABEL_IMAGE_CONTENT = 'io.topolab.image-content';
/** Image label: which lab image this is. */
export const LABEL_IMAGE = 'io.topolab.image';

/**
 * Bump when the way images are made changes without any recipe file changing
 * (trimming rules, import changes, debootstrap options), so existing images rebuild.
 */
export const RECIPE_VERSION = 1;

/** The lab image called `name` ('topolab/node', 'topolab/node:latest' or just 'node'), if any. */
export function findLabImage(name: string): LabImage | undefined {
  const bare = name.replace(/:latest$/, '');
  return LAB_IMAGES.find((i) => i.name === bare || i.name === `topolab/${bare}`);
}

let cachedRoot: string | undefined;

/**
 * The project root (the folder holding templates/images). Found by walking up, because
 * this module runs both from source (electron/lab/docker) and bundled (bin/topolab.mjs).
 */
export function projectRoot(): string {
  if (cachedRoot) return cachedRoot;
  const starts: string[] = [];
  try {
    starts.push(path.dirname(fileURLToPath(import.meta.url)));
  } catch {
    // Bundled to CommonJS: no import.meta.url; the working directory is the fallback.
  }
  starts.push(process.cwd());
  for (const start of starts) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      if (existsSync(path.join(dir, LAB_IMAGES[0].dir, 'packages.txt'))) return (cachedRoot = dir);
      if (path.dirname(dir) === dir) break;
    }
  }
  throw new Error(`Cannot find ${LAB_IMAGES[0].dir} above ${starts.join(' or ')}: run topolab from its project folder.`);
}

export function imageDir(image: LabImage): string {
  return path.join(projectRoot(), image.dir);
}

/** packages.txt: one package a line, '#' comments. The one list both build paths install. */
export function readPackages(image: LabImage): string[] {
  return readFileSync(path.join(imageDir(image), 'packages.txt'), 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean);
}

/** Every file of the recipe folder, relative and sorted, so hashing and build contexts are stable. */
export function recipeFiles(image: LabImage): string[] {
  const root = imageDir(image);
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(root, rel)).sort()) {
      const child = rel ? `${rel}/${name}` : name;
      if (statSync(path.join(root, child)).isDirectory()) walk(child);
      else out.push(child);
    }
  };
  walk('');
  return out;
}

/**
 * 16 hex characters of SHA-256 over the recipe version and every recipe file (path,
 * executable bit, content). Equal hash on the engine's image ⇒ nothing to build.
 */
export function contentHash(image: LabImage | LabImageName): string {
  const img = typeof image === 'string' ? findLabImage(image) : image;
  if (!img) throw new Error(`Unknown lab image ${String(image)}.`);
  const hash = createHash('sha256').update(`topolab-image-recipe ${RECIPE_VERSION}\n`);
  for (const rel of recipeFiles(img)) {
    const file = path.join(imageDir(img), rel);
    const exec = (statSync(file).mode & 0o111) !== 0;
    hash.update(`${rel}\0${exec ? 'x' : '-'}\0`).update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** Dockerfile instructions that `docker import --change` accepts; the offline path replays them. */
const IMPORT_INSTRUCTIONS = new Set(['CMD', 'ENTRYPOINT', 'ENV', 'LABEL', 'USER', 'WORKDIR', 'EXPOSE', 'VOLUME']);

/**
 * The Dockerfile's metadata instructions (CMD, ENV…) as import changes, so that the
 * Dockerfile stays the single source of truth for how the image runs.
 */
export function importChanges(dockerfile: string): string[] {
  const logical: string[] = [];
  let current = '';
  for (const raw of dockerfile.split('\n')) {
    // Comment lines are dropped everywhere, and, like Docker, so are blank lines inside a
    // continuation: neither ends the instruction being continued.
    if (/^\s*#/.test(raw)) continue;
    const line = raw.trimEnd();
    if (!line.trim() && current) continue;
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    current += line;
    if (current.trim()) logical.push(current.trim());
    current = '';
  }
  // A continuation still open at the end of the file is an instruction too.
  if (current.trim()) logical.push(current.trim());
  return logical.filter((l) => IMPORT_INSTRUCTIONS.has(l.split(/\s+/)[0].toUpperCase()));
}

export function readImportChanges(image: LabImage): string[] {
  return importChanges(readFileSync(path.join(imageDir(image), 'Dockerfile'), 'utf8'));
}
