#pragma once
// The yardstick of the benchmarks (docs/dev/performance.md): a fixed CPU workload measured in the
// same run as the figures, so that a figure divided by it holds across machines better than
// milliseconds do. The workload is the kind of arithmetic a hall-year is made of (small dense
// LU factorisations and solves, exponentials, logarithms and divisions in dependent chains), one
// thread, no memory traffic beyond the caches, no library calls but libm.

#include <benchmark/benchmark.h>

#include <chrono>

namespace parktwin::bench {

/// One run of the workload; returns a checksum (the same on every machine, to 1e-9).
double yardstick_workload();
/// The workload's wall time on this machine, s: the median of 7 runs, measured once per process.
double yardstick_s();

/// Sets the counter "yardsticks" of a benchmark to its mean wall time per iteration divided by
/// yardstick_s() (wall time on both sides, whether or not the benchmark reports real time):
/// construct just before the timing loop and let it go out of scope just after it.
class YardstickCounter {
public:
  explicit YardstickCounter(benchmark::State& state)
      : state_(state), start_(std::chrono::steady_clock::now()) {}
  ~YardstickCounter();
  YardstickCounter(const YardstickCounter&) = delete;
  YardstickCounter& operator=(const YardstickCounter&) = delete;

private:
  benchmark::State& state_;
  std::chrono::steady_clock::time_point start_;
};

} // namespace parktwin::bench
