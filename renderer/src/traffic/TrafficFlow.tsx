import { memo } from 'react';
import type { LinkRates } from '../store/types';
import { flowSeconds } from './rates';

/** Dots moving along an edge, one overlay per direction that carries packets: a dashed
 *  stroke whose offset a CSS animation shifts (no JavaScript per frame). tx runs from
 *  the node to the network, rx back. */
function TrafficFlowView({ path, rates, width }: { path: string; rates: LinkRates; width: number }) {
  // dots wider than the line under them, or they disappear into it
  const dot = Math.max(5, width + 3);
  return (
    <g className="traffic-flow" aria-hidden>
      {rates.txPps > 0 && <path d={path} className="traffic-dots traffic-tx" style={{ strokeWidth: dot, animationDuration: `${flowSeconds(rates.txBps)}s` }} />}
      {rates.rxPps > 0 && <path d={path} className="traffic-dots traffic-rx" style={{ strokeWidth: dot, animationDuration: `${flowSeconds(rates.rxBps)}s` }} />}
    </g>
  );
}

export const TrafficFlow = memo(TrafficFlowView);
