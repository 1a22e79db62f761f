import { describe, expect, it } from 'vitest';
import { mapToText, parseCommand, parseMap, parsePorts, parseRoutes, portsToText, routesToText } from './format';

describe('panel text formats', () => {
  it('round-trips ports', () => {
    const parsed = parsePorts('80\n8080:80\n127.0.0.1:5353:53/udp');
    expect(parsed).toEqual({ ok: true, value: [{ container: 80 }, { container: 80, host: 8080 }, { container: 53, host: 5353, hostIp: '127.0.0.1', proto: 'udp' }] });
    if (parsed.ok) expect(portsToText(parsed.value)).toBe('80\n8080:80\n127.0.0.1:5353:53/udp');
    expect(parsePorts('eighty').ok).toBe(false);
  });

  it('round-trips routes', () => {
    const parsed = parseRoutes('10.0.2.0/24 via 10.0.1.254\ndefault dev eth1');
    expect(parsed).toEqual({ ok: true, value: [{ to: '10.0.2.0/24', via: '10.0.1.254' }, { to: 'default', dev: 'eth1' }] });
    if (parsed.ok) expect(routesToText(parsed.value)).toBe('10.0.2.0/24 via 10.0.1.254\ndefault dev eth1');
    expect(parseRoutes('10.0.0.0/8 through x').ok).toBe(false);
  });

  it('parses maps, with numbers for sysctls only', () => {
    expect(parseMap('A=1\nB = x', false)).toEqual({ ok: true, value: { A: '1', B: 'x' } });
    expect(parseMap('net.ipv4.ip_forward=1', true)).toEqual({ ok: true, value: { 'net.ipv4.ip_forward': 1 } });
    expect(parseMap('nope', false).ok).toBe(false);
    expect(mapToText({ A: 1, B: 'x' })).toBe('A=1\nB=x');
  });

  it('parses commands as text or exec form', () => {
    expect(parseCommand('sleep infinity')).toEqual({ ok: true, value: 'sleep infinity' });
    expect(parseCommand('["sleep", "1"]')).toEqual({ ok: true, value: ['sleep', '1'] });
    expect(parseCommand('[1').ok).toBe(false);
    expect(parseCommand('  ')).toEqual({ ok: true, value: undefined });
  });
});
