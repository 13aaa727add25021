#include "yardstick.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

namespace parktwin::bench {

double yardstick_workload() {
  constexpr int n = 7;     // the hall model's state count
  constexpr int kRepeats = 60000;
  double checksum = 0.0;
  std::array<double, n> x{};
  for (int r = 0; r < kRepeats; ++r) {
    // A diagonally dominant matrix and a right-hand side that change with r.
    std::array<double, n * n> A{};
    std::array<double, n> b{};
    const double s = 1.0 + 1e-5 * r;
    for (int i = 0; i < n; ++i) {
      for (int j = 0; j < n; ++j) {
        A[i * n + j] = i == j ? 10.0 + std::exp(-s * (i + 1)) : std::log1p(s * (i + 2 * j + 1)) / (1.0 + i + j);
      }
      b[i] = std::sin(s * (i + 1)) + x[i] * 1e-3;
    }
    // LU with partial pivoting, then the solve.
    std::array<int, n> piv{};
    for (int k = 0; k < n; ++k) {
      int p = k;
      for (int i = k + 1; i < n; ++i) {
        if (std::abs(A[i * n + k]) > std::abs(A[p * n + k])) {
          p = i;
        }
      }
      piv[k] = p;
      if (p != k) {
        for (int j = 0; j < n; ++j) {
          std::swap(A[k * n + j], A[p * n + j]);
        }
      }
      for (int i = k + 1; i < n; ++i) {
        A[i * n + k] /= A[k * n + k];
        for (int j = k + 1; j < n; ++j) {
          A[i * n + j] -= A[i * n + k] * A[k * n + j];
        }
      }
    }
    for (int k = 0; k < n; ++k) {
      std::swap(b[k], b[piv[k]]);
    }
    for (int i = 0; i < n; ++i) {
      for (int j = 0; j < i; ++j) {
        b[i] -= A[i * n + j] * b[j];
      }
    }
    for (int i = n - 1; i >= 0; --i) {
      for (int j = i + 1; j < n; ++j) {
        b[i] -= A[i * n + j] * b[j];
      }
      b[i] /= A[i * n + i];
    }
    x = b;
    checksum += x[r % n];
  }
  return checksum;
}

double yardstick_s() {
  static const double seconds = [] {
    std::vector<double> runs;
    for (int i = 0; i < 7; ++i) {
      const auto a = std::chrono::steady_clock::now();
      benchmark::DoNotOptimize(yardstick_workload());
      runs.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - a).count());
    }
    std::nth_element(runs.begin(), runs.begin() + 3, runs.end());
    const double median = runs[3];
    benchmark::AddCustomContext("yardstick_ms", std::to_string(median * 1e3));
    return median;
  }();
  return seconds;
}

YardstickCounter::~YardstickCounter() {
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const auto iterations = static_cast<double>(std::max<benchmark::IterationCount>(state_.iterations(), 1));
  state_.counters["yardsticks"] = elapsed / iterations / yardstick_s();
}

} // namespace parktwin::bench
