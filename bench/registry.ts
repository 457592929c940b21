// Every benchmark `npm run bench` runs, in order. Add a line per module.
import type { Benchmark } from './types.js';

export async function loadBenchmarks(): Promise<Benchmark[]> {
  const modules: Array<Promise<{ benchmark: Benchmark }>> = [
    import('./startup.js'),
    import('./bulk-insert.js'),
    // Right after bulk-insert: it reuses the documents bulk-insert loaded.
    import('./export.js'),
    import('./request-rate.js'),
    import('./latency.js'),
  ];
  return (await Promise.all(modules)).map((m) => m.benchmark);
}
