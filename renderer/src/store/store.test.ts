import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLabStore, NEW_LAB_TEXT } from './index';
import { addItem, connectTo, copySelection, moveItems, paste, removeSelection, renameItem, setItemField } from './actions';

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
      client: { state: 'running', status: 'Up 1 second', message: undefined },
      server: { state: 'exited', status: 'Exited (1)', message: 'exit code 1' },
    });
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
