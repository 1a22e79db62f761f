import { describe, expect, it } from 'vitest';
import type { LabDocument } from '../model/schema';
import { placesToCapture } from './places';

const doc = {
  topolab: 1, name: 'lab',
  nodes: [
    { id: 'a', kind: 'container', routes: [{ to: '10.0.2.0/24', via: '10.0.1.5' }] },
    { id: 'b', kind: 'container' },
    { id: 'r', kind: 'router' },
    { id: 'fw', kind: 'container', sysctls: { 'net.ipv4.ip_forward': 1 } },
    { id: 'hop', kind: 'container' },
    { id: 'idle', kind: 'container' },
  ],
} as unknown as LabDocument;
const owners: Record<string, string> = { '10.0.1.5': 'hop' };

describe('placesToCapture', () => {
  it('takes the source, the target, forwarding nodes and route next hops, and leaves bystanders out', () => {
    expect([...placesToCapture(doc, 'a', 'b', (ip) => owners[ip])].sort()).toEqual(['a', 'b', 'fw', 'hop', 'r']);
  });
  it('works without a lab target (an outside address) and with next hops nobody holds', () => {
    expect([...placesToCapture(doc, 'b', undefined, () => undefined)].sort()).toEqual(['b', 'fw', 'r']);
  });
});
