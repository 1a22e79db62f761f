// `topolab inspect`: the inside of one node's namespaces, for people (sections, one
// line per item) or --json (the same data the app's Inspector shows).
import type Dockerode from 'dockerode';
import { checkLabText, readLabFile } from '../lab-service';
import { inspectNode, InspectError, type NodeInspectionView } from '../inspect-service';
import { CliExit, EXIT_LAB_ERROR } from './exit';
import { color, consolePrinter as p, printDiagnostics } from './output';

export async function runInspect(docker: Dockerode, file: string, node: string, opts: { json?: boolean }): Promise<void> {
  const checked = checkLabText(await readLabFile(file));
  if (!checked.document) {
    printDiagnostics(p, checked.diagnostics, file);
    throw new CliExit(EXIT_LAB_ERROR);
  }
  let view: NodeInspectionView;
  try {
    view = await inspectNode(docker, checked.document, node);
  } catch (error) {
    if (error instanceof InspectError) {
      p.err(color.red(error.message));
      throw new CliExit(EXIT_LAB_ERROR);
    }
    throw error;
  }
  if (opts.json) p.out(JSON.stringify(view, null, 2));
  else printInspection(view);
}

function heading(text: string): void {
  p.out('');
  p.out(color.bold(text));
}

function printInspection(v: NodeInspectionView): void {
  p.out(`${color.bold(v.node)} in lab ${v.lab} (${v.tookMs} ms)`);
  heading('Namespaces');
  for (const s of v.sharing) p.out(`  ${s.kind.padEnd(7)}${String(s.id ?? '?').padEnd(12)}${s.sharedWith.length ? `shared with ${s.sharedWith.join(', ')}` : color.dim('own')}`);
  heading('Interfaces');
  for (const i of v.interfaces) {
    const addrs = i.addresses.map((a) => `${a.address}/${a.prefix}`).join(' ');
    const peer = i.hostPeer ? `  ↔ host ${i.hostPeer.name}${i.hostPeer.bridge ? ` on ${i.hostPeer.bridge}${i.hostPeer.network ? ` (${i.hostPeer.network})` : ''}` : ''}` : '';
    p.out(`  ${i.name.padEnd(10)}${(i.kind || '-').padEnd(9)}${i.mac.padEnd(19)}mtu ${String(i.mtu).padEnd(6)}${i.state.padEnd(9)}${addrs}${peer}`);
  }
  heading('Routes');
  for (const r of v.routes.filter((x) => x.table !== 'local')) p.out(`  ${r.table === 'main' ? '' : `table ${r.table} `}${r.type === 'unicast' ? '' : `${r.type} `}${r.dst}${r.gateway ? ` via ${r.gateway}` : ''}${r.dev ? ` dev ${r.dev}` : ''}${r.prefsrc ? ` src ${r.prefsrc}` : ''}`);
  if (v.rules.length) for (const r of v.rules) p.out(color.dim(`  rule ${r.priority}: from ${r.from} ${r.action}${r.table ? ` ${r.table}` : ''}`));
  heading('Neighbours (ARP)');
  if (v.neighbours.length === 0) p.out(color.dim('  none'));
  for (const n of v.neighbours) p.out(`  ${n.ip.padEnd(16)}${(n.mac ?? '-').padEnd(19)}${n.dev.padEnd(8)}${n.state}`);
  heading('Sockets');
  if (v.sockets.length === 0) p.out(color.dim('  none'));
  for (const s of v.sockets) p.out(`  ${s.proto} ${s.state.padEnd(7)}${`${s.local.address}:${s.local.port}`.padEnd(24)}${`${s.peer.address}:${s.peer.port}`.padEnd(24)}${s.processes.map((x) => `${x.name}(${x.pid})`).join(' ')}`);
  heading('Firewall');
  const rules = v.firewall.iptables.flatMap((t) => t.chains.flatMap((c) => c.rules.map((r) => `  ${t.name} ${c.name}: ${r.text}`)));
  const policies = v.firewall.iptables.flatMap((t) => t.chains.filter((c) => c.policy && c.policy !== 'ACCEPT').map((c) => `  ${t.name} ${c.name}: policy ${c.policy}`));
  if (rules.length + policies.length === 0) p.out(color.dim('  no rules (everything accepted)'));
  for (const line of [...policies, ...rules]) p.out(line);
  heading('Sysctls');
  for (const [k, val] of Object.entries(v.sysctls)) p.out(`  ${k} = ${val}`);
  heading('DNS');
  p.out(`  nameservers ${v.dns.resolv.nameservers.join(', ') || '-'}${v.dns.resolv.dockerEmbedded ? color.dim(" (Docker's embedded resolver)") : ''}`);
  if (v.dns.resolv.search.length) p.out(`  search ${v.dns.resolv.search.join(' ')}`);
  heading('Processes');
  for (const x of v.processes) p.out(`  ${String(x.pid).padStart(6)} ${x.user.padEnd(8)} ${x.args}`);
  for (const e of v.errors) p.err(color.yellow(e));
}
