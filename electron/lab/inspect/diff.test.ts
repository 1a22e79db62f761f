import { describe, expect, it } from 'vitest';
import {
  changedKeys,
  conntrackKey,
  conntrackValue,
  endpointText,
  inspectionChanges,
  neighbourKey,
  processKey,
  routeKey,
  socketKey,
  socketValue,
  stableStringify,
} from './diff';
import { CONNTRACK, NEIGH, PROCESSES, ROUTES, SOCKETS, json } from './inspect.test-support';
import { parseConntrack, parseNeighbours, parseProcesses, parseRoutes, parseSockets } from './parse';
import type { ConntrackEntry, NeighbourInfo, SocketInfo } from './types';

interface Row {
  id: string;
  v: number;
}
const key = (r: Row) => r.id;

describe('stableStringify', () => {
  it('gives the same text whatever the key order, nested too', () => {
    expect(stableStringify({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: 3 } })).toBe(stableStringify({ a: { c: 3, d: [2, { y: 2, z: 1 }] }, b: 1 }));
  });

  it('keeps array order and skips undefined like JSON', () => {
    expect(stableStringify([2, 1])).not.toBe(stableStringify([1, 2]));
    expect(stableStringify({ a: undefined, b: null })).toBe('{"b":null}');
  });
});

describe('changedKeys', () => {
  it('flags nothing without a baseline (the first refresh)', () => {
    const result = changedKeys(undefined, [{ id: 'a', v: 1 }], key);
    expect(result.added.size).toBe(0);
    expect(result.changed.size).toBe(0);
    expect(result.removed).toEqual([]);
  });

  it('finds added, changed and removed keys, compared by the whole row by default', () => {
    const before = [
      { id: 'a', v: 1 },
      { id: 'b', v: 2 },
      { id: 'c', v: 3 },
      { id: 'd', v: 4 },
    ];
    const after = [
      { id: 'a', v: 1 },
      { id: 'b', v: 20 },
      { id: 'e', v: 5 },
    ];
    const result = changedKeys(before, after, key);
    expect([...result.added]).toEqual(['e']);
    expect([...result.changed]).toEqual(['b']);
    expect(result.removed).toEqual(['c', 'd']);
  });

  it('does not see a change when only the key order inside a row differs', () => {
    const result = changedKeys([{ id: 'a', v: 1 }], [{ v: 1, id: 'a' }], key);
    expect(result.changed.size).toBe(0);
  });

  it('compares with the value function when given', () => {
    const result = changedKeys([{ id: 'a', v: 1 }], [{ id: 'a', v: 2 }], key, () => 'same');
    expect(result.changed.size).toBe(0);
  });

  it('treats an empty baseline as a baseline: everything now is new', () => {
    const result = changedKeys([], [{ id: 'a', v: 1 }], key);
    expect([...result.added]).toEqual(['a']);
  });

  it('reports everything removed when the view empties', () => {
    expect(changedKeys([{ id: 'a', v: 1 }], [], key).removed).toEqual(['a']);
  });

  it('compares rows sharing a key as a group, whatever their order', () => {
    const before = [
      { id: 'x', v: 1 },
      { id: 'x', v: 2 },
    ];
    expect(changedKeys(before, [before[1], before[0]], key).changed.size).toBe(0);
    expect([...changedKeys(before, [before[0]], key).changed]).toEqual(['x']);
    expect([...changedKeys(before, [...before, { id: 'x', v: 3 }], key).changed]).toEqual(['x']);
  });
});

describe('endpointText', () => {
  it.each([
    [{ address: '10.0.0.2', port: 80 }, '10.0.0.2:80'],
    [{ address: '::1', port: 80 }, '[::1]:80'],
    [{ address: '0.0.0.0', port: 68, interface: 'eth0' }, '0.0.0.0%eth0:68'],
    [{ address: 'fe80::1', port: 546, interface: 'eth1' }, '[fe80::1]%eth1:546'],
    [{ address: '*', port: '*' as const }, '*:*'],
  ])('writes %j as %s', (endpoint, text) => {
    expect(endpointText(endpoint)).toBe(text);
  });
});

describe('key and value functions', () => {
  it('keys a neighbour by ip and device', () => {
    const [first] = parseNeighbours(json(NEIGH));
    expect(neighbourKey(first)).toBe('172.18.0.1|eth0');
  });

  it('keys a socket by protocol and both endpoints', () => {
    const sockets = parseSockets(SOCKETS);
    expect(socketKey(sockets[4])).toBe('tcp|0.0.0.0:8080|0.0.0.0:*');
    expect(socketKey(sockets[8])).toBe('tcp|[::ffff:10.1.0.1]:22|[::ffff:10.1.0.3]:50000');
    expect(socketKey(sockets[1])).toBe('udp|0.0.0.0%eth1:68|0.0.0.0:*');
  });

  it('keys a route by table, destination and device', () => {
    const routes = parseRoutes(json(ROUTES));
    expect(routes.map(routeKey).slice(0, 2)).toEqual(['main|default|eth0', 'main|10.1.0.0/24|eth1']);
    expect(routeKey(routes.find((r) => r.type === 'blackhole') ?? routes[0])).toBe('main|10.66.0.0/16|');
  });

  it('keys a tracked connection by its original tuple, ICMP by type, code and id', () => {
    const entries = parseConntrack(CONNTRACK);
    expect(conntrackKey(entries[0])).toBe('ipv4|tcp|10.1.0.3>10.1.0.1 50000>22');
    expect(conntrackKey(entries[2])).toBe('ipv4|icmp|10.1.0.1>10.2.0.7 icmp 8/0#77');
    expect(conntrackKey(entries[3])).toBe('ipv6|tcp|fd00:1::1>fd00:2::7 41000>80');
  });

  it('keys a process by pid', () => {
    expect(parseProcesses(PROCESSES).map(processKey)).toEqual(['1', '7', '12', '22']);
  });

  it('ignores socket queue sizes but not state or owners', () => {
    const socket = parseSockets(SOCKETS)[9];
    expect(socketValue({ ...socket, recvQ: 5000, sendQ: 7 })).toBe(socketValue(socket));
    expect(socketValue({ ...socket, state: 'CLOSE-WAIT' })).not.toBe(socketValue(socket));
    expect(socketValue({ ...socket, processes: [] })).not.toBe(socketValue(socket));
  });

  it('ignores the conntrack countdown and counters but not state, flags or the reply tuple', () => {
    const entry = parseConntrack(CONNTRACK)[1];
    const counted = { ...entry, timeout: 3, original: { ...entry.original, packets: 9, bytes: 900 } };
    expect(conntrackValue(counted)).toBe(conntrackValue(entry));
    expect(conntrackValue({ ...entry, unreplied: false, assured: true })).not.toBe(conntrackValue(entry));
    expect(conntrackValue({ ...entry, state: 'X' })).not.toBe(conntrackValue(entry));
    expect(conntrackValue({ ...entry, reply: { ...entry.reply, dst: '192.168.65.3' } })).not.toBe(conntrackValue(entry));
  });
});

describe('inspectionChanges', () => {
  const views = {
    neighbours: parseNeighbours(json(NEIGH)),
    sockets: parseSockets(SOCKETS),
    routes: parseRoutes(json(ROUTES)),
    conntrack: parseConntrack(CONNTRACK),
    processes: parseProcesses(PROCESSES),
  };

  it('flags nothing on the first snapshot', () => {
    const changes = inspectionChanges(undefined, views);
    for (const view of Object.values(changes)) {
      expect(view.added.size + view.changed.size + view.removed.length).toBe(0);
    }
  });

  it('flags nothing when nothing moved but counters and countdowns', () => {
    const later = {
      ...views,
      sockets: views.sockets.map((s): SocketInfo => ({ ...s, recvQ: s.recvQ + 1 })),
      conntrack: views.conntrack.map((c): ConntrackEntry => ({ ...c, timeout: c.timeout - 5 })),
    };
    const changes = inspectionChanges(views, later);
    for (const view of Object.values(changes)) {
      expect(view.added.size + view.changed.size + view.removed.length).toBe(0);
    }
  });

  it('flags a neighbour going stale, a new connection and a process exiting', () => {
    const stale = views.neighbours.map((n): NeighbourInfo => (n.ip === '172.18.0.1' ? { ...n, state: 'STALE' } : n));
    const newSocket: SocketInfo = { proto: 'tcp', state: 'ESTAB', recvQ: 0, sendQ: 0, local: { address: '10.1.0.1', port: 42000 }, peer: { address: '10.2.0.7', port: 80 }, processes: [] };
    const changes = inspectionChanges(views, {
      ...views,
      neighbours: stale,
      sockets: [...views.sockets, newSocket],
      processes: views.processes.filter((p) => p.pid !== 12),
    });
    expect([...changes.neighbours.changed]).toEqual(['172.18.0.1|eth0']);
    expect([...changes.sockets.added]).toEqual(['tcp|10.1.0.1:42000|10.2.0.7:80']);
    expect(changes.processes.removed).toEqual(['12']);
    expect(changes.routes.added.size + changes.conntrack.added.size).toBe(0);
  });
});
