#include "parktwin/physics/chilled_water_plant.hpp"

#include "parktwin/physics/components.hpp"

#include <algorithm>

namespace parktwin::physics {

double rejection_water_K(const ChilledWaterPlantDesign& d, double T_db_K, double T_wb_K, double Q_W) {
  return d.economizer == model::EconomizerKind::DryCooler
             ? T_db_K + d.rejection.approach_dry_K * Q_W / d.rejection.duty_W
             : open_tower_water_K(d.rejection, T_wb_K, Q_W, d.m_chw_kg_s * kCpWater_J_kgK);
}

ChilledWaterPlantPoint run_chilled_water_plant(const ChilledWaterPlantDesign& d, const CompressorPlant& chillers,
                                               const ChilledWaterPlantState& s, double T_return_K,
                                               double flow_fraction, double rejection_water_K,
                                               const RejectionAir& air, bool outputs) {
  ChilledWaterPlantPoint p;
  // The economizer pre-cools the return toward its water (through the plate exchanger); in free
  // operation the supply floats up to that water, otherwise the chillers make up the rest to the
  // set point within their capacity.
  const double econ_water = economizer_water_K(d, rejection_water_K);
  const double econ_chw = econ_water + d.plate_hx_approach_K;
  const double T_s = s.free ? std::max(econ_chw, d.T_chw_supply_K) : d.T_chw_supply_K;
  const double mcp = d.m_chw_kg_s * flow_fraction * kCpWater_J_kgK;
  const double Q_wanted = mcp * std::max(0.0, T_return_K - T_s);
  p.Q_economizer_W = s.economizer ? mcp * std::max(0.0, T_return_K - std::max(econ_chw, T_s)) : 0.0;
  const double Q_ask = std::max(0.0, Q_wanted - p.Q_economizer_W);
  const CompressorPoint ch = run_compressors(
      chillers, Q_ask, d.T_chw_supply_K - 2.0,
      rejection_water_K + kChillerCondLift_K, s.chillers_staged);
  p.capacity_W = ch.capacity_W;
  p.margin_W = ch.capacity_W - Q_ask;
  p.Q_chillers_W = ch.Q_W;
  p.chiller_W = ch.power_W;
  p.limited = ch.limited;
  p.Q_W = p.Q_economizer_W + ch.Q_W;
  p.T_supply_K = T_return_K - p.Q_W / std::max(mcp, 1e-9);
  p.pump_W = d.chw_pump_W * pump_power_fraction(flow_fraction, kPumpStaticHead) + (p.Q_W > 0.0 ? d.cond_pump_W : 0.0);
  // Heat rejection of the economizer heat and the condensers: the fans run as fast as the water
  // the plant needs requires (free: the supply less the plate approach; economizing with chillers:
  // the coldest the tower gives; chillers alone: their head-pressure floor). Evaporation from the
  // saturated-exit balance.
  const double rejected = p.Q_W + p.chiller_W;
  if (outputs && rejected > 0.0) {
    const double mcp_cond = d.m_chw_kg_s * kCpWater_J_kgK;
    const bool economizing = s.economizer && !s.free && d.economizer != model::EconomizerKind::None;
    const double T_target = s.free       ? d.T_chw_supply_K - d.plate_hx_approach_K
                            : economizing ? econ_water
                                          : d.T_condenser_floor_K;
    const double range = rejected / mcp_cond;
    // The heat rejection rejects all of it: when it cannot bring the water down to the target
    // (a warm wet bulb), the condenser water floats up to where its fans at full speed reject
    // everything the plant took in, the water leaving at the device's full-speed approach for
    // this range (without this the water and fans would be those of a tower rejecting only what
    // it could at the target).
    const double T_full = physics::rejection_water_K(d, air.T_db_K, air.T_wb_K, rejected);
    const double T_set = T_target >= T_full ? T_target : T_full - 1e-6;
    const RejectionPoint r = reject_heat(d.rejection, std::max(T_set, T_full) + range, mcp_cond, T_set, air);
    p.rejection_fan_W = r.fan_W;
    p.water_kg_s = r.water_kg_s;
  }
  return p;
}

} // namespace parktwin::physics
