import { describe, expect, it } from 'vitest';
import { parseFdb } from './parse-fdb';

describe('parseFdb', () => {
  it('keeps learned, permanent and VXLAN entries and leaves the kernel multicast ones out', () => {
    const json = JSON.stringify([
      { mac: '33:33:00:00:00:01', ifname: 'eth0', flags: ['self'], state: 'permanent' },
      { mac: '01:00:5E:00:00:01', ifname: 'br0', flags: ['self'], state: 'permanent' },
      { mac: '02:42:0A:00:00:02', ifname: 'veth1', master: 'br0', flags: [] },
      { mac: '02:42:0a:00:00:01', ifname: 'br0', vlan: 1, master: 'br0', state: 'permanent', flags: [] },
      { mac: '02:42:0a:00:00:09', ifname: 'vxlan0', dst: '192.168.1.12', flags: ['self'], state: 'permanent' },
    ]);
    expect(parseFdb(json)).toEqual([
      { mac: '02:42:0a:00:00:02', dev: 'veth1', state: 'learned' },
      { mac: '02:42:0a:00:00:01', dev: 'br0', state: 'permanent', vlan: 1 },
      { mac: '02:42:0a:00:00:09', dev: 'vxlan0', state: 'permanent', dst: '192.168.1.12' },
    ]);
  });
  it('reads nothing from empty or broken output', () => {
    expect(parseFdb('')).toEqual([]);
    expect(parseFdb('not json')).toEqual([]);
    expect(parseFdb('[{"ifname": "x"}]')).toEqual([]);
  });
});
