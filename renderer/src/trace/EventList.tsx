import { memo, useEffect, useRef } from 'react';
import type { TraceView } from '../../../electron/lab/api';
import { labStore, useLab } from '../store';
import { directionText, placeOf } from './where';

type TraceHop = TraceView['hops'][number];

/** Every hop the captures saw, in time order, like Packet Tracer's event list. The row
 *  of the packet's current place is highlighted and kept in view; a click selects a hop. */
export function EventList({ hops }: { hops: TraceHop[] }) {
  const selected = useLab((s) => s.selectedHop);
  const body = useRef<HTMLTableSectionElement>(null);
  useEffect(() => {
    if (selected === undefined) return;
    body.current?.querySelector<HTMLElement>(`[data-index="${selected}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected]);
  return (
    <div className="trace-events" data-testid="trace-events">
      <table>
        <thead>
          <tr><th className="num">#</th><th className="num">ms</th><th>Where</th><th>Dir</th><th>Role</th><th>Packet</th><th className="num">TTL</th></tr>
        </thead>
        <tbody ref={body}>
          {hops.map((hop) => <EventRow key={hop.index} hop={hop} selected={hop.index === selected} />)}
        </tbody>
      </table>
      {hops.length === 0 && <p className="panel-note">No capture saw the packet.</p>}
    </div>
  );
}

const EventRow = memo(function EventRow({ hop, selected }: { hop: TraceHop; selected: boolean }) {
  const where = placeOf(hop);
  const addresses = hop.srcIp ? `${hop.srcIp} → ${hop.dstIp}` : '';
  return (
    <tr
      data-testid={`trace-event-${hop.index}`} data-index={hop.index} data-role={hop.role}
      className={`event role-${hop.role}${selected ? ' selected' : ''}`} aria-selected={selected}
      onClick={() => labStore.getState().selectHop(hop.index)}
      title={`${hop.srcMac} → ${hop.dstMac}${addresses ? `\n${addresses}` : ''}`}
    >
      <td className="num muted">{hop.index}</td>
      <td className="num">{hop.timeMs.toFixed(2)}</td>
      <td className="where"><strong>{where.name}</strong> <span className="iface">{where.detail}</span></td>
      <td className="dir" title={directionText(hop)}>{hop.direction === 'out' ? '→ out' : '← in'}</td>
      <td><span className={`role-chip role-${hop.role}`}>{hop.role}</span></td>
      <td className="packet">
        <span className="summary">{hop.summary}</span>
        {hop.rewrite && <span className="rewrite" data-testid={`trace-rewrite-${hop.index}`}>NAT: {hop.rewrite}</span>}
      </td>
      <td className="num">{hop.ttl ?? ''}</td>
    </tr>
  );
});
