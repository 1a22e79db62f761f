// validateLab: driver rules, builtin networks, macvlan/ipvlan, overlay and engine facts.
import { describe, expect, it } from 'vitest';
import { check, codes, only } from './validate.test-support';
import type { Diagnostic } from './diagnostics';

const net = (fields: string) => `networks:\n  - {id: n1, ${fields}}\n`;
/** Errors and warnings only: underlays without parent always add an info note. */
const problems = (diagnostics: Diagnostic[]) => codes(diagnostics.filter((d) => d.severity !== 'info'));

describe('driver-specific fields', () => {
  it.each([
    ['driver: overlay, icc: false', 'icc'],
    ['driver: bridge, encrypted: true', 'encrypted'],
    ['driver: bridge, parent: eth0', 'parent'],
    ['driver: bridge, mode: l2', 'mode'],
    ['driver: overlay, mode: bridge', 'mode'],
    ['driver: macvlan, parent: eth0, mtu: 1400', 'mtu'],
  ])('rejects %s', (fields, field) => {
    const d = only(check(net(fields)), 'option-not-for-driver');
    expect(d.path).toEqual(['networks', 0, field]);
    expect(d.message).toContain('Network n1');
  });

  it.each([
    'driver: bridge, icc: false, mtu: 1400',
    'driver: overlay, encrypted: true, mtu: 1450',
    'driver: macvlan, parent: eth0, mode: vepa',
    'driver: ipvlan, parent: eth0, mode: l3s',
  ])('accepts %s', (fields) => {
    expect(check(net(fields))).toEqual([]);
  });

  it.each([67, 65536, 0])('rejects mtu %i', (mtu) => {
    expect(only(check(net(`driver: bridge, mtu: ${mtu}`)), 'invalid-mtu').message).toContain(String(mtu));
  });

  it.each([68, 65535])('accepts mtu %i', (mtu) => {
    expect(check(net(`driver: bridge, mtu: ${mtu}`))).toEqual([]);
  });
});

describe('macvlan and ipvlan', () => {
  it.each([
    ['macvlan', 'l2', 'bridge, private, vepa, passthru'],
    ['ipvlan', 'bridge', 'l2, l3, l3s'],
  ])('rejects %s mode %s, listing the valid ones', (driver, mode, valid) => {
    const d = only(check(net(`driver: ${driver}, parent: eth0, mode: ${mode}`)), 'invalid-mode');
    expect(d.hint).toContain(valid);
  });

  it('notes the isolated underlay when parent is left out', () => {
    const d = only(check(net('driver: macvlan')), 'isolated-underlay');
    expect(d.severity).toBe('info');
    expect(d.path).toEqual(['networks', 0]);
  });

  it('rejects a gateway on ipvlan l3 and l3s, not on l2', () => {
    expect(only(check(net('driver: ipvlan, parent: eth0, mode: l3, subnet: 10.1.1.0/24, gateway: 10.1.1.1')), 'ipvlan-l3-gateway').path)
      .toEqual(['networks', 0, 'gateway']);
    expect(codes(check(net('driver: ipvlan, parent: eth0, mode: l3s, subnet: 10.1.1.0/24, gateway: 10.1.1.1')))).toEqual(['ipvlan-l3-gateway']);
    expect(check(net('driver: ipvlan, parent: eth0, mode: l2, subnet: 10.1.1.0/24, gateway: 10.1.1.1'))).toEqual([]);
  });

  it('rejects ipvlan when the kernel cannot make ipvlan links', () => {
    const d = only(check(net('driver: ipvlan, parent: eth0'), { ipvlanSupported: false }), 'ipvlan-unsupported');
    expect(d.message).toBe("This Docker host's kernel cannot make ipvlan links, so network n1 cannot be created.");
    expect(d.hint).toContain('macvlan');
    expect(d.severity).toBe('error');
  });

  it('rejects macvlan when the kernel cannot make macvlan links', () => {
    expect(only(check(net('driver: macvlan, parent: eth0'), { macvlanSupported: false }), 'macvlan-unsupported').path).toEqual(['networks', 0, 'driver']);
  });

  it('says nothing about support when it is known to work or unknown', () => {
    expect(check(net('driver: ipvlan, parent: eth0'), { ipvlanSupported: true, macvlanSupported: false })).toEqual([]);
    expect(check(net('driver: ipvlan, parent: eth0'))).toEqual([]);
  });

  it('allows a single node on a passthru macvlan', () => {
    const nodes = (n: number) => Array.from({ length: n }, (_, i) => `  - {id: n${i + 2}, interfaces: [{network: n1}]}\n`).join('');
    const body = (n: number) => `${net('driver: macvlan, parent: eth0, mode: passthru')}nodes:\n${nodes(n)}`;
    expect(check(body(1))).toEqual([]);
    const d = only(check(body(2)), 'passthru-single-node');
    expect(d.path).toEqual(['nodes', 1, 'interfaces', 0, 'network']);
    expect(d.message).toContain('n2');
  });

  it('rejects two underlay networks on the same parent', () => {
    const body = 'networks:\n  - {id: a, driver: macvlan, parent: eth0}\n  - {id: b, driver: ipvlan, parent: eth0}\n  - {id: c, driver: macvlan, parent: eth0.20}\n';
    const d = only(check(body), 'parent-in-use');
    expect(d.subject?.id).toBe('b');
    expect(d.message).toContain('network a');
  });
});

describe('overlay', () => {
  it('notes that a swarm will be initialised, once, when none is active', () => {
    const body = 'networks:\n  - {id: o1, driver: overlay}\n  - {id: o2, driver: overlay}\n';
    const d = only(check(body, { swarmActive: false }), 'swarm-init');
    expect(d.severity).toBe('info');
    expect(d.message).toContain('single-node swarm');
    expect(check(body, { swarmActive: true })).toEqual([]);
    expect(check(body)).toEqual([]);
  });

  it('rejects an overlay pinned to a host', () => {
    const d = only(check(`hosts: [{id: local}]\n${net('driver: overlay, host: local')}`), 'overlay-host');
    expect(d.path).toEqual(['networks', 0, 'host']);
  });
});

describe('builtin networks', () => {
  it.each(['subnet: 10.1.0.0/16', 'gateway: 10.1.0.1', 'internal: true', 'mtu: 1400', 'icc: false', 'parent: eth0', 'mode: l2'])(
    'rejects %s on the host network',
    (field) => {
      const d = only(check(net(`driver: host, ${field}`)), 'builtin-network-settings');
      expect(d.path).toEqual(['networks', 0, field.split(':')[0]]);
    },
  );

  it('rejects settings on none and on the default bridge', () => {
    expect(problems(check(net('driver: none, subnet6: "fd00::/64"')))).toEqual(['builtin-network-settings']);
    const d = only(check(net('driver: bridge, builtin: true, subnet: 172.17.0.0/16')), 'builtin-network-settings');
    expect(d.hint).toContain('builtin: true');
  });

  it('accepts plain builtin networks', () => {
    expect(check('networks:\n  - {id: h, driver: host}\n  - {id: n, driver: none}\n  - {id: d0, driver: bridge, builtin: true}\n')).toEqual([]);
    expect(check(net('driver: host, builtin: true'))).toEqual([]);
  });

  it('rejects builtin on other drivers and builtin: false on host/none', () => {
    expect(only(check(net('driver: overlay, builtin: true')), 'invalid-builtin').path).toEqual(['networks', 0, 'builtin']);
    expect(codes(check(net('driver: none, builtin: false')))).toEqual(['invalid-builtin']);
  });

  it('rejects two lab networks for the same builtin network', () => {
    const d = only(check('networks:\n  - {id: h1, driver: host}\n  - {id: h2, driver: host}\n'), 'duplicate-builtin');
    expect(d.subject?.id).toBe('h2');
  });
});
