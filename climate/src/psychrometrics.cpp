#include "parktwin/climate/psychrometrics.hpp"

#include "parktwin/common/error.hpp"
#include "parktwin/common/units.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace parktwin::climate::psy {
namespace {

constexpr double kTriplePoint_K = 273.16;
constexpr double kMinHumidityRatio = 1e-7;

// Hyland-Wexler coefficients, ASHRAE Handbook Fundamentals 2017 ch.1 eqs. 5 and 6.
constexpr double C1 = -5.6745359e3, C2 = 6.3925247, C3 = -9.6778430e-3, C4 = 6.2215701e-7,
                 C5 = 2.0747825e-9, C6 = -9.4840240e-13, C7 = 4.1635019;
constexpr double C8 = -5.8002206e3, C9 = 1.3914993, C10 = -4.8640239e-2, C11 = 4.1764768e-5,
                 C12 = -1.4452093e-8, C13 = 6.5459673;

double ln_pws(double T) {
  if (T <= kTriplePoint_K) {
    return C1 / T + C2 + T * (C3 + T * (C4 + T * (C5 + T * C6))) + C7 * std::log(T);
  }
  return C8 / T + C9 + T * (C10 + T * (C11 + T * C12)) + C13 * std::log(T);
}

std::string fmt(double x) {
  std::ostringstream s;
  s << x;
  return s.str();
}

void require_temperature(double T_K, const char* what) {
  if (!(T_K >= kTmin_K && T_K <= kTmax_K)) {
    throw InputError(what, "temperature " + fmt(units::kelvin_to_celsius(T_K)) +
                               " C is outside the valid range -100 to 200 C");
  }
}

void require_pressure(double p_Pa) {
  if (!(p_Pa >= 10000.0 && p_Pa <= 200000.0)) {
    throw InputError("pressure", "total pressure " + fmt(p_Pa) +
                                     " Pa is outside the supported range 10000-200000 Pa");
  }
}

// Wet-bulb equations 33 (t* >= 0 C) and 35 (t* < 0 C), in the Handbook's Celsius/kJ form.
double w_from_wb(double t_C, double twb_C, double Ws_star) {
  double W = 0.0;
  if (twb_C >= 0.0) {
    W = ((2501.0 - 2.326 * twb_C) * Ws_star - 1.006 * (t_C - twb_C)) /
        (2501.0 + 1.86 * t_C - 4.186 * twb_C);
  } else {
    W = ((2830.0 - 0.24 * twb_C) * Ws_star - 1.006 * (t_C - twb_C)) /
        (2830.0 + 1.86 * t_C - 2.1 * twb_C);
  }
  return std::max(W, kMinHumidityRatio);
}

} // namespace

double standard_pressure_Pa(double elevation_m) {
  if (!(elevation_m >= -5000.0 && elevation_m <= 11000.0)) {
    throw InputError("elevation", "elevation " + fmt(elevation_m) +
                                      " m is outside the standard atmosphere's range -5000 to 11000 m");
  }
  return kStandardPressure_Pa * std::pow(1.0 - 2.25577e-5 * elevation_m, 5.2559);
}

double standard_temperature_K(double elevation_m) {
  return units::celsius_to_kelvin(15.0 - 0.0065 * elevation_m);
}

double saturation_pressure_Pa(double T_K) {
  require_temperature(T_K, "saturation pressure");
  return std::exp(ln_pws(T_K));
}

double dlnpws_dT_1_K(double T) {
  if (T <= kTriplePoint_K) {
    return -C1 / (T * T) + C3 + T * (2.0 * C4 + T * (3.0 * C5 + T * 4.0 * C6)) + C7 / T;
  }
  return -C8 / (T * T) + C10 + T * (2.0 * C11 + T * 3.0 * C12) + C13 / T;
}

double humidity_ratio_from_vapour_pressure(double p_w_Pa, double p_Pa) {
  if (!(p_w_Pa >= 0.0) || !(p_w_Pa < p_Pa)) {
    throw InputError("vapour pressure", "partial pressure of water " + fmt(p_w_Pa) +
                                            " Pa must be between 0 and the total pressure " +
                                            fmt(p_Pa) + " Pa");
  }
  return std::max(kMolarMassRatio * p_w_Pa / (p_Pa - p_w_Pa), kMinHumidityRatio);
}

double vapour_pressure_from_humidity_ratio_Pa(double W_kg_kg, double p_Pa) {
  if (!(W_kg_kg >= 0.0)) {
    throw InputError("humidity ratio", "humidity ratio " + fmt(W_kg_kg) + " kg/kg is negative");
  }
  const double W = std::max(W_kg_kg, kMinHumidityRatio);
  return p_Pa * W / (kMolarMassRatio + W);
}

double saturation_humidity_ratio(double T_K, double p_Pa) {
  return humidity_ratio_from_vapour_pressure(saturation_pressure_Pa(T_K), p_Pa);
}

double humidity_ratio_from_rh(double T_K, double rh, double p_Pa) {
  if (!(rh >= 0.0 && rh <= 1.0)) {
    throw InputError("relative humidity", "relative humidity " + fmt(rh * 100.0) +
                                              " % is outside 0-100 %");
  }
  return humidity_ratio_from_vapour_pressure(rh * saturation_pressure_Pa(T_K), p_Pa);
}

double rh_from_humidity_ratio(double T_K, double W_kg_kg, double p_Pa) {
  return vapour_pressure_from_humidity_ratio_Pa(W_kg_kg, p_Pa) / saturation_pressure_Pa(T_K);
}

double humidity_ratio_from_wet_bulb(double T_K, double T_wb_K, double p_Pa) {
  require_temperature(T_K, "dry bulb");
  require_temperature(T_wb_K, "wet bulb");
  if (T_wb_K > T_K + 1e-9) {
    throw InputError("wet bulb", "wet bulb " + fmt(units::kelvin_to_celsius(T_wb_K)) +
                                     " C is above the dry bulb " +
                                     fmt(units::kelvin_to_celsius(T_K)) + " C");
  }
  return w_from_wb(units::kelvin_to_celsius(T_K), units::kelvin_to_celsius(T_wb_K),
                   saturation_humidity_ratio(T_wb_K, p_Pa));
}

double dew_point_from_vapour_pressure_K(double p_w_Pa) {
  const double p_lo = saturation_pressure_Pa(kTmin_K);
  const double p_hi = saturation_pressure_Pa(kTmax_K);
  if (!(p_w_Pa >= p_lo && p_w_Pa <= p_hi)) {
    throw InputError("dew point", "vapour pressure " + fmt(p_w_Pa) +
                                      " Pa has a dew point outside -100 to 200 C");
  }
  const double target = std::log(p_w_Pa);
  // Bracketed Newton on ln(p_ws): ln(p_ws) is smooth and increasing in T on each branch.
  double lo = kTmin_K;
  double hi = kTmax_K;
  double T = std::clamp(units::celsius_to_kelvin(0.0) + 17.0 * (target - std::log(611.2)), lo, hi);
  for (int it = 0; it < 100; ++it) {
    const double f = ln_pws(T) - target;
    if (f > 0.0) {
      hi = T;
    } else {
      lo = T;
    }
    double next = T - f / dlnpws_dT_1_K(T);
    if (!(next > lo && next < hi)) {
      next = 0.5 * (lo + hi);
    }
    if (std::abs(next - T) < 1e-7) {
      return next;
    }
    T = next;
  }
  return T;
}

double dew_point_K(double W_kg_kg, double p_Pa) {
  return dew_point_from_vapour_pressure_K(vapour_pressure_from_humidity_ratio_Pa(W_kg_kg, p_Pa));
}

double wet_bulb_K(double T_K, double W_kg_kg, double p_Pa) {
  require_temperature(T_K, "dry bulb");
  require_pressure(p_Pa);
  const double t_C = units::kelvin_to_celsius(T_K);
  const double Ws_db = saturation_humidity_ratio(T_K, p_Pa);
  if (W_kg_kg >= Ws_db) { // saturated (or supersaturated): the wet bulb is the dry bulb
    return T_K;
  }
  // The wet bulb lies between the dew point and the dry bulb; f(t*) = W(t*) - W increases with t*.
  double lo = std::max(dew_point_K(W_kg_kg, p_Pa), kTmin_K) - 0.5;
  lo = std::max(lo, kTmin_K);
  double hi = T_K;
  const auto f = [&](double Twb) {
    return w_from_wb(t_C, units::kelvin_to_celsius(Twb), saturation_humidity_ratio(Twb, p_Pa)) -
           W_kg_kg;
  };
  // Start from a linear guess between the bounds weighted by the humidity deficit.
  double T = lo + (hi - lo) * std::clamp(W_kg_kg / Ws_db, 0.0, 1.0);
  constexpr double h = 1e-4;
  for (int it = 0; it < 100; ++it) {
    const double fT = f(T);
    if (fT > 0.0) {
      hi = T;
    } else {
      lo = T;
    }
    const double slope = (f(T + h) - fT) / h;
    double next = slope > 0.0 ? T - fT / slope : 0.5 * (lo + hi);
    if (!(next > lo && next < hi)) {
      next = 0.5 * (lo + hi);
    }
    if (std::abs(next - T) < 1e-6 || hi - lo < 1e-6) {
      return next;
    }
    T = next;
  }
  return T;
}

double enthalpy_J_kg(double T_K, double W_kg_kg) {
  const double t = units::kelvin_to_celsius(T_K);
  return (1.006 * t + W_kg_kg * (2501.0 + 1.86 * t)) * 1000.0;
}

double specific_volume_m3_kg(double T_K, double W_kg_kg, double p_Pa) {
  return kRda_J_kgK * T_K * (1.0 + 1.607858 * W_kg_kg) / p_Pa;
}

double moist_air_density_kg_m3(double T_K, double W_kg_kg, double p_Pa) {
  return (1.0 + W_kg_kg) / specific_volume_m3_kg(T_K, W_kg_kg, p_Pa);
}

State state_from_humidity_ratio(double T_K, double W_kg_kg, double p_Pa) {
  require_temperature(T_K, "dry bulb");
  require_pressure(p_Pa);
  State s;
  s.T_db_K = T_K;
  s.p_Pa = p_Pa;
  s.W_kg_kg = W_kg_kg;
  s.p_ws_Pa = saturation_pressure_Pa(T_K);
  s.p_w_Pa = vapour_pressure_from_humidity_ratio_Pa(W_kg_kg, p_Pa);
  if (s.p_w_Pa > s.p_ws_Pa * (1.0 + 1e-9)) {
    throw InputError("humidity", "the air would be supersaturated: vapour pressure " +
                                     fmt(s.p_w_Pa) + " Pa exceeds saturation " + fmt(s.p_ws_Pa) +
                                     " Pa at " + fmt(units::kelvin_to_celsius(T_K)) + " C");
  }
  s.rh = std::min(s.p_w_Pa / s.p_ws_Pa, 1.0);
  s.T_dp_K = std::min(dew_point_from_vapour_pressure_K(s.p_w_Pa), T_K);
  s.T_wb_K = wet_bulb_K(T_K, W_kg_kg, p_Pa);
  s.h_J_kg = enthalpy_J_kg(T_K, W_kg_kg);
  s.v_m3_kg = specific_volume_m3_kg(T_K, W_kg_kg, p_Pa);
  s.rho_kg_m3 = (1.0 + W_kg_kg) / s.v_m3_kg;
  s.degree_of_saturation = W_kg_kg / saturation_humidity_ratio(T_K, p_Pa);
  return s;
}

State state_from_rh(double T_K, double rh, double p_Pa) {
  require_temperature(T_K, "dry bulb");
  require_pressure(p_Pa);
  return state_from_humidity_ratio(T_K, humidity_ratio_from_rh(T_K, rh, p_Pa), p_Pa);
}

State state_from_wet_bulb(double T_K, double T_wb_K, double p_Pa) {
  require_pressure(p_Pa);
  return state_from_humidity_ratio(T_K, humidity_ratio_from_wet_bulb(T_K, T_wb_K, p_Pa), p_Pa);
}

State state_from_dew_point(double T_K, double T_dp_K, double p_Pa) {
  require_temperature(T_K, "dry bulb");
  require_temperature(T_dp_K, "dew point");
  require_pressure(p_Pa);
  if (T_dp_K > T_K + 1e-9) {
    throw InputError("dew point", "dew point " + fmt(units::kelvin_to_celsius(T_dp_K)) +
                                      " C is above the dry bulb " +
                                      fmt(units::kelvin_to_celsius(T_K)) + " C");
  }
  return state_from_humidity_ratio(
      T_K, humidity_ratio_from_vapour_pressure(saturation_pressure_Pa(T_dp_K), p_Pa), p_Pa);
}

} // namespace parktwin::climate::psy
