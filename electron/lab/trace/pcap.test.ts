import { describe, expect, it } from 'vitest';
import { decodeEthernet } from './packets';
import { PcapFormatError, PcapStreamReader, writePcap, type CapturedFrame } from './pcap';

// ── Helpers ─────────────────────────────────────────────────────────────────────

const hex = (text: string): Uint8Array => Uint8Array.from(text.trim().split(/\s+/), (byte) => parseInt(byte, 16));
const ascii = (text: string): Uint8Array => Uint8Array.from(text, (char) => char.charCodeAt(0));

/** A small deterministic PRNG, so random chunkings are the same on every run. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function frameOf(length: number, fill: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (fill + i) & 0xff);
}

const FRAMES: CapturedFrame[] = [
  { timeMicros: 1_700_000_000_000_001, data: frameOf(60, 1), originalLength: 60 },
  { timeMicros: 1_700_000_000_999_999, data: frameOf(1514, 2), originalLength: 1514 },
  { timeMicros: 1_700_000_001_000_000, data: frameOf(96, 3), originalLength: 9000 }, // cut by a snap length
  { timeMicros: 1_700_000_001_500_000, data: new Uint8Array(0), originalLength: 0 },
  { timeMicros: 0, data: frameOf(42, 4), originalLength: 42 },
];

/** Feeds the stream in the given chunk sizes (cycled) and collects every frame. */
function readInChunks(stream: Uint8Array, nextSize: () => number): { frames: CapturedFrame[]; reader: PcapStreamReader } {
  const reader = new PcapStreamReader();
  const frames: CapturedFrame[] = [];
  for (let offset = 0; offset < stream.length;) {
    const size = nextSize();
    frames.push(...reader.push(stream.subarray(offset, offset + size)));
    offset += size;
  }
  return { frames, reader };
}

interface HandmadeRecord { seconds: number; fraction: number; data: Uint8Array; originalLength: number }

/** A pcap file assembled field by field, independently of writePcap, in either byte order. */
function handmadePcap(o: { littleEndian: boolean; nanoseconds: boolean; linkType?: number; snapLength?: number; records: HandmadeRecord[] }): Uint8Array {
  const size = 24 + o.records.reduce((sum, record) => sum + 16 + record.data.length, 0);
  const file = new Uint8Array(size);
  const view = new DataView(file.buffer);
  view.setUint32(0, o.nanoseconds ? 0xa1b23c4d : 0xa1b2c3d4, o.littleEndian);
  view.setUint16(4, 2, o.littleEndian);
  view.setUint16(6, 4, o.littleEndian);
  view.setUint32(16, o.snapLength ?? 65535, o.littleEndian);
  view.setUint32(20, o.linkType ?? 1, o.littleEndian);
  let offset = 24;
  for (const record of o.records) {
    view.setUint32(offset, record.seconds, o.littleEndian);
    view.setUint32(offset + 4, record.fraction, o.littleEndian);
    view.setUint32(offset + 8, record.data.length, o.littleEndian);
    view.setUint32(offset + 12, record.originalLength, o.littleEndian);
    file.set(record.data, offset + 16);
    offset += 16 + record.data.length;
  }
  return file;
}

function captureError(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

// ── writePcap ───────────────────────────────────────────────────────────────────

describe('writePcap', () => {
  it('writes the global header tcpdump writes: little-endian, µs magic, 2.4, snaplen 262144, Ethernet', () => {
    expect(writePcap([])).toEqual(hex('d4 c3 b2 a1 02 00 04 00 00 00 00 00 00 00 00 00 00 00 04 00 01 00 00 00'));
  });

  it('writes each record header as seconds, microseconds, captured and original length', () => {
    const file = writePcap([{ timeMicros: 1_234_567_890_123_456, data: hex('aa bb cc'), originalLength: 70 }]);
    expect(file.subarray(24)).toEqual(hex('d2 02 96 49  40 e2 01 00  03 00 00 00  46 00 00 00  aa bb cc'));
  });

  it('takes the link type and snap length from the options', () => {
    const file = writePcap([], { linkType: 113, snapLength: 96 });
    expect(file.subarray(16)).toEqual(hex('60 00 00 00 71 00 00 00'));
  });

  it('cuts frames longer than the snap length, keeping their original length', () => {
    const file = writePcap([{ timeMicros: 5, data: frameOf(200, 0), originalLength: 200 }], { snapLength: 64 });
    const [frame] = new PcapStreamReader().push(file);
    expect(frame).toEqual({ timeMicros: 5, data: frameOf(64, 0), originalLength: 200 });
  });

  it('never writes an original length below the captured length', () => {
    const [frame] = new PcapStreamReader().push(writePcap([{ timeMicros: 0, data: frameOf(10, 0), originalLength: 4 }]));
    expect(frame.originalLength).toBe(10);
  });

  it('rounds fractional microseconds down', () => {
    const [frame] = new PcapStreamReader().push(writePcap([{ timeMicros: 2_000_000.9, data: new Uint8Array(1), originalLength: 1 }]));
    expect(frame.timeMicros).toBe(2_000_000);
  });

  it.each([-1, Number.NaN, (2 ** 32) * 1_000_000])('rejects timeMicros %d, which pcap cannot hold', (timeMicros) => {
    expect(() => writePcap([{ timeMicros, data: new Uint8Array(0), originalLength: 0 }])).toThrow(RangeError);
  });

  it('rejects a link type or snap length that is not a 32-bit unsigned integer', () => {
    expect(() => writePcap([], { linkType: -1 })).toThrow(/linkType/);
    expect(() => writePcap([], { snapLength: 1.5 })).toThrow(/snapLength/);
  });
});

// ── PcapStreamReader ───────────────────────────────────────────────────────────

describe('PcapStreamReader: round trip with writePcap', () => {
  const stream = writePcap(FRAMES);

  it('reads back every frame, in order, from a single push', () => {
    const reader = new PcapStreamReader();
    expect(reader.push(stream)).toEqual(FRAMES);
    expect(reader.pending).toBe(0);
  });

  it('reads the stream pushed one byte at a time, each frame on the push that completes it', () => {
    const reader = new PcapStreamReader();
    const completedAt: number[] = [];
    const frames: CapturedFrame[] = [];
    for (let i = 0; i < stream.length; i++) {
      const got = reader.push(stream.subarray(i, i + 1));
      if (got.length > 0) completedAt.push(i + 1);
      frames.push(...got);
      if (i === 22) expect(reader.linkType).toBeUndefined();
    }
    expect(frames).toEqual(FRAMES);
    let end = 24;
    expect(completedAt).toEqual(FRAMES.map((frame) => (end += 16 + frame.data.length)));
    expect(reader.pending).toBe(0);
  });

  it.each([1, 2, 3, 7, 42, 2024])('reads the stream in random chunk sizes (seed %i)', (seed) => {
    const random = seededRandom(seed);
    const { frames, reader } = readInChunks(stream, () => Math.floor(random() * 40));
    expect(frames).toEqual(FRAMES);
    expect(reader.pending).toBe(0);
  });

  it('reads the stream in chunk sizes that split every header at every offset', () => {
    for (const size of [5, 11, 13, 16, 17, 23, 24, 25, 500]) expect(readInChunks(stream, () => size).frames, `chunks of ${size}`).toEqual(FRAMES);
  });

  it('counts the bytes of an incomplete record as pending', () => {
    const reader = new PcapStreamReader();
    expect(reader.pending).toBe(0);
    reader.push(stream.subarray(0, 10));
    expect(reader.pending).toBe(10);
    reader.push(stream.subarray(10, 24 + 16 + 30)); // the global header, a record header and half a frame
    expect(reader.pending).toBe(16 + 30);
    expect(reader.push(stream.subarray(70, 24 + 16 + 60 + 5))).toHaveLength(1);
    expect(reader.pending).toBe(5);
  });

  it('copies frame data, so a caller may reuse its chunk buffers', () => {
    const chunk = stream.slice(0, 24 + 16 + 60);
    const [frame] = new PcapStreamReader().push(chunk);
    chunk.fill(0);
    expect(frame.data).toEqual(FRAMES[0].data);
  });

  it('reads frames that decode as Ethernet', () => {
    const arpRequest = hex(`
      ff ff ff ff ff ff 02 42 0a 00 00 02 08 06
      00 01 08 00 06 04 00 01 02 42 0a 00 00 02 0a 00 00 02 00 00 00 00 00 00 0a 00 00 03`);
    const [frame] = new PcapStreamReader().push(writePcap([{ timeMicros: 1, data: arpRequest, originalLength: 42 }]));
    expect(decodeEthernet(frame.data).arp).toEqual({ op: 'request', senderMac: '02:42:0a:00:00:02', senderIp: '10.0.0.2', targetMac: '00:00:00:00:00:00', targetIp: '10.0.0.3' });
  });
});

describe('PcapStreamReader: byte orders and timestamp precision', () => {
  const records: HandmadeRecord[] = [
    { seconds: 1_700_000_000, fraction: 123_456_789, data: frameOf(60, 9), originalLength: 60 },
    { seconds: 1_700_000_001, fraction: 999, data: frameOf(14, 1), originalLength: 1500 },
  ];

  it('reads a big-endian microsecond file', () => {
    const file = handmadePcap({ littleEndian: false, nanoseconds: false, records: [{ ...records[0], fraction: 123_456 }] });
    expect(file.subarray(0, 4)).toEqual(hex('a1 b2 c3 d4'));
    const reader = new PcapStreamReader();
    expect(reader.push(file)).toEqual([{ timeMicros: 1_700_000_000_123_456, data: frameOf(60, 9), originalLength: 60 }]);
    expect(reader.linkType).toBe(1);
    expect(reader.snapLength).toBe(65535);
  });

  it.each([true, false])('reads a nanosecond file (little-endian: %s), converting to microseconds', (littleEndian) => {
    const file = handmadePcap({ littleEndian, nanoseconds: true, records });
    const { frames } = readInChunks(file, seededRandom(littleEndian ? 5 : 6));
    expect(frames).toEqual([
      { timeMicros: 1_700_000_000_123_456, data: frameOf(60, 9), originalLength: 60 },
      { timeMicros: 1_700_000_001_000_000, data: frameOf(14, 1), originalLength: 1500 },
    ]);
  });

  it('reads a big-endian file one byte at a time', () => {
    const file = handmadePcap({ littleEndian: false, nanoseconds: false, linkType: 113, snapLength: 262144, records: [{ ...records[1], fraction: 7 }] });
    const { frames, reader } = readInChunks(file, () => 1);
    expect(frames).toEqual([{ timeMicros: 1_700_000_001_000_007, data: frameOf(14, 1), originalLength: 1500 }]);
    expect(reader.linkType).toBe(113);
  });
});

describe('PcapStreamReader: linkType and snapLength', () => {
  it('are undefined until the whole global header has arrived', () => {
    const header = writePcap([], { linkType: 1, snapLength: 1600 });
    const reader = new PcapStreamReader();
    reader.push(header.subarray(0, 23));
    expect(reader.linkType).toBeUndefined();
    expect(reader.snapLength).toBeUndefined();
    expect(reader.push(header.subarray(23))).toEqual([]);
    expect(reader.linkType).toBe(1);
    expect(reader.snapLength).toBe(1600);
    expect(reader.pending).toBe(0);
  });

  it('leave the FCS bits newer writers put above the link type out of it', () => {
    const file = writePcap([], { linkType: 0x10000000 | 0x20000000 | 1 });
    const reader = new PcapStreamReader();
    reader.push(file);
    expect(reader.linkType).toBe(1);
  });
});

describe('PcapStreamReader: streams that are not pcap', () => {
  it('rejects a bad magic number with the bytes found and the ones expected', () => {
    const error = captureError(() => new PcapStreamReader().push(hex('01 02 03 04 05 06')));
    expect(error).toBeInstanceOf(PcapFormatError);
    expect(error.name).toBe('PcapFormatError');
    expect(error.message).toBe('not a pcap stream: bad magic number 01 02 03 04 (expected a1 b2 c3 d4 or another pcap magic in either byte order).');
  });

  it('fails as soon as the first 4 bytes arrive, not after 24', () => {
    const reader = new PcapStreamReader();
    expect(reader.push(hex('00 00 00'))).toEqual([]);
    expect(() => reader.push(hex('00'))).toThrow(PcapFormatError);
  });

  it("quotes text and points at the usual cause when the stream is tcpdump's printed output", () => {
    const error = captureError(() => new PcapStreamReader().push(ascii('tcpdump: eth9: No such device exists\n(SIOCGIFHWADDR: No such device)\n')));
    expect(error.message).toMatch(/^not a pcap stream: bad magic number 74 63 70 64 /);
    expect(error.message).toContain('It starts with the text "tcpdump: eth9: No such device exists", so the command printed text');
    expect(error.message).toContain('run tcpdump with -w -');
  });

  it('recognizes pcapng and says how to get classic pcap', () => {
    const error = captureError(() => new PcapStreamReader().push(hex('0a 0d 0d 0a 1c 00 00 00 4d 3c 2b 1a')));
    expect(error).toBeInstanceOf(PcapFormatError);
    expect(error.message).toContain('pcapng');
    expect(error.message).toContain('editcap -F pcap');
  });

  it('marks a quoted line that goes on past what it quotes', () => {
    const error = captureError(() => new PcapStreamReader().push(ascii(`12:34:56.789012 IP 10.0.0.2 > 10.0.0.3: ICMP echo request, id 1, seq 1, length 64`)));
    expect(error.message).toContain('It starts with the text "12:34:56.789012 IP 10.0.0.2 > 10.0.0.3: ICMP ech…", so');
  });

  it('keeps failing once the stream is out of step', () => {
    const reader = new PcapStreamReader();
    expect(() => reader.push(ascii('12:34:56.789 IP 10.0.0.2 > 10.0.0.3'))).toThrow(PcapFormatError);
    expect(() => reader.push(writePcap(FRAMES))).toThrow(PcapFormatError);
  });

  it('rejects a record that claims more bytes than any capture holds, instead of waiting forever', () => {
    const file = writePcap([{ timeMicros: 0, data: frameOf(60, 0), originalLength: 60 }, { timeMicros: 0, data: frameOf(60, 0), originalLength: 60 }]);
    new DataView(file.buffer).setUint32(24 + 16 + 60 + 8, 0x7fffffff, true);
    const reader = new PcapStreamReader();
    expect(reader.push(file.subarray(0, 24 + 16 + 60))).toHaveLength(1);
    const error = captureError(() => reader.push(file.subarray(24 + 16 + 60, 24 + 16 + 60 + 16)));
    expect(error).toBeInstanceOf(PcapFormatError);
    expect(error.message).toContain('record 2 claims 2147483647 captured bytes, more than the 262144');
  });

  it('accepts records up to the snap length when it is above 262144', () => {
    const big: CapturedFrame = { timeMicros: 0, data: frameOf(300_000, 0), originalLength: 300_000 };
    const frames = new PcapStreamReader().push(writePcap([big], { snapLength: 400_000 }));
    expect(frames).toHaveLength(1);
    expect(frames[0].originalLength).toBe(300_000);
    // Compared by hand: toEqual walks 300 000 elements slowly.
    expect(frames[0].data.length).toBe(300_000);
    expect(frames[0].data.every((byte, i) => byte === big.data[i])).toBe(true);
  });
});
