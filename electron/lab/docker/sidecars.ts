// Capture sidecars: topolab/node containers that join a node's network namespace
// (network_mode container:<node>) or the engine host's (network_mode host), so that
// tcpdump, ip and iptables run there without touching the user's image. They stay warm
// while a lab is open (a trace then costs no container start), carry the lab's labels,
// and go with the lab (teardown removes them first) or when their node is replaced.
import type Dockerode from 'dockerode';
import { LABEL_ID, LABEL_LAB, LABEL_ROLE, LABEL_TARGET, labFilter, sidecarName } from '../plan/naming';
import { DockerOperationError, engineMessage, isConflict, isNotFound, statusCode } from './errors';
import { HELPER_IMAGE } from './exec';

/** tcpdump needs NET_RAW; Debian's tcpdump also changes uid/gid before capturing. */
const CAPTURE_CAPS = ['NET_RAW', 'SETUID', 'SETGID'];
/**
 * A node's sidecar also inspects the node: its /proc/1/root (resolv.conf), namespace
 * links and socket owners are readable only with at least the target's capabilities or
 * SYS_PTRACE (a router has NET_ADMIN), and reading iptables/nft rules takes NET_ADMIN.
 * Both reach no further than the node's own PID and network namespaces.
 */
const NODE_CAPS = [...CAPTURE_CAPS, 'SYS_PTRACE', 'NET_ADMIN'];
/** The host-side sidecar also reads iptables counters (which chain dropped a packet). */
const HOST_CAPS = [...CAPTURE_CAPS, 'NET_ADMIN'];
/**
 * With swarm overlays, it also enters their namespaces (setns needs SYS_ADMIN), found
 * where the engine keeps them; only labs with an overlay get this one.
 */
const OVERLAY_CAPS = [...HOST_CAPS, 'SYS_ADMIN'];
const ENGINE_NETNS = '/var/run/docker/netns';
/** Where the host sidecar sees the engine's network namespaces. */
export const SIDECAR_NETNS = '/run/engine-netns';
const IDLE = ['/bin/sh', '-c', "trap 'exit 0' TERM INT; while :; do sleep 3600 & wait $!; done"];

/**
 * A node's sidecar joins the node's network namespace (its owner's, for a pod-style
 * sharer: `netContainerId`) and its PID namespace (the node's processes, its /etc files
 * through /proc/1/root, its namespace ids). The host's joins the host network namespace;
 * `overlays`: the Docker ids of the lab's swarm overlays, whose namespaces it enters.
 */
export type SidecarPlace =
  | { kind: 'node'; node: string; containerId: string; netContainerId?: string }
  | { kind: 'host'; overlays?: string[] };

/** Set in every sidecar process: the inspector leaves them out of the node's process list. */
export const SIDECAR_ENV = 'TOPOLAB_SIDECAR=1';

/**
 * What a sidecar is for, on its label: a container id, 'host', or the host with the
 * overlays it can see. The engine's namespace folder is not a shared mount on every
 * machine, so a namespace made after the sidecar started may not appear inside it: a
 * new set of overlays means a new sidecar.
 */
function targetOf(place: SidecarPlace): string {
  if (place.kind === 'node') return `${place.containerId}${place.netContainerId && place.netContainerId !== place.containerId ? `@${place.netContainerId}` : ''}+pid2`; // +pid2: joins the PID namespace, inspects (a label change makes old sidecars be replaced)
  return place.overlays?.length ? `host+overlay:${[...place.overlays].sort().join(',')}` : 'host';
}

/** A running sidecar for the place, created or restarted as needed; returns its name. */
export async function ensureSidecar(docker: Dockerode, lab: string, place: SidecarPlace): Promise<string> {
  const name = sidecarName(lab, place.kind === 'node' ? place.node : undefined);
  const target = targetOf(place);
  const existing = await docker.getContainer(name).inspect().catch((err) => (isNotFound(err) ? undefined : Promise.reject(err)));
  if (existing) {
    // A node replaced by `up` has a new namespace: a sidecar of the old one sees nothing.
    if (existing.Config.Labels?.[LABEL_TARGET] === target && existing.State.Running) return name;
    await docker.getContainer(name).remove({ force: true }).catch((err) => (isNotFound(err) ? undefined : Promise.reject(err)));
  }
  try {
    const container = await docker.createContainer({
      name,
      Image: HELPER_IMAGE,
      Cmd: IDLE,
      Env: [SIDECAR_ENV],
      Labels: { [LABEL_LAB]: lab, [LABEL_ROLE]: 'sidecar', [LABEL_ID]: name, [LABEL_TARGET]: target },
      HostConfig: {
        NetworkMode: place.kind === 'node' ? `container:${place.netContainerId ?? place.containerId}` : 'host',
        PidMode: place.kind === 'node' ? `container:${place.containerId}` : undefined,
        CapAdd: place.kind === 'node' ? NODE_CAPS : place.overlays?.length ? OVERLAY_CAPS : HOST_CAPS,
        AutoRemove: true,
        Mounts: place.kind === 'host' && place.overlays?.length ? [{ Type: 'bind', Source: ENGINE_NETNS, Target: SIDECAR_NETNS, ReadOnly: true }] : undefined,
      },
    });
    await container.start();
  } catch (err) {
    // Two traces raced to create it: the other one's is as good.
    if (isConflict(err)) return name;
    if (isNotFound(err) && /image/i.test(engineMessage(err))) {
      throw new DockerOperationError('starting a capture sidecar from', `image ${HELPER_IMAGE}`, 'the image is not on this engine (run `topolab images build`)', 404);
    }
    throw new DockerOperationError('starting capture sidecar', name, engineMessage(err), statusCode(err));
  }
  return name;
}

/** Removes the lab's sidecars: all of them, or those whose node container is in `targets`. */
export async function removeSidecars(docker: Dockerode, lab: string, targets?: ReadonlySet<string>): Promise<string[]> {
  const list = await docker.listContainers({ all: true, filters: JSON.stringify(labFilter(lab)) });
  // a node sidecar's target reads '<container>[@<network owner>]+pid': either going takes it along
  const joins = (label: string) => label.replace(/\+pid\d*$/, '').split('@');
  const doomed = list.filter((c) => c.Labels?.[LABEL_ROLE] === 'sidecar' && (!targets || joins(c.Labels?.[LABEL_TARGET] ?? '').some((id) => targets.has(id))));
  await Promise.all(doomed.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch((err) => (isNotFound(err) || isConflict(err) ? undefined : Promise.reject(err)))));
  return doomed.map((c) => c.Names[0]?.replace(/^\//, '') ?? c.Id);
}

/** ensureSidecar for many places with one container list: warm ones cost no inspect. */
export async function ensureSidecars(docker: Dockerode, lab: string, places: readonly SidecarPlace[]): Promise<string[]> {
  const list = await docker.listContainers({ filters: JSON.stringify({ label: [`${LABEL_LAB}=${lab}`, `${LABEL_ROLE}=sidecar`] }) });
  const warm = new Set(list.filter((c) => c.State === 'running').map((c) => `${c.Names[0]?.replace(/^\//, '')}|${c.Labels?.[LABEL_TARGET]}`));
  return Promise.all(places.map((place) => {
    const name = sidecarName(lab, place.kind === 'node' ? place.node : undefined);
    const target = targetOf(place);
    return warm.has(`${name}|${target}`) ? name : ensureSidecar(docker, lab, place);
  }));
}
