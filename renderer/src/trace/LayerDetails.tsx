import { useState } from 'react';
import type { TraceView } from '../../../electron/lab/api';
import { directionText, placeOf } from './where';

type TraceHop = TraceView['hops'][number];

/** The selected hop's headers, layer by layer (Ethernet II, IPv4, ICMP/TCP/UDP, payload),
 *  each collapsible; what is collapsed stays so from hop to hop. */
export function LayerDetails({ hop }: { hop?: TraceHop }) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set(['Payload']));
  if (!hop) return <div className="trace-layers empty" data-testid="trace-layers"><p className="panel-note">Click an event to see its headers.</p></div>;
  const where = placeOf(hop);
  const toggle = (name: string, open: boolean) => setCollapsed((prev) => {
    const next = new Set(prev);
    if (open) next.delete(name);
    else next.add(name);
    return next;
  });
  return (
    <div className="trace-layers" data-testid="trace-layers" data-hop={hop.index}>
      <h3>
        Hop {hop.index} · {where.name} <span className="iface">{where.detail}</span>
        <span className={`role-chip role-${hop.role}`}>{hop.role}</span>
      </h3>
      <p className="panel-note">{directionText(hop)} at {hop.timeMs.toFixed(2)} ms</p>
      {hop.rewrite && <p className="rewrite">NAT: {hop.rewrite}</p>}
      {hop.layers.map((layer) => (
        <details key={layer.name} className="layer" data-layer={layer.name} open={!collapsed.has(layer.name)}
          onToggle={(e) => toggle(layer.name, e.currentTarget.open)}>
          <summary>{layer.name}</summary>
          <dl>
            {layer.fields.map(([label, value], i) => (
              <div key={i} className="layer-field" data-field={label}><dt>{label}</dt><dd>{value}</dd></div>
            ))}
          </dl>
        </details>
      ))}
      {hop.layers.length === 0 && <p className="panel-note">The engine sent no headers for this frame.</p>}
    </div>
  );
}
