import { describe, expect, it } from 'vitest';
import { planAddresses } from '../../../../electron/lab/model/addressing';
import { parseLab } from '../../../../electron/lab/model/parse';
import type { LabDocument } from '../../../../electron/lab/model/schema';
import { addressingDocument, isVirtualHost, localHostOf, underlayCandidates, underlayNetworks } from './underlay';

function doc(text: string): LabDocument {
  const parsed = parseLab(text);
  if (!parsed.ok) throw new Error(parsed.diagnostics[0].message);
  return parsed.document;
}

const LAB = `topolab: 1
name: mh
hosts:
  - {id: host1, kind: virtual, interfaces: [{network: underlay, ip: 10.75.0.11}]}
  - {id: host2, kind: virtual}
  - {id: box, kind: local}
networks:
  - {id: underlay, driver: bridge, subnet: 10.75.0.0/24}
  - {id: under2, driver: bridge, host: box}
  - {id: ovl, driver: overlay, subnet: 10.75.10.0/24}
  - {id: lan1, driver: bridge, host: host1}
  - {id: dflt, driver: bridge, builtin: true}
  - {id: mv, driver: macvlan}
nodes:
  - {id: web, host: host1, interfaces: [{network: ovl}]}
  - {id: db, host: host2, interfaces: [{network: ovl}]}
`;

describe('underlay candidates', () => {
  it('are the lab bridges on the local engine a virtual host is not attached to yet', () => {
    const d = doc(LAB);
    expect(localHostOf(d)).toBe('box');
    expect(underlayNetworks(d)).toEqual(['underlay', 'under2']);
    expect(underlayCandidates(d, 'host1')).toEqual(['under2']);
    expect(underlayCandidates(d, 'host2')).toEqual(['underlay', 'under2']);
  });

  it('a local host, or one that does not exist, has none', () => {
    const d = doc(LAB);
    expect(underlayCandidates(d, 'box')).toEqual([]);
    expect(underlayCandidates(d, 'nope')).toEqual([]);
    expect(isVirtualHost(d, 'host1')).toBe(true);
    expect(isVirtualHost(d, 'box')).toBe(false);
  });

  it('with no local host listed, networks without host are local', () => {
    const d = doc('topolab: 1\nname: t\nhosts: [{id: h, kind: virtual}]\nnetworks: [{id: u, driver: bridge}, {id: in, driver: bridge, host: h}]\n');
    expect(localHostOf(d)).toBe('local');
    expect(underlayCandidates(d, 'h')).toEqual(['u']);
  });
});

describe('addressingDocument', () => {
  it('plans virtual hosts’ underlay addresses after the nodes, so node addresses do not move', () => {
    const d = doc(LAB.replace('ip: 10.75.0.11', ''));
    const withHosts = planAddresses({ document: addressingDocument(d), used: [] });
    const nodesOnly = planAddresses({ document: d, used: [] });
    expect(withHosts.interfaces['host1/underlay']?.ip).toMatch(/^10\.75\.0\.\d+$/);
    expect(withHosts.interfaces['web/ovl']).toEqual(nodesOnly.interfaces['web/ovl']);
    expect(withHosts.interfaces['db/ovl']).toEqual(nodesOnly.interfaces['db/ovl']);
  });

  it('is the document itself when there is no virtual host', () => {
    const d = doc('topolab: 1\nname: t\nnetworks: [{id: n, driver: bridge}]\n');
    expect(addressingDocument(d)).toBe(d);
  });
});
