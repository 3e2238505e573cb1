// The JUnit test cases of a qmac-sim run and of a merged regression: one per check the run makes.
#pragma once

#include "junit.hpp"
#include "run_report.hpp"

namespace qmac::tb {

// A run's checks: outputs equal to the golden model; RTL and HLS in lockstep with exact latency and II;
// no lost outputs; with require_coverage, the required coverage bins (the failure lists the empty ones).
JunitSuite run_suite(const RunReport& r, bool require_coverage);

// A merged regression's: one case per shard (its failure and reproducer), every shard present, and with
// require_coverage the required bins of the summed coverage.
JunitSuite merged_suite(const RunReport& merged, bool require_coverage);

// The run's configuration as a one-line name: "qmac-sim LANES=8 int8 mode mixed stimulus random seed 1".
std::string run_name(const RunConfig& c);

}  // namespace qmac::tb
