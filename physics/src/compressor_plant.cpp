#include "parktwin/physics/compressor_plant.hpp"

#include "parktwin/physics/components.hpp"

#include <algorithm>
#include <cmath>

namespace parktwin::physics {

double capacity_fraction(const CompressorPlant& p, double T_evap_K, double T_cond_K) noexcept {
  const double T_c = std::max(T_cond_K, p.T_cond_rated_K - kHeadPressureFloor_K);
  const double f = 1.0 + 0.025 * (T_evap_K - p.T_evap_rated_K) - 0.01 * (T_c - p.T_cond_rated_K);
  return std::clamp(f, 0.5, 1.3);
}

double full_load_cop(const CompressorPlant& p, double T_evap_K, double T_cond_K) noexcept {
  const double T_c = std::max(T_cond_K, p.T_cond_rated_K - kHeadPressureFloor_K);
  const double lift = std::max(T_c - T_evap_K, 1.0);
  const double carnot = T_evap_K / lift;
  const double carnot_rated = p.T_evap_rated_K / (p.T_cond_rated_K - p.T_evap_rated_K);
  // At most twice the rated Carnot factor: a machine built for its rating lift loses to fixed
  // losses (pressure ratio limits, motor and drive) at much lower lifts.
  return std::max(1.0, p.cop_rated * std::min(carnot / carnot_rated, kMaxCarnotGain));
}

CompressorPoint run_compressors(const CompressorPlant& p, double demand_W, double T_evap_K,
                                double T_cond_K, bool enabled) noexcept {
  CompressorPoint r;
  if (p.units_available <= 0 || p.unit_capacity_W <= 0.0) {
    r.limited = demand_W > 0.0;
    return r;
  }
  const double unit = p.unit_capacity_W * capacity_fraction(p, T_evap_K, T_cond_K);
  const double available = unit * p.units_available;
  r.capacity_W = available;
  if (!enabled) {
    r.limited = demand_W > 0.0;
    return r;
  }
  const double demand = std::max(0.0, demand_W);
  r.limited = demand > available;
  r.Q_W = std::min(demand, available);
  r.units_on = std::clamp(static_cast<int>(std::ceil(r.Q_W / unit - 1e-9)), 1, p.units_available);
  r.plr = r.Q_W / (unit * r.units_on);
  const double cop = full_load_cop(p, T_evap_K, T_cond_K);
  const double plr = std::max(r.plr, p.min_unloading_ratio); // false loading below the minimum
  r.power_W = r.units_on * unit / cop * part_load_power_fraction(plr);
  return r;
}

} // namespace parktwin::physics
