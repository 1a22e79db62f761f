// The contract's host-aware requests: the host view of a virtual host, validated like every request.
import { describe, expect, it } from 'vitest';
import { parseRequest } from './api';

describe('labInspectHost', () => {
  it("takes an optional host id (left out: the engine's own host)", () => {
    expect(parseRequest('labInspectHost', { text: 'x' })).toMatchObject({ ok: true, request: { text: 'x' } });
    expect(parseRequest('labInspectHost', { text: 'x', host: 'a' })).toMatchObject({ ok: true, request: { text: 'x', host: 'a' } });
  });

  it.each([{ text: 'x', host: '../etc' }, { text: 'x', host: '' }, { text: 'x', host: 7 }, { text: 'x', hostId: 'a' }])('refuses %j', (payload) => {
    expect(parseRequest('labInspectHost', payload)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });
});

describe('consoleOpen', () => {
  it('names a node or a virtual host in the same field', () => {
    expect(parseRequest('consoleOpen', { text: 'x', node: 'a', cols: 80, rows: 24 })).toMatchObject({ ok: true });
    expect(parseRequest('consoleOpen', { text: 'x', host: 'a', cols: 80, rows: 24 })).toMatchObject({ ok: false });
  });
});
