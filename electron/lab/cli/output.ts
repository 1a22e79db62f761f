// Everything the CLI prints for people: diagnostics, plans, status tables and the
// live progress of `up`/`down`. Machine output (--json) bypasses this module.
import { formatDiagnostic, type Diagnostic } from '../model/diagnostics';
import { describeOperation } from '../plan/order';
import type { Operation, Plan } from '../plan/types';
import type { LabStatus } from '../lab-service';

export interface Printer {
  out(line?: string): void;
  err(line?: string): void;
  /** Whether stdout is a terminal that can redraw a progress line. */
  interactive: boolean;
}

export const consolePrinter: Printer = {
  out: (line = '') => process.stdout.write(`${line}\n`),
  err: (line = '') => process.stderr.write(`${line}\n`),
  interactive: Boolean(process.stdout.isTTY),
};

const useColor = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const paint = (code: number) => (text: string) => (useColor ? `\x1b[${code}m${text}\x1b[0m` : text);
export const color = { red: paint(31), green: paint(32), yellow: paint(33), dim: paint(2), bold: paint(1) };

export function printDiagnostics(p: Printer, diagnostics: Diagnostic[], file?: string): void {
  const order = { error: 0, warning: 1, info: 2 } as const;
  for (const d of [...diagnostics].sort((a, b) => order[a.severity] - order[b.severity])) {
    const text = formatDiagnostic(d, file);
    const painted = d.severity === 'error' ? color.red(text) : d.severity === 'warning' ? color.yellow(text) : color.dim(text);
    p.err(painted);
  }
}

const SYMBOL: Record<string, string> = { create: '+', remove: '-', replace: '~', update: '*' };

export function printPlan(p: Printer, plan: Plan): void {
  if (plan.addressing.planned.length) {
    p.out(`Addresses planned: ${plan.addressing.planned.map((a) => `${a.network} ${a.subnet}`).join(', ')}`);
  }
  if (plan.addressing.avoided.length) {
    p.out(`Subnets avoided (in use on the engine): ${plan.addressing.avoided.map((a) => `${a.subnet} (${a.owner})`).join(', ')}`);
  }
  if (plan.operations.length === 0) {
    p.out(color.green(`No changes: lab ${plan.lab} matches the file.`));
    return;
  }
  p.out(color.bold(`Plan for lab ${plan.lab}: ${countText(plan)}`));
  for (const change of plan.changes) {
    p.out(`  ${SYMBOL[change.action]} ${change.action.padEnd(7)} ${change.subject.kind} ${change.subject.id}  ${color.dim(change.reason)}`);
  }
  p.out('');
  p.out(color.bold('Operations, in order:'));
  plan.operations.forEach((op, i) => p.out(`  ${String(i + 1).padStart(3)}. ${describeOperation(op)}  ${color.dim(`(${op.reason})`)}`));
}

function countText(plan: Plan): string {
  const count = (action: string) => plan.changes.filter((c) => c.action === action).length;
  return ['create', 'replace', 'update', 'remove'].map((a) => `${count(a)} to ${a}`).join(', ');
}

const paintState = (state: string) => (state === 'running' ? color.green(state) : state === 'missing' ? color.dim(state) : color.red(state));

export function printStatus(p: Printer, status: LabStatus): void {
  p.out(color.bold(`Lab ${status.lab} on ${status.engine.name} (Docker ${status.engine.version})`));
  const multiHost = status.hosts.length > 0;
  const localId = status.hosts.find((h) => h.kind === 'local')?.id ?? 'local';
  if (multiHost) {
    const hostRows = status.hosts.map((h) => [
      h.id,
      h.kind,
      paintState(h.state),
      h.engineAnswers
        ? `answers (Docker ${h.engineVersion ?? '?'})${h.kind === 'remote' ? ` at ${h.status}` : ''}`
        : h.state === 'running' ? color.red('does not answer') : h.state === 'unreachable' ? color.red('unreachable') : '-',
      h.addresses.map((a) => `${a.network}=${a.ip ?? '-'}`).join(' '),
    ]);
    table(p, ['HOST', 'KIND', 'STATE', 'ENGINE', 'UNDERLAY'], hostRows);
    // an unreachable remote host: why, in its own sentence
    for (const h of status.hosts.filter((x) => x.kind === 'remote' && x.state === 'unreachable')) p.out(color.red(h.status));
    p.out('');
  }
  const rows = status.nodes.map((n) => [
    n.id,
    ...(multiHost ? [n.host ?? localId] : []),
    n.kind,
    paintState(n.state),
    n.interfaces.map((i) => `${i.network}=${i.ip ?? '-'}`).join(' ') ||
      (n.networkMode?.startsWith('container:') ? 'shares a namespace' : n.host && n.state !== 'running' ? color.dim(n.status) : (n.networkMode ?? '')),
  ]);
  table(p, ['NODE', ...(multiHost ? ['HOST'] : []), 'KIND', 'STATE', 'ADDRESSES'], rows);
  p.out('');
  table(
    p,
    ['NETWORK', ...(multiHost ? ['HOST'] : []), 'DRIVER', 'STATE', 'SUBNET'],
    status.networks.map((n) => [n.id, ...(multiHost ? [n.hosts?.join(',') ?? (n.state === 'builtin' ? '' : localId)] : []), n.driver, n.state, n.subnets.join(' ')]),
  );
  if (status.strays.length) p.out(color.yellow(`Not in the file but labelled with this lab: ${status.strays.join(', ')} (\`topolab up\` removes them).`));
}

function table(p: Printer, head: string[], rows: string[][]): void {
  // eslint-disable-next-line no-control-regex
  const visible = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '').length;
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => visible(r[i] ?? ''))));
  const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat(widths[i] - visible(c))).join('  ').trimEnd();
  p.out(color.dim(line(head)));
  for (const row of rows) p.out(line(row));
}

/** Shows apply progress: a redrawn line on a terminal, one line per step otherwise. */
export class ProgressDisplay {
  private readonly running = new Map<string, string>();
  private lastWidth = 0;

  constructor(private readonly p: Printer, private readonly operations: Operation[]) {}

  started(key: string, done: number, total: number): void {
    const op = this.operations.find((o) => o.key === key);
    this.running.set(key, op ? describeOperation(op) : key);
    this.redraw(done, total);
  }

  finished(key: string, done: number, total: number, seconds: number): void {
    const label = this.running.get(key) ?? key;
    this.running.delete(key);
    this.clear();
    this.p.out(`  ${color.green('✓')} ${label} ${color.dim(`${seconds.toFixed(2)} s`)}`);
    this.redraw(done, total);
  }

  failed(key: string, message: string): void {
    const label = this.running.get(key) ?? key;
    this.running.delete(key);
    this.clear();
    this.p.out(`  ${color.red('✗')} ${label}: ${message}`);
  }

  end(): void {
    this.clear();
  }

  private redraw(done: number, total: number): void {
    if (!this.p.interactive) return;
    const now = [...this.running.values()].join(', ');
    const text = `[${done}/${total}] ${now}`.slice(0, (process.stdout.columns ?? 100) - 1);
    this.clear();
    process.stdout.write(color.dim(text));
    this.lastWidth = text.length;
  }

  private clear(): void {
    if (!this.p.interactive || this.lastWidth === 0) return;
    process.stdout.write(`\r${' '.repeat(this.lastWidth)}\r`);
    this.lastWidth = 0;
  }
}
