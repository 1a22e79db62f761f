// labTrace: one trace per lab at a time (two would capture each other's packets), with
// its phases as traceProgress events, returned as the UI's TraceView.
import type { LabApiRequest, TraceView } from '../api';
import { checkLabText } from '../lab-service';
import { traceLab, TraceError } from '../trace-service';
import { describeLayers } from '../trace/packet-text';
import { decodeEthernet } from '../trace/packets';
import { PcapStreamReader } from '../trace/pcap';
import type { WithDocker } from './engine-connection';
import type { Emit } from './events';
import { LabApiFailure } from './failure';

export function createTraces(withDocker: WithDocker, emit: Emit): { trace(request: LabApiRequest<'labTrace'>): Promise<TraceView> } {
  const running = new Set<string>();

  async function trace(request: LabApiRequest<'labTrace'>): Promise<TraceView> {
    const checked = checkLabText(request.text);
    if (!checked.document) throw new LabApiFailure('invalid-request', `The lab file cannot be read: ${checked.diagnostics[0]?.message ?? 'unknown error'}`);
    const lab = checked.document.name;
    if (running.has(lab)) throw new LabApiFailure('busy', `A trace of lab ${lab} is running; wait for it to finish.`);
    running.add(lab);
    try {
      const result = await withDocker((docker) =>
        traceLab(docker, checked.document!, { from: request.from, to: request.to, protocol: request.protocol, port: request.port }, { onPhase: (phase) => emit('traceProgress', { lab, phase }) }),
      );
      const frames = new PcapStreamReader().push(result.pcap);
      return {
        lab, from: result.probe.from, to: request.to, protocol: request.protocol, port: request.port,
        targetIp: result.probe.targetIp, targetNode: result.probe.targetNode,
        hops: result.hops.map((h) => ({ ...h, layers: frames[h.frame] ? describeLayers(decodeEthernet(frames[h.frame].data)) : [] })),
        verdict: result.verdict, routes: result.routes, drops: result.drops, captures: result.captures,
        probeOutput: result.probeOutput, timings: result.timings,
        pcapBase64: Buffer.from(result.pcap).toString('base64'),
      };
    } catch (error) {
      if (error instanceof TraceError) throw new LabApiFailure('invalid-request', error.message);
      throw error;
    } finally {
      running.delete(lab);
    }
  }

  return { trace };
}
