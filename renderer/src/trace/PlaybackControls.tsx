import { labStore, useLab } from '../store';
import type { PlaybackSpeed } from '../store/types';

const SPEEDS: PlaybackSpeed[] = [0.5, 1, 2, 4];

/** Restart, back, play/pause, step and speed; "step n of m" says where the packet is
 *  (steps are canvas places, fewer than the hops in the event list). */
export function PlaybackControls() {
  const s = useLab((st) => ({ ...st.playback, count: st.stations.length, station: st.stations[st.playback.step] }));
  const store = labStore.getState;
  const none = s.count === 0;
  return (
    <div className="trace-playback" role="group" aria-label="Playback">
      <button type="button" data-testid="trace-restart" title="Back to the first hop" disabled={none} onClick={() => { store().setPlaying(false); store().setStep(0); }}>⟲ Restart</button>
      <button type="button" data-testid="trace-back" title="One hop back" disabled={none || s.step === 0} onClick={() => { store().setPlaying(false); store().setStep(s.step - 1); }}>‹ Back</button>
      <button type="button" className="play" data-testid="trace-play" aria-pressed={s.playing} disabled={none} onClick={() => store().setPlaying(!s.playing)}>
        {s.playing ? '❚❚ Pause' : '▶ Play'}
      </button>
      <button type="button" data-testid="trace-step" title="One hop forward" disabled={none || s.step >= s.count - 1} onClick={() => { store().setPlaying(false); store().setStep(s.step + 1); }}>Step ›</button>
      <div className="trace-position-row">
        <span className="trace-position" data-testid="trace-position">
          {none ? 'nothing to animate' : <>step {s.step + 1} of {s.count}{s.station && <> · <span className={`role-text role-${s.station.role}`}>{s.station.role}</span></>}</>}
        </span>
        <label className="trace-speed">
          speed
          <select data-testid="trace-speed" value={s.speed} onChange={(e) => store().setSpeed(Number(e.target.value) as PlaybackSpeed)}>
            {SPEEDS.map((v) => <option key={v} value={v}>{v}×</option>)}
          </select>
        </label>
      </div>
    </div>
  );
}
