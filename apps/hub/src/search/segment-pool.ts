import { cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import { tokensText } from './segment.js';

/**
 * Segmentation spread over worker threads, for bulk (re)indexing: jieba is CPU-bound at
 * ≈0.5 ms per record, so one thread caps a load at ≈2,000 records/s however fast Postgres is.
 * Each worker loads its own dictionary (~150 ms, ~40 MB). The hub's background indexer does not
 * use it: there the rate of new records, not segmentation, is the limit.
 */
export class SegmentPool {
  readonly #workers: Worker[];
  readonly #pending = new Map<number, { resolve: (t: string[]) => void; reject: (e: Error) => void }>();
  #next = 0;

  constructor(size = Math.max(1, cpus().length)) {
    this.#workers = Array.from({ length: size }, () => {
      const w = import.meta.url.endsWith('.ts')
        ? // from source (tsx: dev, tests, benchmarks) the worker needs tsx's loader, which threads do not inherit
          new Worker(
            `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((t) => { t.register(); return import(${JSON.stringify(new URL('./segment-worker.ts', import.meta.url).href)}); })`,
            { eval: true },
          )
        : new Worker(new URL('./segment-worker.js', import.meta.url));
      w.on('message', (m: { id: number; tokens: string[] }) => {
        const p = this.#pending.get(m.id);
        this.#pending.delete(m.id);
        p?.resolve(m.tokens);
      });
      w.on('error', (e) => {
        for (const p of this.#pending.values()) p.reject(e);
        this.#pending.clear();
      });
      return w;
    });
  }

  get size(): number {
    return this.#workers.length;
  }

  /** `tokensText` of every text, in order, split evenly over the workers. */
  async tokenize(texts: readonly string[]): Promise<string[]> {
    if (texts.length < 2 * this.#workers.length) return texts.map(tokensText);
    const per = Math.ceil(texts.length / this.#workers.length);
    const parts = await Promise.all(
      this.#workers.map((w, i) => {
        const slice = texts.slice(i * per, (i + 1) * per);
        const id = this.#next++;
        return new Promise<string[]>((resolve, reject) => {
          this.#pending.set(id, { resolve, reject });
          w.postMessage({ id, texts: slice });
        });
      }),
    );
    return parts.flat();
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }
}
