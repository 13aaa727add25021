#include "parktwin/physics/air_economizers.hpp"

#include "parktwin/climate/psychrometrics.hpp"
#include "parktwin/physics/components.hpp"
#include "parktwin/physics/heat_rejection.hpp"

#include <algorithm>

namespace parktwin::physics {

namespace psy = climate::psy;

IecLimits iec_limits(const IecDesign& d, double T_return_K, double T_db_K, double T_wb_K) noexcept {
  return {iec_outlet_min_K(T_return_K, T_db_K, T_wb_K, false, d.dry_effectiveness, d.wet_bulb_effectiveness),
          iec_outlet_min_K(T_return_K, T_db_K, T_wb_K, true, d.dry_effectiveness, d.wet_bulb_effectiveness)};
}

IecPoint run_iec(const IecDesign& d, double Q_econ_W, double m_air_kg_s, double flow_ratio,
                 double T_return_K, double T_econ_min_K, bool wet, double rho_outdoor_kg_m3) noexcept {
  IecPoint p;
  // Scavenger fans run with the economizer's share of the work.
  const double capacity = m_air_kg_s * kCpAir_J_kgK * std::max(T_return_K - T_econ_min_K, 1e-3);
  const double share = std::clamp(Q_econ_W / std::max(capacity, 1e-9), 0.0, 1.0);
  const double speed = share > 0.0 ? std::max(flow_ratio * share, kRejectionMinFanSpeed) : 0.0;
  p.scavenger_fan_W = fan_power_W(d.scavenger_fan_design_W, speed, rho_outdoor_kg_m3);
  // Wet modes evaporate the economizer's heat; the sump is bled at 4 cycles of concentration
  // (bleed-off = evaporation / 3), as towers are.
  p.water_kg_s = wet ? with_bleed_off_kg_s(Q_econ_W / kLatentHeat_J_kg) : 0.0;
  return p;
}

bool direct_air_usable(const model::DirectAirEconomizer& d, double T_set_K, double W_kg_kg, double p_Pa) {
  return psy::dew_point_K(W_kg_kg, p_Pa) <= d.T_dew_point_max_K &&
         psy::rh_from_humidity_ratio(T_set_K, W_kg_kg, p_Pa) <= d.rh_max;
}

DirectAirPoint run_direct_air(const model::DirectAirEconomizer& d, double Q_econ_W, double m_air_kg_s,
                              double T_return_K, double T_outdoor_K, double W_kg_kg, double p_Pa) {
  DirectAirPoint p;
  // Without a humidifier the dry winter air is admitted as it is (no water, the lower dew point
  // limit is not held).
  if (T_outdoor_K >= T_return_K || Q_econ_W <= 0.0 || d.humidifier == model::Humidifier::None) {
    return p;
  }
  const double x = std::clamp(Q_econ_W / (m_air_kg_s * kCpAir_J_kgK * (T_return_K - T_outdoor_K)), 0.0, 1.0);
  const double W_min = psy::humidity_ratio_from_vapour_pressure(psy::saturation_pressure_Pa(d.T_dew_point_min_K), p_Pa);
  p.water_kg_s = x * m_air_kg_s * std::max(0.0, W_min - W_kg_kg);
  if (d.humidifier == model::Humidifier::Steam) {
    p.humidifier_W = p.water_kg_s * kSteamEnergy_J_kg;
  }
  return p;
}

} // namespace parktwin::physics
