import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../../electron/lab/model/edit';
import { connectHost, disconnectHost, removeItemsAndLinks, renameIdAndLinks } from './host-edits';

const LAB = `topolab: 1
name: mh
hosts:
  - id: host1
    kind: virtual
    interfaces: [{network: underlay, ip: 10.75.0.11}, {network: back}]
  - id: host2
    kind: virtual # the second
networks:
  - {id: underlay, driver: bridge, subnet: 10.75.0.0/24}
  - {id: back, driver: bridge}
`;

const run = (edits: ReturnType<typeof connectHost>) => applyEdits(LAB, edits);

describe('host underlay edits', () => {
  it('connectHost appends an interface to a host, creating the list when missing', () => {
    const text = run(connectHost(LAB, 'host2', 'underlay'));
    expect(text).toContain('    kind: virtual # the second\n    interfaces:\n      - network: underlay\n');
    expect(run(connectHost(LAB, 'host1', 'back', '10.1.1.1'))).toContain('interfaces: [{network: underlay, ip: 10.75.0.11}, {network: back}, {network: back, ip: 10.1.1.1}]');
  });

  it('connectHost and disconnectHost do nothing for a network or an unknown id', () => {
    expect(connectHost(LAB, 'underlay', 'back')).toEqual([]);
    expect(connectHost(LAB, 'nope', 'back')).toEqual([]);
    expect(disconnectHost(LAB, 'back', 0)).toEqual([]);
  });

  it('disconnectHost removes one interface', () => {
    expect(run(disconnectHost(LAB, 'host1', 0))).toContain('interfaces: [{network: back}]');
  });

  it('removing a network also removes the hosts’ interfaces on it', () => {
    const text = run(removeItemsAndLinks(LAB, ['underlay']));
    expect(text).toContain('interfaces: [{network: back}]');
    expect(text).not.toContain('id: underlay');
  });

  it('removing a host and its underlay at once leaves the rest intact', () => {
    const text = run(removeItemsAndLinks(LAB, ['host1', 'back']));
    expect(text).not.toContain('host1');
    expect(text).not.toContain('id: back');
    expect(text).toContain('id: host2');
    expect(text).toContain('id: underlay');
  });

  it('renaming a network renames the hosts’ references to it', () => {
    const text = run(renameIdAndLinks(LAB, 'underlay', 'wire'));
    expect(text).toContain('interfaces: [{network: wire, ip: 10.75.0.11}, {network: back}]');
    expect(text).toContain('{id: wire, driver: bridge');
    expect(renameIdAndLinks(LAB, 'nope', 'x')).toEqual([]);
  });
});
