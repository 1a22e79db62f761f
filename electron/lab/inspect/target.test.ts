import { describe, expect, it } from 'vitest';
import type { LabDocument } from '../model/schema';
import { inspectTargetOf } from './target';

const doc = {
  topolab: 1,
  name: 'demo',
  hosts: [{ id: 'here', kind: 'local' }, { id: 'a', kind: 'virtual' }, { id: 'b', kind: 'virtual' }],
  networks: [{ id: 'underlay', driver: 'bridge' }, { id: 'ovl', driver: 'overlay' }],
  nodes: [{ id: 'web', kind: 'container', host: 'a' }],
} as LabDocument;

describe('inspectTargetOf', () => {
  it("'host' and the local host's id mean the engine's own host", () => {
    expect(inspectTargetOf(doc, 'host')).toEqual({ kind: 'host' });
    expect(inspectTargetOf(doc, 'here')).toEqual({ kind: 'host' });
  });

  it('a virtual host id names that host', () => {
    expect(inspectTargetOf(doc, 'a')).toEqual({ kind: 'host', host: 'a' });
    expect(inspectTargetOf(doc, 'b')).toEqual({ kind: 'host', host: 'b' });
  });

  it('networks and nodes by id; an unknown id is asked as a node', () => {
    expect(inspectTargetOf(doc, 'ovl')).toEqual({ kind: 'network', network: 'ovl' });
    expect(inspectTargetOf(doc, 'web')).toEqual({ kind: 'node', node: 'web' });
    expect(inspectTargetOf(doc, 'ghost')).toEqual({ kind: 'node', node: 'ghost' });
  });

  it("a lab without hosts: 'host' is still the engine's host", () => {
    expect(inspectTargetOf({ topolab: 1, name: 'x', nodes: [{ id: 'n', kind: 'container' }] } as LabDocument, 'host')).toEqual({ kind: 'host' });
  });
});
