// Failures of operations on a virtual host that stopped name the host (pure parts).
import { describe, expect, it } from 'vitest';
import type { Operation } from '../plan/types';
import { hostDownText, hostsOfOperation } from './host-failure';

const base = { key: 'k', subject: { kind: 'host' as const, id: 'a' }, reason: '', after: [] };

describe('host failure', () => {
  it('knows which virtual hosts an operation needs', () => {
    expect(hostsOfOperation({ ...base, kind: 'images.copy', host: 'a', images: ['x'] } as Operation)).toEqual(['a']);
    expect(hostsOfOperation({ ...base, kind: 'swarm.form', manager: { host: 'a', address: '1' }, workers: [{ host: 'b', address: '2' }] } as Operation)).toEqual(['a', 'b']);
    expect(hostsOfOperation({ ...base, kind: 'network.remove', name: 'n', dockerId: 'd' } as unknown as Operation)).toEqual([]);
    expect(hostsOfOperation({ ...base, kind: 'host.remove', name: 'n', dockerId: 'd' } as Operation)).toEqual([]);
  });

  it('says how the host is, in words, when it does not run', () => {
    expect(hostDownText('b', 'topolab-l-b', { Status: 'exited', ExitCode: 137 })).toBe('virtual host b is not running (its container topolab-l-b is exited with code 137)');
    expect(hostDownText('b', 'topolab-l-b', null)).toBe('virtual host b is gone (its container topolab-l-b was removed)');
    expect(hostDownText('b', 'topolab-l-b', { Status: 'running' })).toBeUndefined();
    expect(hostDownText('b', 'topolab-l-b', {})).toBeUndefined();
  });
});
