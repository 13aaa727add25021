#pragma once
// Uncertainty bands (docs/uncertainty.md): the declared uncertain parameters
// (model::UncertaintySet) sampled by a Latin hypercube, the park's operated year run for every
// sample, and the P10, P50 and P90 of its figures per hall and for the park, with each
// parameter's share in the spread (Spearman rank correlation). Reproducible: the same scenario,
// climate, parameters, sample count and seed give the same bands whatever the number of jobs.

#include "parktwin/model/scenario.hpp"
#include "parktwin/model/uncertainty.hpp"
#include "parktwin/physics/park_dispatch.hpp"
#include "parktwin/physics/park_simulation.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace parktwin::physics {

/// Percentile p (0-100) of values by linear interpolation between order statistics (Hyndman and
/// Fan's definition 7, the default of R and NumPy): x_(1 + (n - 1) p / 100). NaN if empty or if a
/// value is NaN (a figure a hall does not have, e.g. the park's green share).
double percentile(std::vector<double> values, double p);
/// Spearman's rank correlation of two series of the same length (ties get their mean rank);
/// 0 when either is constant.
double spearman(const std::vector<double>& x, const std::vector<double>& y);

/// One sample of the uncertain parameters: the scenario's document with parameters.apply(u),
/// checked and run as `parktwin run` runs it (the operated year with its dispatch, the supply
/// year without the sizing search, hourly series kept; `run.threads` halls in parallel).
/// Throws InputError when the draw breaks the scenario (`where` names the sample).
OperatedYear run_sample(const model::Scenario& scenario, const std::string& stage_id, const ClimateInput& climate,
                        const model::UncertaintySet& parameters, const std::vector<double>& u,
                        const ParkRunOptions& run, const std::string& where);

/// Before any run: the scenario with every parameter at the low end of its range, then at the
/// high end, must be a valid scenario. Throws InputError naming the parameter and the place (a
/// range leaving a field's limits) or the rule it breaks, so that a bad range is found at once
/// rather than by a sample far into a run (a mix of ends can still fail, naming its sample).
void check_parameter_ranges(const model::Scenario& scenario, const model::UncertaintySet& parameters);

/// Calls f(i) for i in [0, n) on `jobs` threads (0: all hardware threads), each i once; the first
/// exception thrown stops the others from starting new items and is rethrown.
void for_each_sample(std::size_t n, unsigned jobs, const std::function<void(std::size_t)>& f);

struct Band {
  double p10 = 0.0, p50 = 0.0, p90 = 0.0;
};

/// The figures banded, in order (hall and park): the names of `parktwin run --json`'s keys.
const std::vector<std::string>& band_figures();
/// A hall's figures in band_figures() order (the green share, a park figure: NaN).
std::vector<double> hall_band_figures(const HallResult& r);

struct BandsOptions {
  std::size_t samples = 0;
  std::uint64_t seed = 1;
  unsigned jobs = 0; ///< samples run in parallel (0: all hardware threads)
  ParkRunOptions run; ///< its threads are ignored (one per sample)
};

struct BandsResult {
  std::size_t samples = 0;
  std::uint64_t seed = 1;
  model::UncertaintySet parameters;        ///< those that reach the scenario (sampled)
  std::vector<std::string> not_applicable; ///< declared, but no place of the scenario has them
  std::vector<std::vector<double>> draws; ///< [sample][parameter]: the offset or factor applied
  /// Figure values [figure][sample], per hall id and for the park ("" key).
  std::map<std::string, std::vector<std::vector<double>>> values;
  std::map<std::string, std::vector<Band>> bands; ///< [figure], per hall id and "" for the park
  /// The park's figure f against parameter k: Spearman's rho [figure][parameter].
  std::vector<std::vector<double>> park_sensitivity;
  double wall_time_s = 0.0;
  /// The parameter with the largest |rho| for the park's figure f (none without parameters).
  std::optional<std::size_t> strongest_parameter(std::size_t figure) const;
};

/// Runs the bands of `scenario` at stage `stage_id`. Throws InputError when a draw leaves a
/// field's range or breaks the scenario's rules (naming the parameter, the place and the
/// sample), or SolverError when a hall of a sample fails.
BandsResult run_bands(const model::Scenario& scenario, const std::string& stage_id, const ClimateInput& climate,
                      const model::UncertaintySet& parameters, const BandsOptions& options);

} // namespace parktwin::physics
