// What only a Docker host's /proc knows, for a virtual host: the kernel namespace ids
// of its processes (who shares a namespace with whom, and with the host itself) and
// which host-side veth each container interface is paired with (a container
// interface's `iflink` is its peer's index in the host's namespace). The nested
// engine reports PIDs of the virtual host's own PID namespace, so they are read
// there: one exec in the virtual host's container on the outer engine (it has sh,
// readlink and cat), which works whether the outer engine runs on this machine or not.
import type Dockerode from 'dockerode';
import { execIn } from '../docker/exec';
import { INSPECT_NAMESPACES } from '../inspect/sections';
import type { NamespaceKind } from '../inspect/types';

export type NamespaceIdMap = Partial<Record<NamespaceKind, number>>;

/** One interface seen inside a process's network namespace. */
export interface ProcLink {
  pid: number;
  name: string;
  ifindex: number;
  /** The index of its peer (a veth's other end) or of itself when it has none. */
  iflink: number;
}

export interface HostProcReport {
  /** By PID (of the host's PID namespace); PID 1 is the host's own init: the host's namespaces. */
  namespaces: Map<number, NamespaceIdMap>;
  links: ProcLink[];
}

const PID = /^\d+$/;

/** The script (pure): `ns <pid> <kind> <link>` and `if <pid> <name> <iflink> <ifindex>` lines. */
export function hostProcScript(request: { namespacePids: number[]; linkPids: number[] }): string {
  const pids = (list: number[]) => [...new Set(list.filter((p) => Number.isInteger(p) && p > 0))].join(' ');
  const lines: string[] = [];
  const nsPids = pids(request.namespacePids);
  if (nsPids) lines.push(`for p in ${nsPids}; do for k in ${INSPECT_NAMESPACES.join(' ')}; do echo "ns $p $k $(readlink /proc/$p/ns/$k 2>/dev/null)"; done; done`);
  const linkPids = pids(request.linkPids);
  if (linkPids) lines.push(`for p in ${linkPids}; do for d in /proc/$p/root/sys/class/net/*; do [ -r "$d/iflink" ] && echo "if $p \${d##*/} $(cat "$d/iflink" 2>/dev/null) $(cat "$d/ifindex" 2>/dev/null)"; done; done`);
  lines.push('exit 0');
  return lines.join('\n');
}

/** Parses the script's output (pure); lines that do not read right are skipped. */
export function parseHostProc(text: string): HostProcReport {
  const namespaces = new Map<number, NamespaceIdMap>();
  const links: ProcLink[] = [];
  const kinds = new Set<string>(INSPECT_NAMESPACES);
  for (const line of text.split('\n')) {
    const words = line.trim().split(/\s+/);
    if (words[0] === 'ns' && words.length === 4 && PID.test(words[1]) && kinds.has(words[2])) {
      const id = /\[(\d+)\]/.exec(words[3])?.[1];
      if (!id) continue;
      const pid = Number(words[1]);
      const ids = namespaces.get(pid) ?? {};
      ids[words[2] as NamespaceKind] = Number(id);
      namespaces.set(pid, ids);
    } else if (words[0] === 'if' && words.length === 5 && PID.test(words[1]) && PID.test(words[3]) && PID.test(words[4])) {
      links.push({ pid: Number(words[1]), name: words[2], iflink: Number(words[3]), ifindex: Number(words[4]) });
    }
  }
  return { namespaces, links };
}

/**
 * Which node is behind each host-side veth, by the host-side index (pure): an interface
 * whose iflink is not itself names its peer. `nodeOfPid`: namespace owners only (a
 * pod-style sharer sees its owner's interfaces).
 */
export function nodesByPeerIndex(links: ProcLink[], nodeOfPid: Map<number, string>): Map<number, string> {
  const out = new Map<number, string>();
  for (const l of links) {
    const node = nodeOfPid.get(l.pid);
    if (node && l.name !== 'lo' && l.iflink > 0 && l.iflink !== l.ifindex) out.set(l.iflink, node);
  }
  return out;
}

/** Runs the script in a virtual host's container on the outer engine. */
export async function readHostProc(outer: Dockerode, container: string, request: { namespacePids: number[]; linkPids: number[] }): Promise<HostProcReport> {
  const out = await execIn(outer, container, ['sh', '-c', hostProcScript(request)]);
  return parseHostProc(out.stdout);
}
