import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contentHash, findLabImage, importChanges, projectRoot, readImportChanges, readPackages, recipeFiles, type LabImage, type LabImageName } from './image-recipe';

/**
 * A copy of a real recipe folder in a temp dir. LabImage.dir is relative to the project
 * root, so the copy is addressed by a relative path from there.
 */
const temps: string[] = [];
function recipeCopy(from: LabImageName = 'topolab/node'): { image: LabImage; dir: string } {
  const src = findLabImage(from)!;
  const dir = mkdtempSync(path.join(tmpdir(), 'topolab-recipe-'));
  temps.push(dir);
  cpSync(path.join(projectRoot(), src.dir), dir, { recursive: true });
  return { image: { ...src, dir: path.relative(projectRoot(), dir) }, dir };
}

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('findLabImage', () => {
  it('knows each lab image by full name, with :latest, or by its short name', () => {
    expect(findLabImage('topolab/node')?.name).toBe('topolab/node');
    expect(findLabImage('topolab/node:latest')?.name).toBe('topolab/node');
    expect(findLabImage('host')?.name).toBe('topolab/host');
    expect(findLabImage('topolab/node:1.0')).toBeUndefined();
    expect(findLabImage('debian')).toBeUndefined();
  });
});

describe('contentHash', () => {
  it('is 16 hex characters, stable, and the same by name or by image', () => {
    const node = contentHash('topolab/node');
    expect(node).toMatch(/^[0-9a-f]{16}$/);
    expect(contentHash('topolab/node')).toBe(node);
    expect(contentHash(findLabImage('topolab/node')!)).toBe(node);
  });

  it('differs between the lab images', () => {
    expect(contentHash('topolab/node')).not.toBe(contentHash('topolab/host'));
  });

  it('rejects an unknown image with a clear error', () => {
    expect(() => contentHash('topolab/nope' as LabImageName)).toThrow('Unknown lab image topolab/nope.');
  });

  it('equals the original for an identical copy of the recipe', () => {
    const { image } = recipeCopy();
    expect(contentHash(image)).toBe(contentHash('topolab/node'));
  });

  it('changes when packages.txt changes, and changes back when it is restored', () => {
    const { image, dir } = recipeCopy();
    const before = contentHash(image);
    const file = path.join(dir, 'packages.txt');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, `${original}mtr-tiny\n`);
    const after = contentHash(image);
    expect(after).not.toBe(before);
    expect(after).toMatch(/^[0-9a-f]{16}$/);
    writeFileSync(file, original);
    expect(contentHash(image)).toBe(before);
  });

  it('changes when the Dockerfile changes', () => {
    const { image, dir } = recipeCopy();
    const before = contentHash(image);
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM debian:bookworm-slim\nCMD ["sh"]\n');
    expect(contentHash(image)).not.toBe(before);
  });

  it('changes when a rootfs file is added, renamed or made executable', () => {
    const { image, dir } = recipeCopy();
    const base = contentHash(image);
    mkdirSync(path.join(dir, 'rootfs', 'usr', 'local', 'bin'), { recursive: true });
    const script = path.join(dir, 'rootfs', 'usr', 'local', 'bin', 'hello');
    writeFileSync(script, '#!/bin/sh\necho hi\n');
    chmodSync(script, 0o644);
    const added = contentHash(image);
    expect(added).not.toBe(base);
    chmodSync(script, 0o755);
    const executable = contentHash(image);
    expect(executable).not.toBe(added);
    rmSync(script);
    const renamed = path.join(dir, 'rootfs', 'usr', 'local', 'bin', 'hello2');
    writeFileSync(renamed, '#!/bin/sh\necho hi\n');
    chmodSync(renamed, 0o644);
    expect(contentHash(image)).not.toBe(added);
  });

  it('hashes every recipe file, in sorted relative order', () => {
    const { image, dir } = recipeCopy();
    mkdirSync(path.join(dir, 'rootfs', 'etc'), { recursive: true });
    writeFileSync(path.join(dir, 'rootfs', 'etc', 'motd'), 'lab\n');
    expect(recipeFiles(image)).toEqual(['Dockerfile', 'packages.txt', 'rootfs/etc/motd']);
  });
});

describe('readPackages', () => {
  it('reads one package a line, ignoring comments, inline comments and blank lines', () => {
    const { image, dir } = recipeCopy();
    writeFileSync(path.join(dir, 'packages.txt'), ['# header comment', '', 'iproute2', '  tcpdump  # for captures', '#disabled-package', '   ', 'curl', ''].join('\n'));
    expect(readPackages(image)).toEqual(['iproute2', 'tcpdump', 'curl']);
  });

  it('tolerates CRLF line ends', () => {
    const { image, dir } = recipeCopy();
    writeFileSync(path.join(dir, 'packages.txt'), 'iproute2\r\n# c\r\ncurl\r\n');
    expect(readPackages(image)).toEqual(['iproute2', 'curl']);
  });

  it('gives the real node image its network tools, with no comment text', () => {
    const packages = readPackages(findLabImage('topolab/node')!);
    expect(packages).toEqual(expect.arrayContaining(['iproute2', 'tcpdump', 'iputils-ping']));
    for (const p of packages) expect(p).toMatch(/^[a-z0-9][a-z0-9+.-]*$/);
  });
});

describe('importChanges', () => {
  /** How much whitespace a joined continuation keeps does not matter to the engine. */
  const squeeze = (change: string) => change.replace(/\s+/g, ' ');

  it('keeps only the instructions docker import --change accepts, in order', () => {
    const dockerfile = [
      '# syntax=docker/dockerfile:1',
      'FROM debian:bookworm-slim',
      'ARG DEBIAN_FRONTEND=noninteractive',
      'COPY packages.txt /tmp/packages.txt',
      'RUN apt-get update && apt-get install -y iproute2',
      'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      'LABEL org.opencontainers.image.title="topolab node"',
      'WORKDIR /root',
      'USER root',
      'EXPOSE 80/tcp',
      'VOLUME /data',
      'ENTRYPOINT ["/usr/bin/tini", "--"]',
      'CMD ["/bin/sh", "-c", "sleep infinity"]',
      'HEALTHCHECK CMD true',
    ].join('\n');
    expect(importChanges(dockerfile)).toEqual([
      'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      'LABEL org.opencontainers.image.title="topolab node"',
      'WORKDIR /root',
      'USER root',
      'EXPOSE 80/tcp',
      'VOLUME /data',
      'ENTRYPOINT ["/usr/bin/tini", "--"]',
      'CMD ["/bin/sh", "-c", "sleep infinity"]',
    ]);
  });

  it('joins continuation lines, skipping comments between them', () => {
    const dockerfile = ['ENV A=1 \\', '    B=2 \\', '# a comment inside', '    C=3', 'LABEL a=b \\', '      c=d', 'RUN echo \\', '  ENV X=1'].join('\n');
    expect(importChanges(dockerfile).map(squeeze)).toEqual(['ENV A=1 B=2 C=3', 'LABEL a=b c=d']);
  });

  it('skips blank lines and comment lines inside a continuation, as Docker does', () => {
    const dockerfile = ['ENV A=1 \\', '', '    B=2 \\', '   ', '  # indented comment', '\t', '    C=3', '', 'CMD ["sh"]'].join('\n');
    expect(importChanges(dockerfile).map(squeeze)).toEqual(['ENV A=1 B=2 C=3', 'CMD ["sh"]']);
    expect(importChanges('LABEL a=b \\\r\n\r\n  c=d\r\n').map(squeeze)).toEqual(['LABEL a=b c=d']);
  });

  it('keeps a continuation left open at the end of the file', () => {
    expect(importChanges('CMD ["sh"] \\\n\n').map(squeeze)).toEqual(['CMD ["sh"]']);
  });

  it('treats instructions case-insensitively, and leading whitespace as insignificant', () => {
    expect(importChanges('  cmd ["sh"]\n\tenv A=1\n')).toEqual(['cmd ["sh"]', 'env A=1']);
  });

  it('tolerates CRLF line ends', () => {
    expect(importChanges('ENV A=1 \\\r\n  B=2\r\nCMD ["sh"]\r\n').map(squeeze)).toEqual(['ENV A=1 B=2', 'CMD ["sh"]']);
  });

  it('keeps a # that is not at the start of a line', () => {
    expect(importChanges('CMD ["/bin/sh", "-c", "echo a # b"]\n')).toEqual(['CMD ["/bin/sh", "-c", "echo a # b"]']);
  });

  it('returns nothing for a Dockerfile with no metadata instructions', () => {
    expect(importChanges('FROM scratch\nCOPY . /\n')).toEqual([]);
    expect(importChanges('')).toEqual([]);
  });

  it("replays the real node image's ENV and CMD", () => {
    const changes = readImportChanges(findLabImage('topolab/node')!);
    expect(changes.map((c) => c.split(' ')[0])).toEqual(['ENV', 'CMD']);
    expect(changes[1]).toMatch(/^CMD \["\/bin\/sh", "-c", ".*trap 'exit 0' TERM INT.*"\]$/);
  });
});
