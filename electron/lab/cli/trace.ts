// `topolab trace`: one real packet through a running lab, printed as hops and a verdict
// (or --json for machines); --pcap writes every captured frame for Wireshark.
import { writeFile } from 'node:fs/promises';
import type Dockerode from 'dockerode';
import { checkLabText, readLabFile } from '../lab-service';
import { traceLab, TraceError, type TraceRequest, type TraceResult } from '../trace-service';
import type { TraceProtocol } from '../trace/types';
import { CliExit, EXIT_LAB_ERROR, usage } from './exit';
import { color, consolePrinter as p, printDiagnostics } from './output';

export interface TraceCliOptions {
  from: string;
  to: string;
  proto: string;
  port?: number;
  json?: boolean;
  pcap?: string;
}

const PROTOCOLS: TraceProtocol[] = ['icmp', 'tcp', 'udp'];

export async function runTrace(docker: Dockerode, file: string, opts: TraceCliOptions): Promise<void> {
  if (!PROTOCOLS.includes(opts.proto as TraceProtocol)) usage(`--proto takes icmp, tcp or udp, not "${opts.proto}".`);
  const checked = checkLabText(await readLabFile(file));
  if (!checked.document) {
    printDiagnostics(p, checked.diagnostics, file);
    throw new CliExit(EXIT_LAB_ERROR);
  }
  const request: TraceRequest = { from: opts.from, to: opts.to, protocol: opts.proto as TraceProtocol, port: opts.port };
  let result: TraceResult;
  try {
    result = await traceLab(docker, checked.document, request, { onPhase: opts.json ? undefined : (phase) => p.err(color.dim(`  ${phase}…`)) });
  } catch (error) {
    if (error instanceof TraceError) {
      p.err(color.red(error.message));
      throw new CliExit(EXIT_LAB_ERROR);
    }
    throw error;
  }
  if (opts.pcap) await writeFile(opts.pcap, result.pcap);
  const { pcap: _pcap, ...printable } = result;
  if (opts.json) {
    p.out(JSON.stringify(printable, null, 2));
  } else {
    printTrace(result);
    if (opts.pcap) p.out(color.dim(`capture written to ${opts.pcap} (${result.captures.reduce((n, c) => n + c.frames, 0)} frames)`));
  }
  if (result.verdict.outcome !== 'delivered') process.exitCode = EXIT_LAB_ERROR;
}

function printTrace(result: TraceResult): void {
  const { probe } = result;
  p.out(`${probe.protocol.toUpperCase()} ${probe.from} → ${probe.targetNode ?? probe.targetIp} (${probe.targetIp}${probe.port ? `:${probe.port}` : ''})`);
  for (const h of result.hops) {
    const arrow = h.direction === 'out' ? '→' : '←';
    const where = `${h.place} ${h.iface}${h.network ? ` [${h.network}]` : ''}`.padEnd(30);
    const ips = h.srcIp ? `${h.srcIp} > ${h.dstIp}` : '';
    const ttl = h.ttl !== undefined ? ` ttl ${h.ttl}` : '';
    p.out(`${h.timeMs.toFixed(2).padStart(8)} ms  ${arrow} ${where} ${h.role.padEnd(7)} ${h.srcMac} > ${h.dstMac}  ${ips}${ttl}  ${h.summary}${h.rewrite ? color.yellow(`  ${h.rewrite}`) : ''}`);
  }
  for (const r of result.routes) p.out(color.dim(`route at ${r.place}: ${r.text}`));
  const ok = result.verdict.outcome === 'delivered';
  p.out((ok ? color.green : color.red)(result.verdict.text));
  p.out(color.dim(`setup ${result.timings.setupMs} ms, probe ${result.timings.probeMs} ms, total ${result.timings.totalMs} ms`));
}
