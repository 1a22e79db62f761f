// up → plan → up again → change → down, on the real engine: idempotence measured
// from the engine's own event stream, replacement limited to what changed, and a
// teardown that removes the lab's objects and nothing else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { vethLabPrefix } from '../../electron/lab/plan/naming';
import { cleanupLab, containerStart, docker, engineEventsDuring, hostLinks, labContainers, labNetworks, ping, topolab, writeLab } from './support/harness';

const LAB = 'itest-life';
const FOREIGN = `topolab-${LAB}-web`;
const YAML = `topolab: 1
name: ${LAB}
networks:
  - {id: front, driver: bridge}
  - {id: back, driver: bridge, internal: true}
  - {id: wire, driver: macvlan, mode: bridge}
nodes:
  - {id: web, interfaces: [{network: front}, {network: back}]}
  - {id: api, interfaces: [{network: back}, {network: wire}]}
  - {id: db, interfaces: [{network: back}], env: {ROLE: db}}
  - {id: spy, sharesNetworkWith: web}
`;
let file: string;

beforeAll(async () => {
  await cleanupLab(LAB);
  await docker('rm', '-f', FOREIGN).catch(() => undefined);
  file = writeLab(LAB, YAML);
});

afterAll(async () => {
  await topolab(['down', '--lab', LAB]);
  await cleanupLab(LAB);
  await docker('rm', '-f', FOREIGN).catch(() => undefined);
});

describe('lab lifecycle', () => {
  it('up builds the lab, with subnets planned automatically', async () => {
    const up = await topolab(['up', file]);
    expect(up.code, up.stdout + up.stderr).toBe(0);
    expect(up.stdout).toContain('Addresses planned');
    expect(await labContainers(LAB)).toEqual([`topolab-${LAB}-api`, `topolab-${LAB}-db`, `topolab-${LAB}-spy`, `topolab-${LAB}-web`]);
    expect(await labNetworks(LAB)).toEqual([`topolab-${LAB}-back`, `topolab-${LAB}-front`, `topolab-${LAB}-wire`]);
    const status = JSON.parse((await topolab(['status', file, '--json'])).stdout);
    const web = status.nodes.find((n: { id: string }) => n.id === 'web');
    expect(web.interfaces.map((i: { network: string }) => i.network)).toEqual(['front', 'back']);
    expect((await ping(`topolab-${LAB}-web`, 'db')).ok).toBe(true);
  });

  it('plan right after up is empty', async () => {
    const plan = await topolab(['plan', file, '--json']);
    expect(plan.code).toBe(0);
    expect(JSON.parse(plan.stdout).operations).toEqual([]);
    expect((await topolab(['plan', file])).stdout).toContain('No changes');
  });

  it('a second up makes no engine call that mutates anything', async () => {
    let second = { code: -1, stdout: '', stderr: '' };
    const events = await engineEventsDuring(async () => {
      second = await topolab(['up', file]);
    });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('up to date');
    expect(events).toEqual([]);
  });

  it('changing one node replaces only that node; the others keep PID and StartedAt', async () => {
    const before = Object.fromEntries(await Promise.all(['web', 'api', 'db', 'spy'].map(async (id) => [id, await containerStart(`topolab-${LAB}-${id}`)])));
    writeFileSync(file, YAML.replace('ROLE: db', 'ROLE: primary'));
    const plan = JSON.parse((await topolab(['plan', file, '--json'])).stdout);
    expect(plan.changes).toEqual([expect.objectContaining({ action: 'replace', subject: { kind: 'node', id: 'db' } })]);
    const up = await topolab(['up', file]);
    expect(up.code, up.stdout + up.stderr).toBe(0);
    for (const id of ['web', 'api', 'spy']) expect(await containerStart(`topolab-${LAB}-${id}`), id).toEqual(before[id]);
    expect((await containerStart(`topolab-${LAB}-db`)).pid).not.toBe(before.db.pid);
    expect(JSON.parse((await topolab(['plan', file, '--json'])).stdout).operations).toEqual([]);
  });

  it('down removes every container, network and veth of the lab, and a foreign look-alike survives', async () => {
    const vethPrefix = vethLabPrefix(LAB);
    expect(await hostLinks(vethPrefix)).toHaveLength(2); // the macvlan underlay pair
    const down = await topolab(['down', file]);
    expect(down.code, down.stderr).toBe(0);
    expect(await labContainers(LAB)).toEqual([]);
    expect(await labNetworks(LAB)).toEqual([]);
    expect(await docker('ps', '-a', '--filter', `name=topolab-${LAB}`, '--format', '{{.Names}}')).toBe('');
    expect(await docker('network', 'ls', '--filter', `name=topolab-${LAB}`, '--format', '{{.Name}}')).toBe('');
    expect(await hostLinks(vethPrefix)).toEqual([]);
    // Something named like a lab node but not made by topolab is not topolab's to remove.
    await docker('run', '-d', '--name', FOREIGN, '--network', 'none', 'topolab/node');
    expect((await topolab(['down', file])).code).toBe(0);
    expect(await docker('ps', '-a', '--filter', `name=${FOREIGN}`, '--format', '{{.Names}}')).toBe(FOREIGN);
    const again = await topolab(['down', '--lab', LAB]);
    expect(again.stdout).toContain('nothing on this engine');
    await docker('rm', '-f', FOREIGN);
  });
});
