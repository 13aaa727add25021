#include "parktwin/physics/metrics.hpp"

#include "parktwin/common/units.hpp"

namespace parktwin::physics {

KeyMetrics key_metrics(const EnergyByUse& e, double water_kg, double recovered_J, const Carbon& co2) {
  const double it = e.it > 0.0 ? e.it : 1.0;
  const double it_kWh = units::j_to_kwh(it);
  KeyMetrics m;
  m.pue = e.facility() / it;
  m.ppue_cooling = (e.it + e.cooling()) / it;
  m.ppue_power_chain = (e.it + e.power_chain()) / it;
  m.ere = (e.facility() - recovered_J) / it;
  m.wue_L_per_kWh = water_kg / it_kWh;
  m.co2_kg = co2.market_kg;
  m.co2_location_kg = co2.location_kg;
  m.cue_kg_per_kWh = m.co2_kg / it_kWh;
  m.cue_location_kg_per_kWh = m.co2_location_kg / it_kWh;
  return m;
}

} // namespace parktwin::physics
