#pragma once
// The Green Grid metrics and the rest of a hall's, a wing's or the park's key figures, from
// annual energies (docs/physics/metrics.md). One place, used by `run`, `sweep` and the desktop.

#include "parktwin/model/park.hpp"
#include "parktwin/physics/hall_simulation.hpp"

namespace parktwin::physics {

/// Scope 2 CO2 of an energy use, by the GHG Protocol's two methods (from the supply year's
/// ledger: physics/park_supply.hpp), kg.
struct Carbon {
  double location_kg = 0.0; ///< grid energy x the grid-average factor
  double market_kg = 0.0;   ///< grid energy not covered by certificates x the residual factor
};

struct KeyMetrics {
  double pue = 0.0;              ///< facility / IT
  double ppue_cooling = 0.0;     ///< (IT + cooling) / IT
  double ppue_power_chain = 0.0; ///< (IT + UPS, distribution and transformer losses) / IT
  double ere = 0.0;              ///< (facility - reused heat) / IT
  double wue_L_per_kWh = 0.0;    ///< site water per kWh of IT
  double cue_kg_per_kWh = 0.0;   ///< market-based CO2 of the facility's energy per kWh of IT (The Green Grid CUE)
  double cue_location_kg_per_kWh = 0.0; ///< the same, location-based
  double co2_kg = 0.0;           ///< market-based
  double co2_location_kg = 0.0;
};

/// From annual energies (J), water (kg), recovered heat (J) and CO2.
KeyMetrics key_metrics(const EnergyByUse& e, double water_kg, double recovered_J, const Carbon& co2);

} // namespace parktwin::physics
