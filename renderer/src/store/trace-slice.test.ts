import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TraceView } from '../../../electron/lab/api';
import type { Hop } from '../../../electron/lab/trace/types';
import { createLabStore } from './index';

const twoLans = readFileSync(join(__dirname, '../../../templates/two-lans.yaml'), 'utf8');

function hop(index: number, place: string, network: string, direction: Hop['direction'], role: Hop['role']): TraceView['hops'][number] {
  return { index, timeMs: index / 10, place, iface: place === 'host' ? 'veth0' : 'eth0', network, direction, role, srcMac: '', dstMac: '', summary: '', frame: index, layers: [] };
}

const view = {
  lab: 'two-lans', from: 'client', to: 'server', protocol: 'icmp', targetIp: '10.71.2.10', targetNode: 'server',
  hops: [
    hop(0, 'client', 'lan1', 'out', 'arp'),
    hop(1, 'client', 'lan1', 'out', 'request'), hop(2, 'host', 'lan1', 'in', 'request'), hop(3, 'r1', 'lan1', 'in', 'request'),
    hop(4, 'r1', 'lan2', 'out', 'request'), hop(5, 'host', 'lan2', 'in', 'request'), hop(6, 'server', 'lan2', 'in', 'request'),
    hop(7, 'server', 'lan2', 'out', 'reply'),
  ],
  verdict: { outcome: 'delivered', text: 'Delivered.' }, routes: [], drops: [], captures: [], probeOutput: '',
  timings: { setupMs: 1, probeMs: 1, totalMs: 2 }, pcapBase64: '',
} as unknown as TraceView;

describe('trace slice', () => {
  it('a finished trace gets its stations and starts playing from the first', () => {
    const store = createLabStore(twoLans);
    store.getState().startTrace();
    expect(store.getState().tracePhase).toBe('starting');
    store.getState().setTracePhase('probing');
    expect(store.getState().tracePhase).toBe('probing');
    store.getState().finishTrace(view);
    const s = store.getState();
    expect(s.tracePhase).toBeUndefined();
    expect(s.stations.map((st) => st.id)).toEqual(['if:client:0', 'lan1', 'if:r1:0', 'if:r1:1', 'lan2', 'if:server:0', 'if:server:0']);
    expect(s.playback).toEqual({ step: 0, playing: true, speed: 1 });
    expect(s.selectedHop).toBe(1);
  });

  it('a phase without a running trace is ignored; a failure keeps the message', () => {
    const store = createLabStore(twoLans);
    store.getState().setTracePhase('probing');
    expect(store.getState().tracePhase).toBeUndefined();
    store.getState().startTrace();
    store.getState().failTrace('r1 is not running');
    expect(store.getState()).toMatchObject({ tracePhase: undefined, traceError: 'r1 is not running' });
  });

  it('ignores a trace of another lab', () => {
    const store = createLabStore(twoLans);
    store.getState().finishTrace({ ...view, lab: 'other' });
    expect(store.getState().trace).toBeUndefined();
  });

  it('steps within bounds, the selected hop follows; a click on a hop pauses there', () => {
    const store = createLabStore(twoLans);
    store.getState().finishTrace(view);
    store.getState().setStep(99);
    expect(store.getState().playback.step).toBe(6);
    expect(store.getState().selectedHop).toBe(7);
    store.getState().setPlaying(true);
    store.getState().selectHop(5);
    expect(store.getState().playback).toMatchObject({ step: 4, playing: false });
    expect(store.getState().selectedHop).toBe(5);
    store.getState().selectHop(0); // ARP before the first packet: the start
    expect(store.getState().playback.step).toBe(0);
  });

  it('play at the end starts over', () => {
    const store = createLabStore(twoLans);
    store.getState().finishTrace(view);
    store.getState().setPlaying(false);
    store.getState().setStep(6);
    store.getState().setPlaying(true);
    expect(store.getState().playback).toMatchObject({ step: 0, playing: true });
    store.getState().setSpeed(4);
    expect(store.getState().playback.speed).toBe(4);
  });

  it('loading another lab clears the trace; reloading the same lab keeps it', () => {
    const store = createLabStore(twoLans);
    store.getState().finishTrace(view);
    store.getState().load(twoLans);
    expect(store.getState().trace).toBe(view);
    store.getState().load('topolab: 1\nname: other\n');
    expect(store.getState().trace).toBeUndefined();
    expect(store.getState().stations).toEqual([]);
    expect(store.getState().playback.step).toBe(0);
  });
});

describe('traffic slice', () => {
  const event = (rxBps: number) => ({ lab: 'two-lans', intervalMs: 1000, links: [
    { node: 'client', network: 'lan1', iface: 'eth0', rxBps, txBps: 800, rxPps: 1, txPps: 1 },
    { node: 'client', iface: 'eth9', rxBps: 1, txBps: 1, rxPps: 1, txPps: 1 },
  ] });

  it('keeps rates by node and network while on, for this lab only', () => {
    const store = createLabStore(twoLans);
    store.getState().applyTraffic(event(100));
    expect(store.getState().traffic).toEqual({});
    store.getState().setTrafficOn(true);
    store.getState().applyTraffic({ ...event(100), lab: 'other' });
    expect(store.getState().traffic).toEqual({});
    store.getState().applyTraffic(event(100));
    expect(store.getState().traffic).toEqual({ 'client|lan1': { rxBps: 100, txBps: 800, rxPps: 1, txPps: 1 } });
  });

  it('keeps the same map when nothing changed, and empties it when turned off', () => {
    const store = createLabStore(twoLans);
    store.getState().setTrafficOn(true);
    store.getState().applyTraffic(event(100));
    const first = store.getState().traffic;
    store.getState().applyTraffic(event(100));
    expect(store.getState().traffic).toBe(first);
    store.getState().applyTraffic(event(200));
    expect(store.getState().traffic).not.toBe(first);
    store.getState().setTrafficOn(false, 'engine gone');
    expect(store.getState()).toMatchObject({ trafficOn: false, traffic: {}, trafficError: 'engine gone' });
  });
});
