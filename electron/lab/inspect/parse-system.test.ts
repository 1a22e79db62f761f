import { describe, expect, it } from 'vitest';
import { NAMESPACES, PROCESSES, RESOLV, SYSCTLS } from './inspect.test-support';
import { DOCKER_EMBEDDED_DNS, parseNamespaces, parseProcesses, parseResolvConf, parseSysctls } from './parse';

describe('parseSysctls', () => {
  it('reads every `name = value` line, turning the tab inside ranges into a space', () => {
    expect(parseSysctls(SYSCTLS)).toEqual({
      'net.ipv4.ip_forward': '1',
      'net.ipv4.conf.all.rp_filter': '0',
      'net.ipv4.conf.default.rp_filter': '2',
      'net.ipv4.conf.all.forwarding': '1',
      'net.ipv6.conf.all.forwarding': '0',
      'net.ipv4.ip_local_port_range': '32768 60999',
      'net.ipv4.conf.all.arp_ignore': '0',
      'net.ipv4.conf.all.proxy_arp': '0',
      'net.ipv4.ping_group_range': '0 2147483647',
      'net.ipv4.icmp_echo_ignore_all': '0',
    });
  });

  it('accepts `name=value` without spaces, an empty value, and keeps `=` inside a value', () => {
    expect(parseSysctls('a.b=1\nc.d = \ne.f = x=y')).toEqual({ 'a.b': '1', 'c.d': '', 'e.f': 'x=y' });
  });

  it('skips lines without a name or with spaces in the name', () => {
    expect(parseSysctls('no equals here\n= 1\nsome name = 2\n\n')).toEqual({});
  });

  it('returns {} for empty input', () => {
    expect(parseSysctls('')).toEqual({});
  });
});

describe('parseResolvConf', () => {
  it("reads Docker's generated file: embedded DNS, search, options and the upstream servers it noted", () => {
    expect(parseResolvConf(RESOLV)).toEqual({
      nameservers: ['127.0.0.11'],
      search: ['lab.internal'],
      options: ['ndots:0'],
      dockerEmbedded: true,
      dockerUpstreams: ['127.0.0.53', '192.168.65.7'],
    });
  });

  it('reads a plain resolv.conf (default bridge network): no embedded DNS', () => {
    const text = 'nameserver 8.8.8.8\nnameserver 2001:4860:4860::8888\nsearch a.example b.example\noptions ndots:2 timeout:1\noptions edns0\n';
    expect(parseResolvConf(text)).toEqual({
      nameservers: ['8.8.8.8', '2001:4860:4860::8888'],
      search: ['a.example', 'b.example'],
      options: ['ndots:2', 'timeout:1', 'edns0'],
      dockerEmbedded: false,
      dockerUpstreams: [],
    });
  });

  it('lets the last search or domain line win, as the resolver does', () => {
    expect(parseResolvConf('search one.example\ndomain two.example').search).toEqual(['two.example']);
    expect(parseResolvConf('domain two.example\nsearch a b').search).toEqual(['a', 'b']);
  });

  it('ignores comments (# and ;), blank and unknown lines, and tolerates tabs and CRLF', () => {
    const text = '; comment\n# nameserver 1.1.1.1\n\nsortlist 10.0.0.0\n\tnameserver\t9.9.9.9\r\nnameserver\n';
    expect(parseResolvConf(text)).toMatchObject({ nameservers: ['9.9.9.9'], search: [], options: [] });
  });

  it('reads the ExtServers comment in its other forms', () => {
    expect(parseResolvConf('nameserver 127.0.0.11\n# ExtServers: [8.8.8.8 8.8.4.4]').dockerUpstreams).toEqual(['8.8.8.8', '8.8.4.4']);
    expect(parseResolvConf('# ExtServers: []').dockerUpstreams).toEqual([]);
  });

  it('knows the embedded DNS address', () => {
    expect(DOCKER_EMBEDDED_DNS).toBe('127.0.0.11');
    expect(parseResolvConf('nameserver 10.0.0.2\nnameserver 127.0.0.11').dockerEmbedded).toBe(true);
  });

  it('returns an empty configuration for empty input', () => {
    expect(parseResolvConf('')).toEqual({ nameservers: [], search: [], options: [], dockerEmbedded: false, dockerUpstreams: [] });
  });
});

describe('parseNamespaces', () => {
  it('reads the inode number of each namespace', () => {
    expect(parseNamespaces(NAMESPACES)).toEqual({
      net: 4026532305,
      pid: 4026532303,
      mnt: 4026532301,
      uts: 4026532302,
      ipc: 4026532304,
      user: 4026531837,
      cgroup: 4026532306,
      time: 4026531834,
    });
  });

  it('leaves a namespace the kernel lacks undefined, and ignores unknown kinds and malformed links', () => {
    const ids = parseNamespaces('net=net:[1]\ntime_for_children=time:[2]\nfoo=foo:[3]\npid=pid:[x]\nmnt=\nuts uts:[4]');
    expect(ids).toEqual({ net: 1, pid: undefined, mnt: undefined, uts: undefined, ipc: undefined, user: undefined, cgroup: undefined, time: undefined });
  });

  it('returns every kind, undefined, for empty input', () => {
    const ids = parseNamespaces('');
    expect(Object.keys(ids).sort()).toEqual(['cgroup', 'ipc', 'mnt', 'net', 'pid', 'time', 'user', 'uts']);
    expect(Object.values(ids).every((id) => id === undefined)).toBe(true);
  });
});

describe('parseProcesses', () => {
  const processes = parseProcesses(PROCESSES);

  it("lists the container's processes and leaves out the inspect script and everything it started", () => {
    expect(processes.map((p) => p.pid)).toEqual([1, 7, 12, 22]);
  });

  it('reads pid, ppid, user, comm and the full command line', () => {
    expect(processes[0]).toEqual({ pid: 1, ppid: 0, user: 'root', command: 'tini', args: '/sbin/tini -- /usr/local/bin/lab-agent' });
    expect(processes[2]).toEqual({ pid: 12, ppid: 7, user: 'nobody', command: 'nc', args: 'nc -lk -p 8080' });
  });

  it('keeps spaces in comm by reading it by column, next to an 8-character (truncated) user', () => {
    expect(processes[3]).toEqual({ pid: 22, ppid: 1, user: 'systemd+', command: 'my worker', args: '/usr/bin/python3 -m worker --name "my worker"' });
  });

  it('reads a comm of the full 15 characters and kernel threads', () => {
    const text = ['      2       0 root     kthreadd        [kthreadd]', '      3       2 root     pool_workqueue_ [pool_workqueue_release]'].join('\n');
    expect(parseProcesses(text)).toEqual([
      { pid: 2, ppid: 0, user: 'root', command: 'kthreadd', args: '[kthreadd]' },
      { pid: 3, ppid: 2, user: 'root', command: 'pool_workqueue_', args: '[pool_workqueue_release]' },
    ]);
  });

  it('reads wide pid columns (pid_max above 99999)', () => {
    expect(parseProcesses('1234567       1 root     my worker       /usr/bin/worker')).toEqual([{ pid: 1234567, ppid: 1, user: 'root', command: 'my worker', args: '/usr/bin/worker' }]);
  });

  it('falls back to the next word for comm when the columns are not where ps puts them', () => {
    expect(parseProcesses('5 1 averyverylongname nginx nginx: worker process')).toEqual([
      { pid: 5, ppid: 1, user: 'averyverylongname', command: 'nginx', args: 'nginx: worker process' },
    ]);
    expect(parseProcesses('5 1 root sleep infinity')).toEqual([{ pid: 5, ppid: 1, user: 'root', command: 'sleep', args: 'infinity' }]);
  });

  it('keeps every process when there is no self line, and when self is not listed', () => {
    const rows = PROCESSES.split('\n').slice(1).join('\n');
    expect(parseProcesses(rows)).toHaveLength(7);
    expect(parseProcesses(`self=999\n${rows}`)).toHaveLength(7);
  });

  it('skips lines it cannot read', () => {
    expect(parseProcesses('PID PPID USER COMMAND\nx 1 root a b\n   9   1 root\n\n')).toEqual([]);
  });

  it('returns [] for empty input', () => {
    expect(parseProcesses('')).toEqual([]);
  });
});
