import { describe, expect, it } from 'vitest';
import type { DeployProgressEvent, LabStateEvent } from '../../../electron/lab/api';
import { hostLiveView } from '../kinds/host/live';
import type { HostLiveState } from '../../../electron/lab/api';
import { applyHostEvent, applyHostProgress, applyHostStatus, hostLiveFromStatus, parseOperationKey } from './host-live';
import { createLabStore } from './index';
import type { HostLive } from './types';

const counts = { total: 5, done: 0, failed: 0, running: 1 };
const ev = (type: DeployProgressEvent['type'], key: string, host: string, message?: string): DeployProgressEvent =>
  ({ lab: 'mh', type, key, subject: { kind: 'host', id: host }, label: key, message, counts });

describe('parseOperationKey', () => {
  it('reads the host prefix, the kind and the id', () => {
    expect(parseOperationKey('host.start:host1')).toEqual({ host: undefined, kind: 'host.start', id: 'host1' });
    expect(parseOperationKey('host1/network.create:lan1')).toEqual({ host: 'host1', kind: 'network.create', id: 'lan1' });
    expect(parseOperationKey('swarm.init')).toEqual({ host: undefined, kind: 'swarm.init' });
    expect(parseOperationKey('bogus:x').kind).toBeUndefined();
  });
});

describe('applyHostProgress', () => {
  it('walks a host through starting, copying images, running', () => {
    let hosts: Record<string, HostLive> = {};
    hosts = applyHostProgress(hosts, ev('started', 'host.start:host1', 'host1'));
    expect(hosts.host1).toEqual({ state: 'starting', step: 'starting' });
    hosts = applyHostProgress(hosts, ev('finished', 'host.start:host1', 'host1'));
    expect(hosts.host1).toEqual({ state: 'running' });
    hosts = applyHostProgress(hosts, ev('started', 'images.copy:host1', 'host1'));
    expect(hosts.host1).toEqual({ state: 'starting', step: 'copying images' });
    hosts = applyHostProgress(hosts, ev('finished', 'images.copy:host1', 'host1'));
    hosts = applyHostProgress(hosts, ev('started', 'swarm.form:host1', 'host1'));
    expect(hosts.host1).toEqual({ state: 'running', step: 'forming swarm' });
    hosts = applyHostProgress(hosts, ev('finished', 'swarm.form:host1', 'host1'));
    expect(hosts.host1).toEqual({ state: 'running' });
  });

  it('a clean deploy clears earlier failures', () => {
    const hosts: Record<string, HostLive> = { a: { state: 'error', message: 'x' }, b: { state: 'running' } };
    expect(applyHostProgress(hosts, { lab: 'mh', type: 'done', counts: { ...counts, failed: 0 } })).toEqual({ b: { state: 'running' } });
    expect(applyHostProgress(hosts, { lab: 'mh', type: 'done', counts: { ...counts, failed: 1 } })).toBe(hosts);
  });

  it('a failure shows the engine’s message and stays until the host starts again', () => {
    let hosts = applyHostProgress({}, ev('failed', 'host.start:host2', 'host2', 'no cgroup v2'));
    expect(hosts.host2).toEqual({ state: 'error', message: 'no cgroup v2' });
    hosts = applyHostProgress(hosts, ev('finished', 'swarm.form:host2', 'host2'));
    expect(hosts.host2.state).toBe('error');
    hosts = applyHostProgress(hosts, ev('started', 'host.start:host2', 'host2'));
    expect(hosts.host2.state).toBe('starting');
  });

  it('a removed host is forgotten; events about nodes leave hosts alone', () => {
    const start: Record<string, HostLive> = { old: { state: 'running' } };
    const removing = applyHostProgress(start, ev('started', 'host.remove:old', 'old'));
    expect(removing.old.state).toBe('removing');
    expect(applyHostProgress(removing, ev('finished', 'host.remove:old', 'old'))).toEqual({});
    const node: DeployProgressEvent = { lab: 'mh', type: 'finished', key: 'host1/container.create:web', subject: { kind: 'node', id: 'web' }, counts };
    expect(applyHostProgress(start, node)).toBe(start);
  });

  it('the store keeps host states from deploy events and clears them on destroy and load', () => {
    const store = createLabStore('topolab: 1\nname: mh\nhosts: [{id: host1, kind: virtual}]\n');
    store.getState().applyDeployProgress(ev('started', 'host.start:host1', 'host1'));
    expect(store.getState().liveHosts.host1.state).toBe('starting');
    expect(store.getState().deploy?.items[0].key).toBe('host.start:host1');
    store.getState().resetLive('mh');
    expect(store.getState().liveHosts).toEqual({});
    store.getState().applyDeployProgress(ev('failed', 'host.start:host1', 'host1', 'boom'));
    store.getState().load('topolab: 1\nname: other\n');
    expect(store.getState().liveHosts).toEqual({});
  });
});

describe('host status and events', () => {
  const status = (over: Partial<HostLiveState>): HostLiveState => ({ id: 'host1', kind: 'virtual', state: 'running', status: 'Up 3 seconds', addresses: [{ network: 'underlay', ip: '10.75.0.11' }], engineAnswers: true, ...over });

  it('reads a host’s container and engine from the status', () => {
    expect(hostLiveFromStatus(status({}))).toEqual({ state: 'running', addresses: [{ network: 'underlay', ip: '10.75.0.11' }] });
    expect(hostLiveFromStatus(status({ engineAnswers: false }))).toMatchObject({ state: 'starting', step: 'engine starting' });
    expect(hostLiveFromStatus(status({ state: 'exited', status: 'Exited (1) 2 seconds ago' }))).toEqual({ state: 'stopped', message: 'Exited (1) 2 seconds ago' });
    expect(hostLiveFromStatus(status({ state: 'dead', status: '' }))).toMatchObject({ state: 'error' });
    expect(hostLiveFromStatus(status({ state: 'missing' }))).toBeUndefined();
    // a remote host: running, or unreachable with the engine's sentence
    expect(hostLiveFromStatus(status({ kind: 'remote', addresses: [] }))).toEqual({ state: 'running' });
    expect(hostLiveFromStatus(status({ kind: 'remote', state: 'unreachable', status: 'Cannot reach remote host far at ssh://lab@far: is Docker running there?', addresses: [], engineAnswers: false })))
      .toEqual({ state: 'error', message: 'Cannot reach remote host far at ssh://lab@far: is Docker running there?' });
  });

  it('a status read replaces the hosts, local ones left out; a deploy’s error stays while the host still runs', () => {
    const prev: Record<string, HostLive> = { host1: { state: 'error', message: 'swarm join failed' }, gone: { state: 'running' } };
    const next = applyHostStatus(prev, [status({}), status({ id: 'host2', state: 'exited', status: 'Exited (0)' }), status({ id: 'box', kind: 'local' }), status({ id: 'far', kind: 'remote', state: 'unreachable', status: 'Cannot reach remote host far', addresses: [] })]);
    expect(next).toEqual({
      host1: { state: 'error', message: 'swarm join failed', addresses: [{ network: 'underlay', ip: '10.75.0.11' }] },
      host2: { state: 'stopped', message: 'Exited (0)' },
      far: { state: 'error', message: 'Cannot reach remote host far' },
    });
  });

  it('container events move a host: running waits for its engine, missing forgets it', () => {
    const e = (state: LabStateEvent['state'], message?: string): LabStateEvent => ({ lab: 'mh', node: 'host1', kind: 'host', state, status: state, message });
    let hosts = applyHostEvent({}, e('running'));
    expect(hosts.host1).toMatchObject({ state: 'starting', step: 'engine starting' });
    hosts = { host1: { state: 'running' } };
    expect(applyHostEvent(hosts, e('running'))).toBe(hosts);
    expect(applyHostEvent(hosts, e('exited', 'exited with code 137')).host1).toEqual({ state: 'stopped', message: 'exited with code 137' });
    expect(applyHostEvent(hosts, e('missing'))).toEqual({});
  });

  it('the store routes host events and status hosts to liveHosts, not liveNodes', () => {
    const store = createLabStore('topolab: 1\nname: mh\nhosts: [{id: host1, kind: virtual}]\n');
    store.getState().applyLabState({ lab: 'mh', node: 'host1', kind: 'host', state: 'running', status: 'Up' });
    expect(store.getState().liveNodes).toEqual({});
    expect(store.getState().liveHosts.host1.state).toBe('starting');
    store.getState().applyStatus('mh', [], [status({})]);
    expect(store.getState().liveHosts.host1.state).toBe('running');
    // an engine that does not report hosts leaves what is known
    store.getState().applyStatus('mh', []);
    expect(store.getState().liveHosts.host1.state).toBe('running');
  });
});

describe('hostLiveView', () => {
  it('reads the step while one runs, the engine’s message on error', () => {
    expect(hostLiveView(undefined)).toBeUndefined();
    expect(hostLiveView({ state: 'starting', step: 'copying images' })).toMatchObject({ cls: 'starting', label: 'copying images', failed: false });
    expect(hostLiveView({ state: 'running' })).toMatchObject({ cls: 'running', label: 'running', detail: 'its Docker engine runs' });
    expect(hostLiveView({ state: 'error', message: 'no cgroup v2' })).toEqual({ cls: 'error', label: 'error', detail: 'no cgroup v2', failed: true });
    expect(hostLiveView({ state: 'stopped', message: 'Exited (0)' })).toMatchObject({ cls: 'exited', label: 'stopped', failed: false });
  });
});
