// Where to debootstrap from: the machine's own apt configuration. An offline or
// firewalled machine that can install Debian packages has a working mirror in its
// apt sources (often a local proxy or snapshot), so we reuse it instead of
// hard-coding deb.debian.org, which may be exactly what is unreachable.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface AptSource {
  /** Mirror URI, without trailing slash, e.g. http://deb.debian.org/debian */
  uri: string;
  suite: string;
  components: string[];
  /** Keyring from `signed-by`, when it names a file: debootstrap checks Release against it. */
  signedBy?: string;
  /** The file it came from, for error messages. */
  file: string;
}

/** Parse one-line sources (`deb [opts] uri suite comp...`). Only `deb` lines: debootstrap needs binaries. */
export function parseOneLineSources(text: string, file: string): AptSource[] {
  const out: AptSource[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line.startsWith('deb ') && !line.startsWith('deb\t')) continue;
    let rest = line.slice(3).trim();
    let signedBy: string | undefined;
    if (rest.startsWith('[')) {
      const end = rest.indexOf(']');
      if (end < 0) continue;
      for (const opt of rest.slice(1, end).trim().split(/\s+/)) {
        const [key, value] = opt.split('=', 2);
        if (key === 'signed-by' && value) signedBy = value;
      }
      rest = rest.slice(end + 1).trim();
    }
    const [uri, suite, ...components] = rest.split(/\s+/);
    if (uri && suite) out.push({ uri: uri.replace(/\/+$/, ''), suite, components, signedBy, file });
  }
  return out;
}

/** Parse deb822 sources (`Types: deb`, `URIs:`, `Suites:`, `Components:`, `Enabled:`, `Signed-By:`). */
export function parseDeb822Sources(text: string, file: string): AptSource[] {
  const out: AptSource[] = [];
  // Stanzas are separated by blank lines; comment lines are dropped first so that a
  // commented-out line between fields does not split a stanza.
  // CRLF (a file saved on Windows) is read like LF, as the one-line parser does.
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('#'));
  for (const stanza of lines.join('\n').split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    let last: string | undefined;
    for (const line of stanza.split('\n')) {
      if (/^\s/.test(line) && last) {
        // Continuation line (e.g. an inline armored key in Signed-By): append.
        fields.set(last, `${fields.get(last)}\n${line.trim()}`);
        continue;
      }
      const m = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
      if (!m) continue;
      last = m[1].toLowerCase();
      fields.set(last, m[2].trim());
    }
    if (!(fields.get('types') ?? '').split(/\s+/).includes('deb')) continue;
    if (/^(no|false|0)$/i.test(fields.get('enabled') ?? 'yes')) continue;
    const components = (fields.get('components') ?? '').split(/\s+/).filter(Boolean);
    const signed = fields.get('signed-by');
    // Signed-By is either a keyring path or an inline key; only a path helps debootstrap.
    const signedBy = signed && !signed.includes('\n') && signed.startsWith('/') ? signed : undefined;
    for (const uri of (fields.get('uris') ?? '').split(/\s+/).filter(Boolean)) {
      for (const suite of (fields.get('suites') ?? '').split(/\s+/).filter(Boolean)) {
        out.push({ uri: uri.replace(/\/+$/, ''), suite, components, signedBy, file });
      }
    }
  }
  return out;
}

/** Every `deb` source of the machine, in apt's order: sources.list, then sources.list.d sorted. */
export function readAptSources(root = '/etc/apt'): AptSource[] {
  const out: AptSource[] = [];
  const main = path.join(root, 'sources.list');
  if (existsSync(main)) out.push(...parseOneLineSources(readFileSync(main, 'utf8'), main));
  const dir = path.join(root, 'sources.list.d');
  const names = existsSync(dir) ? readdirSync(dir).sort() : [];
  for (const name of names) {
    // apt itself ignores other extensions (.disabled, .save, .dpkg-old…), so do we.
    const file = path.join(dir, name);
    if (name.endsWith('.list')) out.push(...parseOneLineSources(readFileSync(file, 'utf8'), file));
    else if (name.endsWith('.sources')) out.push(...parseDeb822Sources(readFileSync(file, 'utf8'), file));
  }
  return out;
}

/**
 * The source to debootstrap from: the first one whose suite is a base distribution
 * debootstrap has a script for (bookworm, trixie, jammy…), skipping update, security
 * and backports pockets, which hold only a fraction of the archive.
 * Returns undefined when the machine has no usable source.
 */
export function pickBootstrapSource(
  sources: AptSource[],
  hasScript: (suite: string) => boolean = (s) => existsSync(path.join('/usr/share/debootstrap/scripts', s)),
): AptSource | undefined {
  const usable = sources.filter(
    (s) =>
      /^(https?|file):\/\//.test(s.uri) &&
      !/[-/](updates|security|backports|proposed)$/.test(s.suite) &&
      !/security\.(debian|ubuntu)\.(org|com)/.test(s.uri) &&
      hasScript(s.suite),
  );
  return usable[0];
}
