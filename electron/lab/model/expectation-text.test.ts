import { describe, expect, it } from 'vitest';
import type { Expectation } from './schema';
import { describeExpectation, expectationNodes } from './expectation-text';

const cases: [Expectation, string][] = [
  [{ from: 'client', to: 'server', reachable: true, hops: 1 }, 'client → server is reachable through 1 router'],
  [{ from: 'client', to: 'server', reachable: true, hops: 2 }, 'client → server is reachable through 2 routers'],
  [{ from: 'client', to: 'server', reachable: true }, 'client → server is reachable'],
  [{ from: 'server', to: 'client', proto: 'tcp', port: 22, reachable: false }, 'server → client TCP 22 is not reachable'],
  [{ from: 'a', to: '10.0.0.9', proto: 'udp', port: 53, reachable: true }, 'a → 10.0.0.9 UDP 53 is reachable'],
  // hops say nothing about a probe that must not arrive
  [{ from: 'a', to: 'b', reachable: false, hops: 1 }, 'a → b is not reachable'],
  [{ node: 'client', route: '10.71.2.0/24', via: '10.71.1.254' }, 'client has a route to 10.71.2.0/24 via 10.71.1.254'],
  [{ node: 'r1', route: 'default' }, 'r1 has a route to default'],
  [{ nodes: ['a', 'pod'], share: 'net' }, 'a, pod share one net namespace'],
  [{ from: 'client', resolves: 'web', resolvable: true }, 'client resolves web'],
  [{ from: 'client', resolves: 'www', resolvable: true, address: '10.81.1.10' }, 'client resolves www to 10.81.1.10'],
  [{ from: 'client', resolves: 'web', resolvable: false }, 'client cannot resolve web'],
  // an address says nothing about a name that must not resolve
  [{ from: 'client', resolves: 'web', resolvable: false, address: '10.0.0.9' }, 'client cannot resolve web'],
];

describe('describeExpectation', () => {
  it.each(cases)('%j reads "%s"', (e, words) => {
    expect(describeExpectation(e)).toBe(words);
  });
});

describe('expectationNodes', () => {
  it('names the lab nodes, not the Docker host or an address', () => {
    expect(expectationNodes({ from: 'host', to: 'web', reachable: true })).toEqual(['web']);
    expect(expectationNodes({ from: 'a', to: '10.0.0.9', reachable: true })).toEqual(['a']);
    expect(expectationNodes({ node: 'r1', route: 'default' })).toEqual(['r1']);
    expect(expectationNodes({ nodes: ['a', 'pod', 'a'], share: 'pid' })).toEqual(['a', 'pod']);
    expect(expectationNodes({ from: 'client', resolves: 'web', resolvable: false })).toEqual(['client', 'web']);
    expect(expectationNodes({ from: 'web', resolves: 'web', resolvable: true })).toEqual(['web']);
  });
});
