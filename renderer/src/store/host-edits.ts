// Edits that involve virtual hosts' underlay interfaces (`hosts[].interfaces`), pure:
// model/edit.ts's connect, removeItems and renameId know nodes' interfaces only, so the
// renderer adds the hosts' part here, in the same single edit (one undo step).
import { locate, rawOf, removeItems, renameId, type LabEdit } from '../../../electron/lab/model/edit';

type RawHost = { id?: unknown; interfaces?: unknown };

function rawHosts(text: string): RawHost[] {
  const hosts = rawOf(text).hosts;
  return Array.isArray(hosts) ? (hosts as RawHost[]) : [];
}

function interfacesOf(host: RawHost | undefined): { network?: unknown }[] {
  return Array.isArray(host?.interfaces) ? (host.interfaces as { network?: unknown }[]) : [];
}

/** A new underlay interface of a host, at the end (eth<n> of the host). */
export function connectHost(text: string, hostId: string, networkId: string, ip?: string): LabEdit[] {
  const at = locate(rawOf(text), hostId);
  if (!at || at.section !== 'hosts') return [];
  const iface: Record<string, unknown> = { network: networkId };
  if (ip) iface.ip = ip;
  return [{ op: 'insert', path: ['hosts', at.index, 'interfaces'], value: iface }];
}

/** Removes underlay interface `index` of a host. */
export function disconnectHost(text: string, hostId: string, index: number): LabEdit[] {
  const at = locate(rawOf(text), hostId);
  if (!at || at.section !== 'hosts') return [];
  return [{ op: 'delete', path: ['hosts', at.index, 'interfaces', index] }];
}

/** removeItems, and the underlay interfaces of the remaining hosts on removed networks. */
export function removeItemsAndLinks(text: string, ids: readonly string[]): LabEdit[] {
  const gone = new Set(ids);
  const links: LabEdit[] = [];
  rawHosts(text).forEach((host, i) => {
    if (gone.has(String(host?.id))) return;
    const ifaces = interfacesOf(host);
    // from the last, so the indexes of the ones still to delete do not move
    for (let j = ifaces.length - 1; j >= 0; j--) {
      if (gone.has(String(ifaces[j]?.network))) links.push({ op: 'delete', path: ['hosts', i, 'interfaces', j] });
    }
  });
  // before removeItems' own edits, which delete whole items and shift indexes
  return [...links, ...removeItems(text, ids)];
}

/** renameId, and hosts' underlay interfaces on the renamed network. */
export function renameIdAndLinks(text: string, from: string, to: string): LabEdit[] {
  const edits = renameId(text, from, to);
  if (edits.length === 0) return edits;
  rawHosts(text).forEach((host, i) => {
    interfacesOf(host).forEach((iface, j) => {
      if (iface?.network === from) edits.push({ op: 'set', path: ['hosts', i, 'interfaces', j, 'network'], value: to });
    });
  });
  return edits;
}
