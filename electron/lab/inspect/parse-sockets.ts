// Parser for `ss -H -tunap` (pure): this ss has no JSON output, so its columns are read
// by position (netid, state, Recv-Q, Send-Q, local, peer, owners).
import { lines, wholeNumber } from './text';
import type { SocketEndpoint, SocketInfo, SocketProcess } from './types';

function parsePort(text: string): number | '*' | undefined {
  return text === '*' ? '*' : wholeNumber(text);
}

/**
 * `0.0.0.0:8080`, `*:5353`, `[::]:80`, `[::ffff:10.0.0.2]:22`, `0.0.0.0%eth0:68`,
 * `[fe80::1]%eth0:546`: the port follows the last colon, a device follows `%`.
 */
export function parseEndpoint(text: string): SocketEndpoint | undefined {
  const colon = text.lastIndexOf(':');
  if (colon <= 0) return undefined;
  const port = parsePort(text.slice(colon + 1));
  if (port === undefined) return undefined;
  let host = text.slice(0, colon);
  let device: string | undefined;
  const percent = host.startsWith('[') ? host.indexOf('%', host.indexOf(']')) : host.indexOf('%');
  if (percent >= 0) {
    device = host.slice(percent + 1);
    host = host.slice(0, percent);
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host === '') return undefined;
  const endpoint: SocketEndpoint = { address: host, port };
  if (device) endpoint.interface = device;
  return endpoint;
}

/** `users:(("nginx",pid=8,fd=6),("nginx",pid=7,fd=6))`; a name may hold spaces or escaped quotes. */
function parseSocketProcesses(text: string): SocketProcess[] {
  const found: SocketProcess[] = [];
  for (const match of text.matchAll(/\("((?:[^"\\]|\\.)*)",pid=(\d+),fd=(\d+)\)/g)) {
    found.push({ name: match[1].replace(/\\(.)/g, '$1'), pid: Number(match[2]), fd: Number(match[3]) });
  }
  return found;
}

function toSocket(line: string): SocketInfo | undefined {
  const fields = line.trim().split(/\s+/);
  if (fields.length < 6) return undefined;
  const [proto, state, recvQText, sendQText, localText, peerText] = fields;
  if (proto !== 'tcp' && proto !== 'udp') return undefined;
  const recvQ = wholeNumber(recvQText);
  const sendQ = wholeNumber(sendQText);
  const local = parseEndpoint(localText);
  const peer = parseEndpoint(peerText);
  if (recvQ === undefined || sendQ === undefined || !local || !peer) return undefined;
  // Addresses cannot hold `("`, so the owners are found in the whole line, spaces in names intact.
  return { proto, state, recvQ, sendQ, local, peer, processes: parseSocketProcesses(line) };
}

/** `ss -H -tunap`: TCP and UDP sockets, listening and connected, with their owners. */
export function parseSockets(ssText: string): SocketInfo[] {
  return lines(ssText).flatMap((line) => {
    const socket = toSocket(line);
    return socket ? [socket] : [];
  });
}
