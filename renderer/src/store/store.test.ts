import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLabStore, NEW_LAB_TEXT } from './index';
import { addItem, connectHostTo, connectTo, copySelection, moveItems, paste, removeSelection, renameItem, setItemField } from './actions';

const twoLans = readFileSync(join(__dirname, '../../../templates/two-lans.yaml'), 'utf8');

describe('document slice', () => {
  it('starts with a new lab that parses', () => {
    const store = createLabStore();
    const s = store.getState();
    expect(s.text).toBe(NEW_LAB_TEXT);
    expect(s.parseOk).toBe(true);
    expect(s.document?.name).toBe('untitled');
    expect(s.dirty).toBe(false);
  });

  it('load parses, validates and plans addresses; nothing is dirty', () => {
    const store = createLabStore(twoLans);
    const s = store.getState();
    expect(s.document?.nodes?.map((n) => n.id)).toEqual(['client', 'r1', 'server']);
    expect(s.diagnostics).toEqual([]);
    expect(s.addressing?.networks.lan1.subnet).toBe('10.71.1.0/24');
    expect(s.dirty).toBe(false);
  });

  it('an edit changes the text, re-parses, and marks the lab dirty', () => {
    const store = createLabStore(twoLans);
    setItemField(store, 'client', ['interfaces', 0, 'ip'], '10.71.9.10');
    const s = store.getState();
    expect(s.text).toContain('ip: 10.71.9.10');
    expect(s.document?.nodes?.[0].interfaces?.[0].ip).toBe('10.71.9.10');
    expect(s.diagnostics.some((d) => d.subject?.id === 'client' && d.severity === 'error')).toBe(true);
    expect(s.dirty).toBe(true);
  });

  it('a text that does not parse keeps the last good document and reports why', () => {
    const store = createLabStore(twoLans);
    store.getState().edit([{ op: 'set', path: ['nodes', 0, 'bogus'], value: 1 }]);
    const s = store.getState();
    expect(s.parseOk).toBe(false);
    expect(s.document?.nodes?.length).toBe(3);
    expect(s.diagnostics[0].code).toBe('unknown-field');
  });

  it('markSaved clears dirty', () => {
    const store = createLabStore(twoLans);
    setItemField(store, 'client', ['image'], 'alpine');
    store.getState().markSaved('two-lans.yaml');
    expect(store.getState().dirty).toBe(false);
    expect(store.getState().filePath).toBe('two-lans.yaml');
  });
});

describe('history', () => {
  it('undo and redo walk text snapshots', () => {
    const store = createLabStore(twoLans);
    addItem(store, { section: 'nodes', value: { kind: 'container' } }, { x: 10, y: 20 }, 'web');
    connectTo(store, 'web', 'lan1');
    expect(store.getState().past).toHaveLength(2);
    store.getState().undo();
    expect(store.getState().document?.nodes?.find((n) => n.id === 'web')?.interfaces).toBeUndefined();
    store.getState().undo();
    expect(store.getState().text).toBe(twoLans);
    expect(store.getState().dirty).toBe(false);
    store.getState().redo();
    store.getState().redo();
    expect(store.getState().document?.nodes?.find((n) => n.id === 'web')?.interfaces).toEqual([{ network: 'lan1' }]);
    expect(store.getState().future).toHaveLength(0);
  });

  it('a new edit clears the redo list', () => {
    const store = createLabStore(twoLans);
    setItemField(store, 'client', ['image'], 'alpine');
    store.getState().undo();
    setItemField(store, 'server', ['image'], 'busybox');
    expect(store.getState().future).toEqual([]);
  });

  it('moves during one drag coalesce into one step', () => {
    const store = createLabStore(twoLans);
    moveItems(store, { client: { x: 10, y: 200 } }, 'drag:1');
    moveItems(store, { client: { x: 20, y: 200 } }, 'drag:1');
    moveItems(store, { client: { x: 30, y: 210 } }, 'drag:1');
    store.getState().closeStep();
    moveItems(store, { client: { x: 40, y: 210 } }, 'drag:2');
    expect(store.getState().past).toHaveLength(2);
    store.getState().undo();
    expect(store.getState().document?.layout?.client).toEqual({ x: 30, y: 210 });
    store.getState().undo();
    expect(store.getState().text).toBe(twoLans);
  });

  it('typing in one field is one step', () => {
    const store = createLabStore(twoLans);
    for (const image of ['a', 'al', 'alp', 'alpine']) setItemField(store, 'client', ['image'], image);
    expect(store.getState().past).toHaveLength(1);
    store.getState().undo();
    expect(store.getState().text).toBe(twoLans);
  });

  it('load resets history', () => {
    const store = createLabStore(twoLans);
    setItemField(store, 'client', ['image'], 'alpine');
    store.getState().load(NEW_LAB_TEXT);
    expect(store.getState().past).toEqual([]);
  });
});

describe('canvas actions', () => {
  it('addItem picks a fresh id and selects it', () => {
    const store = createLabStore(twoLans);
    const id = addItem(store, { section: 'networks', value: { driver: 'bridge' } }, { x: 0, y: 400 }, 'lan1');
    expect(id).toBe('lan3');
    expect(store.getState().selected).toEqual(['lan3']);
    expect(store.getState().document?.layout?.lan3).toEqual({ x: 0, y: 400 });
  });

  it('deleting a multi-selection removes the objects and what refers to them, in one step', () => {
    const store = createLabStore(twoLans);
    store.getState().select(['lan2', 'server']);
    removeSelection(store);
    const doc = store.getState().document!;
    expect(doc.networks?.map((n) => n.id)).toEqual(['lan1']);
    expect(doc.nodes?.map((n) => n.id)).toEqual(['client', 'r1']);
    expect(doc.nodes?.[1].interfaces).toEqual([{ network: 'lan1', ip: '10.71.1.254' }]);
    expect(store.getState().past).toHaveLength(1);
    expect(store.getState().selected).toEqual([]);
  });

  it('deleting a selected edge disconnects the interface', () => {
    const store = createLabStore(twoLans);
    store.getState().select([], 'if:r1:1');
    removeSelection(store);
    expect(store.getState().document?.nodes?.[1].interfaces).toEqual([{ network: 'lan1', ip: '10.71.1.254' }]);
  });

  it('copy and paste duplicates with fresh ids, references among the copies follow, addresses are dropped', () => {
    const store = createLabStore(twoLans);
    store.getState().select(['lan1', 'client']);
    copySelection(store);
    const ids = paste(store);
    expect(ids).toEqual(['lan3', 'client2']);
    const doc = store.getState().document!;
    expect(doc.nodes?.find((n) => n.id === 'client2')?.interfaces).toEqual([{ network: 'lan3' }]);
    // the paste lands 40 px right and below the original client (20, 320)
    expect(doc.layout?.client2).toEqual({ x: 60, y: 360 });
    expect(store.getState().selected).toEqual(['lan3', 'client2']);
    expect(store.getState().past).toHaveLength(1);
  });

  it('paste at a point centres the copies there, keeping their arrangement', () => {
    const store = createLabStore(twoLans);
    store.getState().select(['client', 'server']); // at (20, 320) and (580, 320), 180×62 each
    copySelection(store);
    const ids = paste(store, { point: { x: 1000, y: 1000 } });
    const layout = store.getState().document!.layout!;
    // the pair spans 20…760 × 320…382: its centre (390, 351) moves to the point
    expect(layout[ids[0]]).toEqual({ x: 630, y: 969 });
    expect(layout[ids[1]]).toEqual({ x: 1190, y: 969 });
    expect(store.getState().past).toHaveLength(1);
  });

  it('a move rewrites the layout lines in place: the same text and document as re-reading the file, one undo step', () => {
    const store = createLabStore(twoLans);
    moveItems(store, { client: { x: 33, y: 44 }, server: { x: 600.4, y: 300 } }, 'drag:1');
    moveItems(store, { client: { x: 35, y: 46 } }, 'drag:1');
    const { text, document, diagnostics } = store.getState();
    const reread = createLabStore(text).getState();
    expect(document).toEqual(reread.document);
    expect(diagnostics).toEqual(reread.diagnostics);
    expect(text.split('\n').length).toBe(twoLans.split('\n').length);
    store.getState().closeStep();
    store.getState().undo();
    expect(store.getState().text).toBe(twoLans);
  });

  it('pasting again at the same point cascades the copies instead of stacking them', () => {
    const store = createLabStore(twoLans);
    store.getState().select(['client']);
    copySelection(store);
    const [first] = paste(store, { point: { x: 1000, y: 1000 } });
    const [second] = paste(store, { point: { x: 1000, y: 1000 } });
    const [third] = paste(store, { point: { x: 1000, y: 1000 } });
    const [elsewhere] = paste(store, { point: { x: 300, y: 300 } });
    const layout = store.getState().document!.layout!;
    expect(layout[second]).toEqual({ x: layout[first].x + 40, y: layout[first].y + 40 });
    expect(layout[third]).toEqual({ x: layout[first].x + 80, y: layout[first].y + 80 });
    expect(layout[elsewhere]).toEqual({ x: 210, y: 269 });
  });

  it('paste over a host puts the copies in it (positions relative); outside, out of it', () => {
    const store = createLabStore('topolab: 1\nname: t\nhosts: [{id: h1}]\nnodes: [{id: a, host: h1}, {id: b}]\nlayout:\n  h1: {x: 500, y: 500}\n  a: {x: 20, y: 60}\n  b: {x: 0, y: 0}\n');
    store.getState().select(['b']);
    copySelection(store);
    const [inside] = paste(store, { point: { x: 690, y: 631 }, host: { id: 'h1', position: { x: 500, y: 500 } } });
    let doc = store.getState().document!;
    expect(doc.nodes?.find((n) => n.id === inside)?.host).toBe('h1');
    expect(doc.layout?.[inside]).toEqual({ x: 100, y: 100 });
    store.getState().select(['a']);
    copySelection(store);
    const [outside] = paste(store, { point: { x: 90, y: 31 } });
    doc = store.getState().document!;
    expect(doc.nodes?.find((n) => n.id === outside)?.host).toBeUndefined();
    expect(doc.layout?.[outside]).toEqual({ x: 0, y: 0 });
  });

  it('renaming follows the selection', () => {
    const store = createLabStore(twoLans);
    store.getState().select(['lan1']);
    renameItem(store, 'lan1', 'front');
    expect(store.getState().selected).toEqual(['front']);
    expect(store.getState().document?.nodes?.[0].interfaces?.[0].network).toBe('front');
  });
});

describe('live slice', () => {
  it('keeps per-node state from labState events and status', () => {
    const store = createLabStore(twoLans);
    store.getState().applyStatus('two-lans', [{ id: 'client', state: 'created', status: 'Created', interfaces: [] }]);
    store.getState().applyLabState({ lab: 'two-lans', node: 'client', state: 'running', status: 'Up 1 second' });
    store.getState().applyLabState({ lab: 'two-lans', node: 'server', state: 'exited', status: 'Exited (1)', message: 'exit code 1' });
    store.getState().applyLabState({ lab: 'other', node: 'x', state: 'running', status: 'Up' });
    expect(store.getState().liveNodes).toEqual({
      client: { state: 'running', status: 'Up 1 second', message: undefined, interfaces: [] },
      server: { state: 'exited', status: 'Exited (1)', message: 'exit code 1', interfaces: undefined },
    });
  });

  it('keeps the engine addresses from status across events, and words exits like the events do', () => {
    const store = createLabStore(twoLans);
    const s = () => store.getState();
    s().applyStatus('two-lans', [
      { id: 'client', state: 'running', status: 'Up 2 minutes', interfaces: [{ network: 'lan1', ip: '10.71.1.10' }] },
      { id: 'server', state: 'exited', status: 'Exited (3) 5 seconds ago', interfaces: [] },
      { id: 'r1', state: 'dead', status: 'Dead', interfaces: [] },
    ]);
    expect(s().liveNodes.server.message).toBe('exited with code 3');
    expect(s().liveNodes.r1.message).toBe('Dead');
    s().applyLabState({ lab: 'two-lans', node: 'client', state: 'running', status: 'Up' });
    expect(s().liveNodes.client.interfaces).toEqual([{ network: 'lan1', ip: '10.71.1.10' }]);
    // a kill's message stays until the state changes; the die event brings its own
    s().applyLabState({ lab: 'two-lans', node: 'client', state: 'running', status: 'Up', message: 'received signal 9' });
    s().applyLabState({ lab: 'two-lans', node: 'client', state: 'running', status: 'Up' });
    expect(s().liveNodes.client.message).toBe('received signal 9');
    s().applyLabState({ lab: 'two-lans', node: 'client', state: 'exited', status: 'Exited (137)', message: 'exited with code 137' });
    expect(s().liveNodes.client.message).toBe('exited with code 137');
    s().applyLabState({ lab: 'two-lans', node: 'client', state: 'missing', status: 'Removed' });
    expect(s().liveNodes.client.interfaces).toBeUndefined();
  });

  it('tracks deploy progress per operation', () => {
    const store = createLabStore(twoLans);
    const counts = (done: number, failed = 0) => ({ total: 2, done, failed, running: 0 });
    const s = () => store.getState();
    s().applyDeployProgress({ lab: 'two-lans', type: 'started', key: 'network.create:lan1', label: 'create network lan1', counts: counts(0) });
    s().applyDeployProgress({ lab: 'two-lans', type: 'finished', key: 'network.create:lan1', counts: counts(1) });
    s().applyDeployProgress({ lab: 'two-lans', type: 'failed', key: 'container.create:client', label: 'create container client', message: 'no such image', counts: counts(1, 1) });
    s().applyDeployProgress({ lab: 'two-lans', type: 'done', counts: counts(1, 1) });
    expect(s().deploy?.phase).toBe('failed');
    expect(s().deploy?.items).toEqual([
      { key: 'network.create:lan1', label: 'create network lan1', status: 'done', message: undefined },
      { key: 'container.create:client', label: 'create container client', status: 'failed', message: 'no such image' },
    ]);
  });
});

describe('virtual hosts’ underlay interfaces', () => {
  const MH = `topolab: 1
name: mh
hosts:
  - {id: host1, kind: virtual}
networks:
  - {id: underlay, driver: bridge, subnet: 10.75.0.0/24}
layout:
  host1: {x: 0, y: 0, width: 320, height: 200}
  underlay: {x: 0, y: 300}
`;

  it('connecting, setting the address and disconnecting are undoable edits', () => {
    const store = createLabStore(MH);
    const s = () => store.getState();
    connectHostTo(store, 'host1', 'underlay');
    expect(s().document?.hosts?.[0].interfaces).toEqual([{ network: 'underlay' }]);
    expect(s().addressing?.interfaces['host1/underlay']?.ip).toMatch(/^10\.75\.0\./);
    setItemField(store, 'host1', ['interfaces', 0, 'ip'], '10.75.0.11');
    expect(s().document?.hosts?.[0].interfaces).toEqual([{ network: 'underlay', ip: '10.75.0.11' }]);
    expect(s().diagnostics).toEqual([]);
    s().select([], 'hif:host1:0');
    removeSelection(store);
    expect(s().document?.hosts?.[0].interfaces).toEqual([]);
    s().undo();
    expect(s().document?.hosts?.[0].interfaces).toEqual([{ network: 'underlay', ip: '10.75.0.11' }]);
    s().undo();
    s().undo();
    expect(s().text).toBe(MH);
    s().redo();
    expect(s().document?.hosts?.[0].interfaces).toEqual([{ network: 'underlay' }]);
  });

  it('deleting or renaming the underlay network follows into the hosts, in one step', () => {
    const store = createLabStore(MH);
    const s = () => store.getState();
    connectHostTo(store, 'host1', 'underlay');
    renameItem(store, 'underlay', 'wire');
    expect(s().document?.hosts?.[0].interfaces).toEqual([{ network: 'wire' }]);
    s().select(['wire']);
    removeSelection(store);
    expect(s().document?.hosts?.[0].interfaces).toEqual([]);
    expect(s().diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    s().undo();
    expect(s().document?.hosts?.[0].interfaces).toEqual([{ network: 'wire' }]);
  });

  it('copy and paste of a host and its underlay keeps the link to the copy, without the address', () => {
    const store = createLabStore(MH);
    const s = () => store.getState();
    connectHostTo(store, 'host1', 'underlay');
    setItemField(store, 'host1', ['interfaces', 0, 'ip'], '10.75.0.11');
    s().select(['host1', 'underlay']);
    copySelection(store);
    const ids = paste(store);
    expect(ids).toEqual(['host2', 'underlay2']);
    expect(s().document?.hosts?.[1].interfaces).toEqual([{ network: 'underlay2' }]);
    // a host copied alone keeps its link to the original underlay
    s().select(['host1']);
    copySelection(store);
    paste(store);
    expect(s().document?.hosts?.[2].interfaces).toEqual([{ network: 'underlay' }]);
  });
});
