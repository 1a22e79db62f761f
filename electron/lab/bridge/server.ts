// The WebSocket bridge: LabApi served to a browser tab (browser mode, e2e, headless)
// on 127.0.0.1 only, next to the static renderer build.
//
// ───────────────────────────────────────────────────────────── protocol (v1)
//
// Page      GET http://127.0.0.1:<port>/#token=<token>   — the token travels in the
//           fragment, so it is never sent to the server by the page load, nor in a
//           Referer; the renderer reads it from location.hash.
// Socket    ws://127.0.0.1:<port>/api?token=<token>
//           Refused before the upgrade with a plain HTTP answer:
//             401  token missing or wrong
//             403  remote address not loopback, Origin present and not
//                  http://127.0.0.1:<port>, or Host not 127.0.0.1:<port>/localhost:<port>
//             404  any path other than /api
//           Frames are UTF-8 JSON text; at most 4 MB each (bigger: closed with 1009).
// Request   client → server  {"id": <number>, "method": <LabApiMethod>, "params": <payload>}
//           `params` is the method's request object (api.ts LabApiRequests); omitted
//           means {}. Requests run concurrently; answers may come in any order.
// Answer    server → client  {"id": <same id>, "ok": true,  "result": <LabApiResults[method]>}
//                        or  {"id": <same id>, "ok": false, "error": {"code": …, "message": …}}
//           codes: 'invalid-request' (unknown method, payload not matching its schema —
//           nothing ran), 'engine-unreachable', 'not-found', 'busy' (a deploy of that lab
//           is running), 'failed'. A frame that is not JSON, not an object, or has no
//           numeric id is answered {"id": null, "ok": false, "error": {code: 'invalid-request', …}}
//           and the connection stays open.
// Event     server → client  {"event": "deployProgress", "payload": DeployProgressEvent}
//                            {"event": "labState",       "payload": LabStateEvent}
//           pushed to every connected (hence authenticated) client; an event frame
//           has no `id`. labState flows only while some client has called
//           labWatch {lab, watch: true}.
// ─────────────────────────────────────────────────────────────
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { isIPv4 } from 'node:net';
import { extname, resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { LabApi, LabApiEventName } from '../api';
import { handleLabApiCall } from '../api-dispatch';
import { LAB_API_EVENTS } from '../api-names';
import { contentTypeOf, isInsideFolder } from '../files';

export interface BridgeOptions {
  service: LabApi;
  staticDir: string;
  /** 0 or omitted: a free port chosen by the system. */
  port?: number;
  /** Default: 32 random bytes, hex. */
  token?: string;
}

export interface Bridge {
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const MAX_PAYLOAD = 4 * 1024 * 1024;

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:*; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";


/** Whether a peer address is this machine: 127.0.0.0/8, ::1, or IPv4-mapped 127.x. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  let a = address.toLowerCase();
  if (a === '::1' || a === '0:0:0:0:0:0:0:1') return true;
  if (a.startsWith('::ffff:')) a = a.slice('::ffff:'.length);
  return isIPv4(a) && a.split('.')[0] === '127';
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

export async function startBridge(opts: BridgeOptions): Promise<Bridge> {
  const token = opts.token ?? randomBytes(32).toString('hex');
  if (!token) throw new Error('The bridge token must not be empty.');
  // Hashing both sides gives equal lengths, which timingSafeEqual needs, and leaks no length.
  const tokenDigest = digest(token);
  const tokenMatches = (given: string | null) => given !== null && timingSafeEqual(digest(given), tokenDigest);

  const server = createServer((req, res) => {
    serveStatic(req, res).catch(() => answer(res, 500, 'Internal error.'));
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD });
  let port = 0;
  const origin = () => `http://${HOST}:${port}`;
  // DNS rebinding: a hostile page whose name resolves to 127.0.0.1 would send its own Host.
  const hostAllowed = (host: string | undefined) => host === `${HOST}:${port}` || host === `localhost:${port}`;

  // ------------------------------------------------------------ static files

  async function serveStatic(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req.headers.host)) return answer(res, 403, 'Forbidden host.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(res, 405, 'Method not allowed.', { Allow: 'GET, HEAD' });
    let pathname: string;
    try {
      // Decoded by hand, not through URL(), so an encoded "..%2f" is seen and refused below.
      pathname = decodeURIComponent((req.url ?? '/').split(/[?#]/)[0]);
    } catch {
      return answer(res, 400, 'Bad path.');
    }
    if (pathname === '/api') return answer(res, 426, 'The API is a WebSocket.', { Upgrade: 'websocket' });
    const root = await realpath(opts.staticDir).catch(() => undefined);
    if (!root) return answer(res, 404, 'The renderer is not built: run `npm run build:renderer`.');
    const wanted = resolve(root, `.${pathname.endsWith('/') ? `${pathname}index.html` : pathname}`);
    if (pathname.includes('\0') || !isInsideFolder(root, wanted)) return answer(res, 404, 'Not found.');
    const file = await realpath(wanted).catch(() => undefined);
    const info = file && isInsideFolder(root, file) ? await stat(file).catch(() => undefined) : undefined;
    if (!file || !info?.isFile()) return answer(res, 404, 'Not found.');
    const type = extname(file).toLowerCase();
    res.writeHead(200, {
      ...securityHeaders(),
      'Content-Type': contentTypeOf(file),
      'Content-Length': info.size,
      // index.html names the current bundles: a stale copy would load an old renderer
      'Cache-Control': type === '.html' ? 'no-store' : 'no-cache',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).on('error', () => res.destroy()).pipe(res);
  }

  // ------------------------------------------------------------ WebSocket

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined);
    const refuse = (status: number, text: string) =>
      socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
    // Listening on 127.0.0.1 already keeps others out; this holds if that ever changes.
    if (!isLoopbackAddress(req.socket.remoteAddress)) return refuse(403, 'Only this machine may connect.');
    const url = new URL(req.url ?? '/', origin());
    if (url.pathname !== '/api') return refuse(404, 'Not found.');
    if (!hostAllowed(req.headers.host)) return refuse(403, 'Forbidden host.');
    // A browser always sends Origin: another site's page must not drive the engine.
    const requestOrigin = req.headers.origin;
    if (requestOrigin !== undefined && requestOrigin !== origin()) return refuse(403, 'Forbidden origin.');
    if (!tokenMatches(url.searchParams.get('token'))) return refuse(401, 'A valid token is required.');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    ws.on('error', () => undefined); // e.g. a frame over maxPayload: ws closes with 1009
    ws.on('message', (data: RawData, isBinary: boolean) => {
      void onMessage(ws, data, isBinary);
    });
  });

  async function onMessage(ws: WebSocket, data: RawData, isBinary: boolean): Promise<void> {
    const invalid = (message: string) => send(ws, { id: null, ok: false, error: { code: 'invalid-request', message } });
    if (isBinary) return invalid('Messages are JSON text frames.');
    let message: unknown;
    try {
      message = JSON.parse(data.toString());
    } catch {
      return invalid('The message is not valid JSON.');
    }
    if (!message || typeof message !== 'object' || Array.isArray(message)) return invalid('A request is a JSON object {id, method, params}.');
    const { id, method, params } = message as { id?: unknown; method?: unknown; params?: unknown };
    if (typeof id !== 'number' || !Number.isFinite(id)) return invalid('A request needs a numeric id.');
    const outcome = await handleLabApiCall(opts.service, method, params === undefined ? {} : params);
    send(ws, { id, ...outcome });
  }

  const send = (ws: WebSocket, frame: unknown) => {
    if (ws.readyState !== ws.OPEN) return;
    try {
      ws.send(JSON.stringify(frame));
    } catch {
      // a result that cannot be serialised, or a socket closing under us: nothing to tell
    }
  };

  const broadcast = (event: LabApiEventName) => (payload: unknown) => {
    const frame = JSON.stringify({ event, payload });
    for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(frame);
  };
  // every event of the contract, as Electron's IPC forwards them
  const unsubscribe = LAB_API_EVENTS.map((event) => opts.service.on(event, broadcast(event)));

  // ------------------------------------------------------------ lifecycle

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  port = (server.address() as { port: number }).port;

  return {
    url: `http://${HOST}:${port}/#token=${encodeURIComponent(token)}`,
    token,
    port,
    async close() {
      for (const off of unsubscribe) off();
      const clients = [...wss.clients];
      for (const ws of clients) ws.close(1001, 'topolab is shutting down');
      // give clients a moment for the closing handshake, then cut whoever lingers
      await Promise.race([Promise.all(clients.map((ws) => new Promise((r) => ws.once('close', r)))), new Promise((r) => setTimeout(r, 500))]);
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function securityHeaders(): Record<string, string> {
  return { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' };
}

function answer(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra });
  res.end(text);
}
