// Rules that relate fields to each other: ids and references, addresses, driver
// rules, node settings. Structure (types, unknown fields) was already checked by the
// schema in parse.ts. Pure: the engine facts come in as an argument.
//
// Each rule has one stable code; every diagnostic names its object and field, says
// what to do, and carries the field path (withPositions turns it into line:column).
import type { Diagnostic } from './diagnostics';
import type { LabDocument } from './schema';
import { createContext, type ValidationFacts } from './validate-context';
import { checkHosts, checkIds, checkLabName, checkLayout, checkReferences } from './validate-ids';
import { checkInterfaceAddresses, checkNetworkAddresses } from './validate-addresses';
import { checkNetworkDrivers } from './validate-drivers';
import { checkNodeInterfaces, checkRouters, checkSharedNamespaces } from './validate-nodes';
import { checkCaps, checkEnv, checkPorts, checkRoutes, checkSysctls } from './validate-node-settings';
import { checkExpectations } from './validate-expectations';
import { checkHostInterfaces, checkOverlaySpan, checkVirtualHostNetworks } from './validate-hosts';

export type { ValidationFacts } from './validate-context';

export function validateLab(doc: LabDocument, facts: ValidationFacts = {}): Diagnostic[] {
  const ctx = createContext(doc, facts);
  checkLabName(ctx);
  checkIds(ctx);
  checkReferences(ctx);
  checkLayout(ctx);
  checkHosts(ctx);
  checkHostInterfaces(ctx);
  checkOverlaySpan(ctx);
  checkVirtualHostNetworks(ctx);

  const addressing = checkNetworkAddresses(ctx);
  checkNetworkDrivers(ctx);
  checkInterfaceAddresses(ctx, addressing);

  checkNodeInterfaces(ctx);
  checkRouters(ctx);
  checkSharedNamespaces(ctx);
  checkRoutes(ctx, addressing);
  checkPorts(ctx);
  checkEnv(ctx);
  checkCaps(ctx);
  checkSysctls(ctx);
  checkExpectations(ctx);
  return ctx.out;
}
