// Every benchmark `npm run bench` runs, in order. Add a line per module.
import type { Benchmark } from './types.js';

export async function loadBenchmarks(): Promise<Benchmark[]> {
  const modules: Array<Promise<{ benchmark: Benchmark }>> = [
  ];
  return (await Promise.all(modules)).map((m) => m.benchmark);
}
