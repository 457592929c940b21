// Defaults of `c8spot insert`, in their own tiny module so the command declaration can show
// them without loading the pipeline, and the benchmark's storage ceiling can use the same
// transaction size as the CLI.
//
// Why 5,000 × 2: every batch is one write transaction on the server, and a durable commit
// (an fsync) costs as much as writing thousands of small documents, so fewer, larger
// batches are the biggest lever on throughput (docs/performance.md). Two in flight keep a
// server busy while the next batch is read; more only queue, and hold memory
// (5,000 × 4 in flight measured about 135 MB peak RSS, 5,000 × 2 about 127 MB).
export const DEFAULT_BATCH_SIZE = 5000;
export const DEFAULT_CONCURRENCY = 2;
