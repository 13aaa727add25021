#include "parktwin/physics/liquid_loop.hpp"

#include "parktwin/physics/components.hpp"

#include <algorithm>

namespace parktwin::physics {

LiquidLoopPoint run_liquid_loop(const LiquidLoopDesign& d, double T_return_K, double flow_fraction,
                                double heat_demand_W, const RejectionAir& air, bool trim_on,
                                bool water) {
  LiquidLoopPoint p;
  const double mcp = d.m_water_kg_s * flow_fraction * kCpWater_J_kgK;
  const double inv_mcp = 1.0 / std::max(mcp, 1e-9);
  // Heat recovery first, in series before the heat rejection: the hall's share of the demand,
  // directly when the return water is warm enough for the network, else (heat-pump mode) lifted.
  if (d.recovery) {
    const double available = d.recovery->max_recovered_fraction * mcp * std::max(0.0, T_return_K - d.T_supply_set_K);
    if (T_return_K >= d.T_network_supply_K + kRecoveryApproach_K) {
      p.Q_recovered_W = std::min(heat_demand_W, available);
      p.Q_delivered_W = p.Q_recovered_W;
    } else if (d.recovery->mode == model::HeatRecoveryMode::HeatPump && heat_demand_W > 0.0) {
      // The evaporator cools the return by the heat it takes, Q / (m c): evaporating below the
      // water leaving it, condensing above the network's supply (two passes of the fixed point
      // are ample: the COP moves by well under 1 % on the second).
      double cop = 0.0;
      double T_leave = T_return_K;
      for (int pass = 0; pass < 2; ++pass) {
        cop = heat_pump_cop(d.T_network_supply_K + kRecoveryApproach_K, T_leave - kRecoveryApproach_K,
                            d.recovery->heat_pump_carnot_efficiency);
        p.Q_recovered_W = std::min(available, heat_demand_W * (cop - 1.0) / cop);
        T_leave = T_return_K - p.Q_recovered_W * inv_mcp;
      }
      p.Q_delivered_W = p.Q_recovered_W * cop / (cop - 1.0);
      p.heat_pump_W = p.Q_delivered_W / cop;
    }
  }
  // Heat rejection after the recovery; the trim chiller (staged on by the hall's plant logic)
  // brings what is left to the set point within its capacity, else the supply floats above it.
  const double T_rej_in = T_return_K - p.Q_recovered_W * inv_mcp;
  const RejectionPoint r = reject_heat(d.rejection, T_rej_in, mcp, d.T_supply_set_K, air, water);
  p.T_rejection_supply_K = r.T_supply_K;
  p.water_kg_s = r.water_kg_s;
  p.rejection_fan_W = r.fan_W;
  p.rejection_holds = r.T_supply_K <= d.T_supply_set_K + 1e-9 && r.fan_speed <= 0.9;
  p.T_supply_K = r.T_supply_K;
  if (trim_on) {
    const CompressorPoint cp = run_compressors(d.trim, mcp * std::max(0.0, r.T_supply_K - d.T_supply_set_K),
                                               d.T_supply_set_K - kTrimEvaporatorApproach_K, air.T_db_K + kCondenserApproach_K, true);
    p.trim_W = cp.power_W;
    p.T_supply_K = r.T_supply_K - cp.Q_W * inv_mcp;
  }
  p.limited = p.T_supply_K > d.T_supply_set_K + 0.1;
  p.Q_removed_W = mcp * (T_return_K - p.T_supply_K);
  p.pump_W = d.pump_W * pump_power_fraction(flow_fraction, kPumpStaticHead);
  return p;
}

} // namespace parktwin::physics
