// Subnets, gateways and interface addresses: syntax, family, containment, overlap
// and uniqueness. Only what is written is checked; the address planner fills the rest.
import type { FieldPath } from './diagnostics';
import { isBuiltinNetwork, type NetworkDef } from './schema';
import { forEachInterface, networkSubject, q, report, type Context, type Subject } from './validate-context';
import {
  broadcastAddress, contains, familyLabel, firstHostAddress, networkAddress, overlaps, parseCidr, parseIp,
  type Family, type ParsedCidr, type ParsedIp,
} from './validate-ip';

/** The valid, written subnets and gateways of one network. */
export interface NetworkAddressing {
  subnet?: ParsedCidr;
  subnet6?: ParsedCidr;
  /** Addresses an interface may not take, with why: network, broadcast, gateway. */
  reserved: Map<string, string>;
}

interface FieldSpec {
  subnet: 'subnet' | 'subnet6';
  gateway: 'gateway' | 'gateway6';
  family: Family;
}
const FIELDS: FieldSpec[] = [
  { subnet: 'subnet', gateway: 'gateway', family: 'ipv4' },
  { subnet: 'subnet6', gateway: 'gateway6', family: 'ipv6' },
];

/** Checks every network's subnets and gateways; returns what is usable for later rules. */
export function checkNetworkAddresses(ctx: Context): Map<string, NetworkAddressing> {
  const result = new Map<string, NetworkAddressing>();
  (ctx.doc.networks ?? []).forEach((net, i) => {
    const addressing: NetworkAddressing = { reserved: new Map() };
    // Builtin networks get their own diagnostic for any address field (validate-drivers).
    if (!isBuiltinNetwork(net)) {
      for (const spec of FIELDS) checkSubnetAndGateway(ctx, net, i, spec, addressing);
    }
    if (!result.has(net.id)) result.set(net.id, addressing);
  });
  checkOverlaps(ctx, result);
  return result;
}

function checkSubnetAndGateway(ctx: Context, net: NetworkDef, i: number, spec: FieldSpec, out: NetworkAddressing): void {
  const subject = networkSubject(net);
  const owner = `Network ${net.id}`;
  const subnetText = net[spec.subnet];
  let subnet: ParsedCidr | undefined;
  if (subnetText !== undefined) {
    subnet = readCidr(ctx, subnetText, ['networks', i, spec.subnet], subject, owner, spec.family);
    if (subnet) checkSubnetSize(ctx, subnet, ['networks', i, spec.subnet], subject, owner);
  }
  if (subnet) {
    out[spec.subnet] = subnet;
    out.reserved.set(networkAddress(subnet), 'the network address');
    const broadcast = broadcastAddress(subnet);
    if (broadcast) out.reserved.set(broadcast, 'the broadcast address');
  }
  const gatewayText = net[spec.gateway];
  if (gatewayText === undefined) {
    // Docker takes the first address as gateway, except ipvlan L3, which has none.
    const defaultGateway = subnet && !isIpvlanL3(net) ? firstHostAddress(subnet) : undefined;
    if (defaultGateway) out.reserved.set(defaultGateway, "the gateway (Docker's default: the first address)");
    return;
  }
  const path: FieldPath = ['networks', i, spec.gateway];
  if (subnetText === undefined) {
    report(ctx, {
      severity: 'error', code: 'gateway-without-subnet', path, subject,
      message: `${owner}: \`${spec.gateway}\` is written but \`${spec.subnet}\` is not; Docker only takes a gateway together with its subnet.`,
      hint: `Add \`${spec.subnet}:\` with the range that contains ${gatewayText}, or remove \`${spec.gateway}\`.`,
    });
    return;
  }
  const gateway = readIp(ctx, gatewayText, path, subject, owner, spec.family);
  if (!gateway || !subnet) return;
  if (checkInsideSubnet(ctx, gateway, subnet, out, { path, subject, what: `${owner}: gateway`, code: 'gateway' })) {
    out.reserved.set(gateway.text, 'the gateway');
  }
}

function isIpvlanL3(net: NetworkDef): boolean {
  return net.driver === 'ipvlan' && (net.mode === 'l3' || net.mode === 'l3s');
}

/** Docker needs room for a gateway and at least one container. */
function checkSubnetSize(ctx: Context, subnet: ParsedCidr, path: FieldPath, subject: Subject, owner: string): void {
  const max = subnet.family === 'ipv4' ? 30 : 126;
  if (subnet.prefix <= max) return;
  report(ctx, {
    severity: 'error', code: 'subnet-too-small', path, subject,
    message: `${owner}: subnet ${subnet.text} is too small to hold a gateway and a node.`,
    hint: `Use a prefix of /${max} or shorter, e.g. ${networkAddress(subnet)}/${subnet.family === 'ipv4' ? 24 : 64}.`,
  });
}

interface Place {
  path: FieldPath;
  subject: Subject;
  /** Start of the message, naming object and field: "Network lan1: gateway". */
  what: string;
  /** 'gateway' → gateway-outside-subnet / gateway-reserved; 'ip' → ip-outside-subnet / ip-reserved. */
  code: 'gateway' | 'ip';
}

/** Reports an address outside its subnet or on a reserved address; true when it is fine. */
function checkInsideSubnet(ctx: Context, ip: ParsedIp, subnet: ParsedCidr, addressing: NetworkAddressing, place: Place): boolean {
  const { path, subject } = place;
  if (!contains(subnet, ip)) {
    report(ctx, {
      severity: 'error', code: place.code === 'ip' ? 'ip-outside-subnet' : 'gateway-outside-subnet', path, subject,
      message: `${place.what} ${ip.text} is outside the subnet ${subnet.text}.`,
      hint: `Use an address inside ${subnet.text}, or change the subnet so that it contains ${ip.text}.`,
    });
    return false;
  }
  // The gateway itself is checked before it joins the reserved list, so it is only compared
  // with the network and broadcast addresses here.
  const why = addressing.reserved.get(ip.text);
  if (why) {
    report(ctx, {
      severity: 'error', code: place.code === 'ip' ? 'ip-reserved' : 'gateway-reserved', path, subject,
      message: `${place.what} ${ip.text} is ${why} of ${subnet.text}, which ${place.code === 'ip' ? 'a node' : 'the gateway'} cannot take.`,
      hint: `Pick another address inside ${subnet.text}${place.code === 'ip' ? ', or leave `ip` out and let topolab plan one' : ''}.`,
    });
    return false;
  }
  return true;
}

export function readCidr(ctx: Context, text: string, path: FieldPath, subject: Subject, owner: string, family?: Family): ParsedCidr | undefined {
  const field = String(path[path.length - 1]);
  const parsed = parseCidr(text);
  if (!parsed.ok) {
    report(ctx, {
      severity: 'error', code: 'invalid-cidr', path, subject,
      message: `${owner}: \`${field}\` ${q(text)} is not a valid CIDR range: ${parsed.reason}.`,
      hint: parsed.suggestion ? `Write ${q(parsed.suggestion)}.` : `Write a range such as ${family === 'ipv6' ? '`fd00:10::/64`' : '`10.10.1.0/24`'}.`,
    });
    return undefined;
  }
  if (family && parsed.value.family !== family) {
    familyMismatch(ctx, path, subject, owner, field, text, family);
    return undefined;
  }
  return parsed.value;
}

export function readIp(ctx: Context, text: string, path: FieldPath, subject: Subject, owner: string, family?: Family): ParsedIp | undefined {
  const field = String(path[path.length - 1]);
  const parsed = parseIp(text);
  if (!parsed.ok) {
    report(ctx, {
      severity: 'error', code: 'invalid-ip', path, subject,
      message: `${owner}: \`${field}\` ${q(text)} is not a valid address: ${parsed.reason}.`,
      hint: parsed.suggestion ? `Write ${q(parsed.suggestion)}.` : `Write an address such as ${family === 'ipv6' ? '`fd00:10::5`' : '`10.10.1.5`'}.`,
    });
    return undefined;
  }
  if (family && parsed.value.family !== family) {
    familyMismatch(ctx, path, subject, owner, field, text, family);
    return undefined;
  }
  return parsed.value;
}

function familyMismatch(ctx: Context, path: FieldPath, subject: Subject, owner: string, field: string, text: string, expected: Family): void {
  const other: Record<string, string> = { subnet: 'subnet6', subnet6: 'subnet', gateway: 'gateway6', gateway6: 'gateway', ip: 'ip6', ip6: 'ip' };
  const wrong = familyLabel(expected === 'ipv4' ? 'ipv6' : 'ipv4');
  report(ctx, {
    severity: 'error', code: 'ip-family-mismatch', path, subject,
    message: `${owner}: \`${field}\` takes an ${familyLabel(expected)} value, but ${q(text)} is ${wrong}.`,
    hint: other[field] ? `Move it to \`${other[field]}\`, or write an ${familyLabel(expected)} value here.` : `Write an ${familyLabel(expected)} value here.`,
  });
}

function checkOverlaps(ctx: Context, addressing: Map<string, NetworkAddressing>): void {
  const nets = ctx.doc.networks ?? [];
  for (const field of ['subnet', 'subnet6'] as const) {
    nets.forEach((net, i) => {
      const mine = addressing.get(net.id)?.[field];
      // A duplicate id has no addressing of its own (duplicate-id reports it).
      if (!mine || ctx.networks.get(net.id)?.index !== i) return;
      for (let j = 0; j < i; j++) {
        const theirs = ctx.networks.get(nets[j].id)?.index === j ? addressing.get(nets[j].id)?.[field] : undefined;
        if (!theirs || !overlaps(mine, theirs)) continue;
        report(ctx, {
          severity: 'error', code: 'subnet-overlap', path: ['networks', i, field], subject: networkSubject(net),
          message: `Network ${net.id}: ${field} ${mine.text} overlaps ${field} ${theirs.text} of network ${nets[j].id}; Docker refuses overlapping subnets and routing between them would be ambiguous.`,
          hint: `Give network ${net.id} a range that does not overlap ${theirs.text}, or leave \`${field}\` out and let topolab plan one.`,
        });
        break;
      }
    });
  }
}

/** Interface ip/ip6: valid, of the right family, inside the subnet, free, unique per network. */
export function checkInterfaceAddresses(ctx: Context, addressing: Map<string, NetworkAddressing>): void {
  // `${network}|${address}` → node that has it, to name it in ip-duplicate.
  const taken = new Map<string, string>();
  forEachInterface(ctx, (node, i, iface, j) => {
    const entry = ctx.networks.get(iface.network);
    if (!entry || isBuiltinNetwork(entry.def)) return; // dangling / builtin rules cover these
    const net = entry.def;
    const subject: Subject = { kind: 'node', id: node.id };
    const owner = `Node ${node.id}, interface on ${net.id}`;
    const specs = [
      { field: 'ip' as const, subnetField: 'subnet' as const, family: 'ipv4' as const },
      { field: 'ip6' as const, subnetField: 'subnet6' as const, family: 'ipv6' as const },
    ];
    for (const spec of specs) {
      const text = iface[spec.field];
      if (text === undefined) continue;
      const path: FieldPath = ['nodes', i, 'interfaces', j, spec.field];
      const ip = readIp(ctx, text, path, subject, owner, spec.family);
      if (!ip) continue;
      if (net[spec.subnetField] === undefined) {
        missingSubnet(ctx, path, subject, owner, net, spec.field, spec.subnetField, ip);
        continue;
      }
      const subnet = addressing.get(net.id)?.[spec.subnetField];
      const place: Place = { path, subject, what: `${owner}: ${spec.field}`, code: 'ip' };
      if (!subnet || !checkInsideSubnet(ctx, ip, subnet, addressing.get(net.id)!, place)) continue;
      const key = `${net.id}|${ip.text}`;
      const other = taken.get(key);
      if (other !== undefined) {
        report(ctx, {
          severity: 'error', code: 'ip-duplicate', path, subject,
          message: `${owner}: ${spec.field} ${ip.text} is already given to node ${other} on network ${net.id}.`,
          hint: `Give node ${node.id} or node ${other} another address, or leave \`${spec.field}\` out on one of them.`,
        });
      } else {
        taken.set(key, node.id);
      }
    }
  });
}

function missingSubnet(ctx: Context, path: FieldPath, subject: Subject, owner: string, net: NetworkDef, field: string, subnetField: string, ip: ParsedIp): void {
  const v6 = field === 'ip6';
  report(ctx, {
    severity: 'error', code: v6 ? 'ip6-without-subnet6' : 'ip-without-subnet', path, subject,
    message: v6
      ? `${owner}: \`ip6\` ${ip.text} is written, but network ${net.id} has no \`subnet6\`, so it has no IPv6.`
      : `${owner}: \`ip\` ${ip.text} is written, but network ${net.id} has no \`subnet\`; the subnet topolab plans might not contain it.`,
    hint: v6
      ? `Add \`subnet6:\` to network ${net.id} (a range that contains ${ip.text}), or remove \`ip6\`.`
      : `Write the network's \`${subnetField}\` when you fix addresses: add \`subnet:\` to network ${net.id}, or remove \`ip\`.`,
  });
}
