// validateLab: names, ids, references, layout, hosts, and what every diagnostic carries.
// Each case is a small lab text through parseLab, so paths map to real line:columns.
import { describe, expect, it } from 'vitest';
import { check, codes, only } from './validate.test-support';

const TWO_LANS = `networks:
  - id: lan1
    driver: bridge
    subnet: 10.10.1.0/24
  - id: lan2
    driver: bridge
    subnet: 10.10.2.0/24
nodes:
  - id: web
    interfaces:
      - network: lan1
        ip: 10.10.1.10
  - id: r1
    kind: router
    interfaces: [{network: lan1, ip: 10.10.1.254}, {network: lan2, ip: 10.10.2.254}]
  - id: db
    interfaces: [{network: lan2}]
    routes: [{to: 10.10.1.0/24, via: 10.10.2.254}]
    ports: [{container: 5432, host: 15432}]
  - id: sidecar
    sharesNetworkWith: web
layout:
  web: {x: 120, y: 80}
`;

describe('a valid lab', () => {
  it('has no diagnostics', () => {
    expect(check(TWO_LANS)).toEqual([]);
  });

  it('needs no facts and accepts empty facts', () => {
    expect(check(TWO_LANS, {})).toEqual([]);
    expect(check('')).toEqual([]);
  });
});

describe('lab name', () => {
  it.each(['Two-Lans', '-lab', 'lab name', 'a'.repeat(41)])('rejects %j', (name) => {
    const d = only(check('', undefined, JSON.stringify(name)), 'invalid-lab-name');
    expect(d.path).toEqual(['name']);
    expect(d.message).toContain(name);
  });

  it.each(['two-lans', 'lab_1.v2', '0lab', 'a'.repeat(40)])('accepts %j', (name) => {
    expect(check('', undefined, name)).toEqual([]);
  });

  it('suggests a lowercase name', () => {
    expect(only(check('', undefined, 'My_Lab'), 'invalid-lab-name').hint).toContain('`my-lab`');
  });
});

describe('ids', () => {
  it.each(['Web', 'web-', '-web', 'we_b', 'a'.repeat(41)])('rejects node id %j', (id) => {
    const d = only(check(`nodes: [{id: ${JSON.stringify(id)}}]`), 'invalid-id');
    expect(d.path).toEqual(['nodes', 0, 'id']);
    expect(d.subject).toEqual({ kind: 'node', id });
  });

  it.each(['web', 'w', 'web-1', '1web', 'a'.repeat(40)])('accepts node id %j', (id) => {
    expect(check(`nodes: [{id: ${JSON.stringify(id)}}]`)).toEqual([]);
  });

  it('checks host and network ids too', () => {
    const ds = check('hosts: [{id: Local, kind: local}]\nnetworks: [{id: LAN, driver: bridge}]');
    expect(ds.filter((d) => d.code === 'invalid-id').map((d) => d.path)).toEqual([['hosts', 0, 'id'], ['networks', 0, 'id']]);
  });

  it('reports a duplicate in the same list at the second occurrence, naming the first', () => {
    const ds = check('nodes:\n  - id: web\n  - id: web\n');
    const d = only(ds, 'duplicate-id');
    expect(d.path).toEqual(['nodes', 1, 'id']);
    expect(d.message).toContain('nodes[0]');
    expect(d.position).toEqual({ line: 5, column: 9 });
  });

  it('reports a duplicate across networks and nodes', () => {
    const d = only(check('networks: [{id: web, driver: bridge}]\nnodes: [{id: web}]'), 'duplicate-id');
    expect(d.path).toEqual(['nodes', 0, 'id']);
    expect(d.message).toContain('network at networks[0]');
  });

  it('accepts distinct ids across lists', () => {
    expect(codes(check('networks: [{id: lan, driver: bridge}]\nnodes: [{id: web}]'))).toEqual([]);
  });
});

describe('references', () => {
  it('reports an interface on an unknown network', () => {
    const ds = check('networks: [{id: lan1, driver: bridge}]\nnodes:\n  - id: web\n    interfaces: [{network: lan9}]\n');
    const d = only(ds, 'dangling-reference');
    expect(d.path).toEqual(['nodes', 0, 'interfaces', 0, 'network']);
    expect(d.message).toMatch(/Node web.*lan9/);
    expect(d.hint).toContain('lan1');
    expect(d.position).toEqual({ line: 6, column: 28 });
  });

  it('reports unknown hosts of nodes and networks', () => {
    const ds = check('networks: [{id: lan, driver: bridge, host: h2}]\nnodes: [{id: web, host: h3}]');
    expect(ds.filter((d) => d.code === 'dangling-reference').map((d) => d.path)).toEqual([
      ['networks', 0, 'host'],
      ['nodes', 0, 'host'],
    ]);
  });

  it('knows the implicit local host when no hosts are listed', () => {
    expect(check('nodes: [{id: web, host: local}]')).toEqual([]);
  });

  it('reports an unknown sharesNetworkWith target', () => {
    const d = only(check('nodes: [{id: side, sharesNetworkWith: web}]'), 'dangling-reference');
    expect(d.path).toEqual(['nodes', 0, 'sharesNetworkWith']);
  });

  it('accepts a layout entry for the implicit local host', () => {
    expect(check('layout:\n  local: {x: 1, y: 2}\n')).toEqual([]);
    expect(codes(check('hosts: [{id: main}]\nlayout:\n  local: {x: 1, y: 2}\n'))).toEqual(['dangling-layout']);
  });

  it('warns about layout entries for unknown ids', () => {
    const ds = check('nodes: [{id: web}]\nlayout:\n  web: {x: 1, y: 2}\n  ghost: {x: 1, y: 2}\n');
    const d = only(ds, 'dangling-layout');
    expect(d.severity).toBe('warning');
    expect(d.path).toEqual(['layout', 'ghost']);
    expect(d.position?.line).toBe(6);
  });
});

describe('hosts', () => {
  it('allows one local host', () => {
    expect(check('hosts: [{id: local, kind: local}]')).toEqual([]);
  });

  it('rejects a second local host', () => {
    const d = only(check('hosts: [{id: a, kind: local}, {id: b}]'), 'multiple-local-hosts');
    expect(d.path).toEqual(['hosts', 1, 'kind']);
    expect(d.subject).toEqual({ kind: 'host', id: 'b' });
  });

  it('accepts remote hosts (a context or a URL) beside virtual ones, with nothing to say', () => {
    const ds = check('hosts: [{id: local}, {id: v1, kind: virtual}, {id: r1, kind: remote, context: lab2}, {id: r2, kind: remote, url: "ssh://me@box"}]');
    expect(ds).toEqual([]);
  });

  it('needs a context or url on a remote host, not both, and a Docker URL', () => {
    expect(only(check('hosts: [{id: r1, kind: remote}]'), 'remote-host-target').path).toEqual(['hosts', 0]);
    expect(only(check('hosts: [{id: r1, kind: remote, context: c, url: "ssh://a@b"}]'), 'remote-host-target').path).toEqual(['hosts', 0, 'url']);
    expect(only(check('hosts: [{id: r1, kind: remote, url: "http//x"}]'), 'remote-host-target').message).toContain('http//x');
    expect(codes(check('hosts: [{id: r1, kind: remote, url: "tcp://10.0.0.2:2376"}]'))).toEqual([]);
    expect(codes(check('hosts: [{id: r1, kind: remote, url: "unix:///run/far/docker.sock"}]'))).toEqual([]);
  });

  it('rejects context on a local host', () => {
    expect(only(check('hosts: [{id: local, context: x}]'), 'remote-host-target').path).toEqual(['hosts', 0, 'context']);
  });
});

describe('every diagnostic', () => {
  const bad = `hosts: [{id: local}, {id: local2, kind: local}]
networks:
  - {id: lan1, driver: bridge, subnet: 10.1.1.1/24, icc: false, encrypted: true}
  - {id: lan2, driver: bridge, subnet: 10.1.0.0/16, gateway: 10.2.0.1}
  - {id: mv, driver: macvlan, mode: l2, mtu: 9000}
  - {id: h, driver: host, subnet: 10.3.0.0/24}
nodes:
  - id: Web
    kind: router
    interfaces: [{network: lan2, ip: 10.1.0.0}, {network: lan2}, {network: nope}]
    routes: [{to: 10.9.0.0/24, via: 10.7.0.1}]
    ports: [{container: 0, host: 80}, {container: 81, host: 80}]
    env: {"1X": a}
    caps: [net_admin, FOO]
    sysctls: {vm.swappiness: 1}
  - id: host-node
    interfaces: [{network: h, ip: 10.0.0.1}, {network: lan2}]
  - id: side
    sharesNetworkWith: side
    hostname: s
layout: {ghost: {x: 0, y: 0}}
`;

  it('names its object, says what to do and points at a field', () => {
    const ds = check(bad);
    expect(ds.length).toBeGreaterThan(15);
    for (const d of ds) {
      expect(d.code).toMatch(/^[a-z0-9-]+$/);
      expect(d.message.length).toBeGreaterThan(20);
      expect(d.hint.length).toBeGreaterThan(5);
      expect(d.position, d.code).toBeDefined();
      if (['hosts', 'networks', 'nodes'].includes(String(d.path[0]))) {
        expect(d.subject, d.code).toBeDefined();
        expect(d.message, d.code).toContain(d.subject!.id);
      }
    }
  });

  it('is reported once per problem', () => {
    const keys = check(bad).map((d) => `${d.code} ${d.path.join('.')}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
