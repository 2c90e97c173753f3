#pragma once
// Refuses, before it starts, an ensemble whose summaries cannot fit in memory. The engine keeps,
// for every series and tick (a cell), a running sum, min and max, a per-thread trace, either the
// replicates' bin indices or a quantile histogram, and the final band: about 120 bytes per cell
// plus 8 per thread (measured: docs/reliability.md). Memory grows with teams x measures x horizon.

#include "model/scenario.hpp"

namespace orgforces::cli {

/// Bytes the ensemble of `s` needs with `replicates` and `threads` (0: all cores), estimated.
double estimate_run_bytes(const model::Scenario& s, int replicates, int threads);

/// Throws UsageError naming the estimate, the limit and how to change it when the run cannot
/// fit: the limit is ORGFORCES_MEMORY_LIMIT (MiB) or else the memory available now.
void require_memory_for(const model::Scenario& s, int replicates, int threads);

}  // namespace orgforces::cli
