import { describe, expect, it } from 'vitest';
import { hostProcScript, nodesByPeerIndex, parseHostProc } from './host-proc';

describe('hostProcScript', () => {
  it('reads namespace links of the asked PIDs and interfaces of the others, PIDs deduplicated and checked', () => {
    const script = hostProcScript({ namespacePids: [1, 393, 393, -4, 1.5], linkPids: [393, 410] });
    expect(script).toContain('for p in 1 393; do for k in net pid mnt uts ipc user cgroup time; do');
    expect(script).toContain('for p in 393 410; do for d in /proc/$p/root/sys/class/net/*;');
    expect(script.trim().endsWith('exit 0')).toBe(true);
  });

  it('asks nothing when given no PIDs', () => {
    expect(hostProcScript({ namespacePids: [], linkPids: [] })).toBe('exit 0');
  });
});

describe('parseHostProc', () => {
  const output = [
    'ns 1 net net:[4026533229]',
    'ns 1 pid pid:[4026533227]',
    'ns 393 net net:[4026533941]',
    'ns 393 time ',
    'ns 393 bogus bogus:[1]',
    'if 393 eth0 15 14',
    'if 393 lo 1 1',
    'if 393 eth2 19',
    'garbage',
  ].join('\n');

  it('keeps namespace ids by PID and interfaces with both indexes; skips what does not read right', () => {
    const report = parseHostProc(output);
    expect(report.namespaces.get(1)).toEqual({ net: 4026533229, pid: 4026533227 });
    expect(report.namespaces.get(393)).toEqual({ net: 4026533941 });
    expect(report.links).toEqual([
      { pid: 393, name: 'eth0', iflink: 15, ifindex: 14 },
      { pid: 393, name: 'lo', iflink: 1, ifindex: 1 },
    ]);
  });
});

describe('nodesByPeerIndex', () => {
  it("maps each host-side peer index to its node; loopback and devices without a peer are not", () => {
    const links = [
      { pid: 393, name: 'eth0', iflink: 15, ifindex: 14 },
      { pid: 393, name: 'lo', iflink: 1, ifindex: 1 },
      { pid: 393, name: 'dummy0', iflink: 7, ifindex: 7 },
      { pid: 500, name: 'eth0', iflink: 21, ifindex: 20 },
      { pid: 999, name: 'eth0', iflink: 30, ifindex: 29 },
    ];
    const out = nodesByPeerIndex(links, new Map([[393, 'ca'], [500, 'cb']]));
    expect([...out]).toEqual([[15, 'ca'], [21, 'cb']]);
  });
});
