// Docker container events → labState: the pure mapping, without an engine.
import { describe, expect, it } from 'vitest';
import { labStateFromEvent } from './lab-state';

describe('labStateFromEvent', () => {
  const event = (action: string, attrs: Record<string, string> = {}) => ({
    Type: 'container',
    Action: action,
    Actor: { ID: 'abc', Attributes: { 'io.topolab.lab': 'demo', 'io.topolab.id': 'a', 'io.topolab.role': 'node', ...attrs } },
  });

  it('maps the life of a node', () => {
    expect(labStateFromEvent('demo', event('create'))).toEqual({ lab: 'demo', node: 'a', state: 'created', status: 'Created' });
    expect(labStateFromEvent('demo', event('start'))).toMatchObject({ state: 'running' });
    expect(labStateFromEvent('demo', event('die', { exitCode: '137' }))).toEqual({ lab: 'demo', node: 'a', state: 'exited', status: 'Exited (137)', message: 'exited with code 137' });
    expect(labStateFromEvent('demo', event('destroy'))).toMatchObject({ state: 'missing' });
  });

  it('leaves the state to an inspect when the event does not tell it', () => {
    expect(labStateFromEvent('demo', event('oom'))).toEqual({ lab: 'demo', node: 'a', message: 'out of memory' });
    expect(labStateFromEvent('demo', event('kill', { signal: '9' }))).toEqual({ lab: 'demo', node: 'a', message: 'received signal 9' });
    expect(labStateFromEvent('demo', event('health_status: unhealthy'))).toEqual({ lab: 'demo', node: 'a', message: 'health check failing' });
  });

  it('tells a virtual host\'s container from a node', () => {
    expect(labStateFromEvent('demo', event('die', { 'io.topolab.role': 'host', 'io.topolab.id': 'h1', exitCode: '137' }))).toEqual({
      lab: 'demo', node: 'h1', kind: 'host', state: 'exited', status: 'Exited (137)', message: 'exited with code 137',
    });
    expect(labStateFromEvent('demo', event('start'))).not.toHaveProperty('kind');
  });

  it('ignores helpers, sidecars, other labs and noise', () => {
    expect(labStateFromEvent('demo', event('start', { 'io.topolab.role': 'helper' }))).toBeUndefined();
    expect(labStateFromEvent('demo', event('start', { 'io.topolab.role': 'sidecar', 'io.topolab.id': 'topolab-demo-a--sidecar' }))).toBeUndefined();
    expect(labStateFromEvent('other', event('start'))).toBeUndefined();
    expect(labStateFromEvent('demo', event('exec_start: ip route'))).toBeUndefined();
    expect(labStateFromEvent('demo', { Type: 'network', Action: 'create' })).toBeUndefined();
  });
});
