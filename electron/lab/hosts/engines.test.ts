import { describe, expect, it } from 'vitest';
import type { LabDocument } from '../model/schema';
import { hostViewTarget, InspectNetworkError } from '../inspect-host';
import { isVirtualHost, overlayMemberHosts, virtualHostOf, virtualHostOfNetwork, virtualHostProblem } from './engines';

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
