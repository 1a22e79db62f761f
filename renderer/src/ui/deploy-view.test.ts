import { describe, expect, it } from 'vitest';
import { parseLab } from '../../../electron/lab/model/parse';
import type { LabDocument } from '../../../electron/lab/model/schema';
import type { Operation } from '../../../electron/lab/plan/types';
import { changeRow, hostOperations, operationRow, subjectIcon } from './deploy-view';

function doc(text: string): LabDocument {
  const parsed = parseLab(text);
  if (!parsed.ok) throw new Error(parsed.diagnostics[0].message);
  return parsed.document;
}

const d = doc(`topolab: 1
name: mh
hosts: [{id: host1, kind: virtual, interfaces: [{network: underlay}]}]
networks: [{id: underlay, driver: bridge}, {id: ovl, driver: overlay}, {id: lan1, driver: bridge, host: host1}]
nodes: [{id: web, host: host1, interfaces: [{network: ovl}]}, {id: r1, kind: router}]
`);

describe('deploy dialog rows', () => {
  it('changes get the canvas glyph of their subject and a host tag instead of "on host: "', () => {
    expect(changeRow({ action: 'create', subject: { kind: 'host', id: 'host1' }, reason: 'new in the lab file' }, d)).toEqual({ icon: 'H', host: undefined, reason: 'new in the lab file' });
    expect(changeRow({ action: 'create', subject: { kind: 'node', id: 'web' }, reason: 'on host1: new in the lab file' }, d)).toEqual({ icon: '▣', host: 'host1', reason: 'new in the lab file' });
    expect(changeRow({ action: 'create', subject: { kind: 'network', id: 'ovl' }, reason: 'on host1: new in the lab file' }, d)).toEqual({ icon: 'OV', host: 'host1', reason: 'new in the lab file' });
    expect(changeRow({ action: 'create', subject: { kind: 'network', id: 'lan1' }, reason: 'on host1: new' }, d).host).toBe('host1');
    expect(changeRow({ action: 'create', subject: { kind: 'network', id: 'underlay' }, reason: 'new in the lab file' }, d)).toEqual({ icon: 'BR', host: undefined, reason: 'new in the lab file' });
    expect(subjectIcon({ kind: 'node', id: 'r1' }, d)).toBe('⇄');
    expect(subjectIcon({ kind: 'engine', id: 'local' })).toBe('⚙');
  });

  it('progress items get their operation’s glyph and host tag', () => {
    expect(operationRow('host.start:host1', 'start virtual host host1 on 10.75.0.11')).toEqual({ icon: 'H', host: undefined, text: 'start virtual host host1 on 10.75.0.11' });
    expect(operationRow('host1/container.create:web', 'on host1: create node web (topolab/node)')).toEqual({ icon: '▣', host: 'host1', text: 'create node web (topolab/node)' });
    expect(operationRow('swarm.form:host1', 'form a swarm: host1 manages, host2 joins')).toEqual({ icon: 'SW', host: undefined, text: 'form a swarm: host1 manages, host2 joins' });
    expect(operationRow('images.copy:host1', 'on host1: copy image topolab/node')).toEqual({ icon: 'IM', host: 'host1', text: 'copy image topolab/node' });
    expect(operationRow('whatever', 'x')).toEqual({ icon: '•', host: undefined, text: 'x' });
  });

  it('the preview lists what happens to virtual hosts, in the engine’s words', () => {
    const base = { reason: 'new', after: [] };
    const ops: Operation[] = [
      { ...base, kind: 'network.create', key: 'network.create:underlay', subject: { kind: 'network', id: 'underlay' }, spec: {} as never },
      { ...base, kind: 'host.start', key: 'host.start:host1', subject: { kind: 'host', id: 'host1' }, spec: { id: 'host1', name: 'topolab-mh-host1', underlays: [{ network: 'topolab-mh-underlay', ip: '10.75.0.11' }], specHash: 'x' } },
      { ...base, kind: 'images.copy', key: 'images.copy:host1', host: 'host1', subject: { kind: 'host', id: 'host1' }, images: ['topolab/node'] },
    ];
    expect(hostOperations(ops)).toEqual([
      { key: 'host.start:host1', kind: 'host.start', host: undefined, text: 'start virtual host host1 on 10.75.0.11' },
      { key: 'images.copy:host1', kind: 'images.copy', host: 'host1', text: 'copy image topolab/node' },
    ]);
  });
});
