import { describe, expect, it } from 'vitest';
import type { TraceView } from '../../../electron/lab/api';
import { base64ToBytes, exportName, traceJson } from './export';

describe('trace export', () => {
  it('decodes the capture to bytes', () => {
    expect([...base64ToBytes('1MOyoQIABAA=')]).toEqual([0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0]);
    expect(base64ToBytes('')).toHaveLength(0);
  });

  it('writes the trace as JSON without the capture', () => {
    const view = { lab: 'x', hops: [], pcapBase64: 'AAAA', verdict: { outcome: 'delivered', text: 'ok' } } as unknown as TraceView;
    const parsed = JSON.parse(traceJson(view));
    expect(parsed).toEqual({ lab: 'x', hops: [], verdict: { outcome: 'delivered', text: 'ok' } });
  });

  it('names files after the lab', () => {
    expect(exportName('e2e-trace', 'pcap')).toBe('e2e-trace-trace.pcap');
  });
});
