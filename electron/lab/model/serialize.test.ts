import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { parseLab } from './parse';
import { serializeLab } from './serialize';
import type { LabDocument } from './schema';

const templatesDir = new URL('../../../templates/', import.meta.url);

function parsed(text: string): LabDocument {
  const result = parseLab(text);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return result.document;
}

describe('serializeLab', () => {
  it('round-trips every template: parse(serialize(doc)) equals doc', () => {
    for (const file of readdirSync(templatesDir).filter((f) => f.endsWith('.yaml'))) {
      const doc = parsed(readFileSync(new URL(file, templatesDir), 'utf8'));
      expect(parsed(serializeLab(doc)), file).toEqual(doc);
    }
  });

  it('round-trips every field the schema has', () => {
    const doc = parsed(`topolab: 1
name: full
description: every field
hosts: [{id: local, kind: local}]
networks:
  - {id: b, driver: bridge, subnet: 10.1.0.0/24, gateway: 10.1.0.1, subnet6: "fd00::/64", gateway6: "fd00::1", internal: true, mtu: 1400, icc: false, host: local, description: d}
  - {id: m, driver: macvlan, mode: private, parent: eth9}
  - {id: o, driver: overlay, encrypted: true}
  - {id: d0, driver: bridge, builtin: true}
nodes:
  - id: r
    kind: router
    image: x/y
    host: local
    hostname: rr
    command: [sleep, infinity]
    env: {A: 1, B: "two", C: true}
    ports: [{container: 80, host: 8080, hostIp: 127.0.0.1, proto: udp}]
    caps: [NET_ADMIN]
    sysctls: {net.ipv4.ip_forward: 1}
    routes: [{to: default, via: 10.1.0.254, dev: eth0}]
    interfaces: [{network: b, ip: 10.1.0.5, ip6: "fd00::5", aliases: [a1], mac: "02:42:0a:01:00:05"}, {network: m}]
  - {id: s, sharesNetworkWith: r, command: "echo hi"}
layout: {r: {x: 1, y: 2, width: 3, height: 4}}
`);
    expect(parsed(serializeLab(doc))).toEqual(doc);
  });

  it('writes fields in schema order and leaves the container default out', () => {
    const text = serializeLab(parsed('nodes: [{interfaces: [{network: n}], id: a}]\nnetworks: [{driver: bridge, id: n}]\nname: x\ntopolab: 1\n'));
    expect(text).toBe('topolab: 1\nname: x\nnetworks:\n  - id: n\n    driver: bridge\nnodes:\n  - id: a\n    interfaces:\n      - network: n\n');
  });
});
