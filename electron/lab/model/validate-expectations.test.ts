import { describe, expect, it } from 'vitest';
import { parseLab } from './parse';
import { check, codes, only } from './validate.test-support';

const LAB = `networks: [{id: lan, driver: bridge, subnet: 10.1.0.0/24}]
nodes:
  - {id: a, interfaces: [{network: lan}]}
  - {id: b, hostname: bee, interfaces: [{network: lan, aliases: [www]}]}
`;

describe('expectations', () => {
  it('accepts reachability, route and namespace-sharing statements about existing nodes', () => {
    const d = check(`${LAB}expectations:
  - {from: a, to: b, reachable: true, hops: 0}
  - {from: host, to: 10.1.0.9, proto: tcp, port: 80, reachable: false}
  - {node: a, route: 10.2.0.0/16, via: 10.1.0.1}
  - {node: b, route: default}
  - {nodes: [a, b], share: net}
`);
    expect(codes(d)).toEqual([]);
  });

  it('names an unknown node in any of them, with the field', () => {
    const d = check(`${LAB}expectations:
  - {from: x, to: b, reachable: true}
  - {node: y, route: default}
  - {nodes: [a, z], share: pid}
`);
    expect(codes(d)).toEqual(['expectation-unknown-node', 'expectation-unknown-node', 'expectation-unknown-node']);
    expect(d.map((x) => x.path)).toEqual([['expectations', 0, 'from'], ['expectations', 1, 'node'], ['expectations', 2, 'nodes', 1]]);
    expect(d[0].message).toMatch(/#1.*no node `x`/);
    expect(d[0].position?.line).toBe(8);
  });

  it('wants a port for TCP and UDP, and says a port on ICMP is ignored', () => {
    const d = check(`${LAB}expectations:
  - {from: a, to: b, proto: udp, reachable: true}
  - {from: a, to: b, port: 80, reachable: true}
`);
    expect(only(d, 'expectation-needs-port').severity).toBe('error');
    expect(only(d, 'expectation-port-ignored').severity).toBe('warning');
  });

  it('rejects a route that is not a destination, suggesting the network address', () => {
    const d = only(check(`${LAB}expectations:\n  - {node: a, route: 10.2.0.5/16}\n`), 'expectation-bad-route');
    expect(d.hint).toContain('10.2.0.0/16');
  });

  it('warns about hops on an unreachable expectation and a node named twice', () => {
    const d = check(`${LAB}expectations:
  - {from: a, to: b, reachable: false, hops: 1}
  - {nodes: [a, a], share: net}
`);
    expect(codes(d)).toEqual(['expectation-hops-unreachable', 'expectation-repeated-node']);
  });

  it('accepts name resolution statements about the lab\'s names: node ids, aliases, hostnames', () => {
    const d = check(`${LAB}expectations:
  - {from: a, resolves: b, resolvable: true}
  - {from: a, resolves: www, resolvable: true, address: 10.1.0.9}
  - {from: b, resolves: BEE., resolvable: true}
  - {from: a, resolves: a, resolvable: false, note: no DNS}
`);
    expect(codes(d)).toEqual([]);
  });

  it('names an unknown node in `from` of a name resolution, and refuses the Docker host there', () => {
    const d = check(`${LAB}expectations:
  - {from: x, resolves: b, resolvable: true}
  - {from: host, resolves: b, resolvable: false}
`);
    expect(codes(d)).toEqual(['expectation-unknown-node', 'expectation-unknown-node']);
    expect(d.map((x) => x.path)).toEqual([['expectations', 0, 'from'], ['expectations', 1, 'from']]);
    expect(d[1].hint).not.toContain("'host'");
  });

  it('refuses an address or a malformed name to resolve, and a bad address to resolve to', () => {
    const d = check(`${LAB}expectations:
  - {from: a, resolves: 10.1.0.9, resolvable: true}
  - {from: a, resolves: "web server", resolvable: true}
  - {from: a, resolves: b, resolvable: true, address: 10.1.0.0/24}
  - {from: a, resolves: b, resolvable: true, address: "fd00::1"}
`);
    expect(codes(d)).toEqual(['expectation-bad-name', 'expectation-bad-name', 'expectation-bad-address', 'expectation-bad-address']);
    expect(d[0].message).toMatch(/is an address, not a name/);
    expect(d[2].hint).toContain('10.1.0.0');
    expect(d.map((x) => x.path.at(-1))).toEqual(['resolves', 'resolves', 'address', 'address']);
  });

  it('warns that a name outside the lab is only looked up in /etc/hosts, and about an address on a name that must not resolve', () => {
    const d = check(`${LAB}expectations:
  - {from: a, resolves: example.com, resolvable: false}
  - {from: a, resolves: b, resolvable: false, address: 10.1.0.9}
`);
    expect(codes(d)).toEqual(['expectation-name-outside-lab', 'expectation-address-unresolvable']);
    expect(d[0].severity).toBe('warning');
    expect(d[0].message).toMatch(/never asks a DNS server outside the lab/);
    expect(d[1].severity).toBe('warning');
  });

  it('reports a statement of no known shape as a schema error at its place', () => {
    const parsed = parseLab(`topolab: 1\nname: t\n${LAB}expectations:\n  - {from: a, to: b}\n`);
    expect(parsed.ok).toBe(false);
    const d = parsed.diagnostics[0];
    expect(d.severity).toBe('error');
    expect(d.path.slice(0, 2)).toEqual(['expectations', 0]);
    expect(d.position?.line).toBe(8);
    expect(d.message).toBe('Expectation #1 is none of the kinds topolab can check.');
  });
});
