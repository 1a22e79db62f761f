// Name-resolution expectations checked for real: a name in the node's /etc/hosts, a
// name Docker's embedded DNS holds for the node's network (asked of 127.0.0.11 from the
// node's namespace, also for a pod-style sharer), and names decided without any query —
// on Docker's default bridge (no embedded DNS) and on a network the node is not on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupLab, topolab, writeLab } from './support/harness';

const LAB = 'itest-resolve';
const YAML = `topolab: 1
name: ${LAB}
networks:
  - {id: d0, driver: bridge, builtin: true}
  - {id: lan, driver: bridge, subnet: 10.87.1.0/24}
  - {id: other, driver: bridge, subnet: 10.87.2.0/24}
nodes:
  - {id: old, interfaces: [{network: d0}]}
  - {id: old2, interfaces: [{network: d0}]}
  - {id: a, interfaces: [{network: lan, ip: 10.87.1.10}]}
  - {id: b, interfaces: [{network: lan, ip: 10.87.1.11, aliases: [www]}]}
  - {id: pod, sharesNetworkWith: a}
  - {id: far, interfaces: [{network: other, ip: 10.87.2.10}]}
expectations:
  - {from: a, resolves: b, resolvable: true, address: 10.87.1.11}
  - {from: pod, resolves: www, resolvable: true}
  - {from: a, resolves: far, resolvable: false}
  - {from: old, resolves: old2, resolvable: false}
  - {from: old, resolves: old, resolvable: true}
  - {from: old, to: old2, reachable: true}
  - {from: a, resolves: b, resolvable: true, address: 10.87.1.99}
  - {from: old, resolves: old2, resolvable: true}
  - {from: a, resolves: old, resolvable: true}
`;

interface Report { ok: boolean; results: { index: number; text: string; outcome: 'pass' | 'fail'; detail: string; nodes: string[] }[] }

beforeAll(async () => {
  await cleanupLab(LAB);
}, 60_000);

afterAll(async () => {
  await topolab(['down', '--lab', LAB]);
  await cleanupLab(LAB);
});

describe('name resolution expectations', () => {
  it('answer from /etc/hosts or Docker’s embedded DNS, and say why a name does not resolve without asking', async () => {
    const out = await topolab(['test', writeLab(LAB, YAML), '--json']);
    expect(out.code, out.stderr).toBe(1);
    const report = JSON.parse(out.stdout) as Report;
    const rows = report.results;
    expect(rows.map((r) => r.outcome), JSON.stringify(rows, null, 1)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass', 'pass', 'fail', 'fail', 'fail']);
    expect(rows[0]).toMatchObject({ text: 'a resolves b to 10.87.1.11', nodes: ['a', 'b'] });
    expect(rows[0].detail).toBe("b → 10.87.1.11 from Docker's embedded DNS (127.0.0.11), for a on lan");
    // a pod-style sharer resolves through its owner's namespace: the alias www is b
    expect(rows[1].detail).toMatch(/^www → 10\.87\.1\.11 from Docker's embedded DNS/);
    expect(rows[2].detail).toMatch(/^far is far on other, which a is not on/);
    expect(rows[3]).toMatchObject({ text: 'old cannot resolve old2' });
    expect(rows[3].detail).toMatch(/^old has no embedded DNS: it is only on Docker's default bridge, whose containers get the host's resolv\.conf .*old2 is not in its \/etc\/hosts\. topolab never asks a DNS server outside the lab\.$/);
    expect(rows[4].detail).toMatch(/^old is in old's \/etc\/hosts: 172\.\d+\.\d+\.\d+/);
    // the default bridge reaches by address: the node id is looked up in the engine
    expect(rows[5].detail).toMatch(/deliver/i);
    expect(rows[6].detail).toMatch(/^b → 10\.87\.1\.11 .*; not 10\.87\.1\.99$/);
    expect(rows[7].detail).toBe(rows[3].detail);
    expect(rows[8].detail).toMatch(/^old is only on Docker's default bridge, where Docker registers no names/);
  }, 180_000);
});
