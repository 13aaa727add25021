#pragma once
// Every hall of a park at a stage through a climate year, in parallel on all cores. A hall that
// fails (solver, unsupported system) is reported with its id and does not stop the others.

#include "parktwin/physics/hall_simulation.hpp"

#include <string>
#include <vector>

namespace parktwin::physics {

struct ParkRunOptions {
  unsigned threads = 0;      ///< 0: all hardware threads
  std::string only_hall;     ///< simulate only this hall id (empty: all in service)
  SimulationOptions simulation;
};

struct ParkResult {
  std::string stage_id;
  int stage_year = 0;
  std::vector<HallResult> halls; ///< in scenario order
  double wall_time_s = 0.0;
};

/// Halls in service at the stage (their stage year <= the stage's), simulated in parallel.
ParkResult simulate_park(const model::Park& park, const model::Stage& stage,
                         const ClimateInput& climate, const ParkRunOptions& options = {});

} // namespace parktwin::physics
