// A trace outcome in two or three words, for the verdict banner and the canvas mark.
import type { TraceOutcome } from '../../../electron/lab/trace/types';

export const OUTCOME_TITLE: Record<TraceOutcome, string> = {
  delivered: 'Delivered',
  'port-closed': 'Port closed',
  'no-route': 'No route',
  'arp-unanswered': 'ARP unanswered',
  isolated: 'Isolated by Docker',
  filtered: 'Filtered',
  'ttl-exceeded': 'TTL exceeded',
  'no-answer': 'No answer',
  lost: 'Lost',
};

export function outcomeTitle(outcome: TraceOutcome): string {
  return OUTCOME_TITLE[outcome] ?? outcome;
}
