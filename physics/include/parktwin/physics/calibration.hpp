#pragma once
// Calibration of a hall to measured data (docs/calibration.md): the declared uncertain
// parameters (model::UncertaintySet) fitted to published annual figures and/or metered hourly
// series by bounded least squares (a Latin-hypercube screening, then Nelder-Mead from the best
// points, in the parameters' unit ranges), with the spread of each fitted value from a Laplace
// approximation of the posterior (Gauss-Newton curvature at the fit, the ranges as the prior),
// and ASHRAE Guideline 14 goodness of fit.

#include "parktwin/model/scenario.hpp"
#include "parktwin/model/uncertainty.hpp"
#include "parktwin/physics/park_simulation.hpp"

#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace parktwin::physics {

/// A published annual figure of the hall: PUE, compressor_free_days, free_cooling_hours or
/// WUE_L_per_kWh, with its uncertainty (one standard deviation, in the figure's unit).
struct CalibrationTarget {
  std::string figure;
  double value = 0.0;
  double sigma = 0.0;
  /// Parses "figure=value" or "figure=value:sigma" (the default sigma: default_sigma(figure)).
  /// Throws UsageError (where: --target) naming the figure or the value.
  static CalibrationTarget parse(const std::string& text);
  /// A published figure's precision when none is given: PUE 0.01, WUE 0.05 L/kWh, 5 days, 100 h.
  static double default_sigma(const std::string& figure);
  /// Whether a model figure reproduces the target: within two of its sigmas (the 95 % range of a
  /// figure known to that precision). A fit that does not, with every parameter in its range,
  /// says that no plausible parameter set gives the figure.
  bool reproduced_by(double model) const noexcept { return std::abs(model - value) <= 2.0 * sigma; }
};

/// Metered hourly data: the hours (0-based index into the climate year) and any of the columns
/// it_kW, facility_kW, water_m3, compressor_on (NaN: not measured in that hour).
struct MeasuredData {
  std::vector<std::size_t> hours;
  std::map<std::string, std::vector<double>> columns;
  /// Reads a CSV with a header: `hour` (1-8760 of the climate year) and any of the columns;
  /// other columns are ignored (today's park_hourly.csv is a valid input); an empty cell is
  /// not measured. Throws InputError naming the file, line and column.
  static MeasuredData read_csv(const std::string& file, std::size_t climate_hours);
  /// The number of measured values (cells that are not empty).
  std::size_t values() const;
};

/// ASHRAE Guideline 14-2014: CV(RMSE) = sqrt(sum (m - s)^2 / (n - p)) / mean(m) and
/// NMBE = sum (m - s) / ((n - p) mean(m)), in %, with p the number of fitted parameters.
struct GoodnessOfFit {
  double cv_rmse_pct = 0.0;
  double nmbe_pct = 0.0;
  std::size_t n = 0;
  /// G14's calibration criteria: hourly CV(RMSE) <= 30 % and |NMBE| <= 10 %, monthly 15 % and 5 %.
  bool meets(bool hourly) const noexcept;
};
GoodnessOfFit goodness_of_fit(const std::vector<double>& measured, const std::vector<double>& simulated,
                              std::size_t parameters);

struct FittedParameter {
  std::string name;
  double value = 0.0;     ///< the fitted offset or factor (the parameter's own unit)
  double sd = 0.0;        ///< its posterior standard deviation (Laplace approximation)
  double prior_sd = 0.0;  ///< the uniform range's: (high - low) / sqrt(12)
  double low = 0.0, high = 0.0;
  bool at_bound = false;  ///< the fit sits within 2 % of the range's end: the model may be wrong
  bool identified = true; ///< the data narrow it to below half its prior spread
};

struct CalibrationOptions {
  std::string hall;           ///< the hall fitted (empty: the park's only hall in service)
  std::size_t screening = 64; ///< Latin-hypercube points before the local search
  std::size_t evaluations = 120; ///< most model runs of the local search (all restarts)
  std::uint64_t seed = 1;
  unsigned jobs = 0;
  ParkRunOptions run;
};

struct CalibrationResult {
  std::string hall;
  std::vector<FittedParameter> parameters;
  std::vector<double> u; ///< the fit in the parameters' unit ranges
  /// The hall's figures before (the scenario as written) and after the fit.
  std::map<std::string, double> before, after;
  std::vector<CalibrationTarget> targets;
  /// Per measured column: G14 hourly and monthly (months of the climate year's calendar).
  std::map<std::string, GoodnessOfFit> hourly, monthly;
  /// The sum of squared standardised residuals plus the prior term (docs/calibration.md).
  double objective_before = 0.0, objective = 0.0;
  std::size_t model_runs = 0;
  model::Json calibrated; ///< the scenario document with the fitted values and their provenance
  double wall_time_s = 0.0;
};

/// Fits `parameters` (those that reach the hall) to the targets and the measured data (at
/// least one of them). Throws UsageError for an unknown hall or nothing to fit, InputError for
/// a draw that breaks the scenario, SolverError when a run fails.
CalibrationResult calibrate(const model::Scenario& scenario, const std::string& stage_id, const ClimateInput& climate,
                            const model::UncertaintySet& parameters, const std::vector<CalibrationTarget>& targets,
                            const MeasuredData* measured, const CalibrationOptions& options);

} // namespace parktwin::physics
