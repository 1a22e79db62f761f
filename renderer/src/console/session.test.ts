import { describe, expect, it } from 'vitest';
import type { LabApiRequest } from '../../../electron/lab/api';
import { ConsoleRouter } from './output-router';
import { ConsoleSession, type TerminalLike } from './session';
import type { ConsoleTab } from './tabs';

function fakes(open: (n: number) => { id: string; via: 'node' | 'sidecar' } | Error = (n) => ({ id: `id${n}`, via: 'node' })) {
  const calls: { method: string; request: unknown }[] = [];
  let opened = 0;
  const api = {
    consoleOpen: async (request: LabApiRequest<'consoleOpen'>) => {
      calls.push({ method: 'open', request });
      const result = open(++opened);
      if (result instanceof Error) throw result;
      return result;
    },
    consoleInput: async (request: LabApiRequest<'consoleInput'>) => { calls.push({ method: 'input', request }); return { ok: true as const }; },
    consoleResize: async (request: LabApiRequest<'consoleResize'>) => { calls.push({ method: 'resize', request }); return { ok: true as const }; },
    consoleClose: async (request: LabApiRequest<'consoleClose'>) => { calls.push({ method: 'close', request }); return { ok: true as const }; },
  };
  const term: TerminalLike & { out: string; cols: number; rows: number } = { out: '', cols: 80, rows: 24, write(data) { this.out += data; } };
  const reports: Partial<ConsoleTab>[] = [];
  const router = new ConsoleRouter();
  const session = new ConsoleSession(term, { api, router, node: 'a', text: () => 'lab text', report: (p) => reports.push(p) });
  return { calls, term, reports, router, session };
}

describe('console session', () => {
  it('opens sized to the terminal, shows the output, sends keys and resizes', async () => {
    const { calls, term, reports, router, session } = fakes();
    router.output('id1', 'root@a:/# '); // before consoleOpen answered
    await session.open();
    expect(calls[0]).toEqual({ method: 'open', request: { text: 'lab text', node: 'a', cols: 80, rows: 24 } });
    expect(reports.at(-1)).toEqual({ status: 'open', id: 'id1', via: 'node' });
    expect(term.out).toBe('root@a:/# ');
    session.input('ls\r');
    term.cols = 100;
    session.resize();
    session.resize(); // same size: nothing more
    expect(calls.slice(1)).toEqual([
      { method: 'input', request: { id: 'id1', data: 'ls\r' } },
      { method: 'resize', request: { id: 'id1', cols: 100, rows: 24 } },
    ]);
  });

  it('after the shell exits, Enter reconnects', async () => {
    const { calls, term, reports, router, session } = fakes();
    await session.open();
    router.exit('id1', 0);
    expect(term.out).toContain('[session ended — press Enter to reconnect]');
    expect(reports.at(-1)).toEqual({ status: 'ended', id: undefined });
    session.input('x'); // not Enter: nothing
    expect(calls.filter((c) => c.method === 'open')).toHaveLength(1);
    session.input('\r');
    await Promise.resolve();
    await Promise.resolve();
    expect(calls.filter((c) => c.method === 'open')).toHaveLength(2);
    expect(reports.at(-1)).toMatchObject({ status: 'open', id: 'id2' });
  });

  it('says when the shell runs in a sidecar, and why', async () => {
    const { term, session } = fakes(() => ({ id: 'x', via: 'sidecar' }));
    await session.open();
    expect(term.out).toContain("a's image has no shell");
  });

  it('a failed open is shown in the terminal; closing ends the engine session', async () => {
    const failing = fakes(() => new Error('a is not running in lab l: deploy the lab first.'));
    await failing.session.open();
    expect(failing.term.out).toContain('a is not running');
    expect(failing.reports.at(-1)).toEqual({ status: 'failed', id: undefined });

    const { calls, session } = fakes();
    await session.open();
    session.close();
    expect(calls.at(-1)).toEqual({ method: 'close', request: { id: 'id1' } });
  });
});
