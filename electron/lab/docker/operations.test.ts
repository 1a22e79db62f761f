// Operations: network payloads, route commands, swarm address choice, log demuxing.
import { describe, expect, it } from 'vitest';
import { LABEL_ID, LABEL_LAB, LABEL_ROLE, LABEL_VETH, vethNames } from '../plan/naming';
import { demuxLogBuffer, networkCreateOptions, pickAdvertiseAddr, routeCommand, vethAlias } from './operations';

import { LABELS, net, specsOf } from './operations.test-support';

// ---------------------------------------------------------------- networks

describe('networkCreateOptions', () => {
  it('makes a bridge with subnet, gateway, icc off and an MTU', () => {
    const options = { 'com.docker.network.bridge.enable_icc': 'false', 'com.docker.network.driver.mtu': '1400' };
    expect(networkCreateOptions(net({ subnet: '10.1.0.0/24', gateway: '10.1.0.1', options }))).toStrictEqual({
      Name: 'topolab-l-lan',
      Driver: 'bridge',
      Internal: false,
      Attachable: false,
      EnableIPv6: false,
      Options: options,
      IPAM: { Driver: 'default', Config: [{ Subnet: '10.1.0.0/24', Gateway: '10.1.0.1' }] },
      Labels: LABELS,
      CheckDuplicate: true,
    });
  });

  it('marks an internal network internal', () => {
    const o = networkCreateOptions(net({ internal: true, subnet: '10.1.0.0/24', gateway: '10.1.0.1' }));
    expect(o.Internal).toBe(true);
    expect(o.Attachable).toBe(false);
  });

  it('passes macvlan parent and mode and labels the network with its lab-owned veth', () => {
    const veth = { name: 'tl12345abcdea', peer: 'tl12345abcdeb' };
    const o = networkCreateOptions(net({ driver: 'macvlan', subnet: '10.2.0.0/24', gateway: '10.2.0.1', options: { parent: veth.name, macvlan_mode: 'bridge' }, veth }));
    expect(o.Driver).toBe('macvlan');
    expect(o.Options).toStrictEqual({ parent: 'tl12345abcdea', macvlan_mode: 'bridge' });
    expect(o.Labels).toStrictEqual({ ...LABELS, [LABEL_VETH]: 'tl12345abcdea' });
  });

  it('adds no veth label when the parent is a real host interface', () => {
    const o = networkCreateOptions(net({ driver: 'macvlan', subnet: '10.2.0.0/24', options: { parent: 'eth0', macvlan_mode: 'private' } }));
    expect(o.Labels).toStrictEqual(LABELS);
    expect(o.Labels).not.toHaveProperty(LABEL_VETH);
  });

  it('gives an ipvlan l3 network a subnet and no gateway at all', () => {
    const o = networkCreateOptions(net({ driver: 'ipvlan', subnet: '10.3.0.0/24', options: { parent: 'eth0', ipvlan_mode: 'l3' } }));
    expect(o.IPAM).toStrictEqual({ Driver: 'default', Config: [{ Subnet: '10.3.0.0/24' }] });
    expect(o.Options).toStrictEqual({ parent: 'eth0', ipvlan_mode: 'l3' });
  });

  it('makes an overlay attachable', () => {
    const o = networkCreateOptions(net({ driver: 'overlay', attachable: true, subnet: '10.4.0.0/24', gateway: '10.4.0.1', options: { encrypted: '' } }));
    expect(o).toMatchObject({ Driver: 'overlay', Attachable: true, Options: { encrypted: '' } });
  });

  it('enables IPv6 with a second IPAM config when the network has an IPv6 subnet', () => {
    const o = networkCreateOptions(net({ subnet: '10.5.0.0/24', gateway: '10.5.0.1', subnet6: 'fd00:5::/64', gateway6: 'fd00:5::1' }));
    expect(o.EnableIPv6).toBe(true);
    expect(o.IPAM?.Config).toStrictEqual([
      { Subnet: '10.5.0.0/24', Gateway: '10.5.0.1' },
      { Subnet: 'fd00:5::/64', Gateway: 'fd00:5::1' },
    ]);
    expect(networkCreateOptions(net({ subnet6: 'fd00:6::/64' })).IPAM?.Config).toStrictEqual([{ Subnet: 'fd00:6::/64' }]);
  });

  it('leaves IPAM config empty and IPv6 off when the spec has no subnet', () => {
    const o = networkCreateOptions(net());
    expect(o.EnableIPv6).toBe(false);
    expect(o.IPAM).toStrictEqual({ Driver: 'default', Config: [] });
  });

  it('does not mutate the spec labels when adding the veth label', () => {
    const spec = net({ driver: 'ipvlan', veth: { name: 'tlaaaaabbbbba', peer: 'tlaaaaabbbbbb' } });
    networkCreateOptions(spec);
    expect(spec.labels).toStrictEqual(LABELS);
  });

  describe('from a lab file, through the planner', () => {
    const { networks } = specsOf(`
topolab: 1
name: l
networks:
  - {id: br, driver: bridge, subnet: 10.61.1.0/24, icc: false, mtu: 1400}
  - {id: dmz, driver: bridge, subnet: 10.61.2.0/24, internal: true}
  - {id: mv, driver: macvlan, subnet: 10.61.3.0/24}
  - {id: iv, driver: ipvlan, subnet: 10.61.4.0/24, mode: l3, parent: eth0}
  - {id: ov, driver: overlay, subnet: 10.61.5.0/24}
  - {id: v6, driver: bridge, subnet: 10.61.6.0/24, subnet6: "fd00:61:6::/64", gateway6: "fd00:61:6::1"}
`);
    const payload = (id: string) => networkCreateOptions(networks.find((n) => n.id === id)!);

    it('bridge: icc off and MTU as driver options, first address as gateway', () => {
      expect(payload('br')).toMatchObject({
        Name: 'topolab-l-br',
        Driver: 'bridge',
        Internal: false,
        Attachable: false,
        EnableIPv6: false,
        Options: { 'com.docker.network.bridge.enable_icc': 'false', 'com.docker.network.driver.mtu': '1400' },
        IPAM: { Driver: 'default', Config: [{ Subnet: '10.61.1.0/24', Gateway: '10.61.1.1' }] },
        Labels: { [LABEL_LAB]: 'l', [LABEL_ID]: 'br', [LABEL_ROLE]: 'network' },
      });
    });

    it('internal bridge', () => {
      expect(payload('dmz')).toMatchObject({ Driver: 'bridge', Internal: true, Options: {} });
    });

    it('macvlan with no parent: a lab veth as parent, bridge mode, veth label', () => {
      const o = payload('mv');
      const veth = networks.find((n) => n.id === 'mv')!.veth!;
      expect(veth.name).toMatch(/^tl[0-9a-f]{10}a$/);
      expect(o.Options).toStrictEqual({ parent: veth.name, macvlan_mode: 'bridge' });
      expect(o.Labels?.[LABEL_VETH]).toBe(veth.name);
    });

    it('ipvlan l3 on a named parent: no gateway, no veth label', () => {
      const o = payload('iv');
      expect(o.Options).toStrictEqual({ parent: 'eth0', ipvlan_mode: 'l3' });
      expect(o.IPAM?.Config).toStrictEqual([{ Subnet: '10.61.4.0/24' }]);
      expect(o.Labels).not.toHaveProperty(LABEL_VETH);
    });

    it('overlay is attachable', () => {
      expect(payload('ov')).toMatchObject({ Driver: 'overlay', Attachable: true });
    });

    it('IPv6 bridge: EnableIPv6 and both IPAM configs', () => {
      expect(payload('v6')).toMatchObject({
        EnableIPv6: true,
        IPAM: {
          Config: [
            { Subnet: '10.61.6.0/24', Gateway: '10.61.6.1' },
            { Subnet: 'fd00:61:6::/64', Gateway: 'fd00:61:6::1' },
          ],
        },
      });
    });
  });
});

// ---------------------------------------------------------------- containers

describe('routeCommand', () => {
  it('a route via a next hop', () => {
    expect(routeCommand({ to: '10.2.0.0/24', via: '10.1.0.254' })).toEqual(['ip', 'route', 'replace', '10.2.0.0/24', 'via', '10.1.0.254']);
  });

  it('a route out of a device', () => {
    expect(routeCommand({ to: '10.2.0.0/24', dev: 'eth1' })).toEqual(['ip', 'route', 'replace', '10.2.0.0/24', 'dev', 'eth1']);
  });

  it('a default route via a next hop and device', () => {
    expect(routeCommand({ to: 'default', via: '10.1.0.1', dev: 'eth0' })).toEqual(['ip', 'route', 'replace', 'default', 'via', '10.1.0.1', 'dev', 'eth0']);
  });

  it('IPv6 destinations and next hops use ip -6', () => {
    expect(routeCommand({ to: 'fd00:2::/64', via: 'fd00:1::fe' })).toEqual(['ip', '-6', 'route', 'replace', 'fd00:2::/64', 'via', 'fd00:1::fe']);
    expect(routeCommand({ to: 'default', via: 'fd00:1::1' })).toEqual(['ip', '-6', 'route', 'replace', 'default', 'via', 'fd00:1::1']);
  });
});

// ---------------------------------------------------------------- swarm address

describe('pickAdvertiseAddr', () => {
  const addrs = JSON.stringify([
    { ifname: 'lo', addr_info: [{ family: 'inet', local: '127.0.0.1', scope: 'host' }] },
    { ifname: 'docker0', addr_info: [{ family: 'inet', local: '172.17.0.1', scope: 'global' }] },
    { ifname: 'br-1234abcd', addr_info: [{ family: 'inet', local: '172.18.0.1', scope: 'global' }] },
    { ifname: 'eth0', addr_info: [{ family: 'inet', local: '192.168.1.5', scope: 'global' }] },
    { ifname: 'eth1', addr_info: [{ family: 'inet', local: '10.0.0.5', scope: 'global' }] },
  ]);

  it("prefers the default route's source address", () => {
    const routes = JSON.stringify([{ dst: 'default', gateway: '10.0.0.1', dev: 'eth1', prefsrc: '10.0.0.99' }]);
    expect(pickAdvertiseAddr(routes, addrs)).toBe('10.0.0.99');
  });

  it("else takes the global address of the default route's device", () => {
    const routes = JSON.stringify([{ dst: 'default', gateway: '10.0.0.1', dev: 'eth1' }]);
    expect(pickAdvertiseAddr(routes, addrs)).toBe('10.0.0.5');
  });

  it('else takes the first global IPv4 of a real interface, skipping lo, docker and bridges', () => {
    expect(pickAdvertiseAddr('[]', addrs)).toBe('192.168.1.5');
    expect(pickAdvertiseAddr('', addrs)).toBe('192.168.1.5');
  });

  // The skip pattern follows vethNames(): 'tl' + 10 hex + a/b (13 chars).
  it('skips a lab-owned veth named by vethNames()', () => {
    const veth = vethNames('l', 'mv');
    const withVeth = JSON.stringify([
      { ifname: veth.name, addr_info: [{ family: 'inet', local: '10.9.9.9', scope: 'global' }] },
      { ifname: 'eth0', addr_info: [{ family: 'inet', local: '192.168.1.5', scope: 'global' }] },
    ]);
    expect(pickAdvertiseAddr('[]', withVeth)).toBe('192.168.1.5');
  });

  it('skips both ends of any lab veth, and docker veth* links', () => {
    const veth = vethNames('another lab', 'underlay');
    const others = JSON.stringify([
      { ifname: 'veth1a2b3c', addr_info: [{ family: 'inet', local: '10.9.9.8', scope: 'global' }] },
      { ifname: 'tl0123456789a', addr_info: [{ family: 'inet', local: '10.9.9.9', scope: 'global' }] },
      { ifname: veth.peer, addr_info: [{ family: 'inet', local: '10.9.9.10', scope: 'global' }] },
      { ifname: 'eth0', addr_info: [{ family: 'inet', local: '192.168.1.5', scope: 'global' }] },
    ]);
    expect(pickAdvertiseAddr('[]', others)).toBe('192.168.1.5');
  });

  it('does not skip interfaces that only look a little like lab veths', () => {
    const near = JSON.stringify([
      { ifname: 'tl01234567a', addr_info: [{ family: 'inet', local: '10.9.9.7', scope: 'global' }] },
      { ifname: 'eth0', addr_info: [{ family: 'inet', local: '192.168.1.5', scope: 'global' }] },
    ]);
    expect(pickAdvertiseAddr('[]', near)).toBe('10.9.9.7');
  });

  it('skips a link carrying the lab veth alias, whatever its name', () => {
    const aliased = JSON.stringify([
      { ifname: 'renamed0', ifalias: vethAlias('l'), addr_info: [{ family: 'inet', local: '10.9.9.9', scope: 'global' }] },
      { ifname: 'eth0', addr_info: [{ family: 'inet', local: '192.168.1.5', scope: 'global' }] },
    ]);
    expect(pickAdvertiseAddr('[]', aliased)).toBe('192.168.1.5');
  });

  it('ignores unparsable output and returns undefined when there is nothing to advertise', () => {
    expect(pickAdvertiseAddr('not json', 'garbage')).toBeUndefined();
    expect(pickAdvertiseAddr('{}', '{}')).toBeUndefined();
    expect(pickAdvertiseAddr('[]', JSON.stringify([{ ifname: 'lo', addr_info: [{ family: 'inet', local: '127.0.0.1', scope: 'host' }] }]))).toBeUndefined();
  });

  it('does not take IPv6 or link-scope addresses', () => {
    const only = JSON.stringify([{ ifname: 'eth0', addr_info: [{ family: 'inet6', local: 'fd00::5', scope: 'global' }, { family: 'inet', local: '169.254.1.1', scope: 'link' }] }]);
    expect(pickAdvertiseAddr('[]', only)).toBeUndefined();
  });
});

// ---------------------------------------------------------------- logs

describe('demuxLogBuffer', () => {
  const frame = (stream: 1 | 2, text: string): Buffer => {
    const payload = Buffer.from(text, 'utf8');
    const header = Buffer.alloc(8);
    header[0] = stream;
    header.writeUInt32BE(payload.length, 4);
    return Buffer.concat([header, payload]);
  };

  it('joins stdout and stderr frames in order, without headers', () => {
    expect(demuxLogBuffer(Buffer.concat([frame(1, 'hello\n'), frame(2, 'oops: é\n'), frame(1, 'bye\n')]))).toBe('hello\noops: é\nbye\n');
  });

  it('passes TTY logs through unchanged', () => {
    expect(demuxLogBuffer(Buffer.from('plain tty output\nsecond line\n'))).toBe('plain tty output\nsecond line\n');
  });

  it('returns the empty string for an empty buffer', () => {
    expect(demuxLogBuffer(Buffer.alloc(0))).toBe('');
  });

  it('keeps what there is of a truncated last frame', () => {
    const whole = frame(1, 'complete\n');
    const cut = frame(2, 'cut short').subarray(0, 8 + 3);
    expect(demuxLogBuffer(Buffer.concat([whole, cut]))).toBe('complete\ncut');
  });

  // A TTY log shorter than 8 bytes (e.g. a last line "error\n") has no header to inspect.
  it('passes a TTY log shorter than a frame header through unchanged', () => {
    expect(demuxLogBuffer(Buffer.from('fail\n'))).toBe('fail\n');
  });

  it('treats a buffer as multiplexed only when it starts with a whole, valid header', () => {
    expect(demuxLogBuffer(Buffer.from([1, 0, 0]))).toBe(Buffer.from([1, 0, 0]).toString('utf8'));
    // Stream byte fine, but the three bytes after it are not zero: TTY text.
    expect(demuxLogBuffer(Buffer.from('\u0001\u0000ab0123456789'))).toBe('\u0001\u0000ab0123456789');
  });
});
