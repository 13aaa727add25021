#pragma once
// The park's power-compute dispatch coupled to the halls' physics (docs/physics/dispatch.md):
// the flexible compute of the rack groups is dispatched on each hall's hourly facility power per
// IT watt from its simulation, the halls are simulated again with the dispatched power, and the
// two are repeated until the park's facility energy settles; then the supply year again. Before
// and after, for the park and each company.

#include "parktwin/physics/dispatch.hpp"
#include "parktwin/physics/park_simulation.hpp"
#include "parktwin/physics/park_supply.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace parktwin::physics {

/// One round of dispatch and simulation.
struct DispatchRound {
  double facility_J = 0.0;      ///< the park's, simulated with this round's dispatch
  double relative_change = 0.0; ///< |this - the previous round's| / this (the first: against before)
  /// |the facility energy a dispatch on this round's results would add| / this, predicted at this
  /// round's facility power per IT watt: the convergence test.
  double predicted_change = 0.0;
  /// Facility energy a dispatch on this round's results would place differently (half the sum of
  /// |changes|, at this round's PUE) / the energy this round moved: how settled the plan is.
  double plan_change = 0.0;
  double cfe_score = 0.0;
  std::size_t locked_hours = 0; ///< hall hours closed to more work so far (inlet limit)
  std::size_t moves = 0;
};

/// A figure before and after the dispatch.
struct BeforeAfter {
  double before = 0.0, after = 0.0;
  double change() const noexcept { return after - before; }
  double saved() const noexcept { return before - after; } ///< what the dispatch avoided
};

struct DispatchCompany {
  std::string id, name, name_zh;
  double flexible_J = 0.0, shifted_J = 0.0, deferred_J = 0.0;
  BeforeAfter cfe_score, green_share, CO2_location_kg, CO2_market_kg, facility_J;
};

struct DispatchYear {
  model::DispatchObjective objective = model::DispatchObjective::CarbonFree;
  std::vector<DispatchRound> rounds;
  bool converged = false;
  double flexible_J = 0.0, shifted_J = 0.0, deferred_J = 0.0;
  double max_window_imbalance = 0.0; ///< conservation of each load's energy in each window
  std::size_t loads = 0;              ///< groups of identical rack groups dispatched as one
  std::size_t flexible_groups = 0;    ///< rack groups with flexible work
  std::size_t simulated_halls = 0;    ///< hall-years integrated in all rounds
  /// cost_CNY: the facility energy at the tariff (run's energy_cost_CNY, own green supply
  /// included); grid_cost_CNY: the grid import at the tariff (what the park buys).
  BeforeAfter cfe_score, green_share, CO2_location_kg, CO2_market_kg, cost_CNY, grid_cost_CNY, peak_grid_import_W,
      unused_green_J, facility_J, it_J, cooling_J, pue;
  std::vector<DispatchCompany> companies; ///< as the supply year's tenants
  /// Hourly IT power of the park, W: as profiled and as dispatched (the simulations').
  std::vector<double> it_before_W, it_after_W;
  std::map<std::string, ItSchedule> schedules; ///< by hall id
  ParkResult halls;    ///< after
  SupplyYear supply;   ///< after
  std::vector<std::string> notes;
  double wall_time_s = 0.0;
};

/// Dispatches the park's flexible compute (park.dispatch must be set) from the year simulated
/// without it (`before`, with hourly series, and its supply year) and returns the year after.
/// `options` are those of the run that made `before` (threads, solver, cache).
DispatchYear simulate_dispatch(const model::Park& park, const model::Stage& stage, const ParkResult& before,
                               const SupplyYear& supply_before, const ClimateInput& climate,
                               const ParkRunOptions& options = {});

/// A park's year as operated: with a dispatch in the scenario, the dispatched year (`halls` and
/// `supply` are then the dispatched ones, `dispatch` compares them with the year as profiled);
/// without, the halls and their supply. The supply's sizing (when `supply_options` asks for it)
/// is searched on the operated year. No dispatch when a hall failed or the run was cancelled
/// (`dispatch_skipped` says why).
struct OperatedYear {
  ParkResult halls;
  SupplyYear supply;
  std::optional<DispatchYear> dispatch;
  std::string dispatch_skipped;
};
OperatedYear simulate_operated_year(const model::Park& park, const model::Stage& stage, const ClimateInput& climate,
                                    const ParkRunOptions& options = {}, const SupplyOptions& supply_options = {});

} // namespace parktwin::physics
