// Names, ids, references between objects, and the hosts list.
import { formatPath, type FieldPath } from './diagnostics';
import { LOCAL_HOST_ID } from './schema';
import { hostSubject, networkSubject, nodeSubject, q, report, type Context, type Subject } from './validate-context';

// Every Docker object is named `<lab>-<id>`: the lab name must be a valid start of a
// Docker name, and ids must also be DNS labels since node ids are DNS names.
const LAB_NAME = /^[a-z0-9][a-z0-9_.-]*$/;
const ID = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const MAX_LENGTH = 40;

export function checkLabName(ctx: Context): void {
  const name = ctx.doc.name;
  if (LAB_NAME.test(name) && name.length <= MAX_LENGTH) return;
  const why = name.length > MAX_LENGTH
    ? `is ${name.length} characters long (at most ${MAX_LENGTH})`
    : 'may only hold lowercase letters, digits, `_`, `.` and `-`, and must start with a letter or digit';
  report(ctx, {
    severity: 'error', code: 'invalid-lab-name', path: ['name'],
    message: `Lab name ${q(name)} ${why}; it prefixes every Docker object the lab creates.`,
    hint: `Use a short lowercase name such as ${q(suggestId(name) || 'my-lab')}.`,
  });
}

interface Entry { kind: Subject['kind']; id: string; path: FieldPath }

function entries(ctx: Context): Entry[] {
  const list = (kind: Subject['kind'], section: 'hosts' | 'networks' | 'nodes') =>
    (ctx.doc[section] ?? []).map((item, i): Entry => ({ kind, id: item.id, path: [section, i, 'id'] }));
  return [...list('host', 'hosts'), ...list('network', 'networks'), ...list('node', 'nodes')];
}

export function checkIds(ctx: Context): void {
  const seen = new Map<string, Entry>();
  for (const entry of entries(ctx)) {
    const subject = { kind: entry.kind, id: entry.id };
    if (!ID.test(entry.id) || entry.id.length > MAX_LENGTH) {
      report(ctx, {
        severity: 'error', code: 'invalid-id', path: entry.path, subject,
        message: `The id ${q(entry.id)} of this ${entry.kind} is not valid: ids are 1–${MAX_LENGTH} lowercase letters, digits and inner dashes (they become Docker names and DNS names).`,
        hint: `Rename it, e.g. ${q(suggestId(entry.id) || `${entry.kind}1`)}, and update the references to it.`,
      });
    }
    const first = seen.get(entry.id);
    if (first) {
      report(ctx, {
        severity: 'error', code: 'duplicate-id', path: entry.path, subject,
        message: `The id ${q(entry.id)} of this ${entry.kind} is already used by ${first.kind} at ${formatPath(first.path.slice(0, -1))}; ids must be unique across hosts, networks and nodes.`,
        hint: `Give this ${entry.kind} another id.`,
      });
    } else {
      seen.set(entry.id, entry);
    }
  }
}

export function checkReferences(ctx: Context): void {
  const hostIds = new Set(ctx.hosts.keys());
  // No hosts list means one implicit host, `local`.
  if (!ctx.doc.hosts) hostIds.add(LOCAL_HOST_ID);
  const hostChoices = [...hostIds].join(', ') || '(none)';

  (ctx.doc.networks ?? []).forEach((net, i) => {
    if (net.host !== undefined && !hostIds.has(net.host)) {
      dangling(ctx, ['networks', i, 'host'], networkSubject(net), `Network ${net.id}`, 'host', net.host, hostChoices);
    }
  });
  const networkChoices = [...ctx.networks.keys()].join(', ') || '(none)';
  const nodeChoices = [...ctx.nodes.keys()].join(', ') || '(none)';
  (ctx.doc.nodes ?? []).forEach((node, i) => {
    const subject = nodeSubject(node);
    if (node.host !== undefined && !hostIds.has(node.host)) {
      dangling(ctx, ['nodes', i, 'host'], subject, `Node ${node.id}`, 'host', node.host, hostChoices);
    }
    if (node.sharesNetworkWith !== undefined && !ctx.nodes.has(node.sharesNetworkWith)) {
      dangling(ctx, ['nodes', i, 'sharesNetworkWith'], subject, `Node ${node.id}`, 'node', node.sharesNetworkWith, nodeChoices);
    }
    (node.interfaces ?? []).forEach((iface, j) => {
      if (!ctx.networks.has(iface.network)) {
        dangling(ctx, ['nodes', i, 'interfaces', j, 'network'], subject, `Node ${node.id}`, 'network', iface.network, networkChoices);
      }
    });
  });
}

function dangling(ctx: Context, path: FieldPath, subject: Subject, owner: string, kind: string, id: string, choices: string): void {
  const field = String(path[path.length - 1]);
  report(ctx, {
    severity: 'error', code: 'dangling-reference', path, subject,
    message: `${owner}: \`${field}\` refers to ${kind} ${q(id)}, which is not defined in this lab.`,
    hint: `Use one of the defined ${kind} ids (${choices}), or add a ${kind} ${q(id)}.`,
  });
}

export function checkLayout(ctx: Context): void {
  const known = new Set<string>([...ctx.hosts.keys(), ...ctx.networks.keys(), ...ctx.nodes.keys()]);
  // The implicit local host is drawn on the canvas too, so it may have a position.
  if (!ctx.doc.hosts) known.add(LOCAL_HOST_ID);
  for (const key of Object.keys(ctx.doc.layout ?? {})) {
    if (known.has(key)) continue;
    report(ctx, {
      severity: 'warning', code: 'dangling-layout', path: ['layout', key],
      message: `The layout has a position for ${q(key)}, but no host, network or node has that id.`,
      hint: `Remove \`layout.${key}\` (topolab drops it when it saves the lab), or rename it to an existing id.`,
    });
  }
}

const REMOTE_URL = /^(ssh|tcp|unix|npipe):\/\/\S+$/;

export function checkHosts(ctx: Context): void {
  let firstLocal: string | undefined;
  (ctx.doc.hosts ?? []).forEach((host, i) => {
    const subject = hostSubject(host);
    if (host.kind === 'local') {
      if (firstLocal !== undefined) {
        report(ctx, {
          severity: 'error', code: 'multiple-local-hosts', path: ['hosts', i, 'kind'], subject,
          message: `Host ${host.id} is a second \`local\` host; host ${firstLocal} already is the engine topolab is connected to.`,
          hint: 'Keep one local host; make the others `virtual` (a nested engine) or `remote`.',
        });
      }
      firstLocal ??= host.id;
    }
    checkHostTarget(ctx, host, i, subject);
  });
}

/** A remote host needs exactly one way to reach it; other hosts need none. */
function checkHostTarget(ctx: Context, host: NonNullable<Context['doc']['hosts']>[number], i: number, subject: Subject): void {
  const problem = (path: FieldPath, message: string, hint: string) =>
    report(ctx, { severity: 'error', code: 'remote-host-target', path, subject, message, hint });
  if (host.kind !== 'remote') {
    for (const field of ['context', 'url'] as const) {
      if (host[field] !== undefined) {
        problem(['hosts', i, field], `Host ${host.id} is ${host.kind}, but has \`${field}\`, which only a remote host uses.`, `Remove \`${field}\`, or set \`kind: remote\`.`);
      }
    }
    return;
  }
  if (host.context === undefined && host.url === undefined) {
    problem(['hosts', i], `Remote host ${host.id} has neither \`context\` nor \`url\`, so topolab cannot reach it.`, 'Add `context:` (a Docker context name) or `url:` (e.g. ssh://user@host).');
  } else if (host.context !== undefined && host.url !== undefined) {
    problem(['hosts', i, 'url'], `Remote host ${host.id} has both \`context\` and \`url\`; topolab would not know which to use.`, 'Keep only one of them.');
  } else if (host.url !== undefined && !REMOTE_URL.test(host.url)) {
    problem(['hosts', i, 'url'], `Remote host ${host.id}: \`url\` ${q(host.url)} is not a Docker host URL.`, 'Write it as ssh://user@host, tcp://host:2376 or unix:///path/to/docker.sock.');
  }
}

/** A best-effort valid id from an invalid one, for hints. */
export function suggestId(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, MAX_LENGTH).replace(/-+$/, '');
}
