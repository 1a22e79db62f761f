import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLab } from '../../../../electron/lab/model/parse';
import type { LabDocument } from '../../../../electron/lab/model/schema';
import { strokeWidthFor, totalBps } from '../../traffic/rates';
import { toFlow, type CanvasEdge } from '../mapping';
import { boundsOf, boxAt, boxesInside, buildScene, handlePoint, placeBoxes } from './scene';

function doc(name: string): LabDocument {
  const parsed = parseLab(readFileSync(join(__dirname, `../../../../templates/${name}.yaml`), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.diagnostics[0].message);
  return parsed.document;
}

describe('placeBoxes', () => {
  it('puts every node at its absolute position, members of a host offset by the host, hosts first', () => {
    const { nodes } = toFlow({ document: doc('overlay-two-hosts') });
    const boxes = placeBoxes(nodes);
    const host1 = boxes.find((b) => b.id === 'host1')!;
    const web = nodes.find((n) => n.id === 'web')!;
    const webBox = boxes.find((b) => b.id === 'web')!;
    expect(webBox.parent).toBe('host1');
    expect({ x: webBox.x, y: webBox.y }).toEqual({ x: host1.x + web.position.x, y: host1.y + web.position.y });
    const firstOther = boxes.findIndex((b) => b.kind !== 'host');
    expect(boxes.slice(firstOther).every((b) => b.kind !== 'host')).toBe(true);
    expect(boxes).toHaveLength(nodes.length);
  });

  it('moves a dragged host with its members, and only what was dragged', () => {
    const { nodes } = toFlow({ document: doc('overlay-two-hosts') });
    const before = placeBoxes(nodes);
    const host1 = before.find((b) => b.id === 'host1')!;
    const after = placeBoxes(nodes, new Map([['host1', { x: host1.x + 100, y: host1.y + 50 }]]));
    for (const b of before) {
      const a = after.find((x) => x.id === b.id)!;
      const follows = b.id === 'host1' || b.parent === 'host1';
      expect([a.x - b.x, a.y - b.y]).toEqual(follows ? [100, 50] : [0, 0]);
    }
  });

  it('carries selection, problems and the engine state', () => {
    const { nodes } = toFlow({
      document: doc('two-lans'), selected: ['client'],
      live: { server: { state: 'running', status: 'Up 2 s', interfaces: [] } },
      diagnostics: [{ severity: 'error', message: 'x', path: ['nodes', 0], subject: { kind: 'node', id: 'r1' } }] as never,
    });
    const boxes = placeBoxes(nodes);
    expect(boxes.find((b) => b.id === 'client')!.selected).toBe(true);
    expect(boxes.find((b) => b.id === 'server')!.state).toBe('running');
    expect(boxes.find((b) => b.id === 'r1')!.errors).toBe(1);
    expect(boxes.find((b) => b.id === 'lan1')!.state).toBeUndefined();
  });
});

describe('buildScene', () => {
  it('draws one link per edge, from handle to handle', () => {
    const { nodes, edges } = toFlow({ document: doc('two-lans') });
    const scene = buildScene(nodes, edges);
    expect(scene.links.map((l) => l.id)).toEqual(edges.map((e) => e.id));
    const client = scene.boxes.find((b) => b.id === 'client')!;
    const start = handlePoint(client, 'top');
    expect(scene.links[0].path.startsWith(`M${start.x},${start.y}`)).toBe(true);
  });

  it('skips hidden edges and edges to nodes that are not drawn', () => {
    const { nodes, edges } = toFlow({ document: doc('two-lans') });
    const extra: CanvasEdge[] = [{ ...edges[0], id: 'hidden', hidden: true }, { ...edges[0], id: 'dangling', target: 'nowhere' }];
    expect(buildScene(nodes, [...edges, ...extra]).links.map((l) => l.id)).toEqual(edges.map((e) => e.id));
  });

  it('marks the links a shown trace has reached, the current one apart', () => {
    const { nodes, edges } = toFlow({ document: doc('two-lans') });
    const traced: CanvasEdge[] = edges.map((e, i) => (i === 0 ? { ...e, data: { ...e.data!, trace: { role: 'request', ahead: false } } }
      : i === 1 ? { ...e, data: { ...e.data!, trace: { role: 'request', ahead: false, current: { step: 3, direction: 'out', durationMs: 400 } } } }
        : i === 2 ? { ...e, data: { ...e.data!, trace: { role: 'request', ahead: true } } } : e));
    expect(buildScene(nodes, traced).links.map((l) => l.trace)).toEqual(['path', 'current', undefined, undefined]);
  });

  it('gives a link with live traffic the width the near view gives it', () => {
    const { nodes, edges } = toFlow({ document: doc('two-lans') });
    const rates = { rxBps: 2e6, txBps: 1e6, rxPps: 10, txPps: 10 };
    const busy: CanvasEdge[] = edges.map((e, i) => (i === 0 ? { ...e, data: { ...e.data!, rates } } : e));
    const links = buildScene(nodes, busy).links;
    expect(links[0].load).toBe(strokeWidthFor(totalBps(rates)));
    expect(links[1].load).toBeUndefined();
  });

  it('has no bounds for an empty lab', () => {
    expect(buildScene([], []).bounds).toBeUndefined();
    expect(boundsOf([])).toBeUndefined();
  });

  it('bounds every box', () => {
    const { nodes, edges } = toFlow({ document: doc('two-lans') });
    const { bounds, boxes } = buildScene(nodes, edges);
    for (const b of boxes) {
      expect(b.x).toBeGreaterThanOrEqual(bounds!.x);
      expect(b.y + b.height).toBeLessThanOrEqual(bounds!.y + bounds!.height);
    }
    expect(boxes.some((b) => b.x === bounds!.x)).toBe(true);
  });
});

describe('boxAt', () => {
  it('finds a member before the host box around it, and the host on its bare area', () => {
    const { nodes, edges } = toFlow({ document: doc('overlay-two-hosts') });
    const scene = buildScene(nodes, edges);
    const web = scene.boxes.find((b) => b.id === 'web')!;
    const host1 = scene.boxes.find((b) => b.id === 'host1')!;
    expect(boxAt(scene, { x: web.x + 5, y: web.y + 5 })?.id).toBe('web');
    expect(boxAt(scene, { x: host1.x + 2, y: host1.y + 2 })?.id).toBe('host1');
    expect(boxAt(scene, { x: scene.bounds!.x - 50, y: scene.bounds!.y - 50 })).toBeUndefined();
  });
});

describe('handlePoint', () => {
  const box = { x: 10, y: 20, width: 100, height: 40 };
  it('puts each handle in the middle of its side', () => {
    expect(handlePoint(box, 'top')).toMatchObject({ x: 60, y: 20 });
    expect(handlePoint(box, 'bottom')).toMatchObject({ x: 60, y: 60 });
    expect(handlePoint(box, 'left')).toMatchObject({ x: 10, y: 40 });
    expect(handlePoint(box, 'in-right')).toMatchObject({ x: 110, y: 40 });
    expect(handlePoint(box, undefined)).toMatchObject({ x: 60, y: 20 });
  });
});

describe('boxesInside', () => {
  const boxes = placeBoxes(toFlow({ document: doc('two-lans') }).nodes);
  it('takes the boxes wholly inside the rectangle, not those it only touches', () => {
    const lan1 = boxes.find((b) => b.id === 'lan1')!;
    const client = boxes.find((b) => b.id === 'client')!;
    const right = Math.max(lan1.x + lan1.width, client.x + client.width); // lan1 is the wider
    const around = { x: lan1.x - 1, y: lan1.y - 1, width: right - lan1.x + 2, height: client.y + client.height - lan1.y + 2 };
    expect(boxesInside(boxes, around).map((b) => b.id)).toEqual(expect.arrayContaining(['lan1', 'client']));
    expect(boxesInside(boxes, { ...around, width: around.width - 5 }).map((b) => b.id)).not.toContain('lan1');
  });
  it('takes nothing from an empty rectangle', () => {
    expect(boxesInside(boxes, { x: -1e6, y: -1e6, width: 10, height: 10 })).toEqual([]);
  });
});
