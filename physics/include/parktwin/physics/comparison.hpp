#pragma once
// Two scenarios side by side (docs/studio.md, and the report's --compare): the inputs that
// differ (every field, defaults applied) and the key figures of the park and of each hall.

#include "parktwin/model/scenario.hpp"
#include "parktwin/physics/park_simulation.hpp"

#include <string>
#include <vector>

namespace parktwin::physics {

struct InputDifference {
  std::string path; ///< e.g. "wings[1].buildings[0].halls[2].air.supply_air_C"
  std::string a;    ///< the value in the first scenario ("" if absent)
  std::string b;
};

/// Every field whose value differs, defaults applied (so a field written with its default
/// value equals a field left out).
std::vector<InputDifference> input_differences(const model::Json& a, const model::Json& b);

struct FigureRow {
  std::string scope;  ///< "park" or a hall id
  std::string figure; ///< "PUE", "WUE_L_per_kWh", ...
  double a = 0.0, b = 0.0;
  bool in_a = true, in_b = true; ///< the hall exists and ran in each
  bool differs() const noexcept;
};

/// The key figures of the park and of every hall of either run.
std::vector<FigureRow> figure_rows(const model::Park& park_a, const model::Stage& stage_a,
                                   const ParkResult& a, const model::Park& park_b,
                                   const model::Stage& stage_b, const ParkResult& b);

} // namespace parktwin::physics
