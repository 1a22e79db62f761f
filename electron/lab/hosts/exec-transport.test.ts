import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ExecConnection, ExecFrameSplitter } from './exec-transport';

function frame(stream: number, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

function split(chunks: Buffer[]) {
  const out: string[] = [];
  const err: string[] = [];
  const splitter = new ExecFrameSplitter((b) => out.push(b.toString()), (b) => err.push(b.toString()));
  for (const chunk of chunks) splitter.push(chunk);
  return { out: out.join(''), err: err.join('') };
}

describe('ExecFrameSplitter', () => {
  it('passes stdout frames on and keeps stderr apart', () => {
    expect(split([Buffer.concat([frame(1, 'HTTP/1.1 200 OK\r\n'), frame(2, 'warning'), frame(1, '\r\nOK')])])).toEqual({ out: 'HTTP/1.1 200 OK\r\n\r\nOK', err: 'warning' });
  });

  it('reassembles frames cut anywhere, even inside the header', () => {
    const bytes = Buffer.concat([frame(1, 'hello '), frame(1, 'world')]);
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(split([bytes.subarray(0, cut), bytes.subarray(cut)]).out).toBe('hello world');
    }
    expect(split([...bytes].map((b) => Buffer.from([b]))).out).toBe('hello world');
  });

  it('carries binary bytes unchanged, including empty frames', () => {
    const binary = Buffer.from([0, 1, 2, 255, 10, 13, 0]);
    const header = Buffer.alloc(8);
    header[0] = 1;
    header.writeUInt32BE(binary.length, 4);
    const got: Buffer[] = [];
    const splitter = new ExecFrameSplitter((b) => got.push(Buffer.from(b)), () => undefined);
    splitter.push(Buffer.concat([frame(1, ''), header, binary]));
    expect(Buffer.concat(got)).toEqual(binary);
  });

  it('ignores frames of other streams (stdin echo)', () => {
    expect(split([frame(0, 'stdin'), frame(1, 'x')])).toEqual({ out: 'x', err: '' });
  });
});

describe('ExecConnection timeouts', () => {
  it('takes a timeout listener off on setTimeout(0, listener), as net.Socket does (no pile-up on kept-alive connections)', () => {
    const connection = new ExecConnection(new PassThrough());
    const listener = () => undefined;
    for (let i = 0; i < 20; i++) {
      connection.setTimeout(15_000, listener);
      connection.setTimeout(0, listener);
    }
    expect(connection.listenerCount('timeout')).toBe(0);
    connection.setTimeout(15_000, listener);
    expect(connection.listenerCount('timeout')).toBe(1);
    connection.destroy();
  });
});
