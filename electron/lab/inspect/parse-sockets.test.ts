import { describe, expect, it } from 'vitest';
import { SOCKETS } from './inspect.test-support';
import { parseEndpoint, parseSockets } from './parse';

describe('parseEndpoint', () => {
  it.each([
    ['0.0.0.0:8080', { address: '0.0.0.0', port: 8080 }],
    ['127.0.0.11:45000', { address: '127.0.0.11', port: 45000 }],
    ['0.0.0.0:*', { address: '0.0.0.0', port: '*' }],
    ['*:5353', { address: '*', port: 5353 }],
    ['*:*', { address: '*', port: '*' }],
    ['[::]:80', { address: '::', port: 80 }],
    ['[::]:*', { address: '::', port: '*' }],
    ['[::ffff:10.0.0.2]:22', { address: '::ffff:10.0.0.2', port: 22 }],
    ['[fd00:1::1]:443', { address: 'fd00:1::1', port: 443 }],
    ['0.0.0.0%eth1:68', { address: '0.0.0.0', port: 68, interface: 'eth1' }],
    ['[fe80::1]%eth1:546', { address: 'fe80::1', port: 546, interface: 'eth1' }],
    ['10.0.0.1%lo:*', { address: '10.0.0.1', port: '*', interface: 'lo' }],
  ])('reads %s', (text, endpoint) => {
    expect(parseEndpoint(text)).toEqual(endpoint);
  });

  it.each(['', '8080', ':80', '10.0.0.1:', '10.0.0.1:http', '10.0.0.1:-1', '[]:80', '%eth0:80'])('rejects %j', (text) => {
    expect(parseEndpoint(text)).toBeUndefined();
  });
});

describe('parseSockets', () => {
  const sockets = parseSockets(SOCKETS);

  it('reads every TCP and UDP socket line', () => {
    expect(sockets).toHaveLength(12);
    expect(sockets.map((s) => `${s.proto} ${s.state}`)).toEqual([
      'udp UNCONN',
      'udp UNCONN',
      'udp UNCONN',
      'udp UNCONN',
      'tcp LISTEN',
      'tcp LISTEN',
      'tcp LISTEN',
      'tcp LISTEN',
      'tcp ESTAB',
      'tcp ESTAB',
      'tcp TIME-WAIT',
      'tcp SYN-SENT',
    ]);
  });

  it('reads a listener with its owner', () => {
    expect(sockets[4]).toEqual({
      proto: 'tcp',
      state: 'LISTEN',
      recvQ: 0,
      sendQ: 4096,
      local: { address: '0.0.0.0', port: 8080 },
      peer: { address: '0.0.0.0', port: '*' },
      processes: [{ name: 'nc', pid: 12, fd: 3 }],
    });
  });

  it("reads Docker's embedded DNS socket, which belongs to no process in the container", () => {
    expect(sockets[0]).toEqual({ proto: 'udp', state: 'UNCONN', recvQ: 0, sendQ: 0, local: { address: '127.0.0.11', port: 45000 }, peer: { address: '0.0.0.0', port: '*' }, processes: [] });
  });

  it('reads every owner of a shared socket', () => {
    expect(sockets[5].processes).toEqual([
      { name: 'nginx', pid: 22, fd: 6 },
      { name: 'nginx', pid: 21, fd: 6 },
    ]);
  });

  it('keeps spaces in a process name', () => {
    expect(sockets[2].processes).toEqual([{ name: 'avahi daemon', pid: 40, fd: 12 }]);
  });

  it('reads device-bound, IPv6, dual-stack and IPv4-mapped endpoints', () => {
    expect(sockets[1].local).toEqual({ address: '0.0.0.0', port: 68, interface: 'eth1' });
    expect(sockets[3].local).toEqual({ address: 'fe80::42:aff:fe01:1', port: 546, interface: 'eth1' });
    expect(sockets[6].local).toEqual({ address: '::', port: 22 });
    expect(sockets[7]).toMatchObject({ local: { address: '*', port: 443 }, peer: { address: '*', port: '*' } });
    expect(sockets[8]).toMatchObject({ sendQ: 36, local: { address: '::ffff:10.1.0.1', port: 22 }, peer: { address: '::ffff:10.1.0.3', port: 50000 } });
  });

  it('reads queues of a connection and one without an owner', () => {
    expect(sockets[9]).toMatchObject({ recvQ: 100, sendQ: 0, peer: { address: '10.2.0.7', port: 80 } });
    expect(sockets[10]).toMatchObject({ state: 'TIME-WAIT', processes: [] });
  });

  it('reads an escaped quote in a process name', () => {
    const [socket] = parseSockets('tcp LISTEN 0 5 0.0.0.0:1 0.0.0.0:* users:(("we\\"ird",pid=1,fd=2))');
    expect(socket.processes).toEqual([{ name: 'we"ird', pid: 1, fd: 2 }]);
  });

  it('skips a header, other netids, short and malformed lines', () => {
    const text = [
      'Netid State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process',
      'raw   UNCONN 0      0      0.0.0.0:1          0.0.0.0:*',
      'u_str ESTAB  0      0      * 1234             * 1235',
      'tcp LISTEN 0',
      'tcp LISTEN x 0 0.0.0.0:80 0.0.0.0:*',
      'tcp LISTEN 0 0 0.0.0.0 0.0.0.0:*',
      'tcp LISTEN 0 128 0.0.0.0:80 0.0.0.0:*',
    ].join('\n');
    expect(parseSockets(text)).toEqual([{ proto: 'tcp', state: 'LISTEN', recvQ: 0, sendQ: 128, local: { address: '0.0.0.0', port: 80 }, peer: { address: '0.0.0.0', port: '*' }, processes: [] }]);
  });

  it.each(['', '\n\n', 'garbage', '[]'])('returns [] for %j', (bad) => {
    expect(parseSockets(bad)).toEqual([]);
  });
});
