import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLabStore } from '../store';
import { closeTab, openTab, patchTab, tabTitle, type Tabs } from './tabs';

const twoLans = readFileSync(join(__dirname, '../../../templates/two-lans.yaml'), 'utf8');

describe('console tabs', () => {
  it('one tab per node: opening again brings it forward', () => {
    let state: Tabs = { tabs: [] };
    state = openTab(state, 'a');
    state = openTab(state, 'b');
    expect(state.tabs.map((t) => t.node)).toEqual(['a', 'b']);
    expect(state.active).toBe('b');
    const again = openTab(state, 'a');
    expect(again.tabs).toBe(state.tabs);
    expect(again.active).toBe('a');
    expect(state.tabs[0]).toEqual({ node: 'a', status: 'opening' });
  });

  it('closing the front tab brings its right neighbour, else its left one', () => {
    const state: Tabs = { tabs: ['a', 'b', 'c'].map((node) => ({ node, status: 'open' as const })), active: 'b' };
    expect(closeTab(state, 'b').active).toBe('c');
    expect(closeTab({ ...state, active: 'c' }, 'c').active).toBe('b');
    expect(closeTab(state, 'a')).toEqual({ tabs: state.tabs.slice(1), active: 'b' });
    expect(closeTab({ tabs: [{ node: 'a', status: 'open' }], active: 'a' }, 'a')).toEqual({ tabs: [], active: undefined });
    expect(closeTab(state, 'zz')).toBe(state);
  });

  it('patches a session in place and says where it runs', () => {
    const state = patchTab(openTab({ tabs: [] }, 'a'), 'a', { status: 'open', via: 'sidecar', id: '0123456789abcdef' });
    expect(state.tabs[0]).toEqual({ node: 'a', status: 'open', via: 'sidecar', id: '0123456789abcdef' });
    expect(tabTitle(state.tabs[0])).toBe('a via sidecar');
    expect(tabTitle({ node: 'b', via: 'node' })).toBe('b');
  });

  it('the store: consoles take the trace drawer\'s place, and go with another lab', () => {
    const store = createLabStore(twoLans);
    store.getState().setTraceOpen(true);
    store.getState().openConsole('client');
    expect(store.getState()).toMatchObject({ traceOpen: false, consolesShown: true, activeConsole: 'client', consolesLab: 'two-lans' });
    store.getState().setTraceOpen(true);
    expect(store.getState().consolesShown).toBe(false);
    expect(store.getState().consoles).toHaveLength(1); // hidden, not closed
    store.getState().load(twoLans); // the same lab again: the consoles stay
    expect(store.getState().consoles).toHaveLength(1);
    store.getState().load(twoLans.replace('name: two-lans', 'name: other'));
    expect(store.getState().consoles).toEqual([]);
    expect(store.getState().consolesShown).toBe(false);
  });

  it('closing the last console hides the drawer', () => {
    const store = createLabStore(twoLans);
    store.getState().openConsole('client');
    store.getState().closeConsole('client');
    expect(store.getState()).toMatchObject({ consoles: [], consolesShown: false, activeConsole: undefined });
  });
});
