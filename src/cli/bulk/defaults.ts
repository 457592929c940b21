// Defaults of `c8spot insert`, in their own tiny module so the command declaration can show
// them without loading the pipeline, and the benchmark's storage ceiling can use the same
// transaction size as the CLI.
//
// Why 4,000 × 2: every batch is one write transaction on the server, and a durable commit
// (an fsync) costs as much as writing thousands of small documents, so fewer, larger
// batches are the biggest lever on throughput (docs/performance.md). Two in flight keep a
// server busy while the next batch is read; more only queue. The size is bounded by memory:
// a million ~100-byte documents peaked at 126-130 MB RSS with 3,000-4,000 per batch and at
// 133-155 MB with 5,000 (the documents in flight outlive V8's young generation, which then
// grows), for the same throughput.
export const DEFAULT_BATCH_SIZE = 4000;
export const DEFAULT_CONCURRENCY = 2;
