import { describe, expect, it } from 'vitest';
import { CONNTRACK, HOSTS, IPTABLES, fullOutput, scriptOutput } from './inspect.test-support';
import { inspectionFromOutput } from './inspection';
import { parseConntrack, parseIptablesSave } from './parse';

const TAKEN_AT = '2026-11-21T07:00:00.000Z';

describe('inspectionFromOutput', () => {
  const inspection = inspectionFromOutput('r1', TAKEN_AT, fullOutput());

  it('names the node and the time, and finds nothing wrong in a complete output', () => {
    expect(inspection.node).toBe('r1');
    expect(inspection.takenAt).toBe(TAKEN_AT);
    expect(inspection.errors).toEqual([]);
  });

  it('fills every view from its section', () => {
    expect(inspection.namespaces.net).toBe(4026532305);
    expect(inspection.interfaces.map((i) => i.name)).toContain('vx42');
    expect(inspection.interfaces.find((i) => i.name === 'eth0')?.addresses[0].address).toBe('172.18.0.2');
    expect(inspection.routes[0]).toMatchObject({ table: 'main', dst: 'default', gateway: '172.18.0.1' });
    expect(inspection.rules).toHaveLength(15);
    expect(inspection.neighbours).toHaveLength(4);
    expect(inspection.sockets).toHaveLength(12);
    expect(inspection.firewall.iptables).toEqual(parseIptablesSave(IPTABLES));
    expect(inspection.firewall.nft).toEqual({ nftables: [{ metainfo: { version: '1.0.6', release_name: 'Lester Gooch #5', json_schema_version: 1 } }, { table: { family: 'ip', name: 'nat', handle: 1 } }] });
    expect(inspection.sysctls['net.ipv4.ip_forward']).toBe('1');
    expect(inspection.dns.resolv).toMatchObject({ nameservers: ['127.0.0.11'], dockerEmbedded: true });
    expect(inspection.dns.hosts).toBe(HOSTS);
    expect(inspection.processes.map((p) => p.pid)).toEqual([1, 7, 12, 22]);
    expect(inspection.conntrack).toEqual(parseConntrack(CONNTRACK));
  });

  it('is plain data: it survives a JSON round trip unchanged', () => {
    expect(JSON.parse(JSON.stringify(inspection))).toEqual(inspection);
  });

  it('leaves nft out when nft printed nothing (not installed), without calling it an error', () => {
    const noNft = inspectionFromOutput('r1', TAKEN_AT, fullOutput({ nft: '' }));
    expect('nft' in noNft.firewall).toBe(false);
    expect(noNft.errors).toEqual([]);
  });

  it('accepts empty sections that can be empty for real', () => {
    const quiet = inspectionFromOutput('r1', TAKEN_AT, fullOutput({ iptables: '', conntrack: '', sockets: '', neigh: '', routes: '', rules: '', resolv: '', hosts: '' }));
    expect(quiet.errors).toEqual([]);
    expect(quiet.firewall.iptables).toEqual([]);
    expect(quiet.dns).toEqual({ resolv: { nameservers: [], search: [], options: [], dockerEmbedded: false, dockerUpstreams: [] }, hosts: '' });
  });

  it('says which sections that are never empty came back empty', () => {
    const broken = inspectionFromOutput('r1', TAKEN_AT, fullOutput({ links: '', addrs: '', processes: '', namespaces: '', sysctls: '' }));
    expect(broken.errors).toEqual([
      "namespaces: cannot read the target's /proc/1/ns (pid namespace not shared, or no permission)",
      'links: no output from `ip -j -d link show` (iproute2 missing in the sidecar?)',
      'addrs: no output from `ip -j addr show` (iproute2 missing in the sidecar?)',
      'sysctls: cannot read /proc/sys',
      'processes: no output from `ps` (procps missing in the sidecar?)',
    ]);
    expect(broken.interfaces).toEqual([]);
    expect(broken.namespaces.net).toBeUndefined();
  });

  it('says which JSON sections are not JSON, and still shows the rest', () => {
    const garbled = inspectionFromOutput('r1', TAKEN_AT, fullOutput({ routes: '[{"dst":', nft: 'Error: syntax error' }));
    expect(garbled.errors).toEqual(['routes: output is not valid JSON', 'nft: output is not valid JSON']);
    expect(garbled.routes).toEqual([]);
    expect(garbled.sockets).toHaveLength(12);
  });

  it('says which sections are missing when the script stopped early', () => {
    const cut = inspectionFromOutput('r1', TAKEN_AT, scriptOutput({ namespaces: 'net=net:[1]', links: '[]', addrs: '[]' }));
    expect(cut.errors).toContain('routes: missing from the output (the script stopped early?)');
    expect(cut.errors).toContain('hosts: missing from the output (the script stopped early?)');
    expect(cut.errors.filter((e) => e.includes('missing'))).toHaveLength(11);
  });

  it('reports one error, and empty views, when the output has no sections at all', () => {
    const nothing = inspectionFromOutput('r1', TAKEN_AT, 'OCI runtime exec failed: exec failed: unable to start container process');
    expect(nothing.errors).toEqual(['the inspect script printed no sections']);
    expect(nothing).toMatchObject({ interfaces: [], routes: [], rules: [], neighbours: [], sockets: [], processes: [], conntrack: [], sysctls: {}, firewall: { iptables: [] } });
  });
});
