// Real packets through a real lab: `topolab trace` captures in every namespace, sends
// one probe and must report the hops the kernel took and the right verdict — through
// one bridge, one and two routers, into an isolated bridge, to closed and open ports,
// over UDP and into a pod-style shared namespace. The .pcap must read back in tcpdump.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupLab, docker, topolab, writeLab } from './support/harness';

const LAB = 'itest-trace';
const LAB_YAML = `topolab: 1
name: ${LAB}
networks:
  - {id: lan1, driver: bridge, subnet: 10.77.1.0/24}
  - {id: lan2, driver: bridge, subnet: 10.77.2.0/24}
  - {id: lan3, driver: bridge, subnet: 10.77.3.0/24}
  - {id: island, driver: bridge, subnet: 10.77.9.0/24}
nodes:
  - id: client
    interfaces: [{network: lan1, ip: 10.77.1.10}]
    routes: [{to: 10.77.2.0/24, via: 10.77.1.254}, {to: 10.77.3.0/24, via: 10.77.1.254}]
  - id: r1
    kind: router
    interfaces: [{network: lan1, ip: 10.77.1.254}, {network: lan2, ip: 10.77.2.254}]
    routes: [{to: 10.77.3.0/24, via: 10.77.2.253}]
  - id: r2
    kind: router
    interfaces: [{network: lan2, ip: 10.77.2.253}, {network: lan3, ip: 10.77.3.254}]
    routes: [{to: 10.77.1.0/24, via: 10.77.2.254}]
  - id: server
    interfaces: [{network: lan2, ip: 10.77.2.10}]
    routes: [{to: 10.77.1.0/24, via: 10.77.2.254}, {to: 10.77.3.0/24, via: 10.77.2.253}]
    ports: [{container: 8080, host: 18077}]
    command: [sh, -c, "nc -lk 8080 & socat -u UDP-RECV:5000 /dev/null & trap 'exit 0' TERM; while :; do sleep 3600 & wait $!; done"]
  - id: neighbour
    interfaces: [{network: lan1, ip: 10.77.1.20}]
  - id: far
    interfaces: [{network: lan3, ip: 10.77.3.10}]
    routes: [{to: 10.77.1.0/24, via: 10.77.3.254}]
  - id: hermit
    interfaces: [{network: island, ip: 10.77.9.10}]
  - id: pod
    sharesNetworkWith: server
`;

interface TraceJson {
  hops: { place: string; iface: string; network?: string; direction: string; role: string; srcMac: string; dstMac: string; srcIp?: string; dstIp?: string; ttl?: number; summary: string; rewrite?: string }[];
  verdict: { outcome: string; text: string; at?: { place: string; iface?: string }; evidence?: { chain: string } };
  routes: { place: string; text: string; ok: boolean }[];
  probe: { targetIp: string; targetNode?: string };
  captures: { place: string; iface: string; frames: number; error?: string }[];
}

let file: string;

async function trace(args: string[]): Promise<TraceJson> {
  const out = await topolab(['trace', file, ...args, '--json']);
  expect(out.stderr).not.toMatch(/Error:|at .*\.ts:/);
  return JSON.parse(out.stdout) as TraceJson;
}

beforeAll(async () => {
  await cleanupLab(LAB);
  file = writeLab(LAB, LAB_YAML);
  const up = await topolab(['up', file]);
  expect(up.code, up.stderr + up.stdout).toBe(0);
}, 120_000);

afterAll(async () => {
  await topolab(['down', '--lab', LAB]);
  await cleanupLab(LAB);
});

describe('topolab trace', () => {
  it('same bridge: out of client eth0, through both ends of the bridge, into neighbour and back, with MACs', async () => {
    const t = await trace(['--from', 'client', '--to', 'neighbour']);
    expect(t.verdict.outcome, t.verdict.text).toBe('delivered');
    const requests = t.hops.filter((h) => h.role === 'request');
    expect(requests[0]).toMatchObject({ place: 'client', iface: 'eth0', direction: 'out', network: 'lan1', srcIp: '10.77.1.10', dstIp: '10.77.1.20' });
    expect(requests.some((h) => h.place === 'host' && h.network === 'lan1')).toBe(true);
    expect(requests[requests.length - 1]).toMatchObject({ place: 'neighbour', iface: 'eth0', direction: 'in' });
    expect(requests[0].srcMac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    const replies = t.hops.filter((h) => h.role === 'reply');
    expect(replies[replies.length - 1]).toMatchObject({ place: 'client', direction: 'in' });
    expect(t.captures.every((c) => !c.error)).toBe(true);
  });

  it('one router: TTL drops by one across r1 and the route decision is shown', async () => {
    const t = await trace(['--from', 'client', '--to', 'server']);
    expect(t.verdict.outcome, t.verdict.text).toBe('delivered');
    const atR1 = t.hops.filter((h) => h.place === 'r1' && h.role === 'request');
    expect(atR1.map((h) => [h.iface, h.direction, h.ttl])).toEqual([['eth0', 'in', 64], ['eth1', 'out', 63]]);
    expect(t.routes.find((r) => r.place === 'r1')?.text).toMatch(/10\.77\.2\.10 .*dev eth1/);
    expect(t.routes.find((r) => r.place === 'client')?.text).toMatch(/via 10\.77\.1\.254/);
  });

  it('two routers: TTL 64 → 63 → 62 and a decision at each router', async () => {
    const t = await trace(['--from', 'client', '--to', 'far']);
    expect(t.verdict.outcome, t.verdict.text).toBe('delivered');
    const last = t.hops.filter((h) => h.role === 'request').pop()!;
    expect(last).toMatchObject({ place: 'far', direction: 'in', ttl: 62 });
    expect(new Set(t.routes.map((r) => r.place))).toEqual(new Set(['client', 'r1', 'r2']));
  });

  it('into an isolated bridge: the verdict names the Docker chain that dropped it', async () => {
    const t = await trace(['--from', 'client', '--to', 'hermit']);
    expect(t.verdict.outcome, t.verdict.text).toBe('isolated');
    expect(t.verdict.evidence?.chain).toMatch(/ISOLATION/);
    expect(t.verdict.text).toMatch(/DOCKER-ISOLATION/);
    expect(t.hops.some((h) => h.place === 'hermit')).toBe(false);
  });

  it('TCP to a closed port: RST, port closed, marked at the target', async () => {
    const t = await trace(['--from', 'client', '--to', 'server', '--proto', 'tcp', '--port', '9']);
    expect(t.verdict.outcome, t.verdict.text).toBe('port-closed');
    expect(t.verdict.at?.place).toBe('server');
    expect(t.hops.some((h) => h.role === 'reply' && /\[R/.test(h.summary))).toBe(true);
  });

  it('TCP to an open port: SYN, SYN-ACK, connection accepted', async () => {
    const t = await trace(['--from', 'client', '--to', 'server', '--proto', 'tcp', '--port', '8080']);
    expect(t.verdict.outcome, t.verdict.text).toBe('delivered');
    expect(t.hops.some((h) => h.role === 'reply' && /\[S\.\]/.test(h.summary))).toBe(true);
  });

  it('published port on 127.0.0.1: from the engine host, the rewrite to the container address is shown', async () => {
    const t = await trace(['--from', 'host', '--to', '127.0.0.1', '--proto', 'tcp', '--port', '18077']);
    expect(t.verdict.outcome, t.verdict.text).toBe('delivered');
    expect(t.probe.targetNode).toBe('server');
    const rewritten = t.hops.find((h) => h.rewrite);
    expect(rewritten?.rewrite).toMatch(/127\.0\.0\.1:18077 → 10\.77\.2\.10:8080/);
    expect(t.hops.some((h) => h.place === 'server' && h.direction === 'in' && /\[S\]/.test(h.summary))).toBe(true);
  });

  it('UDP: delivered to a listener; ICMP port unreachable from a closed port', async () => {
    const open = await trace(['--from', 'client', '--to', 'server', '--proto', 'udp', '--port', '5000']);
    expect(open.verdict.outcome, open.verdict.text).toBe('delivered');
    expect(open.hops.some((h) => h.place === 'server' && h.role === 'request' && h.direction === 'in')).toBe(true);
    const closed = await trace(['--from', 'client', '--to', 'server', '--proto', 'udp', '--port', '5001']);
    expect(closed.verdict.outcome, closed.verdict.text).toBe('port-closed');
    expect(closed.hops.some((h) => h.role === 'error' && /port unreachable/.test(h.summary))).toBe(true);
  });

  it("pod-style: a node sharing server's namespace is reached at server's address and traced there", async () => {
    const t = await trace(['--from', 'client', '--to', 'pod']);
    expect(t.probe.targetIp).toBe('10.77.2.10');
    expect(t.verdict.outcome, t.verdict.text).toBe('delivered');
    expect(t.hops.some((h) => h.place === 'server' && h.direction === 'in')).toBe(true);
  });

  it('an address nobody has on the local network: ARP unanswered', async () => {
    const t = await trace(['--from', 'client', '--to', '10.77.1.99']);
    expect(t.verdict.outcome, t.verdict.text).toBe('arp-unanswered');
    expect(t.verdict.text).toMatch(/10\.77\.1\.99/);
  });

  it('--pcap writes a capture tcpdump reads back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'topolab-trace-'));
    const out = await topolab(['trace', file, '--from', 'client', '--to', 'server', '--pcap', join(dir, 'trace.pcap')]);
    expect(out.code, out.stderr).toBe(0);
    const read = await docker('run', '--rm', '--label', `io.topolab.lab=${LAB}`, '--label', 'io.topolab.role=helper', '--network', 'none',
      '-v', `${dir}:/capture:ro`, 'topolab/node', 'tcpdump', '-n', '-r', '/capture/trace.pcap');
    expect(read).toMatch(/10\.77\.1\.10 > 10\.77\.2\.10: ICMP echo request/);
    expect(read).toMatch(/10\.77\.2\.10 > 10\.77\.1\.10: ICMP echo reply/);
  });

  it('sidecars stay warm between traces and go with the lab', async () => {
    const sidecars = await docker('ps', '-q', '--filter', `label=io.topolab.lab=${LAB}`, '--filter', 'label=io.topolab.role=sidecar');
    expect(sidecars.split('\n').filter(Boolean).length).toBeGreaterThan(0);
  });
});
