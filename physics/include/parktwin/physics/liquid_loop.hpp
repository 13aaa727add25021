#pragma once
// The facility-water loop of liquid-cooled racks (docs/physics/liquid-cooling.md): heat recovery
// to a district network first (directly, or by heat pump), then the heat rejection (dry cooler or
// closed-circuit tower), then a trim chiller for what the rejection cannot bring to the supply
// set point. The hall model assembles it; the loop's return temperature is the hall's state.

#include "parktwin/model/park.hpp"
#include "parktwin/physics/compressor_plant.hpp"
#include "parktwin/physics/heat_rejection.hpp"

#include <optional>

namespace parktwin::physics {

/// Approach of the heat-recovery exchangers and of the heat pump's evaporator and condenser.
inline constexpr double kRecoveryApproach_K = 3.0;
/// The trim chiller evaporates this far below the facility supply set point.
inline constexpr double kTrimEvaporatorApproach_K = 3.0;

struct LiquidLoopDesign {
  double m_water_kg_s = 0.0;     ///< facility water at design flow
  double T_supply_set_K = 0.0;   ///< facility supply set point
  double pump_W = 0.0;           ///< facility and CDU pumps at design flow (variable speed)
  RejectionDesign rejection;
  CompressorPlant trim;          ///< trim chiller (air-cooled condenser)
  std::optional<model::HeatRecovery> recovery;
  double T_network_supply_K = 0.0; ///< with recovery: the network's supply temperature
};

struct LiquidLoopPoint {
  double Q_removed_W = 0.0;   ///< heat leaving the loop: recovered, rejected and trimmed
  double Q_recovered_W = 0.0; ///< taken from the loop by the recovery
  double Q_delivered_W = 0.0; ///< delivered to the network (recovered + heat-pump work)
  double heat_pump_W = 0.0;
  double T_rejection_supply_K = 0.0; ///< water leaving the heat rejection, before the trim
  double T_supply_K = 0.0;    ///< water supplied to the racks
  double rejection_fan_W = 0.0;
  double water_kg_s = 0.0;    ///< the heat rejection's water
  double trim_W = 0.0;        ///< trim chiller's electric power
  double pump_W = 0.0;
  bool rejection_holds = false; ///< the rejection alone holds the set point, fans <= 90 %
  bool limited = false;         ///< the supply more than 0.1 K above its set point
};

/// The loop at one instant: water returning at T_return_K, flow `flow_fraction` of design, the
/// hall's share of the network's demand, outdoor air, the trim chiller staged on or not.
/// `water`: compute the heat rejection's water use.
LiquidLoopPoint run_liquid_loop(const LiquidLoopDesign& d, double T_return_K, double flow_fraction,
                                double heat_demand_W, const RejectionAir& air, bool trim_on,
                                bool water = true);

} // namespace parktwin::physics
