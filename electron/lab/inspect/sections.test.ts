import { describe, expect, it } from 'vitest';
import { INSPECT_NAMESPACES, INSPECT_SCRIPT, INSPECT_SECTIONS, INSPECT_SYSCTLS, sectionMarker, splitSections } from './sections';

describe('splitSections', () => {
  it('cuts the text at marker lines, each section without the newline that ends it', () => {
    const sections = splitSections('@@topolab:links@@\n[{"ifindex":1}]\n@@topolab:sockets@@\ntcp LISTEN\nudp UNCONN\n');
    expect([...sections]).toEqual([
      ['links', '[{"ifindex":1}]'],
      ['sockets', 'tcp LISTEN\nudp UNCONN'],
    ]);
  });

  it('ignores what comes before the first marker (a shell banner, a warning)', () => {
    const sections = splitSections('sh: warning: setlocale\n@@topolab:a@@\none\n');
    expect([...sections]).toEqual([['a', 'one']]);
  });

  it('keeps empty sections, in the middle and at the end', () => {
    const sections = splitSections('@@topolab:nft@@\n@@topolab:iptables@@\n*filter\n@@topolab:conntrack@@\n');
    expect([...sections]).toEqual([
      ['nft', ''],
      ['iptables', '*filter'],
      ['conntrack', ''],
    ]);
  });

  it('keeps blank lines inside a section, and a final section without a trailing newline', () => {
    expect(splitSections('@@topolab:resolv@@\n# c\n\nnameserver 1.1.1.1\n\n@@topolab:hosts@@\n127.0.0.1 localhost').get('resolv')).toBe('# c\n\nnameserver 1.1.1.1\n');
    expect(splitSections('@@topolab:hosts@@\n127.0.0.1 localhost').get('hosts')).toBe('127.0.0.1 localhost');
  });

  it('accepts CRLF line ends', () => {
    expect([...splitSections('@@topolab:a@@\r\nx\r\n@@topolab:b@@\r\ny\r\n')]).toEqual([
      ['a', 'x'],
      ['b', 'y'],
    ]);
  });

  it('recognises a marker only when it is the whole line', () => {
    const sections = splitSections('@@topolab:a@@\n x @@topolab:b@@\n @@topolab:c@@\n@@topolab:d@@ \n');
    expect([...sections.keys()]).toEqual(['a']);
    expect(sections.get('a')).toBe(' x @@topolab:b@@\n @@topolab:c@@\n@@topolab:d@@ ');
  });

  it('keeps the first of two sections with the same name, so later output cannot replace it', () => {
    const sections = splitSections('@@topolab:links@@\nreal\n@@topolab:hosts@@\nh\n@@topolab:links@@\nfake\n');
    expect(sections.get('links')).toBe('real');
    expect(sections.get('hosts')).toBe('h');
  });

  it('finds nothing in empty or marker-less text', () => {
    expect(splitSections('').size).toBe(0);
    expect(splitSections('just some text\n').size).toBe(0);
  });

  it('reads back what sectionMarker writes', () => {
    expect(sectionMarker('neigh')).toBe('@@topolab:neigh@@');
    expect(splitSections(`${sectionMarker('neigh')}\n[]\n`).get('neigh')).toBe('[]');
  });
});

describe('INSPECT_SCRIPT', () => {
  const emitLines = INSPECT_SCRIPT.split('\n').filter((line) => line.startsWith('emit '));

  it('prints every section once, in the order of INSPECT_SECTIONS', () => {
    expect(emitLines.map((line) => line.split(' ')[1])).toEqual(INSPECT_SECTIONS.map(([name]) => name));
    expect(new Set(INSPECT_SECTIONS.map(([name]) => name)).size).toBe(INSPECT_SECTIONS.length);
  });

  it('covers the sections the Inspector parses', () => {
    expect(INSPECT_SECTIONS.map(([name]) => name).sort()).toEqual(
      ['addrs', 'conntrack', 'hosts', 'iptables', 'links', 'namespaces', 'neigh', 'nft', 'processes', 'resolv', 'routes', 'rules', 'sockets', 'sysctls'].sort(),
    );
  });

  it.each([
    ['links', 'ip -j -d link show'],
    ['addrs', 'ip -j addr show'],
    ['routes', 'ip -j route show table all'],
    ['rules', 'ip -j rule show'],
    ['neigh', 'ip -j neigh show'],
    ['sockets', 'ss -H -tunap'],
    ['iptables', 'iptables-save -c'],
    ['nft', 'nft -j list ruleset'],
    ['resolv', 'cat /proc/1/root/etc/resolv.conf'],
    ['hosts', 'cat /proc/1/root/etc/hosts'],
  ])('runs the right command for %s', (name, command) => {
    expect(emitLines).toContain(`emit ${name} ${command}`);
  });

  it("reads the target's files through pid 1's root: the sidecar has its own mount namespace", () => {
    expect(INSPECT_SCRIPT).not.toMatch(/cat \/etc\//);
    expect(INSPECT_SCRIPT).toContain('/proc/1/root/etc/resolv.conf');
    expect(INSPECT_SCRIPT).toContain('/proc/1/root/etc/hosts');
  });

  it('drops every command’s stderr and never lets one failure end the script', () => {
    expect(INSPECT_SCRIPT).toContain('out=$( { "$@"; } 2>/dev/null )');
    expect(INSPECT_SCRIPT).not.toMatch(/set -e|&&\s*exit|\|\|\s*exit/);
    expect(INSPECT_SCRIPT.trimEnd().endsWith('exit 0')).toBe(true);
  });

  it('indents output lines that look like markers, so a file cannot open a section', () => {
    expect(INSPECT_SCRIPT).toContain("sed 's/^@@topolab:/ &/'");
  });

  it('prints the markers splitSections reads', () => {
    expect(INSPECT_SCRIPT).toContain("printf '@@topolab:%s@@\\n' \"$1\"");
  });

  it('reads each sysctl from /proc/sys as `name = value`, skipping ones the kernel lacks', () => {
    expect(INSPECT_SYSCTLS).toHaveLength(10);
    expect(INSPECT_SCRIPT).toContain(`for name in ${INSPECT_SYSCTLS.join(' ')}; do`);
    expect(INSPECT_SCRIPT).toContain("file=/proc/sys/$(printf '%s' \"$name\" | tr . /)");
    expect(INSPECT_SCRIPT).toContain('if [ -r "$file" ]; then printf \'%s = %s\\n\' "$name" "$(cat "$file")"; fi');
  });

  it("lists the target's namespaces from pid 1's ns links", () => {
    expect(INSPECT_NAMESPACES).toEqual(['net', 'pid', 'mnt', 'uts', 'ipc', 'user', 'cgroup', 'time']);
    expect(INSPECT_SCRIPT).toContain('if link=$(readlink "/proc/1/ns/$ns"); then printf \'%s=%s\\n\' "$ns" "$link"; fi');
  });

  it('prints its own pid before ps, so the parser can leave the script out, and nothing when ps is missing', () => {
    expect(INSPECT_SCRIPT).toContain('list=$(ps -ww -eo pid=,ppid=,user=,comm=,args=) || return 0');
    expect(INSPECT_SCRIPT).toContain("printf 'self=%s\\n%s\\n' \"$$\" \"$list\"");
  });

  it('reads conntrack only when the kernel has it', () => {
    expect(INSPECT_SCRIPT).toContain('if [ -r /proc/net/nf_conntrack ]; then cat /proc/net/nf_conntrack; fi');
  });

  it('is plain POSIX sh (no bash-only syntax)', () => {
    expect(INSPECT_SCRIPT).not.toMatch(/\[\[|\bfunction\b|\blocal\b|<<<|\$\{[^}]*\/\/|\bsource\b|&>/);
  });

  it('defines every helper it calls', () => {
    const helpers = INSPECT_SECTIONS.map(([, command]) => command).filter((command) => command.startsWith('inspect_'));
    for (const helper of helpers) expect(INSPECT_SCRIPT).toContain(`${helper}() {`);
  });
});
