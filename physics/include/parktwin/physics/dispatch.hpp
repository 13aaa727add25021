#pragma once
// Power-compute dispatch (docs/physics/dispatch.md): flexible compute moved between the hours of
// its window to where a joule of facility energy is carbon-free (own green supply that would
// otherwise be exported or curtailed) or cheap, within the racks' power limits, each hall's
// cooling limit and each wing's substation. Pure arithmetic on hourly series: the coupling to
// the halls' physics (the marginal facility power per IT watt, the loads and limits) is the
// caller's (park_dispatch.hpp). SI: W for power (mean over the hour), J for energy.

#include <cstddef>
#include <string>
#include <vector>

namespace parktwin::physics::dispatch {

enum class Objective {
  CarbonFree, ///< least facility energy drawn from the grid's fossil share, then least cost
  Cost,       ///< least energy cost (time-of-use prices), then least fossil energy
};

/// Flexible compute that moves as one: one or more identical rack groups (each in its own hall
/// of the same wing), every member given the same hourly power. Per member.
struct Load {
  std::string id;                 ///< for messages and results
  std::vector<std::size_t> halls; ///< index into Problem::halls of each member's hall
  std::size_t wing = 0;           ///< index into Problem::wing_room_W (all members' wing)
  std::vector<double> base_W;     ///< IT power as profiled, hourly mean
  std::vector<double> max_W;      ///< hourly-mean ceiling (racks' power limit), >= base where not
  std::vector<double> min_W;      ///< hourly-mean floor (the inflexible base), <= base where not
  double flexible_share = 0.0;    ///< of its energy in each window; the rest stays where it is
  std::size_t window_h = 24;      ///< windows of this many hours from the year's first hour
};

/// A hall's coupling to the facility: what a watt of IT costs it, and how much more it can take.
struct Hall {
  std::vector<double> facility_per_it; ///< marginal facility W per IT W, hourly (estimated)
  std::vector<double> it_room_W;       ///< IT power the hall may still add each hour (cooling)
};

struct Problem {
  Objective objective = Objective::CarbonFree;
  /// A move is made only when it lowers the objective by more than this fraction of what the
  /// moved energy costs where it was (moves within the estimate's noise are not worth a job's
  /// checkpoint).
  double min_gain_fraction = 0.005;
  /// The park's hourly position: grid import less the carbon-free supply left unused (export
  /// and curtailment), W of facility power. Positive: the next watt comes from the grid.
  std::vector<double> position_W;
  std::vector<double> fossil_share;     ///< of grid energy, hourly (1 - carbon-free share)
  std::vector<double> price_CNY_per_J;  ///< hourly
  std::vector<Hall> halls;
  std::vector<std::vector<double>> wing_room_W; ///< facility power each wing may still add, hourly
  std::vector<Load> loads;
};

struct LoadResult {
  std::vector<double> power_W; ///< dispatched IT power per member, hourly
  double flexible_J = 0.0;     ///< all members: the flexible share of the energy
  double shifted_J = 0.0;      ///< energy run in another hour than profiled
  double deferred_J = 0.0;     ///< of it, run later than profiled (within its window)
};

struct Result {
  std::vector<LoadResult> loads;
  double flexible_J = 0.0, shifted_J = 0.0, deferred_J = 0.0;
  /// The objective's predicted change on the linearised facility (negative: better), in J of
  /// fossil grid energy and CNY; the simulation after the dispatch gives the real figures.
  double predicted_fossil_change_J = 0.0;
  double predicted_cost_change_CNY = 0.0;
  std::size_t moves = 0;
  /// Largest |energy after - energy before| of any load's window relative to its energy
  /// (conservation: rounding only).
  double max_window_imbalance = 0.0;
};

/// Checks the problem's sizes and values; throws InputError naming the load.
void check(const Problem& problem);

/// Dispatches every load, window by window (loads in order of their flexible energy, repeated
/// until no load can improve alone). Never exceeds a ceiling or a room, never goes below a floor,
/// conserves each load's energy in each window.
Result solve(const Problem& problem);

} // namespace parktwin::physics::dispatch
