import { describe, expect, it } from 'vitest';
import { exampleExpectation } from './example';

describe('exampleExpectation', () => {
  it("uses the lab's first two nodes, else a made-up pair", () => {
    const doc = { topolab: 1, name: 'x', nodes: [{ id: 'web' }, { id: 'db' }, { id: 'cache' }] } as never;
    expect(exampleExpectation(doc)).toBe('expectations:\n  - {from: web, to: db, reachable: true}');
    expect(exampleExpectation(undefined)).toBe('expectations:\n  - {from: client, to: server, reachable: true}');
  });
});
