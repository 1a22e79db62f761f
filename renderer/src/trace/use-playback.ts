// Advances the packet from station to station while playing. One timer for the whole
// trace: the canvas animates each station itself (SVG/CSS), this only says when to move on.
import { useEffect } from 'react';
import { labStore, useLab } from '../store';
import { stationDurationMs } from './stations';

/** A beat between stations, so the eye sees where the packet arrived. */
const DWELL_MS = 150;

export function usePlayback(): void {
  const { playing, step, speed, station } = useLab((s) => ({
    playing: s.playback.playing, step: s.playback.step, speed: s.playback.speed, station: s.stations[s.playback.step],
  }));
  useEffect(() => {
    if (!playing || !station) return;
    const timer = setTimeout(() => {
      const { playback, stations, setStep, setPlaying } = labStore.getState();
      if (playback.step >= stations.length - 1) setPlaying(false);
      else setStep(playback.step + 1);
    }, (stationDurationMs(station) + DWELL_MS) / speed);
    return () => clearTimeout(timer);
  }, [playing, step, speed, station]);
}
