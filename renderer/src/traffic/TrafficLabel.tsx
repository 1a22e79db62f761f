import { EdgeLabelRenderer } from '@xyflow/react';
import { memo } from 'react';
import type { LinkRates } from '../store/types';
import { trafficLabel } from './rates';

/** An edge's live rates, two short lines in HTML (React Flow's edge label layer), so
 *  they wrap and get a background without measuring SVG text. */
function TrafficLabelView({ edgeId, node, rates, x, y }: { edgeId: string; node: string; rates: LinkRates; x: number; y: number }) {
  const label = trafficLabel(rates);
  return (
    <EdgeLabelRenderer>
      <div
        className={`traffic-label${label === 'idle' ? ' idle' : ''}`} data-testid={`traffic-label-${edgeId}`}
        style={{ transform: `translate(-50%, -50%) translate(${x}px, ${y}px)` }}
        title={`${node}: ↑ sent, ↓ received over the last second`}
      >
        {label === 'idle' ? 'idle' : <><span>{label.tx}</span><span>{label.rx}</span></>}
      </div>
    </EdgeLabelRenderer>
  );
}

export const TrafficLabel = memo(TrafficLabelView);
