// A trace as files to keep (pure): the capture as .pcap bytes for Wireshark, and the
// rest as JSON (without the base64 capture, which would double its size for nothing).
import type { TraceView } from '../../../electron/lab/api';

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function traceJson(view: TraceView): string {
  const { pcapBase64: _capture, ...rest } = view;
  return JSON.stringify(rest, null, 2);
}

export function exportName(lab: string, extension: 'pcap' | 'json'): string {
  return `${lab}-trace.${extension}`;
}
