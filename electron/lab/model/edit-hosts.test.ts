import { describe, expect, it } from 'vitest';
// Virtual hosts' underlay interfaces (`hosts[].interfaces`) go through the same edits as nodes' interfaces.
import { applyEdits, connect, disconnect, removeItems, renameId } from './edit';

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

const run = (edits: ReturnType<typeof connect>) => applyEdits(LAB, edits);

describe('edits of virtual hosts’ underlay interfaces', () => {
  it('connect appends an interface to a host, creating the list when missing', () => {
    const text = run(connect(LAB, 'host2', 'underlay'));
    expect(text).toContain('    kind: virtual # the second\n    interfaces:\n      - network: underlay\n');
    expect(run(connect(LAB, 'host1', 'back', '10.1.1.1'))).toContain('interfaces: [{network: underlay, ip: 10.75.0.11}, {network: back}, {network: back, ip: 10.1.1.1}]');
  });

  it('connect and disconnect do nothing for a network or an unknown id', () => {
    expect(connect(LAB, 'underlay', 'back')).toEqual([]);
    expect(connect(LAB, 'nope', 'back')).toEqual([]);
    expect(disconnect(LAB, 'back', 0)).toEqual([]);
  });

  it('disconnect removes one interface', () => {
    expect(run(disconnect(LAB, 'host1', 0))).toContain('interfaces: [{network: back}]');
  });

  it('removing a network also removes the hosts’ interfaces on it', () => {
    const text = run(removeItems(LAB, ['underlay']));
    expect(text).toContain('interfaces: [{network: back}]');
    expect(text).not.toContain('id: underlay');
  });

  it('removing a host and its underlay at once leaves the rest intact', () => {
    const text = run(removeItems(LAB, ['host1', 'back']));
    expect(text).not.toContain('host1');
    expect(text).not.toContain('id: back');
    expect(text).toContain('id: host2');
    expect(text).toContain('id: underlay');
  });

  it('renaming a network renames the hosts’ references to it', () => {
    const text = run(renameId(LAB, 'underlay', 'wire'));
    expect(text).toContain('interfaces: [{network: wire, ip: 10.75.0.11}, {network: back}]');
    expect(text).toContain('{id: wire, driver: bridge');
    expect(renameId(LAB, 'nope', 'x')).toEqual([]);
  });
});
