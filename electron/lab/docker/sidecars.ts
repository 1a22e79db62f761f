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

/** `overlays`: the Docker ids of the lab's swarm overlays, whose namespaces the host sidecar enters. */
export type SidecarPlace = { kind: 'node'; node: string; containerId: string } | { kind: 'host'; overlays?: string[] };

/**
 * What a sidecar is for, on its label: a container id, 'host', or the host with the
 * overlays it can see. The engine's namespace folder is not a shared mount on every
 * machine, so a namespace made after the sidecar started may not appear inside it: a
 * new set of overlays means a new sidecar.
 */
function targetOf(place: SidecarPlace): string {
  if (place.kind === 'node') return place.containerId;
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
      Labels: { [LABEL_LAB]: lab, [LABEL_ROLE]: 'sidecar', [LABEL_ID]: name, [LABEL_TARGET]: target },
      HostConfig: {
        NetworkMode: place.kind === 'node' ? `container:${place.containerId}` : 'host',
        CapAdd: place.kind === 'node' ? CAPTURE_CAPS : place.overlays?.length ? OVERLAY_CAPS : HOST_CAPS,
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
  const doomed = list.filter((c) => c.Labels?.[LABEL_ROLE] === 'sidecar' && (!targets || targets.has(c.Labels?.[LABEL_TARGET] ?? '')));
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
