import { describe, expect, it } from 'vitest';
import type { InspectView } from '../../../electron/lab/api';
import { CHANGED_SECTIONS, markCount, markLookup, nextMarks, type ChangedSection, type RowMarks } from './marks';

type Changes = InspectView['changes'];

function changes(patch: Partial<Record<ChangedSection, Partial<Changes[ChangedSection]>>> = {}): Changes {
  return Object.fromEntries(CHANGED_SECTIONS.map((s) => [s, { added: [], changed: [], removed: [], ...patch[s] }])) as Changes;
}

function present(patch: Partial<Record<ChangedSection, string[]>> = {}): Record<ChangedSection, ReadonlySet<string>> {
  return Object.fromEntries(CHANGED_SECTIONS.map((s) => [s, new Set(patch[s] ?? [])])) as unknown as Record<ChangedSection, ReadonlySet<string>>;
}

describe('row marks', () => {
  it('a new ARP entry is marked new, and flashes (seq 1)', () => {
    const marks = nextMarks({}, changes({ neighbours: { added: ['10.0.0.2|eth0'] } }), present({ neighbours: ['10.0.0.2|eth0', '10.0.0.1|eth0'] }));
    expect(marks.neighbours).toEqual({ added: ['10.0.0.2|eth0'], changed: [], seq: 1 });
    expect(markLookup(marks.neighbours)('10.0.0.2|eth0')).toBe('new');
    expect(markLookup(marks.neighbours)('10.0.0.1|eth0')).toBeUndefined();
    expect(marks.sockets).toBeUndefined();
  });

  it('marks stay (same object, no new flash) through refreshes that change nothing in the section', () => {
    const first = nextMarks({}, changes({ neighbours: { added: ['n1'] } }), present({ neighbours: ['n1'] }));
    const second = nextMarks(first, changes({ processes: { added: ['42'] } }), present({ neighbours: ['n1'], processes: ['42'] }));
    expect(second.neighbours).toBe(first.neighbours);
    expect(second.processes).toEqual({ added: ['42'], changed: [], seq: 1 });
  });

  it('the next change in a section replaces its marks and bumps the flash', () => {
    const first = nextMarks({}, changes({ neighbours: { added: ['n1'] } }), present({ neighbours: ['n1', 'n2'] }));
    const second = nextMarks(first, changes({ neighbours: { changed: ['n2'] } }), present({ neighbours: ['n1', 'n2'] }));
    expect(second.neighbours).toEqual({ added: [], changed: ['n2'], seq: 2 });
    expect(markLookup(second.neighbours)('n2')).toBe('changed');
    expect(markLookup(second.neighbours)('n1')).toBeUndefined();
  });

  it('a removal alone is not a change to mark, but the removed row loses its mark', () => {
    const first = nextMarks({}, changes({ processes: { added: ['7', '8'] } }), present({ processes: ['7', '8'] }));
    const second = nextMarks(first, changes({ processes: { removed: ['8'] } }), present({ processes: ['7'] }));
    expect(second.processes).toEqual({ added: ['7'], changed: [], seq: 1 });
    const third = nextMarks(second, changes({ processes: { removed: ['7'] } }), present({ processes: [] }));
    expect(third.processes).toBeUndefined();
  });

  it('keys the view does not show are ignored, and a row both added and changed counts once', () => {
    const marks = nextMarks({}, changes({ routes: { added: ['r1', 'gone'], changed: ['r1'] } }), present({ routes: ['r1'] }));
    expect(marks.routes).toEqual({ added: ['r1'], changed: [], seq: 1 });
    expect(markCount(marks.routes)).toBe(1);
  });

  it('another target starts from nothing', () => {
    const previous: RowMarks = { neighbours: { added: ['n1'], changed: [], seq: 5 } };
    expect(nextMarks(undefined, changes(), present({ neighbours: ['n1'] }))).toEqual({});
    expect(nextMarks(undefined, changes({ neighbours: { added: ['n1'] } }), present({ neighbours: ['n1'] })).neighbours?.seq).toBe(1);
    expect(nextMarks(previous, changes(), present({ neighbours: ['n1'] })).neighbours?.seq).toBe(5);
  });
});
