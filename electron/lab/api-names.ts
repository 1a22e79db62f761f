// The LabApi's method and event names as plain data, for the preload (a sandboxed
// script bundled on its own, which must not pull the contract's zod schemas in) and
// the renderer's WebSocket client. The types make the compiler reject a list that
// misses or invents a name; a unit test checks it against LabApiRequests at run time.
import type { LabApiEventName, LabApiMethod } from './api';

/** Every LabApi method, in the order of LabApiRequests. */
export const LAB_API_METHODS = [
  'engineInfo',
  'templatesList',
  'templatesRead',
  'filesList',
  'filesRead',
  'filesWrite',
  'labPlan',
  'labDeploy',
  'labStatus',
  'labDestroy',
  'labWatch',
  'labTrace',
  'labInspect',
  'labTest',
  'labInspectNetwork',
  'labInspectHost',
  'consoleOpen',
  'consoleInput',
  'consoleResize',
  'consoleClose',
  'labTraffic',
] as const satisfies readonly LabApiMethod[];

/** Every LabApi event name. */
export const LAB_API_EVENTS = ['deployProgress', 'labState', 'traceProgress', 'traffic', 'expectationResult', 'consoleOutput', 'consoleExit'] as const satisfies readonly LabApiEventName[];

// Exhaustiveness, checked by the compiler: a method added to the contract and not here is an error.
type Missing<All, Listed> = Exclude<All, Listed>;
const allMethodsListed: Missing<LabApiMethod, (typeof LAB_API_METHODS)[number]> extends never ? true : false = true;
const allEventsListed: Missing<LabApiEventName, (typeof LAB_API_EVENTS)[number]> extends never ? true : false = true;
void allMethodsListed;
void allEventsListed;

