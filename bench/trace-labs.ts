// Labs for npm run bench:trace (bench/trace.ts).

/** 5 networks in a chain, 4 routers between them, client and server at the ends, 12 bystanders: 20 nodes. */
export function chainLab(): string {
  const nets = [1, 2, 3, 4, 5].map((k) => `  - {id: n${k}, driver: bridge, subnet: 10.89.${k}.0/24}`);
  const nodes: string[] = [];
  for (let r = 1; r <= 4; r++) {
    // router r is .253 on n(r) and .254 on n(r+1): back toward n1 via the previous router's .254
    const routes = [
      ...(r > 1 ? [`{to: 10.89.1.0/24, via: 10.89.${r}.254}`] : []),
      ...(r < 4 ? [`{to: 10.89.5.0/24, via: 10.89.${r + 1}.253}`] : []),
    ];
    nodes.push(`  - {id: r${r}, kind: router, interfaces: [{network: n${r}, ip: 10.89.${r}.253}, {network: n${r + 1}, ip: 10.89.${r + 1}.254}], routes: [${routes.join(', ')}]}`);
  }
  nodes.push('  - {id: client, interfaces: [{network: n1, ip: 10.89.1.10}], routes: [{to: 10.89.5.0/24, via: 10.89.1.253}]}');
  nodes.push('  - {id: server, interfaces: [{network: n5, ip: 10.89.5.10}], routes: [{to: 10.89.1.0/24, via: 10.89.5.254}]}');
  for (let i = 0; i < 14; i++) nodes.push(`  - {id: b${i}, interfaces: [{network: n${(i % 5) + 1}}]}`);
  return `topolab: 1\nname: bench-trace\nnetworks:\n${nets.join('\n')}\nnodes:\n${nodes.join('\n')}\n`;
}

/** 50 containers with two interfaces each: ~100 interfaces for the live-traffic sampler. */
export function wideLab(): string {
  const nets = Array.from({ length: 10 }, (_, k) => `  - {id: w${k}, driver: bridge, subnet: 10.88.${k}.0/24}`);
  const nodes = Array.from({ length: 50 }, (_, i) => `  - {id: c${i}, interfaces: [{network: w${i % 10}}, {network: w${(i + 1) % 10}}]}`);
  return `topolab: 1\nname: bench-traffic\nnetworks:\n${nets.join('\n')}\nnodes:\n${nodes.join('\n')}\n`;
}
