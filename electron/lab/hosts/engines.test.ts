import Dockerode from 'dockerode';
import { describe, expect, it } from 'vitest';
import type { LabDocument } from '../model/schema';
import { hostViewTarget, InspectNetworkError } from '../inspect-host';
import {
  engineForNode,
  engineHostOf,
  engineHostOfNetwork,
  HostEngines,
  hostLabel,
  isVirtualHost,
  overlayMemberHosts,
  remoteHostIds,
  virtualHostOf,
  virtualHostOfNetwork,
  virtualHostProblem,
} from './engines';

const doc = {
  topolab: 1,
  name: 'mh',
  hosts: [{ id: 'here', kind: 'local' }, { id: 'a', kind: 'virtual' }, { id: 'b', kind: 'virtual' }, { id: 'c', kind: 'virtual' }],
  networks: [
    { id: 'underlay', driver: 'bridge' },
    { id: 'ovl', driver: 'overlay' },
    { id: 'lana', driver: 'bridge', host: 'a' },
    { id: 'lanhere', driver: 'bridge', host: 'here' },
  ],
  nodes: [
    { id: 'cb', kind: 'container', host: 'b', interfaces: [{ network: 'ovl' }] },
    { id: 'ca', kind: 'container', host: 'a', interfaces: [{ network: 'ovl' }, { network: 'lana' }] },
    { id: 'web', kind: 'container', interfaces: [{ network: 'lanhere' }] },
  ],
} as LabDocument;

describe('which host a part of the lab is on', () => {
  it('nodes and networks on virtual hosts; the local host counts as none', () => {
    expect(virtualHostOf(doc, 'ca')).toBe('a');
    expect(virtualHostOf(doc, 'web')).toBeUndefined();
    expect(virtualHostOfNetwork(doc, 'lana')).toBe('a');
    expect(virtualHostOfNetwork(doc, 'lanhere')).toBeUndefined();
    expect(virtualHostOfNetwork(doc, 'underlay')).toBeUndefined();
    expect(isVirtualHost(doc, 'b')).toBe(true);
    expect(isVirtualHost(doc, 'here')).toBe(false);
  });

  it("an overlay's member hosts are those with nodes on it, in file order", () => {
    expect(overlayMemberHosts(doc, 'ovl')).toEqual(['a', 'b']);
    expect(overlayMemberHosts(doc, 'lana')).toEqual(['a']);
    expect(overlayMemberHosts(doc, 'underlay')).toEqual([]);
  });

  it('says why a virtual host cannot be reached', () => {
    expect(virtualHostProblem('mh', 'a', undefined)).toMatch(/no virtual host "a".*deploy/);
    expect(virtualHostProblem('mh', 'a', { id: 'a', name: 'topolab-mh-a', running: false, pid: 0, endpoints: [] })).toMatch(/not running/);
    expect(virtualHostProblem('mh', 'a', { id: 'a', name: 'topolab-mh-a', running: true, pid: 42, endpoints: [] })).toBeUndefined();
  });
});

describe('hostViewTarget', () => {
  it("'host', the local host's id or nothing: the engine's own host; a virtual host by id", () => {
    expect(hostViewTarget(doc, undefined)).toBeUndefined();
    expect(hostViewTarget(doc, 'host')).toBeUndefined();
    expect(hostViewTarget(doc, 'here')).toBeUndefined();
    expect(hostViewTarget(doc, 'b')).toBe('b');
  });

  it('refuses anything else, naming the hosts there are', () => {
    expect(() => hostViewTarget(doc, 'ca')).toThrow(InspectNetworkError);
    expect(() => hostViewTarget(doc, 'ca')).toThrow(/virtual host \(a, b, c\)/);
  });
});

describe('remote hosts', () => {
  const withRemote = {
    ...doc,
    hosts: [...doc.hosts!, { id: 'far', kind: 'remote', url: 'unix:///run/far/docker.sock' }, { id: 'box', kind: 'remote', context: 'default' }],
    networks: [...doc.networks!, { id: 'lanfar', driver: 'bridge', host: 'far' }],
    nodes: [...doc.nodes!, { id: 'f1', kind: 'container', host: 'far', interfaces: [{ network: 'lanfar' }] }],
  } as LabDocument;

  it('a node or network on a remote host runs on that host\'s engine, not a virtual host\'s', () => {
    expect(engineHostOf(withRemote, 'f1')).toBe('far');
    expect(engineHostOf(withRemote, 'ca')).toBe('a');
    expect(engineHostOf(withRemote, 'web')).toBeUndefined();
    expect(engineHostOfNetwork(withRemote, 'lanfar')).toBe('far');
    expect(virtualHostOf(withRemote, 'f1')).toBeUndefined();
    expect(remoteHostIds(withRemote)).toEqual(['far', 'box']);
    expect(hostLabel(withRemote, 'far')).toBe('remote host far');
    expect(hostLabel(withRemote, 'a')).toBe('virtual host a');
  });

  it('HostEngines serves a remote host with a client of its own endpoint, kept, and virtual hosts as before', () => {
    const outer = new Dockerode({ socketPath: '/var/run/docker.sock' });
    const engines = HostEngines.forLab(outer, withRemote);
    expect(engines.isRemote('far')).toBe(true);
    expect(engines.isRemote('a')).toBe(false);
    expect(engines.isRemote(undefined)).toBe(false);
    const far = engines.engineOf('far');
    expect((far.modem as unknown as { socketPath: string }).socketPath).toBe('/run/far/docker.sock');
    expect(engines.engineOf('far')).toBe(far);
    // one client per endpoint for the whole process
    expect(HostEngines.forLab(outer, withRemote).engineOf('far')).toBe(far);
    expect(engines.engineOf(undefined)).toBe(outer);
    expect(engines.engineOf('a')).not.toBe(far);
    expect(engineForNode(outer, withRemote, 'f1')).toBe(far);
  });

  it('the host view takes a remote host too', () => {
    expect(hostViewTarget(withRemote, 'far')).toBe('far');
    expect(() => hostViewTarget(withRemote, 'ca')).toThrow(/virtual host \(a, b, c\) or a remote host \(far, box\)/);
  });
});
