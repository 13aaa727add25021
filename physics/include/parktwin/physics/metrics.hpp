#pragma once
// The Green Grid metrics and the rest of a hall's, a wing's or the park's key figures, from
// annual energies (docs/physics/metrics.md). One place, used by `run`, `sweep` and the desktop.

#include "parktwin/model/park.hpp"
#include "parktwin/physics/hall_simulation.hpp"

namespace parktwin::physics {

struct KeyMetrics {
  double pue = 0.0;              ///< facility / IT
  double ppue_cooling = 0.0;     ///< (IT + cooling) / IT
  double ppue_power_chain = 0.0; ///< (IT + UPS, distribution and transformer losses) / IT
  double ere = 0.0;              ///< (facility - reused heat) / IT
  double wue_L_per_kWh = 0.0;    ///< site water per kWh of IT
  double cue_kg_per_kWh = 0.0;   ///< CO2 of the grid share of the facility energy per kWh of IT
  double co2_kg = 0.0;
};

/// From annual energies (J), water (kg) and recovered heat (J), at a stage (green share).
KeyMetrics key_metrics(const EnergyByUse& e, double water_kg, double recovered_J,
                       const model::Park& park, const model::Stage& stage);

} // namespace parktwin::physics
