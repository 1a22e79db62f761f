import { describe, expect, it } from 'vitest';
import { parseLab } from './parse';
import { check, codes, only } from './validate.test-support';

const LAB = `networks: [{id: lan, driver: bridge, subnet: 10.1.0.0/24}]
nodes:
  - {id: a, interfaces: [{network: lan}]}
  - {id: b, interfaces: [{network: lan}]}
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
