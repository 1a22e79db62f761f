// Names and labels of every Docker object a lab creates. Live state is always
// re-read from the engine by these labels, never from a state file.

export const LABEL_LAB = 'io.topolab.lab';
export const LABEL_ID = 'io.topolab.id';
export const LABEL_SPEC = 'io.topolab.spec';
/** What the object is to topolab: 'network', 'node', 'helper', 'sidecar'. */
export const LABEL_ROLE = 'io.topolab.role';
/** On a capture sidecar: the Docker id of the container whose namespace it joined. */
export const LABEL_TARGET = 'io.topolab.target';
/** On a macvlan/ipvlan network: the lab-owned veth that is its parent, removed with the lab. */
export const LABEL_VETH = 'io.topolab.veth';

/** 'host': a virtual Docker host (a nested engine in a container). */
export type ObjectRole = 'network' | 'node' | 'helper' | 'sidecar' | 'host';

/** Containers of a lab that are topolab's tools, not part of the drawn lab. */
export function isToolRole(role: string | undefined): boolean {
  return role === 'helper' || role === 'sidecar';
}

/** The capture sidecar in a node's namespace, or (no node) in the engine host's. */
export function sidecarName(lab: string, node?: string): string {
  return node === undefined ? `topolab-${lab}--host-sidecar` : `${objectName(lab, node)}--sidecar`;
}

export function objectName(lab: string, id: string): string {
  return `topolab-${lab}-${id}`;
}

export function objectLabels(lab: string, id: string, role: ObjectRole, specHash: string): Record<string, string> {
  return { [LABEL_LAB]: lab, [LABEL_ID]: id, [LABEL_ROLE]: role, [LABEL_SPEC]: specHash };
}

/** Docker API label filter selecting every object of a lab. */
export function labFilter(lab: string): { label: string[] } {
  return { label: [`${LABEL_LAB}=${lab}`] };
}

/**
 * Host-side veth names for a lab-owned underlay. Linux caps interface names at 15
 * characters: 'tl' + 5 hex of the lab + 5 hex of the network + 'a'/'b'. The lab part
 * is a fixed prefix so that `down` finds every veth of a lab, even one whose network
 * was never created because `up` was killed in between.
 */
export function vethNames(lab: string, network: string): { name: string; peer: string } {
  const base = `${vethLabPrefix(lab)}${hex5(network)}`;
  return { name: `${base}a`, peer: `${base}b` };
}

/** Prefix shared by all veth names of a lab. */
export function vethLabPrefix(lab: string): string {
  return `tl${hex5(lab)}`;
}

function hex5(text: string): string {
  return fnv1a32(text).toString(16).padStart(8, '0').slice(0, 5);
}

/** Small non-cryptographic hash for short, stable names (not for spec hashes). */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}
