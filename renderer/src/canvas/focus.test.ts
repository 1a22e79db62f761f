import { describe, expect, it } from 'vitest';
import type { LabDocument } from '../../../electron/lab/model/schema';
import { focusGroup } from './focus';

const doc = {
  topolab: 1, name: 't',
  networks: [{ id: 'lan' }, { id: 'wan' }],
  nodes: [
    { id: 'a', interfaces: [{ network: 'lan' }, { network: 'wan' }] },
    { id: 'b', interfaces: [{ network: 'lan' }] },
    { id: 'pod', sharesNetworkWith: 'b' },
  ],
} as unknown as LabDocument;

describe('focusGroup', () => {
  it('a node comes with its networks and the node whose namespace it shares', () => {
    expect(focusGroup(doc, 'a')).toEqual(['a', 'lan', 'wan']);
    expect(focusGroup(doc, 'pod')).toEqual(['pod', 'b']);
  });
  it('a network comes with the nodes attached to it', () => {
    expect(focusGroup(doc, 'lan')).toEqual(['lan', 'a', 'b']);
  });
  it('anything else (a host, an unknown id) comes alone', () => {
    expect(focusGroup(doc, 'h1')).toEqual(['h1']);
    expect(focusGroup(undefined, 'x')).toEqual(['x']);
  });
});
