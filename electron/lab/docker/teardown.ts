// `down`: remove everything a lab created, and nothing it did not. Objects are found
// by the io.topolab.lab label only — a container merely *named* like a lab node is
// never touched. Lab veths are the ones named by the lab's networks (io.topolab.veth)
// or carrying the lab's ifalias on the engine host.
import type Dockerode from 'dockerode';
import { LABEL_ID, LABEL_LAB, LABEL_ROLE, LABEL_VETH, isToolRole, labFilter } from '../plan/naming';
import { removeNestedCgroups } from '../hosts/cgroups';
import { engineMessage, isNotFound } from './errors';
import { HELPER_IMAGE, runHelper, shellQuote } from './exec';
import { vethAlias } from './operations';
import { mapBounded } from './pool';
import { removeContainerSettled, removeNetworkPatiently } from './removal';

export type TeardownObjectKind = 'container' | 'network' | 'veth' | 'helper';

export type TeardownEvent =
  | { type: 'removed'; kind: TeardownObjectKind; name: string }
  | { type: 'failed'; kind: TeardownObjectKind; name: string; message: string };

export interface TeardownOptions {
  onEvent?: (event: TeardownEvent) => void;
  /** Removals in flight at most (default 8). */
  concurrency?: number;
}

export interface TeardownResult {
  removedContainers: string[];
  removedNetworks: string[];
  removedVeths: string[];
  /** What could not be removed, with the engine's words (e.g. a foreign container still attached to a lab network). */
  failed: { kind: TeardownObjectKind; name: string; message: string }[];
}

const nameOf = (c: Dockerode.ContainerInfo) => (c.Names?.[0] ?? c.Id).replace(/^\//, '');

async function imageExists(docker: Dockerode, image: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return true;
  } catch {
    return false;
  }
}

export async function teardownLab(docker: Dockerode, lab: string, opts: TeardownOptions = {}): Promise<TeardownResult> {
  const limit = opts.concurrency ?? 8;
  const emit = (event: TeardownEvent) => {
    try {
      opts.onEvent?.(event);
    } catch {
      // a listener's failure is not the teardown's
    }
  };
  const result: TeardownResult = { removedContainers: [], removedNetworks: [], removedVeths: [], failed: [] };
  const fail = (kind: TeardownObjectKind, name: string, err: unknown) => {
    const message = `removing ${kind} ${name}: ${engineMessage(err)}`;
    result.failed.push({ kind, name, message });
    emit({ type: 'failed', kind, name, message });
  };
  /** Removes each object (already gone counts as removed), bounded, recording what failed. */
  const removeEach = <T>(items: T[], kind: TeardownObjectKind, name: (item: T) => string, remove: (item: T) => Promise<unknown>, removed?: string[]) =>
    mapBounded(items, limit, async (item) => {
      try {
        await remove(item).catch((err) => (isNotFound(err) ? undefined : Promise.reject(err)));
        removed?.push(name(item));
        emit({ type: 'removed', kind, name: name(item) });
      } catch (err) {
        fail(kind, name(item), err);
      }
    });
  const filters = JSON.stringify(labFilter(lab));

  // 0. capture sidecars first: they hold on to the namespaces of the nodes they joined
  const containers = await docker.listContainers({ all: true, filters });
  const sidecars = containers.filter((c) => c.Labels?.[LABEL_LAB] === lab && c.Labels?.[LABEL_ROLE] === 'sidecar');
  await removeEach(sidecars, 'helper', nameOf, (c) => docker.getContainer(c.Id).remove({ force: true }));

  // 1. containers (helpers of a running operation too: they are the lab's). Listed twice:
  //    an interrupted `up` may have had a create in flight that the engine finished after
  //    the first listing, and that container would hold its networks.
  const isNode = (c: Dockerode.ContainerInfo) => c.Labels?.[LABEL_LAB] === lab && !isToolRole(c.Labels?.[LABEL_ROLE]);
  const removeNode = (c: Dockerode.ContainerInfo) => removeContainerSettled(docker, c.Id);
  const nodes = containers.filter(isNode);
  await removeEach(nodes, 'container', nameOf, removeNode, result.removedContainers);
  const seen = new Set(nodes.map((c) => c.Id));
  const lateNodes = (await docker.listContainers({ all: true, filters })).filter((c) => isNode(c) && !seen.has(c.Id));
  await removeEach(lateNodes, 'container', nameOf, removeNode, result.removedContainers);

  // 1b. the cgroup trees nested engines left in the machine's (shared) cgroup hierarchy
  const hostIds = [...nodes, ...lateNodes].filter((c) => c.Labels?.[LABEL_ROLE] === 'host' && result.removedContainers.includes(nameOf(c))).map((c) => c.Labels?.[LABEL_ID] ?? '');
  if (hostIds.length > 0) {
    await removeNestedCgroups(docker, lab, hostIds).catch((err) => fail('helper', `cgroups of ${hostIds.join(', ')}`, err));
  }

  // 2. networks, remembering the veths they stand on
  const networks = ((await docker.listNetworks({ filters })) as { Id: string; Name: string; Labels?: Record<string, string> | null }[]).filter(
    (n) => n.Labels?.[LABEL_LAB] === lab,
  );
  const veths = [...new Set(networks.map((n) => n.Labels?.[LABEL_VETH]).filter((v): v is string => !!v))];
  await removeEach(networks, 'network', (n) => n.Name, (n) => removeNetworkPatiently(docker, n.Id, n.Name), result.removedNetworks);

  // 3. veths on the engine host: the ones named by networks, and any carrying the lab's alias.
  //    With no veth named, this needs the helper image; without it there is nothing the lab can have made.
  if (veths.length || (await imageExists(docker, HELPER_IMAGE))) {
    const removedNetworkVeths = new Set(networks.filter((n) => result.removedNetworks.includes(n.Name)).map((n) => n.Labels?.[LABEL_VETH]));
    // A veth whose network is still there (removal failed) is still in use: keep it.
    const named = veths.filter((v) => removedNetworkVeths.has(v));
    const alias = shellQuote(vethAlias(lab));
    const script = [
      `for n in ${named.map(shellQuote).join(' ')}; do if ip link show "$n" >/dev/null 2>&1; then ip link del "$n" && echo "removed $n"; fi; done`,
      `for d in /sys/class/net/*; do n=\${d##*/}; a=; read -r a < "$d/ifalias" 2>/dev/null; ` +
        `if [ "$a" = ${alias} ]; then ip link del "$n" 2>/dev/null && echo "removed $n"; fi; done`,
      'exit 0',
    ].join('\n');
    try {
      const out = await runHelper(docker, { lab, cmd: ['sh', '-c', script], networkMode: 'host', capAdd: ['NET_ADMIN'] });
      if (out.exitCode !== 0) throw new Error(out.stderr.trim() || `exit code ${out.exitCode}`);
      for (const line of out.stdout.split('\n')) {
        const name = /^removed (\S+)$/.exec(line.trim())?.[1];
        if (name) {
          result.removedVeths.push(name);
          emit({ type: 'removed', kind: 'veth', name });
        }
      }
    } catch (err) {
      fail('veth', named.join(', ') || `(veths of lab ${lab})`, err);
    }
  }

  // 4. helpers left behind (e.g. by a crash mid-operation)
  const helpers = (await docker.listContainers({ all: true, filters })).filter(
    (c) => c.Labels?.[LABEL_LAB] === lab && c.Labels?.[LABEL_ROLE] === 'helper',
  );
  await removeEach(helpers, 'helper', nameOf, (c) => docker.getContainer(c.Id).remove({ force: true }));

  result.removedContainers.sort();
  result.removedNetworks.sort();
  result.removedVeths.sort();
  return result;
}

export interface LabSummary {
  lab: string;
  /** Lab nodes (helpers not counted). */
  containers: number;
  networks: number;
}

/** Every lab present on the engine, by label. */
export async function listLabs(docker: Dockerode): Promise<LabSummary[]> {
  const filters = JSON.stringify({ label: [LABEL_LAB] });
  const [containers, networks] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listNetworks({ filters }) as Promise<{ Labels?: Record<string, string> | null }[]>,
  ]);
  const labs = new Map<string, LabSummary>();
  const entry = (lab: string) => {
    let summary = labs.get(lab);
    if (!summary) labs.set(lab, (summary = { lab, containers: 0, networks: 0 }));
    return summary;
  };
  for (const c of containers) {
    const lab = c.Labels?.[LABEL_LAB];
    if (lab && !isToolRole(c.Labels?.[LABEL_ROLE])) entry(lab).containers++;
  }
  for (const n of networks) {
    const lab = n.Labels?.[LABEL_LAB];
    if (lab) entry(lab).networks++;
  }
  return [...labs.values()].sort((a, b) => a.lab.localeCompare(b.lab));
}
