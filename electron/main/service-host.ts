// Which LabApi service answers a call. The engine service lives as long as the app
// (deploys, watches and events are never interrupted); the workspace — the folder
// filesRead/filesWrite see — is the folder of the file last opened or saved through a
// dialog, so file calls go to a small files-only service that is replaced when that
// folder changes. No 'electron' import: unit-tested with fake services.
import { resolve } from 'node:path';
import type { LabApi, LabApiMethod } from '../lab/api';

export type ClosableLabApi = LabApi & { close(): Promise<void> };
export type LabApiFactory = (opts: { workspace: string; templatesDir: string }) => ClosableLabApi;

const FILE_METHODS: ReadonlySet<LabApiMethod> = new Set(['filesList', 'filesRead', 'filesWrite'] satisfies LabApiMethod[]);

export class LabApiHost {
  readonly engine: ClosableLabApi;
  #files: ClosableLabApi;
  #workspace: string;
  #closed = false;

  constructor(
    private readonly factory: LabApiFactory,
    private readonly templatesDir: string,
    workspace: string,
  ) {
    this.#workspace = resolve(workspace);
    this.engine = factory({ workspace: this.#workspace, templatesDir });
    this.#files = this.engine;
  }

  get workspace(): string {
    return this.#workspace;
  }

  /** The service for a method: file methods see the current workspace, the rest the long-lived engine service. */
  serviceFor(method: LabApiMethod): LabApi {
    if (this.#closed) throw new Error('topolab is closing.');
    return FILE_METHODS.has(method) ? this.#files : this.engine;
  }

  /** Points filesList/filesRead/filesWrite at another folder. The engine service, its deploys and watches are untouched. */
  async setWorkspace(folder: string): Promise<void> {
    const next = resolve(folder);
    if (this.#closed || next === this.#workspace) return;
    const previous = this.#files;
    this.#files = this.factory({ workspace: next, templatesDir: this.templatesDir });
    this.#workspace = next;
    if (previous !== this.engine) await previous.close();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const all = new Set([this.#files, this.engine]);
    await Promise.allSettled([...all].map((s) => s.close()));
  }
}
