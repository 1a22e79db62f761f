import { describe, expect, it } from 'vitest';
import { AgentFrameReader, type AgentFrame } from './capture-agent';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** One frame as the agent writes it: type (1 byte ASCII) · index (1 byte) · length (uint32 BE) · bytes. */
function encode(type: AgentFrame['type'], index: number, data: Uint8Array | string): Uint8Array {
  const bytes = typeof data === 'string' ? text(data) : data;
  const out = new Uint8Array(6 + bytes.length);
  out[0] = type.charCodeAt(0);
  out[1] = index;
  new DataView(out.buffer).setUint32(2, bytes.length);
  out.set(bytes, 6);
  return out;
}

function joined(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Frames in one string ('N1 65 74 68 31 | …'): cheap to compare thousands of times. */
const fingerprint = (frames: AgentFrame[]): string => frames.map((f) => `${f.type}${f.index} ${Buffer.from(f.data).toString('hex')}`).join(' | ');

/** Feeds the chunks in order and collects every frame they yield. */
function readAll(chunks: Uint8Array[], reader = new AgentFrameReader()): AgentFrame[] {
  return chunks.flatMap((chunk) => reader.push(chunk));
}

// A short session: the addresses, two interfaces named and listening, pcap bytes, one tcpdump ending.
const PCAP_HEADER = Uint8Array.from([0xd4, 0xc3, 0xb2, 0xa1, 0x02, 0x00, 0x04, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x00, 0x04, 0x00, 0x01, 0, 0, 0]);
const session: AgentFrame[] = [
  { type: 'A', index: 0, data: text('[{"ifindex":1,"ifname":"lo","link_type":"loopback"}]') },
  { type: 'N', index: 0, data: text('eth0') },
  { type: 'N', index: 1, data: text('eth1') },
  { type: 'L', index: 0, data: new Uint8Array(0) },
  { type: 'L', index: 1, data: new Uint8Array(0) },
  { type: 'D', index: 0, data: PCAP_HEADER },
  { type: 'D', index: 1, data: Uint8Array.from({ length: 300 }, (_, i) => (i * 7) & 0xff) },
  { type: 'X', index: 1, data: text('tcpdump: eth1: That device is not up\n') },
];
const stream = joined(...session.map((f) => encode(f.type, f.index, f.data)));

describe('AgentFrameReader', () => {
  it('reads one whole frame', () => {
    expect(new AgentFrameReader().push(encode('N', 3, 'br-lan'))).toEqual([{ type: 'N', index: 3, data: text('br-lan') }]);
  });

  it('reads several frames from one chunk, in order', () => {
    expect(new AgentFrameReader().push(stream)).toEqual(session);
  });

  it('reads frames with empty payloads, alone and between others', () => {
    const empty = (type: AgentFrame['type'], index: number): AgentFrame => ({ type, index, data: new Uint8Array(0) });
    expect(new AgentFrameReader().push(encode('L', 0, ''))).toEqual([empty('L', 0)]);
    const chunk = joined(encode('L', 0, ''), encode('X', 0, ''), encode('D', 1, 'x'), encode('A', 0, ''));
    expect(new AgentFrameReader().push(chunk)).toEqual([empty('L', 0), empty('X', 0), { type: 'D', index: 1, data: text('x') }, empty('A', 0)]);
  });

  it('yields the same frames however the stream is cut in two, at every byte', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      const reader = new AgentFrameReader();
      const first = reader.push(stream.subarray(0, cut));
      const second = reader.push(stream.subarray(cut));
      expect(fingerprint([...first, ...second]), `cut at ${cut}`).toBe(fingerprint(session));
    }
  });

  it('yields a frame as soon as its last byte arrives, and not before', () => {
    const boundaries = session.reduce<number[]>((ends, f) => [...ends, (ends.at(-1) ?? 0) + 6 + f.data.length], []);
    for (let cut = 0; cut <= stream.length; cut++) {
      const complete = boundaries.filter((end) => end <= cut).length;
      expect(new AgentFrameReader().push(stream.subarray(0, cut)), `cut at ${cut}`).toHaveLength(complete);
    }
  });

  it('yields the same frames fed one byte at a time', () => {
    expect(readAll(Array.from(stream, (byte) => Uint8Array.of(byte)))).toEqual(session);
  });

  it('yields the same frames cut in three at every pair of places in a frame header and payload', () => {
    const piece = stream.subarray(0, 6 + session[0].data.length + 6 + 4 + 2); // the A frame, the first N frame, 2 bytes into the second
    for (let a = 0; a <= piece.length; a++) {
      for (let b = a; b <= piece.length; b++) {
        const frames = readAll([stream.subarray(0, a), stream.subarray(a, b), stream.subarray(b)]);
        expect(fingerprint(frames), `cuts at ${a}, ${b}`).toBe(fingerprint(session));
      }
    }
  });

  it('returns nothing for an empty chunk, and nothing until a header is whole', () => {
    const reader = new AgentFrameReader();
    expect(reader.push(new Uint8Array(0))).toEqual([]);
    const frame = encode('D', 2, 'abc');
    for (let i = 0; i < frame.length - 1; i++) expect(reader.push(frame.subarray(i, i + 1))).toEqual([]);
    expect(reader.push(frame.subarray(frame.length - 1))).toEqual([{ type: 'D', index: 2, data: text('abc') }]);
    expect(reader.push(new Uint8Array(0))).toEqual([]);
  });

  it('reads the length big-endian, all four bytes of it', () => {
    const big = Uint8Array.from({ length: 0x010203 }, (_, i) => i & 0xff); // 66051 bytes: three length bytes in use
    const frame = encode('D', 0, big);
    expect([...frame.subarray(2, 6)]).toEqual([0x00, 0x01, 0x02, 0x03]);
    const [read] = new AgentFrameReader().push(frame);
    expect(read.data.length).toBe(0x010203);
    expect(Buffer.from(read.data).equals(big)).toBe(true);

    const header256 = Uint8Array.of(0x44, 0, 0x00, 0x00, 0x01, 0x00); // 256 bytes announced
    const reader = new AgentFrameReader();
    expect(reader.push(joined(header256, new Uint8Array(255)))).toEqual([]);
    expect(reader.push(Uint8Array.of(9))[0].data).toHaveLength(256);
  });

  it('reads an index up to 255', () => {
    expect(new AgentFrameReader().push(encode('N', 255, 'veth255'))[0].index).toBe(255);
  });

  it('reads chunks that are views into a larger buffer (Node Buffers from a pool)', () => {
    const pool = new Uint8Array(stream.length + 40);
    pool.set(stream, 17);
    const view = pool.subarray(17, 17 + stream.length);
    expect(new AgentFrameReader().push(view)).toEqual(session);
    expect(new AgentFrameReader().push(Buffer.from(stream))).toEqual(session);
  });

  it('returns payloads that are copies, unchanged when the chunk is reused', () => {
    const chunk = encode('D', 0, 'pcap bytes');
    const [frame] = new AgentFrameReader().push(chunk);
    chunk.fill(0);
    expect(frame.data).toEqual(text('pcap bytes'));
  });

  it('keeps a partial frame across pushes without mixing it into earlier frames', () => {
    const reader = new AgentFrameReader();
    const one = encode('N', 0, 'eth0');
    const two = encode('N', 1, 'eth1');
    expect(reader.push(joined(one, two.subarray(0, 7)))).toEqual([{ type: 'N', index: 0, data: text('eth0') }]);
    expect(reader.push(two.subarray(7))).toEqual([{ type: 'N', index: 1, data: text('eth1') }]);
  });
});
