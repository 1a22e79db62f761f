import { describe, expect, it } from 'vitest';
import type { LabDocument } from '../../../electron/lab/model/schema';
import { defaultEnds, traceBlocker, traceRequest, type TraceForm } from './trace-request';

const document = { topolab: 1, name: 'lab', nodes: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] } as unknown as LabDocument;
const running = { state: 'running' as const, status: 'Up' };
const deployed = { document, parseOk: true, tracePhase: undefined, liveLab: 'lab', liveNodes: { a: running, b: running, c: { state: 'exited' as const, status: 'Exited (0)' } } };
const icmp: TraceForm = { from: 'a', to: 'b', protocol: 'icmp', port: '' };

describe('traceBlocker', () => {
  it('lets a trace run between running nodes, to a node or an address', () => {
    expect(traceBlocker(deployed, icmp)).toBeUndefined();
    expect(traceBlocker(deployed, { ...icmp, to: ' 10.0.0.9 ' })).toBeUndefined();
    expect(traceBlocker(deployed, { ...icmp, from: 'host' })).toBeUndefined();
  });

  it('says why not', () => {
    expect(traceBlocker({ ...deployed, liveLab: undefined }, icmp)).toMatch(/^Deploy the lab first/);
    expect(traceBlocker({ ...deployed, liveNodes: {} }, icmp)).toMatch(/^Deploy the lab first/);
    expect(traceBlocker({ ...deployed, tracePhase: 'probing' }, icmp)).toBe('A trace is running.');
    expect(traceBlocker({ ...deployed, parseOk: false }, icmp)).toMatch(/errors/);
    expect(traceBlocker(deployed, { ...icmp, from: 'c' })).toBe('c is not running.');
    expect(traceBlocker(deployed, { ...icmp, to: '10.0.0.300' })).toMatch(/IPv4/);
    expect(traceBlocker(deployed, { ...icmp, to: 'a' })).toMatch(/other than the source/);
    expect(traceBlocker(deployed, { ...icmp, protocol: 'tcp', port: '' })).toBe('TCP needs a port from 1 to 65535.');
    expect(traceBlocker(deployed, { ...icmp, protocol: 'udp', port: '70000' })).toBe('UDP needs a port from 1 to 65535.');
  });
});

describe('traceRequest', () => {
  it('sends the port for TCP and UDP only', () => {
    expect(traceRequest('t', { ...icmp, port: '80' })).toEqual({ text: 't', from: 'a', to: 'b', protocol: 'icmp' });
    expect(traceRequest('t', { ...icmp, protocol: 'tcp', port: '9' })).toEqual({ text: 't', from: 'a', to: 'b', protocol: 'tcp', port: 9 });
  });
});

describe('defaultEnds', () => {
  it('prefers two containers over a router', () => {
    const lab = { topolab: 1, name: 'x', nodes: [{ id: 'client' }, { id: 'r1', kind: 'router' }, { id: 'server' }] } as unknown as LabDocument;
    expect(defaultEnds(lab)).toEqual({ from: 'client', to: 'server' });
    expect(defaultEnds({ ...lab, nodes: [{ id: 'r1', kind: 'router' }] } as unknown as LabDocument)).toEqual({ from: 'r1', to: '' });
    expect(defaultEnds(undefined)).toEqual({ from: 'host', to: '' });
  });
});
