#include "parktwin/physics/wind.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace parktwin::physics::wind {

double PowerCurve::at(double v) const noexcept {
  if (speed_m_s.empty() || v < speed_m_s.front() || v > speed_m_s.back()) {
    return 0.0;
  }
  const auto hi = std::upper_bound(speed_m_s.begin(), speed_m_s.end(), v);
  if (hi == speed_m_s.end()) {
    return power_W.back();
  }
  const std::size_t i = static_cast<std::size_t>(hi - speed_m_s.begin());
  const double v0 = speed_m_s[i - 1], v1 = speed_m_s[i];
  const double f = v1 > v0 ? (v - v0) / (v1 - v0) : 0.0;
  return power_W[i - 1] + f * (power_W[i] - power_W[i - 1]);
}

double PowerCurve::rated_W() const noexcept {
  return power_W.empty() ? 0.0 : *std::max_element(power_W.begin(), power_W.end());
}

PowerCurve generic_curve(double rated_W, double rotor_diameter_m, double cp, double cut_in_m_s, double cut_out_m_s) {
  PowerCurve c;
  const double area = std::numbers::pi * 0.25 * rotor_diameter_m * rotor_diameter_m;
  for (double v = cut_in_m_s; v <= cut_out_m_s + 1e-9; v += 0.5) {
    c.speed_m_s.push_back(v);
    c.power_W.push_back(std::min(rated_W, 0.5 * kStandardDensity_kg_m3 * area * cp * v * v * v));
  }
  return c;
}

double hub_speed_m_s(double v_ref, double z_ref, double z_hub, double alpha) noexcept {
  return std::max(v_ref, 0.0) * std::pow(z_hub / z_ref, alpha);
}

double air_density_kg_m3(double p_Pa, double T_K) noexcept { return p_Pa / (287.05 * T_K); }

double normalised_speed_m_s(double v, double rho) noexcept { return v * std::cbrt(rho / kStandardDensity_kg_m3); }

double farm_power_W(const Farm& f, double v_ref, double p_Pa, double T_K) noexcept {
  const double v_hub = hub_speed_m_s(v_ref, f.measurement_height_m, f.hub_height_m, f.shear_exponent);
  const double v_n = normalised_speed_m_s(v_hub, air_density_kg_m3(p_Pa, T_K));
  return f.turbines * f.curve.at(v_n) * (1.0 - f.loss_fraction);
}

std::vector<double> farm_power_W(const Farm& f, const climate::ClimateYear& year) {
  std::vector<double> out(year.hours(), 0.0);
  for (std::size_t i = 0; i < year.hours(); ++i) {
    out[i] = farm_power_W(f, year.wind_speed_m_s[i], year.p_Pa[i], year.T_db_K[i]);
  }
  return out;
}

} // namespace parktwin::physics::wind
