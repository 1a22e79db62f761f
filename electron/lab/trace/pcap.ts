// The classic libpcap file format (not pcapng), pure: Uint8Array and DataView only.
//
// A file is a 24-byte global header followed by records, each a 16-byte record header
// and the captured bytes:
//   global header: magic u32, version major u16, minor u16, thiszone i32, sigfigs u32,
//                  snaplen u32, link type u32
//   record header: seconds u32, micro- or nanoseconds u32, captured length u32,
//                  original length u32
// Every field is in the byte order of the machine that wrote the file; the magic number
// tells which, and whether the sub-second field counts micro- or nanoseconds.

export interface CapturedFrame {
  /** Microseconds since the epoch. */
  timeMicros: number;
  data: Uint8Array;
  /** The frame's length on the wire (data is shorter when the snap length cut it). */
  originalLength: number;
}

/** Thrown by PcapStreamReader.push when the stream is not a classic pcap stream. */
export class PcapFormatError extends Error {
  override name = 'PcapFormatError';
}

const GLOBAL_HEADER_LENGTH = 24;
const RECORD_HEADER_LENGTH = 16;

const MAGIC_MICROSECONDS = 0xa1b2c3d4;
const MAGIC_NANOSECONDS = 0xa1b23c4d;
const MAGIC_MICROSECONDS_SWAPPED = 0xd4c3b2a1;
const MAGIC_NANOSECONDS_SWAPPED = 0x4d3cb2a1;
/** The first block type of a pcapng file, for a more useful error. */
const PCAPNG_SECTION_HEADER = 0x0a0d0d0a;

const LINKTYPE_ETHERNET = 1;
/** What tcpdump writes for `-s 0` (and by default). */
const DEFAULT_SNAP_LENGTH = 262144;
/**
 * libpcap keeps the link type in the low 26 bits: newer writers may put FCS
 * information in the high bits, which is not part of the type.
 */
const LINK_TYPE_MASK = 0x03ffffff;
/**
 * A record may not claim more than this many bytes (or the snap length, if larger).
 * libpcap has the same check: without it a corrupt length would make the reader
 * buffer the rest of the stream, waiting for a record that never completes.
 */
const MAX_RECORD_LENGTH = DEFAULT_SNAP_LENGTH;

const MICROS_PER_SECOND = 1_000_000;
const NANOS_PER_MICRO = 1_000;
const MAX_UINT32 = 0xffffffff;

interface FileFormat {
  littleEndian: boolean;
  nanoseconds: boolean;
  linkType: number;
  snapLength: number;
}

/**
 * Incremental reader of a pcap byte stream (as `tcpdump -w -` writes it). Chunks may
 * split the stream anywhere, including inside the global header or a record header.
 * Handles little- and big-endian files and the nanosecond magic (0xa1b23c4d; times are
 * converted to microseconds). Frame data is copied out of the chunks, since a caller
 * may reuse its chunk buffers once push returns.
 */
export class PcapStreamReader {
  private readonly buffer = new ChunkQueue();
  private format: FileFormat | undefined;
  private failure: PcapFormatError | undefined;
  private recordsRead = 0;

  /** The link type from the global header (1 = Ethernet), once it has arrived. */
  get linkType(): number | undefined {
    return this.format?.linkType;
  }

  /** The snap length from the global header, once it has arrived. */
  get snapLength(): number | undefined {
    return this.format?.snapLength;
  }

  /** Bytes received but not yet a whole record (or the whole global header). */
  get pending(): number {
    return this.buffer.length;
  }

  /**
   * Adds bytes from the stream and returns the frames they complete (possibly none).
   * Throws PcapFormatError if the stream is not pcap, and keeps throwing it on later
   * pushes: once the stream is out of step there is no finding the next record.
   */
  push(chunk: Uint8Array): CapturedFrame[] {
    if (this.failure) throw this.failure;
    this.buffer.append(chunk);
    try {
      return this.readAvailable();
    } catch (error) {
      if (error instanceof PcapFormatError) this.failure = error;
      throw error;
    }
  }

  private readAvailable(): CapturedFrame[] {
    const frames: CapturedFrame[] = [];
    if (!this.format) this.format = this.readGlobalHeader();
    if (!this.format) return frames;
    for (let frame = this.readRecord(this.format); frame; frame = this.readRecord(this.format)) frames.push(frame);
    return frames;
  }

  private readGlobalHeader(): FileFormat | undefined {
    // The magic is checked as soon as it arrives, so a wrong stream fails on its first chunk.
    if (this.buffer.length < 4) return undefined;
    const byteOrder = formatOfMagic(viewOf(this.buffer.peek(4)).getUint32(0, true));
    if (!byteOrder) throw new PcapFormatError(badMagicMessage(this.buffer.peek(Math.min(this.buffer.length, QUOTED_START_LENGTH))));
    if (this.buffer.length < GLOBAL_HEADER_LENGTH) return undefined;
    const header = viewOf(this.buffer.take(GLOBAL_HEADER_LENGTH));
    return {
      ...byteOrder,
      snapLength: header.getUint32(16, byteOrder.littleEndian),
      linkType: header.getUint32(20, byteOrder.littleEndian) & LINK_TYPE_MASK,
    };
  }

  /** The next whole record, or undefined when it has not all arrived yet (nothing is consumed then). */
  private readRecord(format: FileFormat): CapturedFrame | undefined {
    if (this.buffer.length < RECORD_HEADER_LENGTH) return undefined;
    const header = viewOf(this.buffer.peek(RECORD_HEADER_LENGTH));
    const seconds = header.getUint32(0, format.littleEndian);
    const fraction = header.getUint32(4, format.littleEndian);
    const capturedLength = header.getUint32(8, format.littleEndian);
    const originalLength = header.getUint32(12, format.littleEndian);
    this.checkRecordLength(capturedLength, format);
    if (this.buffer.length < RECORD_HEADER_LENGTH + capturedLength) return undefined;
    this.buffer.take(RECORD_HEADER_LENGTH);
    this.recordsRead++;
    const micros = format.nanoseconds ? Math.floor(fraction / NANOS_PER_MICRO) : fraction;
    return { timeMicros: seconds * MICROS_PER_SECOND + micros, data: this.buffer.take(capturedLength), originalLength };
  }

  private checkRecordLength(capturedLength: number, format: FileFormat): void {
    const limit = Math.max(format.snapLength, MAX_RECORD_LENGTH);
    if (capturedLength <= limit) return;
    throw new PcapFormatError(
      `pcap record ${this.recordsRead + 1} claims ${capturedLength} captured bytes, more than the ${limit} a record can hold: ` +
        'the stream is corrupt or lost bytes (was something else written to the same output as tcpdump -w -?)',
    );
  }
}

/** How much of a bad stream's start the error message quotes. */
const QUOTED_START_LENGTH = 48;

function formatOfMagic(magic: number): Pick<FileFormat, 'littleEndian' | 'nanoseconds'> | undefined {
  switch (magic) {
    case MAGIC_MICROSECONDS:
      return { littleEndian: true, nanoseconds: false };
    case MAGIC_NANOSECONDS:
      return { littleEndian: true, nanoseconds: true };
    case MAGIC_MICROSECONDS_SWAPPED:
      return { littleEndian: false, nanoseconds: false };
    case MAGIC_NANOSECONDS_SWAPPED:
      return { littleEndian: false, nanoseconds: true };
    default:
      return undefined;
  }
}

/** Says what the stream looks like instead, since the usual cause is the wrong command or mixed-in text. */
function badMagicMessage(start: Uint8Array): string {
  const magicHex = Array.from(start.subarray(0, 4), (byte) => byte.toString(16).padStart(2, '0')).join(' ');
  if (viewOf(start).getUint32(0, true) === PCAPNG_SECTION_HEADER) {
    return `not a classic pcap stream: it starts with ${magicHex}, a pcapng section header. ` +
      'Only classic pcap is read: capture with tcpdump -w, or convert the file with editcap -F pcap.';
  }
  const text = firstLineOfText(start);
  const hint = text === undefined
    ? ''
    : ` It starts with the text "${text}", so the command printed text instead of pcap: run tcpdump with -w - and keep its stderr out of the stream.`;
  return `not a pcap stream: bad magic number ${magicHex} (expected a1 b2 c3 d4 or another pcap magic in either byte order).${hint}`;
}

/**
 * The first line of the bytes if they are all printable ASCII or whitespace (an error
 * message's first line is the one that says what went wrong), else undefined.
 */
function firstLineOfText(bytes: Uint8Array): string | undefined {
  const isText = Array.from(bytes).every((byte) => (byte >= 0x20 && byte <= 0x7e) || byte === 0x09 || byte === 0x0a || byte === 0x0d);
  if (!isText) return undefined;
  const text = String.fromCharCode(...bytes).trimStart();
  const lineBreak = text.search(/[\r\n]/);
  if (lineBreak >= 0) return text.slice(0, lineBreak).trimEnd();
  return bytes.length >= QUOTED_START_LENGTH ? `${text}…` : text;
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Received bytes not yet consumed, kept as the chunks they came in: concatenating on
 * every push would copy a large record once per chunk, which is quadratic when a
 * stream arrives in small pieces.
 */
class ChunkQueue {
  private readonly chunks: Uint8Array[] = [];
  /** How much of chunks[0] has been consumed already. */
  private headOffset = 0;
  private available = 0;

  get length(): number {
    return this.available;
  }

  append(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.available += chunk.length;
  }

  /** A copy of the next count bytes, without consuming them. The caller checks length first. */
  peek(count: number): Uint8Array {
    const out = new Uint8Array(count);
    let filled = 0;
    let offset = this.headOffset;
    for (const chunk of this.chunks) {
      if (filled === count) break;
      const piece = chunk.subarray(offset, offset + count - filled);
      out.set(piece, filled);
      filled += piece.length;
      offset = 0;
    }
    return out;
  }

  /** A copy of the next count bytes, consumed. The caller checks length first. */
  take(count: number): Uint8Array {
    const out = this.peek(count);
    this.skip(count);
    return out;
  }

  private skip(count: number): void {
    this.available -= count;
    let remaining = count;
    while (remaining > 0) {
      const headLeft = this.chunks[0].length - this.headOffset;
      if (remaining < headLeft) {
        this.headOffset += remaining;
        return;
      }
      remaining -= headLeft;
      this.chunks.shift();
      this.headOffset = 0;
    }
  }
}

export interface WritePcapOptions {
  /** The link type in the global header; default 1 (Ethernet). */
  linkType?: number;
  /** The snap length in the global header; default 262144, as tcpdump writes. Longer frames are cut to it. */
  snapLength?: number;
}

/**
 * A classic pcap file: little-endian, microsecond magic 0xa1b2c3d4, version 2.4, the
 * frames in the order given. Frames longer than the snap length are cut to it (their
 * original length kept), as a capture with that snap length would have recorded them.
 */
export function writePcap(frames: readonly CapturedFrame[], options: WritePcapOptions = {}): Uint8Array {
  const linkType = options.linkType ?? LINKTYPE_ETHERNET;
  const snapLength = options.snapLength ?? DEFAULT_SNAP_LENGTH;
  checkUint32('linkType', linkType);
  checkUint32('snapLength', snapLength);
  const captured = frames.map((frame) => frame.data.subarray(0, snapLength));
  const size = GLOBAL_HEADER_LENGTH + captured.reduce((sum, data) => sum + RECORD_HEADER_LENGTH + data.length, 0);
  const file = new Uint8Array(size);
  const view = new DataView(file.buffer);
  writeGlobalHeader(view, linkType, snapLength);
  let offset = GLOBAL_HEADER_LENGTH;
  frames.forEach((frame, index) => {
    writeRecordHeader(view, offset, frame, captured[index].length);
    file.set(captured[index], offset + RECORD_HEADER_LENGTH);
    offset += RECORD_HEADER_LENGTH + captured[index].length;
  });
  return file;
}

function writeGlobalHeader(view: DataView, linkType: number, snapLength: number): void {
  view.setUint32(0, MAGIC_MICROSECONDS, true);
  view.setUint16(4, 2, true); // version 2.4, what every libpcap since 1998 writes
  view.setUint16(6, 4, true);
  view.setInt32(8, 0, true); // thiszone: timestamps are UTC
  view.setUint32(12, 0, true); // sigfigs: unused by every reader
  view.setUint32(16, snapLength, true);
  view.setUint32(20, linkType, true);
}

function writeRecordHeader(view: DataView, offset: number, frame: CapturedFrame, capturedLength: number): void {
  const micros = Math.floor(frame.timeMicros);
  const seconds = Math.floor(micros / MICROS_PER_SECOND);
  if (!Number.isFinite(micros) || seconds < 0 || seconds > MAX_UINT32) {
    throw new RangeError(`writePcap: timeMicros ${frame.timeMicros} is outside what pcap can hold (0 to ${MAX_UINT32} seconds since the epoch)`);
  }
  // A frame cannot have been shorter on the wire than what was captured of it.
  const originalLength = Math.max(frame.originalLength, capturedLength);
  checkUint32('originalLength', originalLength);
  view.setUint32(offset, seconds, true);
  view.setUint32(offset + 4, micros - seconds * MICROS_PER_SECOND, true);
  view.setUint32(offset + 8, capturedLength, true);
  view.setUint32(offset + 12, originalLength, true);
}

function checkUint32(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > MAX_UINT32) throw new RangeError(`writePcap: ${name} must be an integer from 0 to ${MAX_UINT32}, got ${value}`);
}
