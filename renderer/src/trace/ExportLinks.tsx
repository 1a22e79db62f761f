import { useEffect, useState } from 'react';
import type { TraceView } from '../../../electron/lab/api';
import { base64ToBytes, exportName, traceJson } from './export';

/** An object URL for a blob made from the trace, revoked when the trace changes. */
function useBlobUrl(trace: TraceView, make: (trace: TraceView) => Blob): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    const next = URL.createObjectURL(make(trace));
    setUrl(next);
    return () => URL.revokeObjectURL(next);
  }, [trace, make]);
  return url;
}

const pcapBlob = (t: TraceView) => new Blob([base64ToBytes(t.pcapBase64)], { type: 'application/vnd.tcpdump.pcap' });
const jsonBlob = (t: TraceView) => new Blob([traceJson(t)], { type: 'application/json' });

/** Download links: every captured frame as .pcap (opens in Wireshark), and the trace as JSON. */
export function ExportLinks({ trace }: { trace: TraceView }) {
  const pcap = useBlobUrl(trace, pcapBlob);
  const json = useBlobUrl(trace, jsonBlob);
  return (
    <div className="trace-export">
      <a className="button-link" data-testid="trace-export-pcap" href={pcap} download={exportName(trace.lab, 'pcap')} title="Every frame the captures saw, for Wireshark">.pcap</a>
      <a className="button-link" data-testid="trace-export-json" href={json} download={exportName(trace.lab, 'json')} title="Hops, verdict and routes as JSON">.json</a>
    </div>
  );
}
