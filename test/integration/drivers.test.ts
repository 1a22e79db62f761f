// The connectivity matrix: one lab per driver, built by the real CLI on the real
// engine, checked both ways with pings between the lab's own containers only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { networkInterfaces } from 'node:os';
import { cleanupLab, dockerExec, ping, topolab, writeLab } from './support/harness';

const LAB = 'itest-drivers';
const node = (id: string) => `topolab-${LAB}-${id}`;

const YAML = `topolab: 1
name: ${LAB}
networks:
  - {id: lan1, driver: bridge, subnet: 10.91.1.0/24}
  - {id: lan2, driver: bridge, subnet: 10.91.2.0/24}
  - {id: lan3, driver: bridge, subnet: 10.91.3.0/24}
  - {id: iso, driver: bridge, subnet: 10.91.4.0/24}
  - {id: backend, driver: bridge, subnet: 10.91.5.0/24, internal: true}
  - {id: mv, driver: macvlan, subnet: 10.91.6.0/24}
  - {id: hostnet, driver: host}
  - {id: nonet, driver: none}
  - {id: docker0, driver: bridge, builtin: true}
nodes:
  # same bridge, and a router chain lan1 → r1 → lan2 → r2 → lan3
  - {id: a, interfaces: [{network: lan1, ip: 10.91.1.10}], routes: [{to: 10.91.2.0/24, via: 10.91.1.254}, {to: 10.91.3.0/24, via: 10.91.1.254}]}
  - {id: b, interfaces: [{network: lan1, ip: 10.91.1.11, aliases: [bee]}]}
  - id: r1
    kind: router
    interfaces: [{network: lan1, ip: 10.91.1.254}, {network: lan2, ip: 10.91.2.254}]
    routes: [{to: 10.91.3.0/24, via: 10.91.2.253}]
  - {id: c, interfaces: [{network: lan2, ip: 10.91.2.10}], routes: [{to: 10.91.1.0/24, via: 10.91.2.254}]}
  - id: r2
    kind: router
    interfaces: [{network: lan2, ip: 10.91.2.253}, {network: lan3, ip: 10.91.3.254}]
    routes: [{to: 10.91.1.0/24, via: 10.91.2.254}]
  - {id: d, interfaces: [{network: lan3, ip: 10.91.3.10}], routes: [{to: 10.91.1.0/24, via: 10.91.3.254}]}
  # a separate user bridge: Docker isolates it from lan1
  - {id: e, interfaces: [{network: iso, ip: 10.91.4.10}]}
  # internal network
  - {id: db, interfaces: [{network: backend}]}
  # macvlan on a lab-owned veth
  - {id: m1, interfaces: [{network: mv, ip: 10.91.6.11}]}
  - {id: m2, interfaces: [{network: mv, ip: 10.91.6.12}]}
  # host and none modes
  - {id: h, interfaces: [{network: hostnet}]}
  - {id: z, interfaces: [{network: nonet}]}
  # Docker's default bridge: reachable by address, no DNS by name
  - {id: d1, interfaces: [{network: docker0}]}
  - {id: d2, interfaces: [{network: docker0}]}
  # pod: side joins app's network namespace
  - {id: app, interfaces: [{network: lan1, ip: 10.91.1.20}], command: "socat TCP-LISTEN:8080,fork,reuseaddr SYSTEM:'echo pod-ok'"}
  - {id: side, sharesNetworkWith: app}
`;

let file: string;

beforeAll(async () => {
  await cleanupLab(LAB);
  file = writeLab(LAB, YAML);
  const up = await topolab(['up', file]);
  expect(up.stderr + up.stdout, 'topolab up').toContain('is up');
  expect(up.code).toBe(0);
});

afterAll(async () => {
  await topolab(['down', '--lab', LAB]);
  await cleanupLab(LAB);
});

describe('connectivity matrix', () => {
  it('status shows every node running with its addresses', async () => {
    const status = JSON.parse((await topolab(['status', file, '--json'])).stdout);
    for (const n of status.nodes) expect(n.state, n.id).toBe('running');
    const a = status.nodes.find((n: { id: string }) => n.id === 'a');
    expect(a.interfaces).toEqual([expect.objectContaining({ network: 'lan1', ip: '10.91.1.10' })]);
  });

  it('same bridge: reachable both ways, by address and by name and alias', async () => {
    expect((await ping(node('a'), '10.91.1.11')).ok).toBe(true);
    expect((await ping(node('b'), '10.91.1.10')).ok).toBe(true);
    expect((await ping(node('a'), 'b')).ok).toBe(true);
    expect((await ping(node('a'), 'bee')).ok).toBe(true);
  });

  it('two user bridges are isolated from each other, both ways', async () => {
    expect((await ping(node('a'), '10.91.4.10')).ok).toBe(false);
    expect((await ping(node('e'), '10.91.1.10')).ok).toBe(false);
  });

  it('through one router: reachable both ways, TTL drops by one', async () => {
    const there = await ping(node('a'), '10.91.2.10');
    expect(there.ok, there.output).toBe(true);
    expect(there.ttl).toBe(63);
    const back = await ping(node('c'), '10.91.1.10');
    expect(back.ok, back.output).toBe(true);
    expect(back.ttl).toBe(63);
  });

  it('through two routers: TTL drops by two', async () => {
    const there = await ping(node('a'), '10.91.3.10');
    expect(there.ok, there.output).toBe(true);
    expect(there.ttl).toBe(62);
    expect((await ping(node('d'), '10.91.1.10')).ttl).toBe(62);
  });

  it('topolab exec runs a command in a node and passes its exit code on', async () => {
    const addr = await topolab(['exec', file, 'a', '--', 'ip', '-4', '-o', 'addr', 'show', 'eth0']);
    expect(addr.code).toBe(0);
    expect(addr.stdout).toContain('10.91.1.10/24');
    expect((await topolab(['exec', file, 'a', '--', 'sh', '-c', 'exit 3'])).code).toBe(3);
    expect((await topolab(['exec', file, 'nosuch', '--', 'true'])).code).toBe(2);
  });

  it('a router has ip_forward on', async () => {
    expect((await dockerExec(node('r1'), ['sysctl', '-n', 'net.ipv4.ip_forward'])).stdout.trim()).toBe('1');
  });

  it('an internal network has no default route', async () => {
    const routes = (await dockerExec(node('db'), ['ip', 'route'])).stdout;
    expect(routes).toContain('10.91.5.0/24');
    expect(routes).not.toContain('default');
  });

  it('none mode has only lo', async () => {
    const links = (await dockerExec(node('z'), ['ip', '-o', 'link'])).stdout.trim().split('\n');
    expect(links.map((l) => l.split(': ')[1])).toEqual(['lo']);
  });

  it("host mode sees the host's interfaces", async () => {
    const inside = (await dockerExec(node('h'), ['ip', '-o', 'link'])).stdout;
    for (const name of Object.keys(networkInterfaces())) expect(inside).toContain(`: ${name}`);
  });

  it('two macvlan nodes on a lab-owned veth reach each other, both ways', async () => {
    expect((await ping(node('m1'), '10.91.6.12')).ok).toBe(true);
    expect((await ping(node('m2'), '10.91.6.11')).ok).toBe(true);
  });

  it("Docker's default bridge (docker0): reachable by address, but no name resolution", async () => {
    const status = JSON.parse((await topolab(['status', file, '--json'])).stdout);
    const ipOf = (id: string) => status.nodes.find((n: { id: string }) => n.id === id).interfaces[0].ip as string;
    expect(ipOf('d2')).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect((await ping(node('d1'), ipOf('d2'))).ok).toBe(true);
    expect((await ping(node('d2'), ipOf('d1'))).ok).toBe(true);
    expect((await ping(node('d1'), 'd2')).ok).toBe(false);
  });

  it('pod-style nodes share one IP and reach each other on 127.0.0.1', async () => {
    const appAddr = (await dockerExec(node('app'), ['ip', '-4', '-o', 'addr'])).stdout;
    const sideAddr = (await dockerExec(node('side'), ['ip', '-4', '-o', 'addr'])).stdout;
    expect(sideAddr).toBe(appAddr);
    expect(sideAddr).toContain('10.91.1.20');
    const reply = await dockerExec(node('side'), ['sh', '-c', 'nc -w 2 127.0.0.1 8080 </dev/null']);
    expect(reply.stdout.trim()).toBe('pod-ok');
  });
});
