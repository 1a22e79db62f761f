// `topolab inspect`: the inside of one node's namespaces, for people (sections, one
// line per item) or --json (the same data the app's Inspector shows).
import type Dockerode from 'dockerode';
import { checkLabText, readLabFile } from '../lab-service';
import { inspectNode, InspectError, type NodeInspectionView } from '../inspect-service';
import { inspectHost, inspectNetwork, InspectNetworkError } from '../inspect-host';
import { inspectTargetOf } from '../inspect/target';
import { hostLabel } from '../hosts/engines';
import type { HostInspection, NetworkInspection, NetworkKernelView } from '../inspect/types';
import { CliExit, EXIT_LAB_ERROR } from './exit';
import { color, consolePrinter as p, printDiagnostics } from './output';

/** `what`: a node id, a network id, 'host' (the Docker host itself) or a virtual or remote host's id (that host's own view). */
export async function runInspect(docker: Dockerode, file: string, what: string, opts: { json?: boolean }): Promise<void> {
  const checked = checkLabText(await readLabFile(file));
  if (!checked.document) {
    printDiagnostics(p, checked.diagnostics, file);
    throw new CliExit(EXIT_LAB_ERROR);
  }
  const document = checked.document;
  const target = inspectTargetOf(document, what);
  const named = (host: string) => hostLabel(document, host);
  try {
    if (target.kind === 'host') {
      const view = await inspectHost(docker, document, target.host);
      if (opts.json) p.out(JSON.stringify(view, null, 2));
      else printHost(view, named);
    } else if (target.kind === 'network') {
      const view = await inspectNetwork(docker, document, what);
      if (opts.json) p.out(JSON.stringify(view, null, 2));
      else printNetwork(view, named);
    } else {
      const view = await inspectNode(docker, document, what);
      if (opts.json) p.out(JSON.stringify(view, null, 2));
      else printInspection(view, named);
    }
  } catch (error) {
    if (error instanceof InspectError || error instanceof InspectNetworkError) {
      p.err(color.red(error.message));
      throw new CliExit(EXIT_LAB_ERROR);
    }
    throw error;
  }
}

function printNetwork(v: NetworkInspection, named: (host: string) => string): void {
  const d = v.docker;
  p.out(`${color.bold(v.network)} in lab ${v.lab}${v.host ? ` on ${named(v.host)}` : ''}: Docker network ${d.name} (${d.driver}, ${d.scope}${d.internal ? ', internal' : ''}) (${v.tookMs} ms)`);
  for (const s of d.subnets) p.out(`  subnet ${s.subnet}${s.gateway ? ` gateway ${s.gateway}` : ''}`);
  for (const [k, val] of Object.entries(d.options)) p.out(color.dim(`  option ${k}=${val}`));
  heading('Attached');
  for (const c of d.containers) p.out(`  ${(c.node ?? c.name).padEnd(14)} ${(c.ip ?? '-').padEnd(20)}${(c.mac ?? '').padEnd(19)}${c.host ? color.dim(`on ${c.host}`) : ''}`);
  if (d.peers?.length) {
    heading('Peers (hosts in the overlay, by underlay address)');
    for (const peer of d.peers) p.out(`  ${(peer.host ?? peer.name).padEnd(14)}${peer.ip}`);
  }
  if (v.hosts) {
    for (const h of v.hosts) {
      heading(`In the kernel of virtual host ${h.host}`);
      printKernel(h.kernel, true);
      for (const e of h.errors) p.err(color.yellow(`  ${e}`));
    }
    return;
  }
  heading('In the kernel');
  printKernel(v.kernel);
  for (const e of v.errors) p.err(color.yellow(e));
}

/** `nested`: under a host's heading (its FDB a sub-heading), else the network's own sections. */
function printKernel(k: NetworkKernelView, nested = false): void {
  const dev = k.device;
  p.out(dev ? `  ${dev.name} (${dev.kind || 'device'}) ${dev.mac} mtu ${dev.mtu} ${dev.state} ${dev.addresses.map((a) => `${a.address}/${a.prefix}`).join(' ')}` : color.dim('  no device of its own'));
  if (k.vxlan?.vxlan) p.out(`  ${k.vxlan.name}: VXLAN VNI ${k.vxlan.vxlan.vni}${k.vxlan.vxlan.port ? ` port ${k.vxlan.vxlan.port}` : ''}`);
  for (const port of k.ports) p.out(`  port ${port.name.padEnd(16)}${port.mac.padEnd(19)}${(port.state ?? '').padEnd(11)}${port.node ? `→ ${port.node}` : ''}`);
  const pad = nested ? '    ' : '  ';
  if (nested) p.out(color.bold('  Forwarding database'));
  else heading('Forwarding database');
  if (k.fdb.length === 0) p.out(color.dim(`${pad}empty`));
  for (const f of k.fdb) p.out(`${pad}${f.mac} on ${f.dev}${f.dst ? ` via ${f.dst}` : ''} ${color.dim(f.state)}`);
}

function printHost(v: HostInspection, named: (host: string) => string): void {
  p.out(`${color.bold(v.host ? named(v.host).replace(/^./, (c) => c.toUpperCase()) : 'The Docker host')} (lab ${v.lab} highlighted) (${v.tookMs} ms)`);
  if (v.uplinks?.length) {
    heading('Underlay links');
    for (const u of v.uplinks) p.out(`  ${u.name.padEnd(16)}${(u.network ?? '').padEnd(26)}${u.addresses.filter((a) => a.family === 'inet').map((a) => `${a.address}/${a.prefix}`).join(' ')}`);
  }
  heading('Bridges');
  for (const b of v.bridges) {
    const line = `  ${b.name.padEnd(16)}${(b.dockerNetwork ?? '').padEnd(26)}${b.addresses.filter((a) => a.family === 'inet').map((a) => `${a.address}/${a.prefix}`).join(' ').padEnd(19)}${b.ports.length} port(s)`;
    p.out(b.ofLab ? color.green(`${line}  ← ${b.network}`) : line);
  }
  if (v.vxlans?.length) {
    heading('VXLAN (in each overlay\'s namespace)');
    for (const x of v.vxlans) {
      p.out(`  ${(x.network ?? x.namespace).padEnd(16)}${x.device.name} VNI ${x.device.vxlan?.vni ?? '?'}${x.device.vxlan?.port ? ` port ${x.device.vxlan.port}` : ''}  ${color.dim(x.namespace)}`);
      for (const f of x.fdb.filter((e) => e.dst)) p.out(`    ${f.mac} via ${f.dst}`);
    }
  }
  heading('Docker chains');
  for (const t of v.firewall) {
    for (const c of t.chains.filter((x) => v.dockerChains.includes(x.name) || ['FORWARD', 'POSTROUTING', 'PREROUTING'].includes(x.name))) {
      p.out(`  ${t.name} ${c.name}${c.policy ? ` (policy ${c.policy})` : ''}`);
      c.rules.forEach((r, i) => {
        const line = `    [${r.packets ?? 0}] ${r.text}`;
        p.out(v.labRules.includes(`${t.name}/${c.name}/${i}`) ? color.green(line) : color.dim(line));
      });
    }
  }
  for (const e of v.errors) p.err(color.yellow(e));
}

function heading(text: string): void {
  p.out('');
  p.out(color.bold(text));
}

function printInspection(v: NodeInspectionView, named: (host: string) => string): void {
  p.out(`${color.bold(v.node)} in lab ${v.lab}${v.host ? ` on ${named(v.host)}` : ''} (${v.tookMs} ms)`);
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
