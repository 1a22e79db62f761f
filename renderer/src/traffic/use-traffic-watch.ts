// The Traffic toggle's engine side: watch the current lab's interface rates while the
// toggle is on and the lab runs; stop when it goes off, the lab stops, or another lab
// is opened (the effect's cleanup runs with the old lab's name).
import { useEffect } from 'react';
import { errorMessage, labApi } from '../api/client';
import { labStore, useLab } from '../store';
import { isLabRunning } from '../store/selectors';

export function useTrafficWatch(): void {
  const { on, lab, running } = useLab((s) => ({ on: s.trafficOn, lab: s.document?.name, running: isLabRunning(s) }));
  useEffect(() => {
    if (!on || !lab) return;
    if (!running) {
      labStore.getState().setTrafficOn(false);
      return;
    }
    let active = true;
    // the text lets the engine sample nodes on the lab's remote hosts too
    labApi().labTraffic({ lab, watch: true, text: labStore.getState().text }).catch((error) => {
      if (active) labStore.getState().setTrafficOn(false, `Live traffic failed: ${errorMessage(error)}`);
    });
    return () => {
      active = false;
      labApi().labTraffic({ lab, watch: false }).catch(() => undefined);
      labStore.setState({ traffic: {} });
    };
  }, [on, lab, running]);
}
