#pragma once
// The thermal network of a hall (docs/physics/hall-model.md): six nodes (cold aisle, hot aisle,
// IT mass, building structure, facility-water loop, chilled-water loop) joined by the air
// circulation, convection and conduction. Written once here and used by the hall simulation and the analytic tests.

#include <array>
#include <span>

namespace parktwin::physics {

enum Node : std::size_t {
  kColdAisle,
  kHotAisle,
  kItMass,
  kStructure,
  kLiquidLoop,    ///< facility-water return of the liquid cooling
  kChilledWater,  ///< chilled-water return of the coils
  kNodes
};

struct NetworkParams {
  std::array<double, kNodes> C_J_K{}; ///< heat capacities
  double G_structure_W_K = 0.0;       ///< air-to-structure, each aisle
  double UA_envelope_W_K = 0.0;       ///< structure to outdoors
  double bypass_fraction = 0.0;       ///< supply air going straight back to the coolers
  double recirculation_fraction = 0.0; ///< share of IT inlet air that is hot-aisle air
  double it_effectiveness = 0.9;      ///< air leaving IT: T_in + eps (T_it - T_in)
  double cp_air_J_kgK = 1006.0;
};

/// What drives the network at an instant.
struct NetworkDrive {
  double m_air_kg_s = 0.0;   ///< supply air from the coolers
  /// Supply the servers' fans call for (0: m_air_kg_s). When the coolers move less, the servers
  /// draw the shortfall from the hot aisle (docs/physics/plant-capacity.md, "Air units").
  double m_air_demand_kg_s = 0.0;
  double T_supply_K = 0.0;   ///< after the coolers' fans
  double it_air_W = 0.0;     ///< IT heat to the air path (through the IT mass)
  double it_liquid_W = 0.0;  ///< IT heat captured by liquid cooling
  double liquid_rejected_W = 0.0;
  double chilled_water_in_W = 0.0;      ///< heat the coils put into the chilled water
  double chilled_water_removed_W = 0.0; ///< heat the plant takes out of it
  double lighting_W = 0.0;   ///< into the cold aisle
  double solar_W = 0.0;      ///< absorbed by the structure
  double T_outdoor_K = 0.0;
};

/// Temperature of the air the coolers take back: hot-aisle air mixed with the bypass.
double return_air_K(const NetworkParams& p, std::span<const double> T) noexcept;

/// Time derivatives of the node temperatures (K/s). A node with zero capacity is held.
void network_derivatives(const NetworkParams& p, const NetworkDrive& d, std::span<const double> T,
                         std::span<double> dTdt) noexcept;

/// Heat stored in the nodes relative to 0 K, J (for energy balances).
double stored_heat_J(const NetworkParams& p, std::span<const double> T) noexcept;

} // namespace parktwin::physics
