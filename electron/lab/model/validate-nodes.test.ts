// validateLab: node attachments, routers, shared namespaces, routes, ports and settings.
import { describe, expect, it } from 'vitest';
import { check, codes, only } from './validate.test-support';

const NETS = `networks:
  - {id: lan1, driver: bridge, subnet: 10.1.1.0/24}
  - {id: lan2, driver: bridge, subnet: 10.1.2.0/24}
  - {id: free, driver: bridge}
  - {id: hostnet, driver: host}
  - {id: nonet, driver: none}
  - {id: docker0, driver: bridge, builtin: true}
`;
/** The shared networks plus the given node lines. */
const lab = (...nodes: string[]) => `${NETS}nodes:\n${nodes.map((n) => `  - ${n}\n`).join('')}`;

describe('interfaces', () => {
  it('rejects a node listing the same network twice', () => {
    const d = only(check(lab('{id: web, interfaces: [{network: lan1}, {network: lan2}, {network: lan1}]}')), 'duplicate-interface');
    expect(d.path).toEqual(['nodes', 0, 'interfaces', 2, 'network']);
    expect(d.message).toContain('lan1');
  });

  it('accepts one interface per network', () => {
    expect(check(lab('{id: web, interfaces: [{network: lan1}, {network: lan2}]}'))).toEqual([]);
  });

  it.each(['02:42:0a:0a:01:zz', '02:42:0a:0a:01', '01:00:5e:00:00:01'])('rejects mac %s', (mac) => {
    expect(only(check(lab(`{id: web, interfaces: [{network: lan1, mac: "${mac}"}]}`)), 'invalid-mac').path)
      .toEqual(['nodes', 0, 'interfaces', 0, 'mac']);
  });

  it('accepts a unicast mac', () => {
    expect(check(lab('{id: web, interfaces: [{network: lan1, mac: "02:42:0A:0a:01:0a"}]}'))).toEqual([]);
  });
});

describe('host and none modes', () => {
  it('accepts a node alone on the host or none network', () => {
    expect(check(lab('{id: a, interfaces: [{network: hostnet}]}', '{id: b, interfaces: [{network: nonet}]}'))).toEqual([]);
  });

  it('rejects other interfaces next to host mode', () => {
    const d = only(check(lab('{id: web, interfaces: [{network: lan1}, {network: hostnet}]}')), 'host-mode-exclusive');
    expect(d.path).toEqual(['nodes', 0, 'interfaces', 1, 'network']);
    expect(d.message).toContain('Node web');
  });

  it('rejects ip, aliases and mac on the none network', () => {
    const ds = check(lab('{id: web, interfaces: [{network: nonet, ip: 10.0.0.1, aliases: [x], mac: "02:00:00:00:00:01"}]}'));
    expect(ds.filter((d) => d.code === 'none-mode-exclusive').map((d) => d.path[4])).toEqual(['ip', 'aliases', 'mac']);
  });

  it('rejects routes and net sysctls in host mode', () => {
    const ds = check(lab('{id: web, interfaces: [{network: hostnet}], routes: [{to: default, dev: eth0}], sysctls: {net.ipv4.ip_forward: 1}}'));
    expect(ds.filter((d) => d.code === 'host-mode-exclusive').map((d) => d.path)).toEqual([
      ['nodes', 0, 'routes'],
      ['nodes', 0, 'sysctls', 'net.ipv4.ip_forward'],
    ]);
  });

  it('warns that published ports are ignored in host mode', () => {
    const d = only(check(lab('{id: web, interfaces: [{network: hostnet}], ports: [{container: 80, host: 8080}]}')), 'host-mode-ports');
    expect(d.severity).toBe('warning');
  });
});

describe('default bridge', () => {
  it('accepts a plain attachment', () => {
    expect(check(lab('{id: web, interfaces: [{network: docker0}]}'))).toEqual([]);
  });

  it('rejects a static address', () => {
    const d = only(check(lab('{id: web, interfaces: [{network: docker0, ip: 172.17.0.10}]}')), 'default-bridge-static-ip');
    expect(d.hint).toContain('builtin: true');
  });

  it('rejects aliases', () => {
    expect(only(check(lab('{id: web, interfaces: [{network: docker0, aliases: [www]}]}')), 'default-bridge-aliases').path)
      .toEqual(['nodes', 0, 'interfaces', 0, 'aliases']);
  });
});

describe('hosts of nodes and networks', () => {
  const hosts = 'hosts: [{id: local}, {id: h2, kind: virtual}]\n';

  it('rejects a node attached to a bridge on another host', () => {
    const body = `${hosts}networks: [{id: lan, driver: bridge, host: h2}]\nnodes: [{id: web, interfaces: [{network: lan}]}]\n`;
    const d = only(check(body), 'host-mismatch');
    expect(d.path).toEqual(['nodes', 0, 'interfaces', 0, 'network']);
    expect(d.message).toContain('h2');
  });

  it('accepts overlays across hosts and nodes on their own host', () => {
    const body = `${hosts}networks: [{id: o, driver: overlay}, {id: lan, driver: bridge, host: h2}]\nnodes: [{id: web, host: h2, interfaces: [{network: o}, {network: lan}]}]\n`;
    expect(codes(check(body))).toEqual([]);
  });

  it('rejects sharing the namespace of a node on another host', () => {
    const body = `${hosts}nodes: [{id: web}, {id: side, host: h2, sharesNetworkWith: web}]\n`;
    expect(only(check(body), 'host-mismatch').path).toEqual(['nodes', 1, 'sharesNetworkWith']);
  });
});

describe('routers', () => {
  it('needs at least two interfaces', () => {
    expect(only(check(lab('{id: r1, kind: router, interfaces: [{network: lan1}]}')), 'router-interfaces').path).toEqual(['nodes', 0, 'interfaces']);
    expect(only(check(lab('{id: r1, kind: router}')), 'router-interfaces').path).toEqual(['nodes', 0, 'kind']);
    expect(check(lab('{id: r1, kind: router, interfaces: [{network: lan1}, {network: lan2}]}'))).toEqual([]);
  });
});

describe('shared network namespaces', () => {
  it('accepts a sidecar, also of a node on the none network', () => {
    expect(check(lab('{id: web, interfaces: [{network: nonet}]}', '{id: side, sharesNetworkWith: web, env: {A: 1}}'))).toEqual([]);
  });

  it('rejects sharing with itself', () => {
    expect(codes(check(lab('{id: web, sharesNetworkWith: web}')))).toEqual(['shares-with-self']);
  });

  it('rejects interfaces, ports and hostname on a sharing node', () => {
    const ds = check(lab('{id: web}', '{id: side, sharesNetworkWith: web, hostname: s, interfaces: [{network: lan1}], ports: [{container: 80}]}'));
    expect(ds.filter((d) => d.code === 'shared-namespace-conflict').map((d) => d.path[2])).toEqual(['interfaces', 'ports', 'hostname']);
  });

  it('reports a cycle once, with its path', () => {
    const ds = check(lab('{id: a, sharesNetworkWith: b}', '{id: b, sharesNetworkWith: c}', '{id: c, sharesNetworkWith: a}', '{id: d, sharesNetworkWith: a}'));
    const d = only(ds, 'namespace-cycle');
    expect(d.message).toContain('a → b → c → a');
    expect(d.path).toEqual(['nodes', 0, 'sharesNetworkWith']);
  });

  it('accepts chains without a cycle', () => {
    expect(check(lab('{id: a, interfaces: [{network: lan1}]}', '{id: b, sharesNetworkWith: a}', '{id: c, sharesNetworkWith: b}'))).toEqual([]);
  });
});

describe('routes', () => {
  const node = (routes: string, ifaces = '[{network: lan1}, {network: lan2}]') => lab(`{id: r, interfaces: ${ifaces}, routes: [${routes}]}`);

  it('accepts CIDR and default destinations with a reachable next hop or a device', () => {
    expect(check(node('{to: 10.9.0.0/16, via: 10.1.2.254}, {to: default, via: 10.1.1.1}, {to: 10.8.0.0/16, dev: eth1}'))).toEqual([]);
  });

  it('rejects an invalid destination', () => {
    const d = only(check(node('{to: 10.9.0.1/16, via: 10.1.1.254}')), 'invalid-cidr');
    expect(d.path).toEqual(['nodes', 0, 'routes', 0, 'to']);
    expect(d.hint).toContain('10.9.0.0/16');
  });

  it('rejects an invalid next hop', () => {
    expect(only(check(node('{to: default, via: gateway}')), 'invalid-ip').path).toEqual(['nodes', 0, 'routes', 0, 'via']);
  });

  it('needs via or dev', () => {
    expect(only(check(node('{to: 10.9.0.0/16}')), 'route-needs-next-hop').path).toEqual(['nodes', 0, 'routes', 0]);
  });

  it('rejects a next hop of the other family', () => {
    expect(codes(check(node('{to: 10.9.0.0/16, via: "fd00::1"}')))).toEqual(['ip-family-mismatch']);
  });

  it('warns about a next hop outside every subnet of the node', () => {
    const d = only(check(node('{to: 10.9.0.0/16, via: 10.1.3.1}')), 'unreachable-next-hop');
    expect(d.severity).toBe('warning');
    expect(d.message).toContain('10.1.1.0/24');
  });

  it('does not guess when one of the subnets is planned later', () => {
    expect(check(node('{to: 10.9.0.0/16, via: 10.1.3.1}', '[{network: lan1}, {network: free}]'))).toEqual([]);
  });

  it("checks a sharing node's routes against the namespace owner's networks", () => {
    const ds = check(lab('{id: web, interfaces: [{network: lan1}]}', '{id: side, sharesNetworkWith: web, routes: [{to: default, via: 10.1.2.1}]}'));
    expect(only(ds, 'unreachable-next-hop').subject?.id).toBe('side');
  });
});

describe('ports', () => {
  const ports = (...lists: string[]) => lab(...lists.map((p, i) => `{id: n${i}, interfaces: [{network: lan1}], ports: [${p}]}`));

  it.each(['{container: 0}', '{container: 65536}', '{container: 80, host: 70000}'])('rejects %s', (p) => {
    expect(codes(check(ports(p)))).toEqual(['invalid-port']);
  });

  it('rejects an invalid hostIp', () => {
    expect(only(check(ports('{container: 80, host: 8080, hostIp: localhost}')), 'invalid-ip').path).toEqual(['nodes', 0, 'ports', 0, 'hostIp']);
  });

  it('rejects the same host address, port and protocol twice, naming the other node', () => {
    const d = only(check(ports('{container: 80, host: 8080}', '{container: 81, host: 8080, hostIp: 127.0.0.1}')), 'port-clash');
    expect(d.message).toContain('node n0');
    expect(d.path).toEqual(['nodes', 1, 'ports', 0, 'host']);
  });

  it('treats 0.0.0.0 as clashing with every IPv4 address', () => {
    expect(codes(check(ports('{container: 80, host: 8080, hostIp: 0.0.0.0}', '{container: 80, host: 8080}')))).toEqual(['port-clash']);
  });

  it('allows the same port on another protocol, address or with no host port', () => {
    const ok = ports('{container: 53, host: 5353}', '{container: 53, host: 5353, proto: udp}', '{container: 53, host: 5353, hostIp: 127.0.0.2}', '{container: 53}', '{container: 53}');
    expect(check(ok)).toEqual([]);
  });
});

describe('env, caps and sysctls', () => {
  const node = (fields: string) => lab(`{id: web, ${fields}}`);

  it('checks environment variable names', () => {
    expect(only(check(node('env: {"MY-VAR": 1}')), 'invalid-env-name').hint).toContain('MY_VAR');
    expect(check(node('env: {MY_VAR: 1, _x2: a, Path: b}'))).toEqual([]);
  });

  it('accepts capabilities with or without CAP_', () => {
    expect(check(node('caps: [NET_ADMIN, CAP_NET_RAW, SYS_PTRACE]'))).toEqual([]);
  });

  it('rejects unknown and lower-case capabilities', () => {
    const ds = check(node('caps: [NET_ADMINN, net_raw]'));
    expect(codes(ds)).toEqual(['unknown-capability', 'unknown-capability']);
    expect(ds[0].hint).toContain('NET_ADMIN');
    expect(ds[1].hint).toContain('`NET_RAW`');
  });

  it('accepts namespaced sysctls', () => {
    expect(check(node('sysctls: {net.ipv4.ip_forward: 1, kernel.shmmax: 1, kernel.msgmax: 1, kernel.sem: "1 2 3 4", fs.mqueue.msg_max: 10}'))).toEqual([]);
  });

  it.each(['vm.swappiness', 'kernel.pid_max', 'fs.file-max', 'kernel.semx'])('rejects %s', (key) => {
    const d = only(check(node(`sysctls: {${key}: 1}`)), 'sysctl-not-namespaced');
    expect(d.path).toEqual(['nodes', 0, 'sysctls', key]);
  });
});
