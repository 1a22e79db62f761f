// Per-driver network rules: which fields a driver takes, macvlan/ipvlan modes and
// kernel support, overlays and swarm, and Docker's builtin networks.
import type { FieldPath } from './diagnostics';
import { IpvlanMode, MacvlanMode, isBuiltinNetwork, type NetworkDef, type NetworkDriverName } from './schema';
import { effectiveHost, forEachInterface, networkSubject, q, report, type Context } from './validate-context';

type NetworkField = keyof NetworkDef;

/** Fields that only some drivers take; anything else on another driver is an error. */
const DRIVER_ONLY: Partial<Record<NetworkField, NetworkDriverName[]>> = {
  icc: ['bridge'],
  encrypted: ['overlay'],
  parent: ['macvlan', 'ipvlan'],
  mode: ['macvlan', 'ipvlan'],
  // macvlan/ipvlan links take the parent's MTU; Docker has no MTU option for them.
  mtu: ['bridge', 'overlay'],
};

/** Fields that configure a network Docker owns; a builtin network cannot be reconfigured. */
const BUILTIN_FORBIDDEN: NetworkField[] = ['subnet', 'gateway', 'subnet6', 'gateway6', 'internal', 'mtu', 'icc', 'mode', 'parent', 'encrypted'];

export function checkNetworkDrivers(ctx: Context): void {
  (ctx.doc.networks ?? []).forEach((net, i) => {
    if (isBuiltinNetwork(net)) {
      checkBuiltin(ctx, net, i);
      return;
    }
    checkDriverOnlyFields(ctx, net, i);
    checkMtu(ctx, net, i);
    if (net.driver === 'macvlan' || net.driver === 'ipvlan') checkUnderlay(ctx, net, i);
    if (net.driver === 'overlay') checkOverlay(ctx, net, i);
  });
  checkDuplicateBuiltins(ctx);
  checkPassthru(ctx);
  checkSharedParents(ctx);
}

function checkBuiltin(ctx: Context, net: NetworkDef, i: number): void {
  const subject = networkSubject(net);
  if (net.builtin === true && net.driver !== 'bridge' && net.driver !== 'host' && net.driver !== 'none') {
    report(ctx, {
      severity: 'error', code: 'invalid-builtin', path: ['networks', i, 'builtin'], subject,
      message: `Network ${net.id}: \`builtin: true\` is only for the bridge driver (Docker's default docker0 network); Docker has no builtin ${net.driver} network.`,
      hint: 'Remove `builtin`, so that topolab creates this network.',
    });
    return;
  }
  if (net.builtin === false && (net.driver === 'host' || net.driver === 'none')) {
    report(ctx, {
      severity: 'error', code: 'invalid-builtin', path: ['networks', i, 'builtin'], subject,
      message: `Network ${net.id}: \`builtin: false\` cannot apply to the ${net.driver} driver; Docker's ${net.driver} network always exists and only one can.`,
      hint: 'Remove `builtin`.',
    });
  }
  const what = net.driver === 'bridge' ? "Docker's default bridge (docker0)" : `Docker's ${net.driver} network`;
  for (const field of BUILTIN_FORBIDDEN) {
    if (net[field] === undefined) continue;
    report(ctx, {
      severity: 'error', code: 'builtin-network-settings', path: ['networks', i, field], subject,
      message: `Network ${net.id} is ${what}, which topolab does not create, so \`${field}\` cannot be applied to it.`,
      hint: net.driver === 'bridge'
        ? `Remove \`${field}\`, or remove \`builtin: true\` so that topolab creates a bridge of its own with these settings.`
        : `Remove \`${field}\`.`,
    });
  }
}

function checkDriverOnlyFields(ctx: Context, net: NetworkDef, i: number): void {
  for (const [field, drivers] of Object.entries(DRIVER_ONLY) as [NetworkField, NetworkDriverName[]][]) {
    if (net[field] === undefined || drivers.includes(net.driver)) continue;
    report(ctx, {
      severity: 'error', code: 'option-not-for-driver', path: ['networks', i, field], subject: networkSubject(net),
      message: `Network ${net.id}: \`${field}\` applies only to ${drivers.join(' and ')} networks, and this one is ${net.driver}.`,
      hint: `Remove \`${field}\`, or change the driver to ${drivers.join(' or ')}.`,
    });
  }
}

function checkMtu(ctx: Context, net: NetworkDef, i: number): void {
  if (net.mtu === undefined || (net.mtu >= 68 && net.mtu <= 65535)) return;
  report(ctx, {
    severity: 'error', code: 'invalid-mtu', path: ['networks', i, 'mtu'], subject: networkSubject(net),
    message: `Network ${net.id}: \`mtu\` ${net.mtu} is outside 68–65535, the range Linux accepts.`,
    hint: 'Use a value such as 1500 (Ethernet) or 1450 (inside a VXLAN overlay), or remove `mtu`.',
  });
}

function checkUnderlay(ctx: Context, net: NetworkDef, i: number): void {
  const subject = networkSubject(net);
  const driver = net.driver as 'macvlan' | 'ipvlan';
  const modes: readonly string[] = driver === 'macvlan' ? MacvlanMode.options : IpvlanMode.options;
  if (net.mode !== undefined && !modes.includes(net.mode)) {
    report(ctx, {
      severity: 'error', code: 'invalid-mode', path: ['networks', i, 'mode'], subject,
      message: `Network ${net.id}: ${q(net.mode)} is not a ${driver} mode.`,
      hint: `Use one of ${modes.join(', ')} (default ${modes[0]}), or remove \`mode\`.`,
    });
  }
  if (driver === 'ipvlan' && (net.mode === 'l3' || net.mode === 'l3s') && net.gateway !== undefined) {
    report(ctx, {
      severity: 'error', code: 'ipvlan-l3-gateway', path: ['networks', i, 'gateway'], subject,
      message: `Network ${net.id} is ipvlan ${net.mode}: containers route through the parent interface, so there is no gateway and \`gateway\` cannot be set.`,
      hint: 'Remove `gateway`, or use ipvlan mode l2 if you want a gateway.',
    });
  }
  // the facts are the local engine's kernel's: a remote host's kernel is its own
  const onLocalEngine = ctx.hosts.get(effectiveHost(ctx, net.host))?.def.kind !== 'remote';
  const supported = driver === 'macvlan' ? ctx.facts.macvlanSupported : ctx.facts.ipvlanSupported;
  if (supported === false && onLocalEngine) {
    report(ctx, {
      severity: 'error', code: driver === 'macvlan' ? 'macvlan-unsupported' : 'ipvlan-unsupported', path: ['networks', i, 'driver'], subject,
      message: `This Docker host's kernel cannot make ${driver} links, so network ${net.id} cannot be created.`,
      hint: driver === 'ipvlan'
        ? 'Use the macvlan driver instead, or a Docker host whose kernel has the ipvlan module.'
        : 'Use the ipvlan or bridge driver instead, or a Docker host whose kernel has the macvlan module.',
    });
  }
  if (net.parent === undefined) {
    report(ctx, {
      severity: 'info', code: 'isolated-underlay', path: ['networks', i], subject,
      message: `Network ${net.id} has no \`parent\`: topolab creates an isolated veth pair as its underlay and removes it on \`down\`.`,
      hint: "Nothing to do; name a host interface in `parent` only to reach the machine's real network.",
    });
  }
}

function checkOverlay(ctx: Context, net: NetworkDef, i: number): void {
  const subject = networkSubject(net);
  if (net.host !== undefined) {
    report(ctx, {
      severity: 'error', code: 'overlay-host', path: ['networks', i, 'host'], subject,
      message: `Network ${net.id} is an overlay, which spans every host of the swarm, so it cannot be pinned to host ${net.host}.`,
      hint: 'Remove `host` from the overlay network, or use a bridge network on that host.',
    });
  }
  // Only overlays used on the local engine need its swarm; virtual hosts form their own.
  const onVirtualHostsOnly = (overlay: NetworkDef) => {
    const users = (ctx.doc.nodes ?? []).filter((node) => node.interfaces?.some((iface) => iface.network === overlay.id));
    return users.length > 0 && users.every((node) => ctx.hosts.get(effectiveHost(ctx, node.host))?.def.kind === 'virtual');
  };
  const firstOverlay = (ctx.doc.networks ?? []).findIndex((n) => n.driver === 'overlay' && !onVirtualHostsOnly(n));
  if (ctx.facts.swarmActive === false && firstOverlay === i) {
    report(ctx, {
      severity: 'info', code: 'swarm-init', path: ['networks', i, 'driver'], subject,
      message: 'topolab will initialise a single-node swarm on this engine, since overlay networks need one.',
      hint: '`topolab down` leaves the swarm in place; run `docker swarm leave --force` to remove it.',
    });
  }
}

/** Two lab networks naming the same Docker network would attach a node to it twice. */
function checkDuplicateBuiltins(ctx: Context): void {
  const seen = new Map<string, string>();
  (ctx.doc.networks ?? []).forEach((net, i) => {
    if (!isBuiltinNetwork(net)) return;
    const first = seen.get(net.driver);
    if (first === undefined) {
      seen.set(net.driver, net.id);
      return;
    }
    report(ctx, {
      severity: 'error', code: 'duplicate-builtin', path: ['networks', i, 'driver'], subject: networkSubject(net),
      message: `Network ${net.id} and network ${first} are both Docker's builtin ${net.driver} network.`,
      hint: `Keep one of them and point interfaces at network ${first}.`,
    });
  });
}

/** A passthru macvlan hands the whole parent to one container. */
function checkPassthru(ctx: Context): void {
  const firstUser = new Map<string, string>();
  forEachInterface(ctx, (node, i, iface, j) => {
    const net = ctx.networks.get(iface.network)?.def;
    if (!net || net.driver !== 'macvlan' || net.mode !== 'passthru') return;
    const first = firstUser.get(net.id);
    if (first === undefined) {
      firstUser.set(net.id, node.id);
      return;
    }
    report(ctx, {
      severity: 'error', code: 'passthru-single-node', path: ['nodes', i, 'interfaces', j, 'network'], subject: { kind: 'node', id: node.id },
      message: `Node ${node.id} attaches to network ${net.id}, a macvlan in passthru mode, which node ${first} already uses; passthru gives the parent interface to a single container.`,
      hint: `Attach only one node to ${net.id}, or use macvlan mode bridge.`,
    });
  });
}

/** Docker refuses a second macvlan/ipvlan network on a parent that one already uses. */
function checkSharedParents(ctx: Context): void {
  const owners = new Map<string, string>();
  (ctx.doc.networks ?? []).forEach((net, i) => {
    if ((net.driver !== 'macvlan' && net.driver !== 'ipvlan') || net.parent === undefined) return;
    const key = `${net.host ?? ''}|${net.parent}`;
    const first = owners.get(key);
    if (first === undefined) {
      owners.set(key, net.id);
      return;
    }
    const path: FieldPath = ['networks', i, 'parent'];
    report(ctx, {
      severity: 'error', code: 'parent-in-use', path, subject: networkSubject(net),
      message: `Network ${net.id}: parent ${q(net.parent)} is already the parent of network ${first}; Docker allows one macvlan/ipvlan network per parent interface.`,
      hint: `Use a VLAN sub-interface (e.g. ${net.parent}.20) as parent, or leave \`parent\` out for an isolated underlay.`,
    });
  });
}
