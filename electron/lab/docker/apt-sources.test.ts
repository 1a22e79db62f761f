import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDeb822Sources, parseOneLineSources, pickBootstrapSource, readAptSources, type AptSource } from './apt-sources';

const FILE = '/etc/apt/sources.list';
const anySuite = () => true;

describe('parseOneLineSources', () => {
  it('reads a plain deb line', () => {
    expect(parseOneLineSources('deb http://mirror/debian bookworm main\n', FILE)).toEqual([
      { uri: 'http://mirror/debian', suite: 'bookworm', components: ['main'], signedBy: undefined, file: FILE },
    ]);
  });

  it('reads signed-by among other options and drops the trailing slash of the URI', () => {
    const text = 'deb [arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://mirror/debian/ bookworm main contrib non-free-firmware';
    expect(parseOneLineSources(text, FILE)).toEqual([
      {
        uri: 'http://mirror/debian',
        suite: 'bookworm',
        components: ['main', 'contrib', 'non-free-firmware'],
        signedBy: '/usr/share/keyrings/debian-archive-keyring.gpg',
        file: FILE,
      },
    ]);
  });

  it('accepts spaces inside the brackets and a tab after deb', () => {
    const [source] = parseOneLineSources('deb\t[ signed-by=/k.gpg ]  http://m/debian  trixie  main', FILE);
    expect(source).toMatchObject({ uri: 'http://m/debian', suite: 'trixie', components: ['main'], signedBy: '/k.gpg' });
  });

  it('ignores deb-src lines, comments, commented-out lines and blank lines', () => {
    const text = [
      '# See sources.list(5)',
      '',
      '#deb http://old/debian buster main',
      'deb-src http://mirror/debian bookworm main',
      '   ',
      'deb http://mirror/debian bookworm main # the one that counts',
    ].join('\n');
    expect(parseOneLineSources(text, FILE)).toEqual([{ uri: 'http://mirror/debian', suite: 'bookworm', components: ['main'], signedBy: undefined, file: FILE }]);
  });

  it('skips lines with an unclosed option bracket or without a suite', () => {
    expect(parseOneLineSources('deb [signed-by=/k.gpg http://m/debian bookworm main\ndeb http://m/debian\n', FILE)).toEqual([]);
  });

  it('keeps every deb line in file order, tolerating CRLF line ends', () => {
    const text = 'deb http://a/debian bookworm main\r\ndeb http://a/debian bookworm-updates main\r\n';
    expect(parseOneLineSources(text, FILE).map((s) => `${s.uri} ${s.suite} ${s.components.join(',')}`)).toEqual([
      'http://a/debian bookworm main',
      'http://a/debian bookworm-updates main',
    ]);
  });
});

describe('parseDeb822Sources', () => {
  const F = '/etc/apt/sources.list.d/debian.sources';

  it('expands a stanza with several URIs and Suites into one source per pair', () => {
    const text = [
      'Types: deb deb-src',
      'URIs: http://a/debian http://b/debian/',
      'Suites: bookworm bookworm-updates',
      'Components: main contrib',
      'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg',
    ].join('\n');
    expect(parseDeb822Sources(text, F)).toEqual(
      [
        ['http://a/debian', 'bookworm'],
        ['http://a/debian', 'bookworm-updates'],
        ['http://b/debian', 'bookworm'],
        ['http://b/debian', 'bookworm-updates'],
      ].map(([uri, suite]) => ({ uri, suite, components: ['main', 'contrib'], signedBy: '/usr/share/keyrings/debian-archive-keyring.gpg', file: F })),
    );
  });

  it('reads several stanzas, skipping deb-src-only ones and Enabled: no', () => {
    const text = [
      '# Debian',
      'Types: deb',
      'URIs: http://mirror/debian',
      'Suites: bookworm',
      'Components: main',
      '',
      'Types: deb-src',
      'URIs: http://src/debian',
      'Suites: bookworm',
      'Components: main',
      '',
      'Types: deb',
      'URIs: http://disabled/debian',
      'Suites: trixie',
      'Components: main',
      'Enabled: no',
      '',
      'Types: deb',
      'URIs: http://off/debian',
      'Suites: sid',
      'Components: main',
      'Enabled: false',
      '',
    ].join('\n');
    expect(parseDeb822Sources(text, F).map((s) => `${s.uri} ${s.suite}`)).toEqual(['http://mirror/debian bookworm']);
  });

  it('treats field names case-insensitively and keeps Enabled: yes', () => {
    const [source] = parseDeb822Sources('types: deb\nuris: http://m/debian\nsuites: trixie\ncomponents: main\nenabled: yes\n', F);
    expect(source).toMatchObject({ uri: 'http://m/debian', suite: 'trixie', components: ['main'] });
  });

  it('does not split a stanza at a commented-out line', () => {
    const text = 'Types: deb\nURIs: http://m/debian\n# Suites: buster\nSuites: bookworm\nComponents: main\n';
    expect(parseDeb822Sources(text, F).map((s) => s.suite)).toEqual(['bookworm']);
  });

  it('takes a Signed-By keyring path, but not an inline armored key', () => {
    const text = [
      'Types: deb',
      'URIs: http://keyring/debian',
      'Suites: bookworm',
      'Components: main',
      'Signed-By: /etc/apt/keyrings/mirror.gpg',
      '',
      'Types: deb',
      'URIs: http://inline/debian',
      'Suites: bookworm',
      'Components: main',
      'Signed-By:',
      ' -----BEGIN PGP PUBLIC KEY BLOCK-----',
      ' .',
      ' mQINBGPL0BUBEADmW5NlOGwmffj',
      ' -----END PGP PUBLIC KEY BLOCK-----',
    ].join('\n');
    const sources = parseDeb822Sources(text, F);
    expect(sources.map((s) => [s.uri, s.signedBy])).toEqual([
      ['http://keyring/debian', '/etc/apt/keyrings/mirror.gpg'],
      ['http://inline/debian', undefined],
    ]);
  });

  // A .sources file saved with Windows line ends must not silently yield no source
  // (and then "no apt source" at image build time).
  it('reads a deb822 file with CRLF line ends like the one-line parser does', () => {
    const text = 'Types: deb\r\nURIs: http://m/debian\r\nSuites: bookworm\r\nComponents: main\r\n';
    expect(parseDeb822Sources(text, F)).toEqual([{ uri: 'http://m/debian', suite: 'bookworm', components: ['main'], signedBy: undefined, file: F }]);
  });

  it('splits CRLF stanzas at blank lines and keeps Signed-By paths free of \\r', () => {
    const text = [
      'Types: deb',
      'URIs: http://a/debian',
      'Suites: bookworm',
      'Components: main',
      'Signed-By: /etc/apt/keyrings/a.gpg',
      '',
      'Types: deb',
      'URIs: http://b/debian',
      'Suites: trixie',
      'Components: main contrib',
      '',
    ].join('\r\n');
    expect(parseDeb822Sources(text, F)).toEqual([
      { uri: 'http://a/debian', suite: 'bookworm', components: ['main'], signedBy: '/etc/apt/keyrings/a.gpg', file: F },
      { uri: 'http://b/debian', suite: 'trixie', components: ['main', 'contrib'], signedBy: undefined, file: F },
    ]);
  });

  it('yields nothing for a stanza without URIs or Suites', () => {
    expect(parseDeb822Sources('Types: deb\nSuites: bookworm\n\nTypes: deb\nURIs: http://m/debian\n', F)).toEqual([]);
  });
});

describe('readAptSources', () => {
  let root: string;
  afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  function aptRoot(files: Record<string, string>): string {
    root = mkdtempSync(path.join(tmpdir(), 'topolab-apt-'));
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), text);
    }
    return root;
  }

  it('reads sources.list first, then sources.list.d in sorted order, by extension', () => {
    const dir = aptRoot({
      'sources.list': 'deb http://main/debian bookworm main\n',
      'sources.list.d/zz.list': 'deb http://zz/debian bookworm main\n',
      'sources.list.d/aa.sources': 'Types: deb\nURIs: http://aa/debian\nSuites: trixie\nComponents: main\n',
      'sources.list.d/mm.list': 'deb http://mm/debian bookworm main\n',
    });
    expect(readAptSources(dir).map((s) => [s.uri, s.file])).toEqual([
      ['http://main/debian', path.join(dir, 'sources.list')],
      ['http://aa/debian', path.join(dir, 'sources.list.d/aa.sources')],
      ['http://mm/debian', path.join(dir, 'sources.list.d/mm.list')],
      ['http://zz/debian', path.join(dir, 'sources.list.d/zz.list')],
    ]);
  });

  it('ignores files apt ignores (.save, .disabled, .dpkg-old) and parses .list files as one-line', () => {
    const dir = aptRoot({
      'sources.list.d/old.list.save': 'deb http://save/debian bookworm main\n',
      'sources.list.d/off.list.disabled': 'deb http://disabled/debian bookworm main\n',
      'sources.list.d/x.sources.dpkg-old': 'Types: deb\nURIs: http://old/debian\nSuites: bookworm\n',
      'sources.list.d/deb822-in-list.list': 'Types: deb\nURIs: http://wrong/debian\nSuites: bookworm\n',
    });
    expect(readAptSources(dir)).toEqual([]);
  });

  it('copes with a root that has neither sources.list nor sources.list.d', () => {
    const dir = aptRoot({});
    expect(readAptSources(dir)).toEqual([]);
    expect(readAptSources(path.join(dir, 'does-not-exist'))).toEqual([]);
  });
});

describe('pickBootstrapSource', () => {
  const src = (uri: string, suite: string): AptSource => ({ uri, suite, components: ['main'], file: FILE });

  it('takes the first base suite, skipping updates, security, backports and proposed pockets', () => {
    const sources = [
      src('http://m/debian', 'bookworm-updates'),
      src('http://m/debian', 'bookworm-backports'),
      src('http://m/debian-security', 'bookworm-security'),
      src('http://m/debian-security', 'bookworm/updates'),
      src('http://m/ubuntu', 'jammy-proposed'),
      src('http://m/debian', 'bookworm'),
      src('http://later/debian', 'trixie'),
    ];
    expect(pickBootstrapSource(sources, anySuite)).toEqual(src('http://m/debian', 'bookworm'));
  });

  it('skips the security archives even on a base-looking suite', () => {
    const sources = [src('http://security.debian.org/debian-security', 'bookworm'), src('http://security.ubuntu.com/ubuntu', 'jammy'), src('http://m/debian', 'bookworm')];
    expect(pickBootstrapSource(sources, anySuite)?.uri).toBe('http://m/debian');
  });

  it('only takes http, https and file URIs', () => {
    const sources = [src('cdrom:[Debian GNU/Linux 12]/', 'bookworm'), src('tor+http://onion/debian', 'bookworm'), src('mirror+file:/etc/apt/mirrors.txt', 'bookworm'), src('file:///srv/mirror', 'bookworm')];
    expect(pickBootstrapSource(sources, anySuite)?.uri).toBe('file:///srv/mirror');
    expect(pickBootstrapSource([src('https://m/debian', 'trixie')], anySuite)?.uri).toBe('https://m/debian');
  });

  it('only takes suites debootstrap has a script for', () => {
    const known = new Set(['bookworm']);
    const sources = [src('http://m/debian', 'stable-custom'), src('http://m/debian', 'bookworm')];
    expect(pickBootstrapSource(sources, (s) => known.has(s))?.suite).toBe('bookworm');
  });

  it('returns undefined when nothing is usable, which the image builder turns into a clear error', () => {
    expect(pickBootstrapSource([], anySuite)).toBeUndefined();
    expect(pickBootstrapSource([src('http://m/debian', 'bookworm-updates'), src('http://security.debian.org/debian-security', 'bookworm-security')], anySuite)).toBeUndefined();
    expect(pickBootstrapSource([src('http://m/debian', 'bookworm')], () => false)).toBeUndefined();
  });

  it('works end to end from a sources tree on disk', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'topolab-apt-'));
    try {
      mkdirSync(path.join(root, 'sources.list.d'));
      writeFileSync(path.join(root, 'sources.list'), '# moved to debian.sources\n');
      writeFileSync(
        path.join(root, 'sources.list.d/debian.sources'),
        [
          'Types: deb',
          'URIs: http://proxy:3142/debian',
          'Suites: bookworm bookworm-updates',
          'Components: main',
          'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg',
          '',
          'Types: deb',
          'URIs: http://proxy:3142/debian-security',
          'Suites: bookworm-security',
          'Components: main',
        ].join('\n'),
      );
      expect(pickBootstrapSource(readAptSources(root), (s) => s === 'bookworm')).toEqual({
        uri: 'http://proxy:3142/debian',
        suite: 'bookworm',
        components: ['main'],
        signedBy: '/usr/share/keyrings/debian-archive-keyring.gpg',
        file: path.join(root, 'sources.list.d/debian.sources'),
      });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
