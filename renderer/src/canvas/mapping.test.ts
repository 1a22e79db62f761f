import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planAddresses } from '../../../electron/lab/model/addressing';
import { parseLab } from '../../../electron/lab/model/parse';
import type { LabDocument } from '../../../electron/lab/model/schema';
import { addressingDocument } from '../kinds/host/underlay';
import { autoLayout } from './auto-layout';
import { facingHandles, hostLiveOf, interfaceLabel, toFlow, unplaced } from './mapping';

const twoLans = readFileSync(join(__dirname, '../../../templates/two-lans.yaml'), 'utf8');
function doc(text: string): LabDocument {
  const parsed = parseLab(text);
  if (!parsed.ok) throw new Error(parsed.diagnostics[0].message);
  return parsed.document;
}

describe('toFlow', () => {
  it('maps networks and nodes to nodes at their layout positions', () => {
    const { nodes } = toFlow({ document: doc(twoLans) });
    expect(nodes.map((n) => [n.id, n.type, n.position])).toEqual([
      ['lan1', 'bridge', { x: 0, y: 0 }],
      ['lan2', 'bridge', { x: 560, y: 0 }],
      ['client', 'container', { x: 20, y: 320 }],
      ['r1', 'router', { x: 290, y: 170 }],
      ['server', 'container', { x: 580, y: 320 }],
    ]);
    expect(nodes[0].data.subtitle).toBe('10.71.1.0/24');
  });

  it('maps each interface to a labelled edge from the node to its network, facing handles', () => {
    const { edges } = toFlow({ document: doc(twoLans) });
    expect(edges.map((e) => [e.id, e.source, e.target, e.label, e.sourceHandle, e.targetHandle])).toEqual([
      ['if:client:0', 'client', 'lan1', 'eth0 · 10.71.1.10', 'top', 'bottom'],
      ['if:r1:0', 'r1', 'lan1', 'eth0 · 10.71.1.254', 'top', 'bottom'],
      ['if:r1:1', 'r1', 'lan2', 'eth1 · 10.71.2.254', 'top', 'bottom'],
      ['if:server:0', 'server', 'lan2', 'eth0 · 10.71.2.10', 'top', 'bottom'],
    ]);
  });

  it('shows planned addresses, marked as planned', () => {
    const d = doc('topolab: 1\nname: t\nnetworks: [{id: n, driver: bridge}]\nnodes: [{id: a, interfaces: [{network: n}]}]\n');
    const addressing = planAddresses({ document: d, used: [] });
    const { nodes, edges } = toFlow({ document: d, addressing });
    expect(edges[0].label).toMatch(/^eth0 · 10\.200\.\d+\.10 \(auto\)$/);
    expect(edges[0].data?.planned).toBe(true);
    expect(nodes[0].data.planned).toBe(true);
    expect(interfaceLabel(d.nodes![0], 0)).toEqual({ label: 'eth0', planned: false, live: false });
  });

  it('once deployed, shows the address the engine gave instead of the plan', () => {
    const d = doc('topolab: 1\nname: t\nnetworks: [{id: n, driver: bridge}]\nnodes: [{id: a, interfaces: [{network: n}]}, {id: b, interfaces: [{network: n, ip: 10.9.0.5}]}]\n');
    const addressing = planAddresses({ document: d, used: [] });
    const live = {
      a: { state: 'running' as const, status: 'Up', interfaces: [{ network: 'n', ip: '172.18.0.2' }] },
      b: { state: 'running' as const, status: 'Up', interfaces: [{ network: 'n', ip: '10.9.0.4' }] },
    };
    const { edges } = toFlow({ document: d, addressing, live });
    expect(edges.map((e) => [e.label, e.className, e.data?.live])).toEqual([
      ['eth0 · 172.18.0.2', 'iface live', true],
      // the file asks for another address than the running one: both are shown
      ['eth0 · 10.9.0.4 → 10.9.0.5', 'iface live', true],
    ]);
    // not deployed (missing, or no addresses known yet): the plan again
    const planned = toFlow({ document: d, addressing, live: { a: { state: 'missing', status: 'not created' } } });
    expect(planned.edges[0].label).toMatch(/\(auto\)$/);
    // stopped: Docker took the address back, so the plan shows again
    const exited = toFlow({ document: d, addressing, live: { ...live, a: { ...live.a, state: 'exited', status: 'Exited (3)' } } });
    expect(exited.edges[0].label).toMatch(/\(auto\)$/);
  });

  it('draws sharesNetworkWith as a dashed edge', () => {
    const d = doc('topolab: 1\nname: t\nnodes: [{id: a}, {id: b, sharesNetworkWith: a}]\nlayout: {a: {x: 0, y: 0}, b: {x: 300, y: 0}}\n');
    const { edges } = toFlow({ document: d });
    expect(edges).toHaveLength(1);
    expect(edges[0]).toMatchObject({ id: 'share:b', source: 'b', target: 'a', className: 'share', style: { strokeDasharray: '6 4' } });
  });

  it('makes hosts group nodes, before their members, which get parentId', () => {
    const d = doc('topolab: 1\nname: t\nhosts: [{id: h1}]\nnetworks: [{id: n, driver: bridge, host: h1}]\nnodes: [{id: a, host: h1}, {id: b}]\nlayout: {h1: {x: 10, y: 10}, n: {x: 20, y: 50}, a: {x: 20, y: 150}}\n');
    const { nodes } = toFlow({ document: d });
    expect(nodes.map((n) => [n.id, n.type, n.parentId])).toEqual([['h1', 'host', undefined], ['n', 'bridge', 'h1'], ['a', 'container', 'h1'], ['b', 'container', undefined]]);
    expect(nodes[0].width).toBeGreaterThanOrEqual(20 + 220);
    expect(nodes[0].height).toBeGreaterThanOrEqual(150 + 62);
  });

  it('carries live state, diagnostics counts and selection', () => {
    const { nodes } = toFlow({
      document: doc(twoLans),
      live: { client: { state: 'running', status: 'Up' } },
      diagnostics: [{ severity: 'error', code: 'x', message: 'm', hint: 'h', path: ['nodes', 0], subject: { kind: 'node', id: 'client' } }],
      selected: ['client'],
    });
    const client = nodes.find((n) => n.id === 'client')!;
    expect(client.data.live?.state).toBe('running');
    expect(client.data.errors).toBe(1);
    expect(client.selected).toBe(true);
  });

  it('uses auto-layout positions for objects the file does not place', () => {
    const d = doc('topolab: 1\nname: t\nnetworks: [{id: n, driver: bridge}]\nnodes: [{id: a, interfaces: [{network: n}]}]\nlayout: {n: {x: 5, y: 5}}\n');
    expect(unplaced(d)).toEqual(['a']);
    const { nodes } = toFlow({ document: d, autoPositions: { a: { x: 7, y: 300 } } });
    expect(nodes.find((n) => n.id === 'a')?.position).toEqual({ x: 7, y: 300 });
  });

  it('no document, no nodes', () => {
    expect(toFlow({})).toEqual({ nodes: [], edges: [] });
  });
});

describe('autoLayout', () => {
  it('places every object without overlaps, networks above their nodes', async () => {
    const d = doc(twoLans.replace(/layout:[\s\S]*$/, ''));
    const at = await autoLayout(d);
    expect(Object.keys(at).sort()).toEqual(['client', 'lan1', 'lan2', 'r1', 'server']);
    expect(at.lan1.y).toBeLessThan(at.client.y);
    const boxes = Object.entries(at).map(([id, p]) => ({ id, ...p, w: id.startsWith('lan') ? 220 : 180, h: id.startsWith('lan') ? 58 : 62 }));
    for (const a of boxes) for (const b of boxes) {
      if (a.id >= b.id) continue;
      const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
      expect(overlap, `${a.id} overlaps ${b.id}`).toBe(false);
    }
  });
});

describe('virtual hosts on the canvas', () => {
  const MH = `topolab: 1
name: mh
hosts:
  - {id: host1, kind: virtual, interfaces: [{network: underlay, ip: 10.75.0.11}]}
  - {id: host2, kind: virtual, interfaces: [{network: underlay}]}
  - {id: box, kind: local}
networks:
  - {id: underlay, driver: bridge, subnet: 10.75.0.0/24}
  - {id: ovl, driver: overlay, subnet: 10.75.10.0/24}
nodes:
  - {id: web, host: host1, interfaces: [{network: ovl}]}
  - {id: db, host: host2, interfaces: [{network: ovl}]}
layout:
  host1: {x: 0, y: 0, width: 400, height: 240}
  host2: {x: 500, y: 0, width: 400, height: 240}
  box: {x: 0, y: 600}
  underlay: {x: 340, y: 400}
  ovl: {x: 340, y: -200}
  web: {x: 40, y: 80}
  db: {x: 40, y: 80}
`;

  it('draws each underlay interface as a thick edge from the host box to the network, labelled like an interface', () => {
    const d = doc(MH);
    const addressing = planAddresses({ document: addressingDocument(d), used: [] });
    const { edges, nodes } = toFlow({ document: d, addressing });
    const underlay = edges.filter((e) => e.data?.kind === 'underlay');
    expect(underlay.map((e) => [e.id, e.source, e.target, e.sourceHandle, e.targetHandle, e.className])).toEqual([
      ['hif:host1:0', 'host1', 'underlay', 'bottom', 'top', 'iface underlay'],
      ['hif:host2:0', 'host2', 'underlay', 'bottom', 'top', 'iface underlay planned'],
    ]);
    expect(underlay[0].label).toBe('eth0 · 10.75.0.11');
    expect(underlay[1].label).toMatch(/^eth0 · 10\.75\.0\.\d+ \(auto\)$/);
    const host1 = nodes.find((n) => n.id === 'host1')!;
    expect(host1.data).toMatchObject({ hostKind: 'virtual', underlays: 1 });
    expect(nodes.find((n) => n.id === 'box')!.data).toMatchObject({ hostKind: 'local', underlays: 0, hostLive: undefined });
  });

  it('a host shows its deploy state, else running when a member runs', () => {
    const d = doc(MH);
    const live = { web: { state: 'running' as const, status: 'Up' } };
    const { nodes } = toFlow({ document: d, live, hosts: { host2: { state: 'error', message: 'boom' } } });
    expect(nodes.find((n) => n.id === 'host1')!.data.hostLive).toEqual({ state: 'running' });
    expect(nodes.find((n) => n.id === 'host2')!.data.hostLive).toEqual({ state: 'error', message: 'boom' });
    expect(hostLiveOf(undefined, [undefined, { state: 'exited', status: '' }])).toBeUndefined();
  });

  it('an underlay link leaves the host box from the side that faces the network', () => {
    const box = { x: 0, y: 0, width: 400, height: 200 };
    expect(facingHandles(box, { x: 200, y: 300 })).toEqual({ sourceHandle: 'bottom', targetHandle: 'top' });
    expect(facingHandles(box, { x: 200, y: -50 })).toEqual({ sourceHandle: 'top', targetHandle: 'bottom' });
    expect(facingHandles(box, { x: 600, y: 100 })).toEqual({ sourceHandle: 'right', targetHandle: 'top' });
    expect(facingHandles(box, { x: -200, y: 100 })).toEqual({ sourceHandle: 'left', targetHandle: 'top' });
  });
});
