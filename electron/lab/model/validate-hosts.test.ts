// validateLab: virtual hosts, their underlay interfaces, and overlays across them.
import { describe, expect, it } from 'vitest';
import { check, codes, only } from './validate.test-support';

const TWO_HOSTS = `hosts:
  - {id: local}
  - {id: h1, kind: virtual, interfaces: [{network: wan, ip: 10.80.0.11}]}
  - {id: h2, kind: virtual, interfaces: [{network: wan, ip: 10.80.0.12}]}
`;
const NETS = `networks:
  - {id: wan, driver: bridge, subnet: 10.80.0.0/24}
  - {id: ovl, driver: overlay, subnet: 10.80.10.0/24}
`;

describe('virtual hosts', () => {
  it('accepts two virtual hosts on an underlay with an overlay between their containers', () => {
    const body = `${TWO_HOSTS}${NETS}nodes:\n  - {id: a, host: h1, interfaces: [{network: ovl}]}\n  - {id: b, host: h2, interfaces: [{network: ovl}]}\n`;
    expect(codes(check(body))).toEqual([]);
  });

  it('rejects interfaces on a host that is not virtual', () => {
    const d = only(check(`hosts: [{id: local, interfaces: [{network: wan}]}]\n${NETS}`), 'host-interfaces-not-virtual');
    expect(d.path).toEqual(['hosts', 0, 'interfaces']);
    expect(d.subject).toEqual({ kind: 'host', id: 'local' });
  });

  it('names a missing underlay network', () => {
    const d = only(check(`hosts: [{id: local}, {id: h1, kind: virtual, interfaces: [{network: nope}]}]\n${NETS}`), 'dangling-reference');
    expect(d.path).toEqual(['hosts', 1, 'interfaces', 0, 'network']);
    expect(d.message).toContain('nope');
  });

  it('needs the underlay to be a lab bridge on the local engine', () => {
    const onHost = check(`${TWO_HOSTS}networks:\n  - {id: wan, driver: bridge, host: h1}\n`).filter((d) => d.code === 'underlay-not-local-bridge');
    expect(onHost.map((d) => d.subject?.id)).toEqual(['h1', 'h2']);
    expect(onHost[0].message).toContain('on host h1');
    const overlay = check(`hosts: [{id: local}, {id: h1, kind: virtual, interfaces: [{network: ovl}]}]\n${NETS}`);
    expect(only(overlay, 'underlay-not-local-bridge').message).toContain('a overlay network');
  });

  it('rejects the same underlay twice on one host', () => {
    const d = only(check(`hosts: [{id: local}, {id: h1, kind: virtual, interfaces: [{network: wan}, {network: wan}]}]\n${NETS}`), 'duplicate-interface');
    expect(d.path).toEqual(['hosts', 1, 'interfaces', 1, 'network']);
  });

  it('rejects an overlay with containers on the local engine and on a virtual host', () => {
    const body = `${TWO_HOSTS}${NETS}nodes:\n  - {id: a, host: h1, interfaces: [{network: ovl}]}\n  - {id: b, interfaces: [{network: ovl}]}\n`;
    const d = only(check(body), 'overlay-mixes-hosts');
    expect(d.subject).toEqual({ kind: 'network', id: 'ovl' });
    expect(d.message).toContain('local engine');
  });

  it('rejects an overlay across virtual hosts that share no underlay', () => {
    const body = `hosts:\n  - {id: local}\n  - {id: h1, kind: virtual, interfaces: [{network: wan}]}\n  - {id: h2, kind: virtual, interfaces: [{network: wan2}]}\n${NETS}  - {id: wan2, driver: bridge}\nnodes:\n  - {id: a, host: h1, interfaces: [{network: ovl}]}\n  - {id: b, host: h2, interfaces: [{network: ovl}]}\n`;
    const d = only(check(body), 'overlay-hosts-not-joined');
    expect(d.message).toContain('h1');
    expect(d.message).toContain('h2');
  });

  it('says that macvlan inside a virtual host is not possible yet', () => {
    const d = only(check(`${TWO_HOSTS}${NETS}  - {id: mv, driver: macvlan, host: h1}\n`), 'virtual-host-driver');
    expect(d.path).toEqual(['networks', 2, 'driver']);
  });
});

describe('remote hosts', () => {
  const REMOTE = `hosts:
  - {id: local}
  - {id: far, kind: remote, url: "ssh://lab@far.example"}
  - {id: h1, kind: virtual, interfaces: [{network: wan, ip: 10.80.0.11}]}
`;

  it('accepts bridges and nodes on a remote host, beside local and virtual ones', () => {
    const body = `${REMOTE}${NETS}  - {id: lanfar, driver: bridge, host: far, internal: true}\nnodes:\n  - {id: a, host: far, interfaces: [{network: lanfar}]}\n  - {id: b, host: far, interfaces: [{network: lanfar}]}\n  - {id: c, interfaces: [{network: wan}]}\n`;
    expect(codes(check(body))).toEqual([]);
  });

  it('rejects an overlay with containers on a remote host, saying why', () => {
    const body = `${REMOTE}${NETS}nodes:\n  - {id: a, host: far, interfaces: [{network: ovl}]}\n  - {id: b, host: h1, interfaces: [{network: ovl}]}\n`;
    const d = only(check(body), 'overlay-remote-host');
    expect(d.subject).toEqual({ kind: 'network', id: 'ovl' });
    expect(d.path).toEqual(['networks', 1]);
    expect(d.message).toContain('remote host far');
    expect(d.message).toContain('form a swarm');
    expect(d.hint).toContain('host: far');
  });

  it('rejects an overlay on a remote host alone too (topolab would have to make that engine a swarm)', () => {
    const body = `${REMOTE}${NETS}nodes:\n  - {id: a, host: far, interfaces: [{network: ovl}]}\n  - {id: b, host: far, interfaces: [{network: ovl}]}\n`;
    expect(codes(check(body))).toEqual(['overlay-remote-host']);
  });

  it('rejects underlay interfaces on a remote host: its links are its own', () => {
    const d = only(check(`hosts: [{id: local}, {id: far, kind: remote, context: box, interfaces: [{network: wan}]}]\n${NETS}`), 'host-interfaces-not-virtual');
    expect(d.subject).toEqual({ kind: 'host', id: 'far' });
  });

  it('does not judge a remote macvlan by the local kernel', () => {
    const body = `${REMOTE}${NETS}  - {id: mv, driver: macvlan, host: far}\n`;
    expect(codes(check(body, { macvlanSupported: false }))).not.toContain('macvlan-unsupported');
    expect(codes(check(`${REMOTE}${NETS}  - {id: mv, driver: macvlan}\n`, { macvlanSupported: false }))).toContain('macvlan-unsupported');
  });
});
