// A real packet across two virtual hosts: the trace must show the inner packet leaving
// the container, its VXLAN encapsulation on the underlay (both hosts' underlay
// addresses, UDP 4789, the overlay's VNI) on each host and on the outer underlay
// bridge, and the decapsulated packet reaching the far container — and the reply back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupLab, docker, topolab, writeLab } from './support/harness';

const LAB = 'itest-mht';
const LAB_YAML = `topolab: 1
name: ${LAB}
hosts:
  - {id: local}
  - {id: ha, kind: virtual, interfaces: [{network: underlay, ip: 10.76.0.11}]}
  - {id: hb, kind: virtual, interfaces: [{network: underlay, ip: 10.76.0.12}]}
networks:
  - {id: underlay, driver: bridge, host: local, internal: true, subnet: 10.76.0.0/24}
  - {id: ovl, driver: overlay, subnet: 10.76.10.0/24}
  - {id: lana, driver: bridge, host: ha, subnet: 10.76.1.0/24}
nodes:
  - {id: a, host: ha, interfaces: [{network: ovl, ip: 10.76.10.10}, {network: lana, ip: 10.76.1.10}]}
  - {id: a2, host: ha, interfaces: [{network: lana, ip: 10.76.1.20}]}
  - {id: b, host: hb, interfaces: [{network: ovl, ip: 10.76.10.20}]}
`;

interface Encap { vni: number; outerSrcIp: string; outerDstIp: string; udpDstPort: number }
interface TraceJson {
  hops: { place: string; iface: string; network?: string; direction: string; role: string; srcIp?: string; dstIp?: string; ttl?: number; summary: string; encap?: Encap }[];
  verdict: { outcome: string; text: string };
}

let file: string;
const trace = async (args: string[]): Promise<TraceJson> => {
  const out = await topolab(['trace', file, ...args, '--json']);
  expect(out.stdout, out.stderr).toMatch(/^\{/);
  return JSON.parse(out.stdout) as TraceJson;
};

beforeAll(async () => {
  await topolab(['down', '--lab', LAB]);
  await cleanupLab(LAB);
  file = writeLab(LAB, LAB_YAML);
  const up = await topolab(['up', file]);
  expect(up.code, up.stdout + up.stderr).toBe(0);
}, 240_000);

afterAll(async () => {
  await topolab(['down', '--lab', LAB]);
  await cleanupLab(LAB);
}, 120_000);

describe('trace across two virtual hosts', () => {
  it('shows the ping encapsulated in VXLAN between the hosts, and decapsulated at the far container', async () => {
    const result = await trace(['--from', 'a', '--to', 'b']);
    expect(result.verdict.outcome, result.verdict.text).toBe('delivered');
    const requests = result.hops.filter((h) => h.role === 'request');
    // the inner packet leaves a and reaches b unchanged
    const inNodes = requests.filter((h) => h.place === 'a' || h.place === 'b');
    expect(inNodes.map((h) => `${h.place}/${h.iface}/${h.direction}`)).toEqual(['a/eth0/out', 'b/eth0/in']);
    expect(inNodes[0].ttl).toBe(inNodes[1].ttl);
    // wrapped on host ha's underlay link, the outer underlay bridge, and host hb's link
    const wrapped = requests.filter((h) => h.encap);
    expect(wrapped.map((h) => h.place)).toEqual(['ha', 'host', 'hb']);
    for (const hop of wrapped) {
      expect(hop.encap).toMatchObject({ outerSrcIp: '10.76.0.11', outerDstIp: '10.76.0.12', udpDstPort: 4789 });
      expect(hop.srcIp).toBe('10.76.10.10');
      expect(hop.dstIp).toBe('10.76.10.20');
      expect(hop.network).toBe('underlay');
    }
    // the VNI is the overlay's own, as host ha's engine has it
    const options = JSON.parse(await docker('exec', `topolab-${LAB}-ha`, 'docker', 'network', 'inspect', `topolab-${LAB}-ovl`, '--format', '{{json .Options}}')) as Record<string, string>;
    expect(String(wrapped[0].encap!.vni)).toBe(options['com.docker.network.driver.overlay.vxlanid_list']);
    expect(wrapped[0].summary).toMatch(/VXLAN VNI \d+ 10\.76\.0\.11 → 10\.76\.0\.12/);
    // the reply comes back the other way round
    const replies = result.hops.filter((h) => h.role === 'reply' && h.encap);
    expect(replies.map((h) => h.place)).toEqual(['hb', 'host', 'ha']);
    expect(replies[0].encap).toMatchObject({ outerSrcIp: '10.76.0.12', outerDstIp: '10.76.0.11' });
  }, 60_000);

  it('a bridge local to host ha is not reachable from host hb: the probe never reaches the underlay', async () => {
    const result = await trace(['--from', 'b', '--to', '10.76.1.20']);
    expect(result.verdict.outcome).not.toBe('delivered');
    expect(result.hops.some((h) => h.encap)).toBe(false);
  }, 60_000);
});
