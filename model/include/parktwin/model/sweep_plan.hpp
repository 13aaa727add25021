#pragma once
// What a sweep varies (docs/sweeps.md): dimensions over scenario paths, climates and stages,
// enumerated as a full grid or sampled by a Latin hypercube, and split into shards. Pure and
// deterministic: variant i is the same on every machine, whatever the order of execution.

#include "parktwin/model/scenario_path.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace parktwin::model {

/// One varied field: `path=start:stop:step` (a range, both ends included) or `path=a,b,c`.
struct SweepDimension {
  ScenarioPath path;
  bool is_range = false;
  double start = 0.0, stop = 0.0, step = 0.0; ///< range only
  std::vector<Json> values;                  ///< every value of the grid (range expanded)

  /// Parses "path=spec"; values are checked against the path's schema type and range. Throws
  /// UsageError (where: `where`) naming the path and the bad value.
  static SweepDimension parse(const std::string& text, const std::string& where = "--vary");
};

/// k of n (1-based): the variants whose index modulo n is k - 1.
struct Shard {
  std::size_t k = 1;
  std::size_t n = 1;
  /// Parses "k/N". Throws UsageError.
  static Shard parse(const std::string& text, const std::string& where = "--shard");
  bool contains(std::size_t variant) const noexcept { return variant % n == k - 1; }
};

/// A Latin hypercube (McKay, Beckman and Conover, Technometrics 21, 1979): each dimension's
/// [0, 1) cut into `samples` equal strata, each holding exactly one point at a uniform position
/// inside it, the strata of the dimensions paired by independent random permutations. The same
/// points for the same seed on every machine (std::mt19937_64's raw output only).
struct LatinHypercube {
  std::size_t samples = 0;
  std::vector<std::vector<std::uint32_t>> strata; ///< [dimension][sample]
  std::vector<std::vector<double>> jitter;        ///< [dimension][sample], in [0, 1)
  /// The point's coordinate in [0, 1).
  double u(std::size_t dimension, std::size_t sample) const {
    return (strata[dimension][sample] + jitter[dimension][sample]) / static_cast<double>(samples);
  }
  static LatinHypercube draw(std::size_t dimensions, std::size_t samples, std::uint64_t seed);
};

struct Variant {
  std::size_t index = 0;
  std::size_t climate = 0;     ///< into SweepPlan::climates
  std::size_t stage = 0;       ///< into SweepPlan::stages
  std::vector<Json> values;    ///< one per dimension
};

struct SweepPlan {
  std::vector<std::string> climates; ///< at least one
  std::vector<std::string> stages;   ///< at least one (ids)
  std::vector<SweepDimension> dimensions;
  std::optional<std::size_t> samples; ///< Latin hypercube of this many points; else the grid
  std::uint64_t seed = 1;

  /// Draws the hypercube (with `samples`); call once after setting the fields and before
  /// variant(), which may then be called from several threads.
  void prepare();
  /// Number of variants: climates x stages x (grid points or samples).
  std::size_t size() const;
  /// Variant i (0 <= i < size()). Order: climate slowest, then stage, then the dimensions in
  /// the order given, the last fastest (grid) or the sample number (hypercube).
  Variant variant(std::size_t i) const;
  /// The plan as JSON, the same for the same plan (part of a sweep's identity).
  Json to_json() const;

  /// Most variants a plan may have.
  static constexpr std::size_t kMaxVariants = 100'000'000;

private:
  LatinHypercube cube_; ///< with `samples`
  bool prepared_ = false;
};

} // namespace parktwin::model
