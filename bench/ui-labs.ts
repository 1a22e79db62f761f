// Generated labs for the canvas benchmark (bench/ui.ts): N canvas objects, 1.6 interface
// edges per object. A tenth are bridge networks, a tenth routers (each joins network k
// to k+1), the rest containers (three in four dual-homed on neighbouring networks).
// 500 objects → 50 networks, 50 routers, 400 containers, 800 edges. Addresses are left
// to the planner (as a user would); positions sit on a grid, objects next to the
// network they attach to, unless `layout` is false (then elkjs places everything).

export interface UiLab {
  name: string;
  objects: number;
  networks: number;
  routers: number;
  containers: number;
  edges: number;
  yaml: string;
}

const COLUMNS_MIN = 10;
const CELL = { x: 260, y: 140 };

export function uiLab(objects: number, options: { layout?: boolean } = {}): UiLab {
  const layout = options.layout ?? true;
  const networks = Math.max(2, Math.round(objects / 10));
  const routers = networks;
  const containers = objects - networks - routers;
  const perNet = containers / networks;
  const net = (k: number) => `n${((k % networks) + networks) % networks}`;

  // Ordered as they will sit on the grid: each network, then its machines.
  const order: string[][] = Array.from({ length: networks }, (_, k) => [net(k)]);
  const nodeLines: string[] = [];
  let edges = 0;
  for (let i = 0; i < containers; i++) {
    const home = Math.min(networks - 1, Math.floor(i / perNet));
    const ifaces = i % 4 === 0 ? [net(home)] : [net(home), net(home + 1)];
    edges += ifaces.length;
    nodeLines.push(`  - {id: c${i}, interfaces: [${ifaces.map((n) => `{network: ${n}}`).join(', ')}]}`);
    order[home].push(`c${i}`);
  }
  for (let r = 0; r < routers; r++) {
    edges += 2;
    nodeLines.push(`  - {id: r${r}, kind: router, interfaces: [{network: ${net(r)}}, {network: ${net(r + 1)}}]}`);
    order[r].push(`r${r}`);
  }
  const netLines = Array.from({ length: networks }, (_, k) => `  - {id: n${k}, driver: bridge, subnet: 10.${100 + Math.floor(k / 250)}.${k % 250}.0/24}`);

  const name = `ui-${objects}${layout ? '' : '-nolayout'}`;
  let yaml = `topolab: 1\nname: ${name}\nnetworks:\n${netLines.join('\n')}\nnodes:\n${nodeLines.join('\n')}\n`;
  if (layout) {
    const columns = Math.max(COLUMNS_MIN, Math.ceil(Math.sqrt(objects * (CELL.y / CELL.x))));
    const ids = order.flat();
    yaml += `layout:\n${ids.map((id, i) => `  ${id}: {x: ${(i % columns) * CELL.x}, y: ${Math.floor(i / columns) * CELL.y}}`).join('\n')}\n`;
  }
  return { name, objects, networks, routers, containers, edges, yaml };
}
