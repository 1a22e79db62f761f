// Text forms of list-like fields for the property panel, and their parsers. Each
// parser returns the value or a message naming the offending line.
import type { PortDef, RouteDef } from '../../../../electron/lab/model/schema';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);

type Scalar = string | number | boolean;

function scalar(text: string): Scalar {
  if (/^-?\d+$/.test(text)) return Number(text);
  if (text === 'true') return true;
  if (text === 'false') return false;
  return text;
}

export function mapToText(map: Record<string, Scalar> | undefined): string {
  return Object.entries(map ?? {}).map(([k, v]) => `${k}=${v}`).join('\n');
}

/** KEY=value per line. Env values stay text; sysctl values become numbers when numeric. */
export function parseMap(text: string, numbers: boolean): Parsed<Record<string, Scalar>> {
  const out: Record<string, Scalar> = {};
  for (const line of lines(text)) {
    const eq = line.indexOf('=');
    if (eq <= 0) return { ok: false, message: `“${line}”: write NAME=value.` };
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    out[key] = numbers ? scalar(value) : value;
  }
  return { ok: true, value: out };
}

export function portsToText(ports: PortDef[] | undefined): string {
  return (ports ?? []).map((p) => `${p.hostIp ? `${p.hostIp}:` : ''}${p.host !== undefined ? `${p.host}:` : ''}${p.container}${p.proto ? `/${p.proto}` : ''}`).join('\n');
}

/** [hostIp:][host:]container[/tcp|udp] per line. */
export function parsePorts(text: string): Parsed<PortDef[]> {
  const out: PortDef[] = [];
  for (const line of lines(text)) {
    const m = /^(?:(\d{1,3}(?:\.\d{1,3}){3}):)?(?:(\d+):)?(\d+)(?:\/(tcp|udp))?$/.exec(line);
    if (!m) return { ok: false, message: `“${line}”: write container port, host:container or ip:host:container, optionally /udp.` };
    const port: PortDef = { container: Number(m[3]) };
    if (m[2] !== undefined) port.host = Number(m[2]);
    if (m[1] !== undefined) port.hostIp = m[1];
    if (m[4] !== undefined) port.proto = m[4] as 'tcp' | 'udp';
    out.push(port);
  }
  return { ok: true, value: out };
}

export function routesToText(routes: RouteDef[] | undefined): string {
  return (routes ?? []).map((r) => [r.to, r.via && `via ${r.via}`, r.dev && `dev ${r.dev}`].filter(Boolean).join(' ')).join('\n');
}

/** "<to> [via <ip>] [dev <ifname>]" per line. */
export function parseRoutes(text: string): Parsed<RouteDef[]> {
  const out: RouteDef[] = [];
  for (const line of lines(text)) {
    const words = line.split(/\s+/);
    const route: RouteDef = { to: words[0] };
    for (let i = 1; i < words.length; i += 2) {
      const key = words[i];
      const value = words[i + 1];
      if ((key !== 'via' && key !== 'dev') || !value) return { ok: false, message: `“${line}”: write destination [via address] [dev eth1].` };
      route[key] = value;
    }
    out.push(route);
  }
  return { ok: true, value: out };
}

export function listToText(list: string[] | undefined): string {
  return (list ?? []).join(', ');
}

export function parseList(text: string): Parsed<string[]> {
  return { ok: true, value: text.split(/[\s,]+/).filter(Boolean) };
}

export function commandToText(command: string | string[] | undefined): string {
  if (command === undefined) return '';
  return typeof command === 'string' ? command : JSON.stringify(command);
}

/** A plain string, or a JSON list for exec form. */
export function parseCommand(text: string): Parsed<string | string[] | undefined> {
  const t = text.trim();
  if (!t) return { ok: true, value: undefined };
  if (t.startsWith('[')) {
    try {
      const v: unknown = JSON.parse(t);
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return { ok: true, value: v };
    } catch { /* reported below */ }
    return { ok: false, message: 'Exec form is a JSON list of strings, e.g. ["sleep", "infinity"].' };
  }
  return { ok: true, value: t };
}

/** "1 error", "2 errors": counts people read. */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
