import { describe, expect, it } from 'vitest';
import { findHostPeer } from './host-peer';
import type { InterfaceInfo } from './types';

const link = (over: Partial<InterfaceInfo>): InterfaceInfo => ({ index: 0, name: 'x', kind: 'veth', mac: '', mtu: 1500, state: 'UP', flags: [], addresses: [], ...over });

describe('findHostPeer', () => {
  const hostLinks = [
    link({ index: 15, name: 'veth-of-other-ns', peerIndex: 3 }),
    link({ index: 19, name: 'veth31376a4', master: 'br-de03226421d2', peerIndex: 18 }),
    link({ index: 21, name: 'br-x', kind: 'bridge' }),
    link({ index: 22, name: 'vethsame', peerName: 'vethpair' }),
  ];

  it('finds the host end whose index is the peer index and whose own peer index is the interface', () => {
    expect(findHostPeer({ index: 18, kind: 'veth', peerIndex: 19 }, hostLinks)?.name).toBe('veth31376a4');
  });

  it('an index that only matches one way is another namespace\'s veth, not this one\'s', () => {
    expect(findHostPeer({ index: 14, kind: 'veth', peerIndex: 15 }, hostLinks)).toBeUndefined();
  });

  it('a host veth whose peer index the kernel did not give still matches by index; non-veths never do', () => {
    expect(findHostPeer({ index: 5, kind: 'veth', peerIndex: 22 }, hostLinks)?.name).toBe('vethsame');
    expect(findHostPeer({ index: 5, kind: 'veth', peerIndex: 21 }, hostLinks)).toBeUndefined();
    expect(findHostPeer({ index: 5, kind: 'macvlan', peerIndex: 19 }, hostLinks)).toBeUndefined();
    expect(findHostPeer({ index: 5, kind: 'veth' }, hostLinks)).toBeUndefined();
  });
});
