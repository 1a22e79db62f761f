import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InspectView } from '../../../electron/lab/api';
import type { NeighbourInfo } from '../../../electron/lab/inspect/types';
import { inspectBlocker, inspectTarget } from '../inspector/target';
import { createLabStore } from './index';

const twoLans = readFileSync(join(__dirname, '../../../templates/two-lans.yaml'), 'utf8');

const none = { added: [], changed: [], removed: [] };

function view(node: string, neighbours: NeighbourInfo[], added: string[] = []): InspectView {
  return {
    node, lab: 'two-lans', takenAt: '2026-01-01T00:00:00Z', tookMs: 100,
    namespaces: { net: 1, pid: 2, mnt: 3, uts: 4, ipc: 5, user: 6, cgroup: 7, time: 8 },
    interfaces: [], routes: [], rules: [], neighbours, sockets: [], firewall: { iptables: [] }, sysctls: {},
    dns: { resolv: { nameservers: [], search: [], options: [], dockerEmbedded: false, dockerUpstreams: [] }, hosts: '' },
    processes: [], conntrack: [], errors: [], sharing: [],
    changes: { neighbours: { ...none, added }, sockets: none, routes: none, conntrack: none, processes: none },
  };
}

const arp = (ip: string): NeighbourInfo => ({ ip, dev: 'eth0', mac: '02:42:0a:00:00:01', state: 'REACHABLE' });

function running(store: ReturnType<typeof createLabStore>) {
  store.getState().applyStatus('two-lans', ['client', 'r1', 'server'].map((id) => ({ id, state: 'running' as const, status: 'Up', interfaces: [] })));
}

describe('inspector slice', () => {
  it('targets the one selected node or network, or the host; the Host view gives way to a new selection', () => {
    const store = createLabStore(twoLans);
    expect(inspectTarget(store.getState())).toBeUndefined();
    store.getState().select(['client']);
    expect(inspectTarget(store.getState())).toEqual({ key: 'node:client', kind: 'node', id: 'client' });
    store.getState().select(['lan1']);
    expect(inspectTarget(store.getState())?.key).toBe('network:lan1');
    store.getState().setInspectorHost(true);
    expect(inspectTarget(store.getState())?.key).toBe('host');
    store.getState().select(['server']);
    expect(store.getState().inspectorHost).toBe(false);
    expect(inspectTarget(store.getState())?.key).toBe('node:server');
    store.getState().select(['client', 'server']);
    expect(inspectTarget(store.getState())).toBeUndefined();
  });

  it('says why it cannot inspect: not deployed, not running, nothing selected', () => {
    const store = createLabStore(twoLans);
    const blocker = () => inspectBlocker(store.getState(), inspectTarget(store.getState()));
    expect(blocker()).toMatch(/^Select a node or a network/);
    store.getState().select(['client']);
    expect(blocker()).toBe('Deploy the lab to inspect it.');
    store.getState().applyStatus('two-lans', [{ id: 'client', state: 'exited', status: 'Exited (1)', interfaces: [] }]);
    expect(blocker()).toMatch(/^client is exited/);
    expect(inspectBlocker(store.getState(), { key: 'network:lan1', kind: 'network', id: 'lan1' })).toBe('Deploy the lab to inspect it.');
    running(store);
    expect(blocker()).toBeUndefined();
    expect(inspectBlocker(store.getState(), { key: 'host', kind: 'host' })).toBeUndefined();
  });

  it('keeps a new ARP entry marked across refreshes, and forgets marks when the target changes', () => {
    const store = createLabStore(twoLans);
    running(store);
    store.getState().select(['client']);
    store.getState().applyInspection({ target: 'node:client', kind: 'node', view: view('client', []) });
    expect(store.getState().marks).toEqual({});
    store.getState().applyInspection({ target: 'node:client', kind: 'node', view: view('client', [arp('10.71.1.254')], ['10.71.1.254|eth0']) });
    expect(store.getState().marks.neighbours).toEqual({ added: ['10.71.1.254|eth0'], changed: [], seq: 1 });
    store.getState().applyInspection({ target: 'node:client', kind: 'node', view: view('client', [arp('10.71.1.254')]) });
    expect(store.getState().marks.neighbours?.added).toEqual(['10.71.1.254|eth0']);

    store.getState().select(['server']);
    // a late answer for the node left behind changes nothing
    store.getState().applyInspection({ target: 'node:client', kind: 'node', view: view('client', [arp('10.71.1.9')], ['10.71.1.9|eth0']) });
    expect(store.getState().inspection?.target).toBe('node:client');
    expect(store.getState().marks.neighbours?.added).toEqual(['10.71.1.254|eth0']);
    store.getState().applyInspection({ target: 'node:server', kind: 'node', view: view('server', [arp('10.71.2.254')], ['10.71.2.254|eth0']) });
    expect(store.getState().marks.neighbours).toEqual({ added: ['10.71.2.254|eth0'], changed: [], seq: 1 });
  });

  it('errors belong to their target; a good answer clears them; another lab clears everything', () => {
    const store = createLabStore(twoLans);
    running(store);
    store.getState().select(['client']);
    store.getState().failInspection('node:server', 'not mine');
    expect(store.getState().inspectError).toBeUndefined();
    store.getState().failInspection('node:client', 'client is exited');
    expect(store.getState().inspectError).toEqual({ target: 'node:client', message: 'client is exited' });
    store.getState().applyInspection({ target: 'node:client', kind: 'node', view: view('client', []) });
    expect(store.getState().inspectError).toBeUndefined();
    store.getState().highlightNodes(['r1']);
    store.getState().load(twoLans.replace('name: two-lans', 'name: other'));
    expect(store.getState()).toMatchObject({ inspection: undefined, marks: {}, nsHighlight: [], inspectorHost: false });
  });

  it('folds and unfolds sections by name', () => {
    const store = createLabStore(twoLans);
    expect(store.getState().collapsed).toContain('sysctls');
    store.getState().toggleSection('sysctls');
    expect(store.getState().collapsed).not.toContain('sysctls');
    store.getState().toggleSection('neighbours');
    expect(store.getState().collapsed).toContain('neighbours');
  });
});
