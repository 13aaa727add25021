#pragma once
// Unit conversions at the edges (STYLE.md 6). Inside the project everything is SI: K, Pa, W, J,
// kg, m, s. These are the only places where Celsius, kWh and friends are converted.

namespace parktwin::units {

inline constexpr double kZeroCelsius_K = 273.15;
inline constexpr double kSecondsPerHour = 3600.0;

constexpr double celsius_to_kelvin(double t_C) noexcept { return t_C + kZeroCelsius_K; }
constexpr double kelvin_to_celsius(double T_K) noexcept { return T_K - kZeroCelsius_K; }
constexpr double kpa_to_pa(double p_kPa) noexcept { return p_kPa * 1000.0; }
constexpr double pa_to_kpa(double p_Pa) noexcept { return p_Pa / 1000.0; }
constexpr double percent_to_fraction(double x_pct) noexcept { return x_pct / 100.0; }
constexpr double fraction_to_percent(double x) noexcept { return x * 100.0; }
constexpr double j_to_kwh(double E_J) noexcept { return E_J / 3.6e6; }
constexpr double kwh_to_j(double E_kWh) noexcept { return E_kWh * 3.6e6; }
constexpr double j_per_kg_to_kj_per_kg(double h_J_kg) noexcept { return h_J_kg / 1000.0; }
constexpr double kg_per_kg_to_g_per_kg(double W) noexcept { return W * 1000.0; }

} // namespace parktwin::units
