import { describe, expect, it } from 'vitest';
import type { LabDocument } from '../../../electron/lab/model/schema';
import type { Hop } from '../../../electron/lab/trace/types';
import { pathMarks, pathNodeIds, stationDurationMs, stationForHop, stopTarget, traceStations } from './stations';

const doc = {
  topolab: 1, name: 'two',
  networks: [{ id: 'lan1', driver: 'bridge' }, { id: 'lan2', driver: 'bridge' }],
  nodes: [
    { id: 'client', interfaces: [{ network: 'lan1' }] },
    { id: 'r1', kind: 'router', interfaces: [{ network: 'lan1' }, { network: 'lan2' }] },
    { id: 'server', interfaces: [{ network: 'lan2' }] },
  ],
} as unknown as LabDocument;

type H = Pick<Hop, 'place' | 'network' | 'direction' | 'role'> & { iface?: string };
const hops = (list: H[]) => list.map((h, index) => ({ ...h, index }));
const out = (place: string, network: string, role: Hop['role'] = 'request'): H => ({ place, network, direction: 'out', role });
const inn = (place: string, network: string, role: Hop['role'] = 'request'): H => ({ place, network, direction: 'in', role });

// What the engine reports for client → r1 → server and back: three host hops per bridge.
const roundTrip = hops([
  out('client', 'lan1', 'arp'), inn('host', 'lan1', 'arp'), inn('client', 'lan1', 'arp'),
  out('client', 'lan1'), inn('host', 'lan1'), out('host', 'lan1'), inn('host', 'lan1'), inn('r1', 'lan1'),
  out('r1', 'lan2'), inn('host', 'lan2'), out('host', 'lan2'), inn('host', 'lan2'), inn('server', 'lan2'),
  out('server', 'lan2', 'reply'), inn('host', 'lan2', 'reply'), out('host', 'lan2', 'reply'), inn('host', 'lan2', 'reply'), inn('r1', 'lan2', 'reply'),
  out('r1', 'lan1', 'reply'), inn('host', 'lan1', 'reply'), inn('client', 'lan1', 'reply'),
]);

describe('traceStations', () => {
  const stations = traceStations({ hops: roundTrip }, doc);

  it('walks the interface edges and bridges in order, there and back, leaving ARP out', () => {
    expect(stations.map((s) => s.id)).toEqual([
      'if:client:0', 'lan1', 'if:r1:0', 'if:r1:1', 'lan2', 'if:server:0',
      'if:server:0', 'lan2', 'if:r1:1', 'if:r1:0', 'lan1', 'if:client:0',
    ]);
  });

  it('keeps the role, the first hop of each station and the way an edge is crossed', () => {
    expect(stations[0]).toEqual({ kind: 'edge', id: 'if:client:0', role: 'request', hop: 3, direction: 'out' });
    expect(stations[1]).toEqual({ kind: 'node', id: 'lan1', role: 'request', hop: 4 });
    expect(stations[2]).toMatchObject({ id: 'if:r1:0', direction: 'in' });
    expect(stations[6]).toMatchObject({ id: 'if:server:0', role: 'reply', direction: 'out', hop: 13 });
    expect(stations[11]).toMatchObject({ id: 'if:client:0', role: 'reply', direction: 'in' });
  });

  it('uses the index of the interface on that network, and skips what the canvas does not draw', () => {
    const multi = { ...doc, nodes: [{ id: 'a', interfaces: [{ network: 'lan2' }, { network: 'lan1' }] }] } as unknown as LabDocument;
    const list = hops([out('a', 'lan1'), out('a', undefined as unknown as string), inn('host', 'docker0'), out('ghost', 'lan1'), inn('host', 'lan1', 'error')]);
    expect(traceStations({ hops: list }, multi)).toEqual([
      { kind: 'edge', id: 'if:a:1', role: 'request', hop: 0, direction: 'out' },
      { kind: 'node', id: 'lan1', role: 'error', hop: 4 },
    ]);
  });

  it('across virtual hosts, the encapsulated packet crosses the hosts’ underlay links and the underlay bridge', () => {
    const mh = {
      topolab: 1, name: 'mh',
      hosts: [{ id: 'host1', kind: 'virtual', interfaces: [{ network: 'underlay' }] }, { id: 'host2', kind: 'virtual', interfaces: [{ network: 'underlay' }] }],
      networks: [{ id: 'underlay', driver: 'bridge' }, { id: 'ovl', driver: 'overlay' }],
      nodes: [{ id: 'web', host: 'host1', interfaces: [{ network: 'ovl' }] }, { id: 'db', host: 'host2', interfaces: [{ network: 'ovl' }] }],
    } as unknown as LabDocument;
    const across = hops([
      out('web', 'ovl'), inn('host1', 'ovl'), out('host1', 'underlay'), inn('host', 'underlay'), inn('host2', 'underlay'), out('host2', 'ovl'), inn('db', 'ovl'),
    ]);
    const stations = traceStations({ hops: across }, mh);
    expect(stations.map((s) => [s.id, s.direction])).toEqual([
      ['if:web:0', 'out'], ['hif:host1:0', 'out'], ['underlay', undefined], ['hif:host2:0', 'in'], ['if:db:0', 'in'],
    ]);
    expect(pathNodeIds(stations, { from: 'web' })).toEqual(['web', 'host1', 'underlay', 'host2', 'db']);
  });

  it('is empty without a document', () => {
    expect(traceStations({ hops: roundTrip }, undefined)).toEqual([]);
  });
});

describe('stationForHop', () => {
  const stations = traceStations({ hops: roundTrip }, doc);
  it('finds the station a hop belongs to; ARP before the first packet shows the start', () => {
    expect(stationForHop(stations, 0)).toBe(0);
    expect(stationForHop(stations, 3)).toBe(0);
    expect(stationForHop(stations, 6)).toBe(1); // the bridge's other port: still lan1
    expect(stationForHop(stations, 12)).toBe(5);
    expect(stationForHop(stations, 13)).toBe(6);
    expect(stationForHop(stations, 99)).toBe(11);
  });
});

describe('pathMarks', () => {
  const stations = traceStations({ hops: roundTrip }, doc);
  it('draws what is ahead faintly, in the role it will have', () => {
    const marks = pathMarks(stations, 0);
    expect(marks.get('if:client:0')).toEqual({ role: 'request', ahead: false });
    expect(marks.get('lan2')).toEqual({ role: 'request', ahead: true });
  });

  it('switches an element to the reply once the reply crossed it', () => {
    expect(pathMarks(stations, 7).get('lan2')).toEqual({ role: 'reply', ahead: false });
    expect(pathMarks(stations, 7).get('if:client:0')).toEqual({ role: 'request', ahead: false });
    expect(pathMarks(stations, 11).get('if:client:0')).toEqual({ role: 'reply', ahead: false });
  });
});

describe('stopTarget', () => {
  it('marks the node, or the bridge when the packet stopped in the host; nothing when delivered', () => {
    expect(stopTarget({ outcome: 'port-closed', text: '', at: { place: 'server', iface: 'eth0', network: 'lan2' } }, doc)).toBe('server');
    expect(stopTarget({ outcome: 'isolated', text: '', at: { place: 'host', iface: 'veth1', network: 'lan1' } }, doc)).toBe('lan1');
    expect(stopTarget({ outcome: 'lost', text: '', at: { place: 'host' } }, doc)).toBeUndefined();
    expect(stopTarget({ outcome: 'delivered', text: '' }, doc)).toBeUndefined();
  });
});

describe('helpers', () => {
  it('gives wires more time than bridges', () => {
    expect(stationDurationMs({ kind: 'edge' })).toBeGreaterThan(stationDurationMs({ kind: 'node' }));
  });

  it('lists the canvas nodes on the path', () => {
    const stations = traceStations({ hops: roundTrip }, doc);
    expect(pathNodeIds(stations, { from: 'client' }).sort()).toEqual(['client', 'lan1', 'lan2', 'r1', 'server']);
  });
});
