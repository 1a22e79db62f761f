import { describe, expect, it } from 'vitest';
import { liveView, readableStatus } from './live-info';

describe('live state wording', () => {
  it('calls a non-zero exit or a dead container an error, with the engine message as detail', () => {
    expect(liveView({ state: 'exited', status: 'Exited (3)', message: 'exited with code 3' })).toEqual({ cls: 'error', label: 'error', detail: 'exited with code 3', failed: true });
    expect(liveView({ state: 'exited', status: 'Exited (0)', message: 'exited with code 0' })?.label).toBe('exited');
    expect(liveView({ state: 'dead', status: 'Dead', message: 'Dead' })?.failed).toBe(true);
    expect(liveView({ state: 'running', status: 'Up 3 seconds' })?.detail).toBe('Up 3 seconds');
    expect(liveView({ state: 'missing', status: 'not created' })).toBeUndefined();
  });
});

describe('status wording', () => {
  it('turns raw engine timestamps into local date and time', () => {
    const out = readableStatus('Up since 2026-11-21T06:12:51.716804772Z');
    expect(out).toMatch(/^Up since /);
    expect(out).not.toContain('T06:12');
    expect(readableStatus('Exited (3) 5 seconds ago')).toBe('Exited (3) 5 seconds ago');
  });
});
