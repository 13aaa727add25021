#include "parktwin/physics/components.hpp"

#include "parktwin/common/units.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace parktwin::physics {

namespace {

/// Amplitude of a profile's daily cosine (peak at 15:00).
double profile_amplitude(model::LoadProfile profile) noexcept {
  switch (profile) {
  case model::LoadProfile::Flat:
    return 0.0;
  case model::LoadProfile::EnterpriseDiurnal:
    return 0.15;
  case model::LoadProfile::AiTraining:
    return 0.03; // near flat: jobs run around the clock
  case model::LoadProfile::AiInferenceDiurnal:
    return 0.25;
  }
  return 0.0;
}

constexpr double kPeakHour = 15.0;

} // namespace

double profile_factor(model::LoadProfile profile, double t_s) noexcept {
  if (profile_amplitude(profile) == 0.0) {
    return 1.0; // flat: 1 + 0 cos(phase), without the cosine
  }
  const double hour_of_day = std::fmod(t_s / 3600.0, 24.0);
  const double phase = 2.0 * std::numbers::pi * (hour_of_day - kPeakHour) / 24.0;
  return 1.0 + profile_amplitude(profile) * std::cos(phase);
}

ProfileHour profile_hour(model::LoadProfile profile, std::size_t hour) noexcept {
  const double a = profile_amplitude(profile);
  if (a == 0.0) {
    return {};
  }
  const double h0 = static_cast<double>(hour % 24);
  const double w = 2.0 * std::numbers::pi / 24.0;
  const double p0 = w * (h0 - kPeakHour), p1 = w * (h0 + 1.0 - kPeakHour);
  ProfileHour r;
  r.mean = 1.0 + a * (std::sin(p1) - std::sin(p0)) / w; // (1 / 1 h) x the integral over the hour
  const double f0 = 1.0 + a * std::cos(p0), f1 = 1.0 + a * std::cos(p1);
  // The peak (15:00) and the trough (03:00) fall on hour boundaries: the extremes are the ends.
  r.max = std::max(f0, f1);
  r.min = std::min(f0, f1);
  return r;
}

double server_power_multiplier(double T_inlet_K) noexcept {
  // Fans reach full speed at the top of the A2 allowable range (35 C): above it the server's
  // power no longer rises (it throttles instead), so the curve is held there.
  const double over = std::clamp(units::kelvin_to_celsius(T_inlet_K) - 25.0, 0.0, 10.0);
  return 1.0 + 0.001 * over * over;
}

double it_thermal_protection_factor(double T_inlet_K) noexcept {
  return std::clamp((50.0 - units::kelvin_to_celsius(T_inlet_K)) / 5.0, 0.0, 1.0);
}

double fan_power_W(double design_power_W, double mass_flow_ratio, double rho_kg_m3) noexcept {
  const double r = std::max(0.0, mass_flow_ratio);
  const double density = kStandardAirDensity_kg_m3 / rho_kg_m3;
  return design_power_W * r * r * r * density * density;
}

double iec_outlet_min_K(double T_r, double T_db, double T_wb, bool wet, double eps_dry,
                        double eps_wb) noexcept {
  const double T_sink = wet ? T_wb : T_db;
  const double eps = wet ? eps_wb : eps_dry;
  return T_r - eps * std::max(0.0, T_r - T_sink);
}

double part_load_power_fraction(double plr) noexcept {
  // Quadratic through (0, 0.1), (0.25, 0.33), (1, 1): power at 25 % load is a third of full
  // power, i.e. the part-load efficiency gain of variable-speed machines (docs/physics/chillers.md).
  const double x = std::clamp(plr, 0.0, 1.0);
  const double a = 0.1;
  // c from the two points: 0.1 + b*0.25 + c*0.0625 = 0.33 and 0.1 + b + c = 1.
  const double c = (0.33 - 0.1 - 0.25 * 0.9) / (0.0625 - 0.25);
  const double b = 0.9 - c;
  return a + b * x + c * x * x;
}

double adiabatic_precool_K(double T_db_K, double T_wb_K, double eps) noexcept {
  return T_db_K - eps * std::max(0.0, T_db_K - T_wb_K);
}

double ups_loss_fraction(double efficiency_at_design, double x, bool eco) noexcept {
  const double L = 1.0 / efficiency_at_design - 1.0;
  const double a = eco ? 0.6 : 0.3, b = eco ? 0.4 : 0.5, c = eco ? 0.0 : 0.2;
  return L * (a + b * x + c * x * x);
}

double pump_power_fraction(double x, double s) noexcept {
  const double f = std::max(0.0, x);
  return f * (s + (1.0 - s) * f * f);
}

ElectricalLosses electrical_losses(const model::Electrical& e, double it_W, double other_W,
                                   double design_VA, double design_it_W, MechanicalUpsLoad mechanical) noexcept {
  ElectricalLosses l;
  const double ups_design_W = e.it_on_ups_fraction * design_it_W + mechanical.design_W;
  if (ups_design_W > 0.0) {
    const bool eco = e.ups_mode == model::UpsMode::Eco;
    const double x = (e.it_on_ups_fraction * it_W + mechanical.W) / ups_design_W;
    l.ups_W = ups_design_W * ups_loss_fraction(eco ? e.ups_eco_efficiency : e.ups_efficiency, x, eco);
  }
  l.distribution_W = e.distribution_loss_fraction * (it_W + l.ups_W + other_W);
  const double rating_VA = design_VA / std::max(e.transformer_loading, 1e-6);
  const double load_VA = (it_W + l.ups_W + l.distribution_W + other_W) / e.power_factor;
  const double x = rating_VA > 0.0 ? load_VA / rating_VA : 0.0;
  l.transformer_W = rating_VA * (e.transformer_no_load_loss_fraction +
                                 e.transformer_load_loss_fraction * x * x);
  return l;
}

double district_heat_demand_W(const model::HeatNetwork& n, double T_mean_K) noexcept {
  const double span = n.T_heating_limit_K - n.T_design_outdoor_K;
  const double space = T_mean_K >= n.T_heating_limit_K
                           ? 0.0
                           : n.design_heat_flux_W_m2 * n.served_floor_area_m2 * (n.T_heating_limit_K - T_mean_K) / span;
  const double at_consumers = space + n.hot_water_W_m2 * n.served_floor_area_m2;
  return at_consumers / (1.0 - std::clamp(n.network_loss_fraction, 0.0, 0.9));
}

double heat_pump_cop(double T_hot_K, double T_cold_K, double carnot_efficiency) noexcept {
  const double lift = std::max(T_hot_K - T_cold_K, kHeatPumpMinLift_K);
  return std::min(carnot_efficiency * T_hot_K / lift, kHeatPumpMaxCop);
}

} // namespace parktwin::physics
