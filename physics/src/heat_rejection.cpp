#include "parktwin/physics/heat_rejection.hpp"

#include "parktwin/climate/psychrometrics.hpp"
#include "parktwin/physics/components.hpp"

#include <algorithm>
#include <cmath>

namespace parktwin::physics {

namespace psy = climate::psy;

namespace {

/// Saturation effectiveness of adiabatic pre-coolers (wetted pads, 0.6-0.85 in ASHRAE HVAC
/// Systems and Equipment, "Evaporative air-cooling equipment").
constexpr double kAdiabaticEffectiveness = 0.7;

struct Sink {
  double T_K;        ///< temperature the coil sees
  double approach_K; ///< at design duty and full speed
  enum { Dry, TowerWet, Adiabatic } how;
};

/// YorkCalc coefficients c[9 k + j] of T_wb^a R^b LG^k, j = 3 b + a, a, b, k in 0..2 (wet bulb in
/// C, range in K): the published set, EnergyPlus Engineering Reference, "Cooling towers:
/// variable speed", table of approach temperature correlation coefficients.
constexpr double kYork[27] = {
    -0.359741205,      -0.055053608,     0.0023850432,     0.173926877,     -0.0248473764,
    0.00048430224,     -0.005589849456,  0.0005770079712,  -0.00001342427256, 2.84765801111111,
    -0.121765149,      0.0014599242,     1.680428651,      -0.0166920786,   -0.0007190532,
    -0.025485194448,   0.0000487491696,  0.00002719234152, -0.0653766255555556, -0.002278167,
    0.0002500254,      -0.0910565458,    0.00318176316,    0.000038621772,  -0.0034285382352,
    0.00000856589904,  -0.000001516821552};
constexpr double kYorkWbMin_C = -34.4, kYorkWbMax_C = 29.4444;
constexpr double kYorkRangeMin_K = 1.1111, kYorkRangeMax_K = 22.2222;
constexpr double kYorkMaxLiquidToGas = 8.0;

/// YorkCalc at a fixed wet bulb as a quadratic in one of its other inputs, c0 + c1 x + c2 x^2,
/// with the correlation's bounds: in the liquid-to-gas ratio for a fixed range (in_lg), or in the
/// range for a fixed ratio (in_range). The solves for a fan speed or a leaving water evaluate the
/// correlation many times with only that input changing.
struct YorkQuadratic {
  double c0 = 0.0, c1 = 0.0, c2 = 0.0;
  double lo = 0.0, hi = 0.0; ///< bounds of x
  double approach_K(double x) const {
    x = std::clamp(x, lo, hi);
    return std::max(c0 + c1 * x + c2 * (x * x), 0.0);
  }
};

double york_wet_bulb_C(double T_wb_K) { return std::clamp(T_wb_K - 273.15, kYorkWbMin_C, kYorkWbMax_C); }

/// YorkCalc's coefficients at a wet bulb with one of its other inputs fixed (range when
/// `fixed_is_range`, else the liquid-to-gas ratio), summed into the quadratic in the free one.
YorkQuadratic york_quadratic(double T_wb_K, double fixed, bool fixed_is_range) {
  const double t = york_wet_bulb_C(T_wb_K);
  const double x = fixed_is_range ? std::clamp(fixed, kYorkRangeMin_K, kYorkRangeMax_K)
                                  : std::clamp(fixed, 0.0, kYorkMaxLiquidToGas);
  const double tp[3] = {1.0, t, t * t};
  const double xp[3] = {1.0, x, x * x};
  double c[3];
  for (int f = 0; f < 3; ++f) { // the free input's power
    double sum = 0.0;
    for (int g = 0; g < 3; ++g) { // the fixed input's power
      const int k = fixed_is_range ? f : g, b = fixed_is_range ? g : f;
      for (int a = 0; a < 3; ++a) {
        sum += kYork[9 * k + 3 * b + a] * tp[a] * xp[g];
      }
    }
    c[f] = sum;
  }
  return fixed_is_range ? YorkQuadratic{c[0], c[1], c[2], 0.0, kYorkMaxLiquidToGas}
                        : YorkQuadratic{c[0], c[1], c[2], kYorkRangeMin_K, kYorkRangeMax_K};
}

YorkQuadratic york_in_lg(double T_wb_K, double range_K) { return york_quadratic(T_wb_K, range_K, true); }

YorkQuadratic york_in_range(double T_wb_K, double liquid_to_gas) { return york_quadratic(T_wb_K, liquid_to_gas, false); }

/// The leaving water T of an open tower at full speed whose water enters at T_in_K: the T at
/// which T - T_wb = approach(range = T_in - T) (q: YorkCalc in the range at this wet bulb and
/// liquid-to-gas ratio). In the range R = T_in - T, with D = T_in - T_wb, the residual
/// D - R - approach(R) falls as R rises (the approach never falls faster than 1 K per K of range
/// in the correlation's bounds), so the root is unique: on the flat parts outside the range
/// bounds it is D - approach(bound); inside, the root of c2 R^2 + (c1 + 1) R + c0 - D = 0 in the
/// bounds. No root (D below the approach at R = 0): no heat, T = T_in.
double york_full_speed_water_K(const YorkQuadratic& q, double T_wb_K, double T_in_K) {
  const double D = std::max(T_in_K - T_wb_K, 0.0);
  const double A_lo = q.approach_K(q.lo), A_hi = q.approach_K(q.hi);
  double R = 0.0;
  if (D - A_lo <= q.lo) {
    R = std::max(D - A_lo, 0.0);
  } else if (D - A_hi >= q.hi) {
    R = D - A_hi;
  } else {
    const double a = q.c2, b = q.c1 + 1.0, c = q.c0 - D;
    if (std::abs(a) < 1e-12 * std::abs(b)) {
      R = -c / b;
    } else {
      // The stable form of the two roots; the one in the bounds is the root (the residual
      // changes sign across them exactly once).
      const double disc = std::sqrt(std::max(b * b - 4.0 * a * c, 0.0));
      const double qq = -0.5 * (b + std::copysign(disc, b));
      const double r1 = qq / a, r2 = c / qq;
      const auto inside = [&](double r) { return r >= q.lo - 1e-9 && r <= q.hi + 1e-9; };
      R = inside(r1) && !inside(r2) ? r1 : inside(r2) && !inside(r1) ? r2
                                       : (std::abs(r1 - 0.5 * (q.lo + q.hi)) < std::abs(r2 - 0.5 * (q.lo + q.hi)) ? r1 : r2);
      R = std::clamp(R, q.lo, q.hi);
    }
  }
  return T_in_K - std::min(R, D);
}

} // namespace

double yorkcalc_approach_K(double T_wb_K, double range_K, double liquid_to_gas) {
  return york_in_lg(T_wb_K, range_K).approach_K(liquid_to_gas);
}

double yorkcalc_design_water_ratio(double T_wb_K, double range_K, double approach_K) {
  // The approach rises with the liquid-to-gas ratio: bisection on it.
  double lo = 0.05, hi = kYorkMaxLiquidToGas;
  if (yorkcalc_approach_K(T_wb_K, range_K, lo) >= approach_K) {
    return lo;
  }
  if (yorkcalc_approach_K(T_wb_K, range_K, hi) <= approach_K) {
    return hi;
  }
  for (int i = 0; i < 60; ++i) {
    const double mid = 0.5 * (lo + hi);
    (yorkcalc_approach_K(T_wb_K, range_K, mid) < approach_K ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

void calibrate_open_tower(RejectionDesign& d, double T_wb_design_K, double range_design_K) {
  d.range_design_K = range_design_K;
  d.york_water_ratio = yorkcalc_design_water_ratio(T_wb_design_K, range_design_K, d.approach_wet_K);
}

double open_tower_water_K(const RejectionDesign& d, double T_wb_K, double Q_W, double m_cp_W_K) {
  const bool york = d.york_water_ratio > 0.0 && d.range_design_K > 0.0 && m_cp_W_K > 0.0;
  const double approach =
      york ? yorkcalc_approach_K(T_wb_K, Q_W / m_cp_W_K, d.york_water_ratio * m_cp_W_K * d.range_design_K / d.duty_W)
           : d.approach_wet_K * Q_W / d.duty_W;
  return std::max(T_wb_K + approach, kOpenTowerMinWater_K);
}

double tower_evaporation_kg_s(double Q_W, double m_air_kg_s, const RejectionAir& air) {
  if (Q_W <= 0.0 || m_air_kg_s <= 0.0) {
    return 0.0;
  }
  const double h_out = psy::enthalpy_J_kg(air.T_db_K, air.W_kg_kg) + Q_W / m_air_kg_s;
  // Solves the saturated air's enthalpy h_s(T) = h_out, T between the wet bulb (where h_s is the
  // inlet enthalpy) and 60 K above it. dh_s/dT = c_pa + W_s c_pv + (h_fg + c_pv t) dW_s/dT, dW_s/dT = 0.621945 p p_ws' / (p - p_ws)^2.
  // The saturation pressure here is the Magnus form of Alduchov and Eskridge (1996, J. Appl.
  // Meteor. 35: 601-609), over water p_ws = 610.94 exp(17.625 t / (t + 243.04)) and, below 0 C as
  // ASHRAE's is, over ice 611.21 exp(22.587 t / (t + 273.86)): within 0.4 % of ASHRAE's from -40
  // to 50 C at a fraction of its cost (this runs at every output point of a tower hall).
  struct Magnus {
    double A, B, C;
  };
  const auto form = [](double t_C) { return t_C < 0.0 ? Magnus{611.21, 22.587, 273.86} : Magnus{610.94, 17.625, 243.04}; };
  const auto magnus = [&](double t_C) {
    const Magnus m = form(t_C);
    return m.A * std::exp(m.B * t_C / (t_C + m.C));
  };
  const double p = air.p_Pa;
  // Safeguarded Newton: the root lies between the wet bulb (f < 0) and 60 K above it; a Newton
  // step leaving the bracket is replaced by bisection (at low air flow the first Newton step from
  // the wet bulb overshoots far), to 20 J/kg.
  double lo = air.T_wb_K - 273.15, hi = lo + 60.0, t = lo;
  for (int i = 0; i < 30; ++i) {
    const double p_ws = magnus(t);
    const double W_s = 0.621945 * p_ws / (p - p_ws);
    const double f = psy::enthalpy_J_kg(t + 273.15, W_s) - h_out;
    if (std::abs(f) < 20.0) {
      break;
    }
    (f < 0.0 ? lo : hi) = t;
    const Magnus m = form(t);
    const double dlnp = m.B * m.C / ((t + m.C) * (t + m.C));
    const double dW = 0.621945 * p * p_ws * dlnp / ((p - p_ws) * (p - p_ws));
    const double df = 1006.0 + 1860.0 * W_s + (2501e3 + 1860.0 * t) * dW;
    const double next = t - f / df;
    t = next > lo && next < hi ? next : 0.5 * (lo + hi);
  }
  const double p_out = magnus(t);
  const double W_out = 0.621945 * p_out / (p - p_out);
  return m_air_kg_s * std::max(0.0, W_out - air.W_kg_kg);
}

RejectionPoint reject_heat(const RejectionDesign& d, double T_in_K, double m_cp_W_K, double T_set_K,
                           const RejectionAir& air, bool water) {
  RejectionPoint p;
  p.T_supply_K = T_in_K;
  if (d.kind == RejectionKind::OpenTower) {
    T_set_K = std::max(T_set_K, kOpenTowerMinWater_K);
  }
  const double Q_need = m_cp_W_K * std::max(0.0, T_in_K - T_set_K);
  if (Q_need <= 0.0 || d.duty_W <= 0.0 || m_cp_W_K <= 0.0) {
    return p; // nothing to reject: fans stopped
  }
  const bool wet_allowed = air.T_db_K > kTowerFreezeLimit_K;
  Sink sinks[2];
  int n = 0;
  if (d.kind == RejectionKind::OpenTower) {
    sinks[n++] = {air.T_wb_K, d.approach_wet_K, Sink::TowerWet}; // always wet
  } else {
    sinks[n++] = {air.T_db_K, d.approach_dry_K, Sink::Dry};
    if (wet_allowed && d.kind == RejectionKind::ClosedCircuitTower) {
      sinks[n++] = {air.T_wb_K, d.approach_wet_K, Sink::TowerWet};
    } else if (wet_allowed && d.kind == RejectionKind::DryCooler && d.adiabatic_assist) {
      sinks[n++] = {adiabatic_precool_K(air.T_db_K, air.T_wb_K, kAdiabaticEffectiveness),
                    d.approach_dry_K, Sink::Adiabatic};
    }
  }
  const double x = Q_need / d.duty_W;
  // Open tower by YorkCalc: its water flow ratio at this flow, and the lowest fan speed whose
  // approach fits in `room` (the approach falls as the speed rises), 2 if none does.
  const bool york = d.kind == RejectionKind::OpenTower && d.york_water_ratio > 0.0 && d.range_design_K > 0.0;
  const double water_ratio =
      york ? d.york_water_ratio * m_cp_W_K * d.range_design_K / d.duty_W : 0.0;
  const auto york_speed = [&](double range_K, double room) {
    const YorkQuadratic q = york_in_lg(air.T_wb_K, range_K);
    if (q.approach_K(water_ratio) > room) {
      return 2.0;
    }
    double lo = kRejectionMinFanSpeed, hi = 1.0;
    if (q.approach_K(water_ratio / lo) <= room) {
      return lo;
    }
    for (int k = 0; k < 14; ++k) { // to 5e-5 of the speed: fan power to 0.02 %
      const double mid = 0.5 * (lo + hi);
      (q.approach_K(water_ratio / mid) <= room ? hi : lo) = mid;
    }
    return hi;
  };
  const Sink* used = &sinks[n - 1];
  double speed = 1.0;
  bool holds = false;
  for (int i = 0; i < n; ++i) {
    const double room = T_set_K - sinks[i].T_K;
    if (room <= 0.0) {
      continue;
    }
    // approach(s) = A x / s^0.8 <= room  <=>  s >= (A x / room)^(1/0.8); an open tower's
    // approach by YorkCalc, whose liquid-to-gas ratio is the water flow ratio over s.
    double s = york ? york_speed(Q_need / m_cp_W_K, room)
                    : std::pow(sinks[i].approach_K * x / room, 1.0 / kCoilUaExponent);
    // And the air must be able to carry the heat: it leaves at most at the water's inlet
    // temperature (dry), or saturated at it (wet): s m_air,d (h_out,max - h_in) >= Q.
    if (d.air_flow_design_kg_s > 0.0) {
      const double room_h =
          sinks[i].how == Sink::TowerWet
              ? psy::enthalpy_J_kg(T_in_K, psy::saturation_humidity_ratio(T_in_K, air.p_Pa)) -
                    psy::enthalpy_J_kg(air.T_db_K, air.W_kg_kg)
              : kCpAir_J_kgK * (T_in_K - sinks[i].T_K);
      s = room_h > 0.0 ? std::max(s, Q_need / (d.air_flow_design_kg_s * room_h)) : 2.0;
    }
    if (s <= 1.0) {
      used = &sinks[i];
      speed = std::max(s, kRejectionMinFanSpeed);
      holds = true;
      break;
    }
  }
  if (holds) {
    p.Q_W = Q_need;
    p.T_supply_K = T_set_K; // a bypass valve holds the set point when minimum speed over-cools
  } else if (york) {
    // Full speed: the supply T solves T = T_wb + approach(range = T_in - T), in closed form.
    const YorkQuadratic q = york_in_range(air.T_wb_K, water_ratio);
    p.T_supply_K = std::max(york_full_speed_water_K(q, air.T_wb_K, T_in_K), std::min(T_in_K, kOpenTowerMinWater_K));
    p.Q_W = std::max(0.0, m_cp_W_K * (T_in_K - p.T_supply_K));
  } else {
    // Full speed on the best sink: T_sup = T_sink + A Q / duty and Q = m_cp (T_in - T_sup).
    const double A = used->approach_K;
    p.Q_W = std::max(0.0, m_cp_W_K * (T_in_K - used->T_K) / (1.0 + m_cp_W_K * A / d.duty_W));
    p.T_supply_K = T_in_K - p.Q_W / m_cp_W_K;
  }
  p.fan_speed = speed;
  p.fan_W = fan_power_W(d.fan_design_W, speed, air.rho_kg_m3);
  const double m_air = speed * d.air_flow_design_kg_s;
  switch (used->how) {
  case Sink::Dry:
    break;
  case Sink::TowerWet: {
    p.wet = true;
    if (!water) {
      break;
    }
    const double evaporation = tower_evaporation_kg_s(p.Q_W, m_air, air);
    const double circulating = m_cp_W_K / kCpWater_J_kgK;
    p.water_kg_s = with_bleed_off_kg_s(evaporation) + kTowerDriftFraction * circulating;
    break;
  }
  case Sink::Adiabatic:
    p.wet = true;
    p.water_kg_s = m_air * kCpAir_J_kgK * (air.T_db_K - used->T_K) / kLatentHeat_J_kg;
    break;
  }
  return p;
}

} // namespace parktwin::physics
