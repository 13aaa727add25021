#include "parktwin/physics/hall_network.hpp"

#include <algorithm>

namespace parktwin::physics {

double return_air_K(const NetworkParams& p, std::span<const double> T) noexcept {
  return (1.0 - p.bypass_fraction) * T[kHotAisle] + p.bypass_fraction * T[kColdAisle];
}

void network_derivatives(const NetworkParams& p, const NetworkDrive& d, std::span<const double> T,
                         std::span<double> dT) noexcept {
  const double cp = p.cp_air_J_kgK;
  const double b = p.bypass_fraction;
  const double r = p.recirculation_fraction;
  // Mass flows: IT draws the supply less the bypass plus recirculated hot-aisle air; servers
  // asking for more air than the coolers supply draw the shortfall from the hot aisle too (the
  // cold aisle's mass balance: supply + recirculation = IT + bypass).
  const double m_it = std::max(d.m_air_kg_s, d.m_air_demand_kg_s) * (1.0 - b) / (1.0 - r);
  const double m_r = m_it - (1.0 - b) * d.m_air_kg_s;
  const double T_ca = T[kColdAisle], T_ha = T[kHotAisle], T_it = T[kItMass], T_st = T[kStructure];
  const double Q_to_air = m_it * cp * p.it_effectiveness * (T_it - T_ca);
  const double T_out = T_ca + (m_it > 0.0 ? Q_to_air / (m_it * cp) : 0.0);
  const double G = p.G_structure_W_K;
  const double flows[kNodes] = {
      d.m_air_kg_s * cp * d.T_supply_K + m_r * cp * T_ha - (m_it + b * d.m_air_kg_s) * cp * T_ca +
          G * (T_st - T_ca) + d.lighting_W,
      m_it * cp * T_out - (d.m_air_kg_s * (1.0 - b) + m_r) * cp * T_ha + G * (T_st - T_ha),
      d.it_air_W - Q_to_air,
      G * (T_ca - T_st) + G * (T_ha - T_st) + p.UA_envelope_W_K * (d.T_outdoor_K - T_st) + d.solar_W,
      d.it_liquid_W - d.liquid_rejected_W,
      d.chilled_water_in_W - d.chilled_water_removed_W};
  for (std::size_t i = 0; i < kNodes; ++i) {
    dT[i] = p.C_J_K[i] > 0.0 ? flows[i] / p.C_J_K[i] : 0.0;
  }
}

double stored_heat_J(const NetworkParams& p, std::span<const double> T) noexcept {
  double e = 0.0;
  for (std::size_t i = 0; i < kNodes; ++i) {
    e += p.C_J_K[i] * T[i];
  }
  return e;
}

} // namespace parktwin::physics
