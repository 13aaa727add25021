// The hall model: analytic solution of the thermal network, a steady state worked by hand,
// energy balance of every hall of the built-in park, mode logic without chattering, and solver
// failures reported with the hall and the time.

#include "shared_climate.hpp"
#include "one_hall_scenario.hpp"
#include "synthetic_climate.hpp"

#include "parktwin/climate/catalog.hpp"
#include "parktwin/climate/psychrometrics.hpp"
#include "parktwin/common/units.hpp"
#include "parktwin/model/haidong_site.hpp"
#include "parktwin/model/scenario.hpp"
#include "parktwin/physics/components.hpp"
#include "parktwin/physics/hall_network.hpp"
#include "parktwin/physics/park_simulation.hpp"

#include <Eigen/Dense>
#include <unsupported/Eigen/MatrixFunctions>

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <functional>

using namespace parktwin;
using namespace parktwin::physics;
using units::celsius_to_kelvin;

namespace {

/// The network with the coolers off (supply = return + fan heat), constant drive.
struct PlantOff final : OdeSystem {
  NetworkParams p;
  NetworkDrive d;
  double fan_W = 0.0;
  std::size_t size() const override { return kNodes; }
  void rhs(double, std::span<const double> T, std::span<double> dT) override {
    NetworkDrive drive = d;
    drive.T_supply_K = return_air_K(p, T) + fan_W / (d.m_air_kg_s * p.cp_air_J_kgK);
    network_derivatives(p, drive, T, dT);
  }
};

/// The network with every air unit stopped (a ride-through event): no supply air, the servers'
/// fans draw their air from the hot aisle; the liquid loop's heat stays in its water.
struct AirStopped final : OdeSystem {
  NetworkParams p;
  NetworkDrive d;
  std::size_t size() const override { return kNodes; }
  void rhs(double, std::span<const double> T, std::span<double> dT) override { network_derivatives(p, d, T, dT); }
};

/// The IT and structure rows of the network's balances, by hand: IT P - m_it cp eps (T_it - T_ca);
/// structure G (T_ca - T_st) + G (T_ha - T_st) + UA (T_out - T_st) (W, before per_capacity).
void it_and_structure_rows(Eigen::Matrix4d& A, Eigen::Vector4d& q, double m_cp_eps, double P, double G, double UA,
                           double T_out_K) {
  A(2, 2) = -m_cp_eps;
  A(2, 0) = m_cp_eps;
  q(2) = P;
  A(3, 0) = G;
  A(3, 1) = G;
  A(3, 3) = -2 * G - UA;
  q(3) = UA * T_out_K;
}

/// Balances (W) into rates (K/s): each row over its node's capacity.
void per_capacity(Eigen::Matrix4d& A, Eigen::Vector4d& q, const std::array<double, kNodes>& C_J_K) {
  for (int i = 0; i < 4; ++i) {
    A.row(i) /= C_J_K[static_cast<std::size_t>(i)];
    q(i) /= C_J_K[static_cast<std::size_t>(i)];
  }
}

const char* const kHallScenario = test::kOneHallScenario;

/// The one-hall scenario's steady state worked by hand (bypass and recirculation 0, no sun):
/// IT 100 racks x 10 kW x occupancy 0.8 x utilisation 0.5 with its inlet at the 24 C set point
/// (below 25 C: no server-fan rise); air leaves IT at T_ca + P/(m cp); hot aisle and structure
/// from their balances
///   m cp (T_out - T_ha) + G (T_st - T_ha) = 0,  G (T_ca - T_st) + G (T_ha - T_st) + UA (T_o - T_st) = 0;
/// cold aisle: m cp (T_sup - T_ca) + G (T_st - T_ca) + light = 0; the coil output is the supply
/// less the fan heat.
struct HandSteadyState {
  double P, cp, m_d, ratio, m, T_ca, T_st, T_ha, W_o, fan, light, T_sup, T_coil;
};

HandSteadyState steady_by_hand(double T_o, double rh, double p_Pa) {
  HandSteadyState h{};
  h.P = 100 * 10e3 * 0.8 * 0.5;
  h.cp = kCpAir_J_kgK;
  h.m_d = 1e6 / (h.cp * 12.0); // design flow: 1 MW over 36 - 24 C
  h.ratio = std::max(0.3, h.P / 1e6);
  h.m = h.m_d * h.ratio;
  h.T_ca = celsius_to_kelvin(24.0);
  const double G = 8.0 * 1000, UA = 0.45 * 1000, mcp = h.m * h.cp;
  const double T_out = h.T_ca + h.P / mcp;
  const double a = mcp + G;
  h.T_st = (G * h.T_ca + G * (mcp * T_out) / a + UA * T_o) / (2 * G + UA - G * G / a);
  h.T_ha = (mcp * T_out + G * h.T_st) / a;
  h.W_o = climate::psy::humidity_ratio_from_rh(T_o, rh, p_Pa);
  const double rho_in = climate::psy::moist_air_density_kg_m3(h.T_ca, h.W_o, p_Pa);
  h.fan = 650.0 * (h.m_d / 1.2) * std::pow(h.ratio, 3) * std::pow(1.2 / rho_in, 2);
  h.light = 5.0 * 1000;
  h.T_sup = h.T_ca - (G * (h.T_st - h.T_ca) + h.light) / mcp;
  h.T_coil = h.T_sup - h.fan / mcp;
  return h;
}

} // namespace

class TestHall : public QObject {
  Q_OBJECT

private slots:
  void plantOffFollowsTheClosedForm() {
    // Linear network, coolers off, a step of IT load: T(t) = T_inf + exp(A t) (T0 - T_inf) with A
    // and b written here by hand from the nodes' energy balances (docs/physics/hall-model.md).
    PlantOff sys;
    auto& p = sys.p;
    p.C_J_K = {2.0e6, 2.0e6, 5.0e7, 2.6e8, 0.0};
    p.G_structure_W_K = 8000.0;
    p.UA_envelope_W_K = 450.0;
    p.bypass_fraction = 0.1;
    p.recirculation_fraction = 0.05;
    p.it_effectiveness = 0.9;
    const double cp = p.cp_air_J_kgK;
    sys.d = NetworkDrive{.m_air_kg_s = 40.0,
                         .T_supply_K = 0.0,
                         .it_air_W = 5.0e5,
                         .lighting_W = 5000.0,
                         .T_outdoor_K = celsius_to_kelvin(0.0)};
    sys.fan_W = 3000.0;
    const double m = 40.0, b = 0.1, r = 0.05, eps = 0.9, G = 8000.0, UA = 450.0;
    const double m_it = m * (1 - b) / (1 - r), m_r = r * m_it;
    // Unknowns (T_ca, T_ha, T_it, T_st); supply = (1-b) T_ha + b T_ca + fan/(m cp).
    Eigen::Matrix4d A = Eigen::Matrix4d::Zero();
    Eigen::Vector4d q = Eigen::Vector4d::Zero();
    // Cold aisle: m cp T_sup + m_r cp T_ha - (m_it + b m) cp T_ca + G (T_st - T_ca) + light.
    A(0, 0) = m * cp * b - (m_it + b * m) * cp - G;
    A(0, 1) = m * cp * (1 - b) + m_r * cp;
    A(0, 3) = G;
    q(0) = sys.fan_W + 5000.0;
    // Hot aisle: m_it cp (T_ca + eps (T_it - T_ca)) - (m (1-b) + m_r) cp T_ha + G (T_st - T_ha).
    A(1, 0) = m_it * cp * (1 - eps);
    A(1, 2) = m_it * cp * eps;
    A(1, 1) = -(m * (1 - b) + m_r) * cp - G;
    A(1, 3) = G;
    it_and_structure_rows(A, q, m_it * cp * eps, 5.0e5, G, UA, celsius_to_kelvin(0.0));
    per_capacity(A, q, p.C_J_K);
    const Eigen::Vector4d T_inf = -A.lu().solve(q);
    const double T0 = celsius_to_kelvin(20.0);
    const Eigen::Vector4d x0 = Eigen::Vector4d::Constant(T0);
    std::array<double, kNodes> y0{T0, T0, T0, T0, T0};
    CvodeIntegrator cv(sys, 0.0, y0, IntegratorOptions{1e-9, 1e-9});
    for (double t : {60.0, 600.0, 3600.0, 6 * 3600.0, 86400.0, 10 * 86400.0}) {
      cv.advance_to(t);
      const Eigen::Vector4d exact = T_inf + (A * t).exp() * (x0 - T_inf);
      for (int i = 0; i < 4; ++i) {
        QVERIFY2(std::abs(cv.state()[static_cast<std::size_t>(i)] - exact(i)) < 1e-4,
                 qPrintable(QString("t=%1 node %2: %3 vs %4").arg(t).arg(i)
                                .arg(cv.state()[static_cast<std::size_t>(i)]).arg(exact(i))));
      }
    }
  }

  void airUnitsStoppedFollowsTheClosedForm() {
    // The ride-through's network (docs/physics/ride-through.md): no air from the units (m = 0),
    // the servers still moving m_d, so all of it recirculates; the facility water takes the liquid
    // heat with nothing rejected; the chilled water is left alone. By hand from the balances:
    // m_it = m_d (1 - b) / (1 - r) = m_r; cold aisle m_r cp T_ha - m_it cp T_ca + G (T_st - T_ca)
    // + light; hot aisle m_it cp (T_ca + eps (T_it - T_ca)) - m_r cp T_ha + G (T_st - T_ha); IT and
    // structure as before; T_fw = T0 + P_liq t / C_fw; T_chw = T0.
    AirStopped sys;
    auto& p = sys.p;
    p.C_J_K = {2.0e6, 2.0e6, 5.0e7, 2.6e8, 4.0e6, 1.0e6};
    p.G_structure_W_K = 8000.0;
    p.UA_envelope_W_K = 450.0;
    p.bypass_fraction = 0.1;
    p.recirculation_fraction = 0.05;
    p.it_effectiveness = 0.9;
    const double cp = p.cp_air_J_kgK;
    const double m_d = 40.0, P = 5.0e5, P_liq = 2.0e5, light = 5000.0;
    sys.d = NetworkDrive{.m_air_kg_s = 0.0,
                         .m_air_demand_kg_s = m_d,
                         .T_supply_K = 0.0,
                         .it_air_W = P,
                         .it_liquid_W = P_liq,
                         .lighting_W = light,
                         .T_outdoor_K = celsius_to_kelvin(0.0)};
    const double b = 0.1, r = 0.05, eps = 0.9, G = 8000.0, UA = 450.0;
    const double m_it = m_d * (1 - b) / (1 - r), m_r = m_it;
    Eigen::Matrix4d A = Eigen::Matrix4d::Zero();
    Eigen::Vector4d q = Eigen::Vector4d::Zero();
    A(0, 0) = -m_it * cp - G;
    A(0, 1) = m_r * cp;
    A(0, 3) = G;
    q(0) = light;
    A(1, 0) = m_it * cp * (1 - eps);
    A(1, 2) = m_it * cp * eps;
    A(1, 1) = -m_r * cp - G;
    A(1, 3) = G;
    it_and_structure_rows(A, q, m_it * cp * eps, P, G, UA, celsius_to_kelvin(0.0));
    per_capacity(A, q, p.C_J_K);
    const double T0 = celsius_to_kelvin(24.0);
    const Eigen::Vector4d x0 = Eigen::Vector4d::Constant(T0);
    // x(t) = exp(A t) x0 + A^-1 (exp(A t) - I) q: the transient the event integrates.
    std::array<double, kNodes> y0;
    y0.fill(T0);
    CvodeIntegrator cv(sys, 0.0, y0, IntegratorOptions{1e-9, 1e-9});
    for (double t : {1.0, 10.0, 60.0, 300.0, 1800.0}) {
      cv.advance_to(t);
      const Eigen::Matrix4d E = (A * t).exp();
      const Eigen::Vector4d exact = E * x0 + A.lu().solve((E - Eigen::Matrix4d::Identity()) * q);
      for (int i = 0; i < 4; ++i) {
        QVERIFY2(std::abs(cv.state()[static_cast<std::size_t>(i)] - exact(i)) < 1e-4,
                 qPrintable(QString("t=%1 node %2: %3 vs %4").arg(t).arg(i)
                                .arg(cv.state()[static_cast<std::size_t>(i)]).arg(exact(i))));
      }
      QVERIFY(std::abs(cv.state()[4] - (T0 + P_liq * t / 4.0e6)) < 1e-6);
      QVERIFY(std::abs(cv.state()[5] - T0) < 1e-9);
    }
    // After 30 min the air has risen by kelvins, not tenths (0.5 MW into ~54 MJ/K of air and IT
    // less what the structure takes): a live test of the event's regime.
    QVERIFY(cv.state()[0] - T0 > 5.0 && cv.state()[0] - T0 < 17.0);
  }

  void constantClimateMatchesAHandCalculation() {
    const double T_o = celsius_to_kelvin(5.0), rh = 0.5, p_Pa = 78000.0;
    const ClimateInput climate(test::constant_year(5.0, rh, p_Pa));
    const auto scenario = model::Scenario::parse(kHallScenario, "one hall");
    const auto& park = scenario.park();
    const auto& hall = park.wings[0].buildings[0].halls[0];
    SimulationOptions o;
    o.spin_up_s = 20 * 86400.0; // the structure's time constant is days
    const HallResult r = simulate_hall(park, hall, park.stages[0], climate, o);
    QVERIFY2(r.ok, r.error.c_str());
    QVERIFY(r.switches.empty()); // 5 C outdoors: dry indirect evaporative cooling all year

    const HandSteadyState h = steady_by_hand(T_o, rh, p_Pa);
    const double P = h.P, m_d = h.m_d, ratio = h.ratio, fan = h.fan, light = h.light;
    const double T_ha = h.T_ha, T_coil = h.T_coil;
    const double rho_out = climate::psy::moist_air_density_kg_m3(T_o, h.W_o, p_Pa);
    const double aux = 10.0 * 1000;
    // The economizer does all the work (dry, effectiveness 0.6).
    const double T_ret = T_ha;
    const double T_econ_min = T_ret - 0.6 * (T_ret - T_o);
    const double share = (T_ret - T_coil) / (T_ret - T_econ_min);
    // Scavenger fans at the economizer's share of the flow, at least 20 % speed.
    const double sec = 400.0 * (m_d / 1.2) * std::pow(std::max(ratio * share, 0.2), 3) * std::pow(1.2 / rho_out, 2);
    // Electrical chain with the defaults: UPS 0.96 at its 1 MW design load, here at x = 0.4:
    // losses (1/0.96 - 1) (0.3 + 0.5 x + 0.2 x^2) MW; distribution 1 %, transformer 0.1 %
    // no-load + 0.8 % at rating, rating = 1 MW x 1.35 / 0.95 / 0.5.
    const double other = fan + sec + light + aux;
    const double x_ups = P / 1e6;
    const double ups = 1e6 * (1 / 0.96 - 1) * (0.3 + 0.5 * x_ups + 0.2 * x_ups * x_ups);
    const double dist = 0.01 * (P + ups + other);
    const double rating = 1e6 * 1.35 / 0.95 / 0.5;
    const double load = (P + ups + dist + other) / 0.95;
    const double trans = rating * (0.001 + 0.008 * std::pow(load / rating, 2));
    const double pue = (P + other + ups + dist + trans) / P;
    QVERIFY2(std::abs(r.pue() - pue) < 2e-4,
             qPrintable(QString("simulated %1, by hand %2").arg(r.pue(), 0, 'f', 6).arg(pue, 0, 'f', 6)));
    QVERIFY(std::abs(r.energy.it / (8760 * 3600.0) - P) < 1e-3 * P);
  }

  void designModeAgreesWithTheYearInSteadyWeather() {
    // The psychrometric chart's regions (design_mode) against what the simulation settles to in
    // constant weather: free (no compressor, dry), partial (wet), mechanical (compressors).
    const auto scenario = model::Scenario::parse(kHallScenario, "one hall");
    const auto& park = scenario.park();
    const auto& hall = park.wings[0].buildings[0].halls[0];
    const double p_Pa = 78000.0;
    struct Case {
      double T_C, rh;
    };
    for (const Case c : {Case{-5.0, 0.5}, Case{20.0, 0.3}, Case{38.0, 0.7}}) {
      const double T = celsius_to_kelvin(c.T_C);
      const double W = climate::psy::humidity_ratio_from_rh(T, c.rh, p_Pa);
      const CoolingMode expected = design_mode(park, hall, park.stages[0], T, W, p_Pa);
      const ClimateInput climate(test::constant_year(c.T_C, c.rh, p_Pa));
      SimulationOptions o;
      o.spin_up_s = 10 * 86400.0;
      const HallResult r = simulate_hall(park, hall, park.stages[0], climate, o);
      QVERIFY2(r.ok, r.error.c_str());
      QCOMPARE(static_cast<int>(r.hourly.mode.back()), static_cast<int>(expected));
      QCOMPARE(r.energy.compressors > 0.0, expected == CoolingMode::Mechanical);
    }
    // The three cases do cover the three modes.
    const auto mode_at = [&](double T_C, double rh) {
      const double T = celsius_to_kelvin(T_C);
      return design_mode(park, hall, park.stages[0], T, climate::psy::humidity_ratio_from_rh(T, rh, p_Pa), p_Pa);
    };
    QCOMPARE(mode_at(-5.0, 0.5), CoolingMode::Free);
    QCOMPARE(mode_at(20.0, 0.3), CoolingMode::Partial);
    QCOMPARE(mode_at(38.0, 0.7), CoolingMode::Mechanical);
  }

  void directAirEconomizerHumidifiesTheDryWinter() {
    // -10 C, RH 50 % at 78 kPa: outdoor air mixed with return air to the set point; its water
    // raised to the -9 C dew point by a steam humidifier. Hand-worked mixing and water balance.
    const double T_o = celsius_to_kelvin(-10.0), rh = 0.5, p_Pa = 78000.0;
    const ClimateInput climate(test::constant_year(-10.0, rh, p_Pa));
    auto doc = model::Json::parse(kHallScenario);
    doc["wings"][0]["buildings"][0]["halls"][0]["cooling"]["air_system"] =
        model::Json::parse(R"({"direct_air_economizer": {"humidifier": "steam"}})");
    const auto scenario = model::Scenario::from_document(doc, "one hall, direct air");
    const auto& park = scenario.park();
    SimulationOptions o;
    o.spin_up_s = 20 * 86400.0;
    const HallResult r = simulate_hall(park, park.wings[0].buildings[0].halls[0], park.stages[0], climate, o);
    QVERIFY2(r.ok, r.error.c_str());
    QVERIFY(r.switches.empty());
    QCOMPARE(r.energy.compressors, 0.0);
    const HandSteadyState h = steady_by_hand(T_o, rh, p_Pa);
    const double m = h.m, T_ha = h.T_ha, T_mix = h.T_coil, W_o = h.W_o;
    // Mixing: x outdoor air and (1 - x) return air make T_mix.
    const double x = (T_ha - T_mix) / (T_ha - T_o);
    const double W_min = climate::psy::humidity_ratio_from_vapour_pressure(
        climate::psy::saturation_pressure_Pa(celsius_to_kelvin(-9.0)), p_Pa);
    const double water_kg_s = x * m * (W_min - W_o);
    const double year_s = 8760 * 3600.0;
    QVERIFY2(std::abs(r.water_kg / (water_kg_s * year_s) - 1.0) < 5e-3,
             qPrintable(QString("%1 vs %2").arg(r.water_kg).arg(water_kg_s * year_s)));
    QVERIFY(std::abs(r.energy.humidification / (r.water_kg * 2.6e6) - 1.0) < 1e-6);
  }

  void liquidLoopSteadyState() {
    // 5 C outdoors, every rack on cold plates capturing 70 %: the loop settles at supply +
    // liquid heat / (m c), dry coolers never need the chiller, pumps run at design flow.
    const ClimateInput climate(test::constant_year(5.0, 0.5, 78000.0));
    auto doc = model::Json::parse(kHallScenario);
    auto& hall = doc["wings"][0]["buildings"][0]["halls"][0];
    hall["rack_groups"][0]["liquid_fraction"] = 0.7;
    hall["cooling"]["liquid"] = model::Json::parse(R"({"technology": "cold_plate"})");
    const auto scenario = model::Scenario::from_document(doc, "one hall, liquid");
    const auto& park = scenario.park();
    SimulationOptions o;
    o.spin_up_s = 20 * 86400.0;
    const HallResult r = simulate_hall(park, park.wings[0].buildings[0].halls[0], park.stages[0], climate, o);
    QVERIFY2(r.ok, r.error.c_str());
    QCOMPARE(r.energy.compressors, 0.0);
    const double year_s = 8760 * 3600.0;
    // Design liquid heat 0.7 MW over 40/50 C: m_w = 0.7e6 / (4186 x 10) kg/s; facility pumps
    // 200 kPa / 0.7; CDU pumps on propylene glycol 25 % (3.9 kJ/kg K, 1025 kg/m3) over 10 K at
    // 150 kPa / 0.7.
    const double m_w = 0.7e6 / (kCpWater_J_kgK * 10.0);
    const double cdu_m3_s = 0.7e6 / (3900.0 * 10.0) / 1025.0;
    // Variable speed: flow follows the liquid load, 40 % of design here; with 30 % of the head
    // held by the pressure set point, power = 0.4 x (0.3 + 0.7 x 0.4^2) of design.
    const double pump_W = (m_w / 1000.0 * 200e3 / 0.7 + cdu_m3_s * 150e3 / 0.7) * 0.4 * (0.3 + 0.7 * 0.16);
    // Dry-cooler fans hold the 40 C supply: load 0.7 x 0.4 MW of the 0.7 MW duty, 35 K between
    // 5 C air and the set point, design approach 8 K: speed (8 x 0.4 / 35)^(1/0.8) = 0.05, so the
    // fans run at their 20 % minimum; power 2 % of duty x 0.2^3, at the outdoor air's density.
    const double load = 0.7 * 0.4e6 / 0.7e6;
    QVERIFY(std::pow(8.0 * load / 35.0, 1.25) < 0.2);
    const double W_out = climate::psy::humidity_ratio_from_rh(celsius_to_kelvin(5.0), 0.5, 78000.0);
    const double rho_out = climate::psy::moist_air_density_kg_m3(celsius_to_kelvin(5.0), W_out, 78000.0);
    const double dc_fan_W = 0.02 * 0.7e6 * std::pow(0.2, 3) * std::pow(1.2 / rho_out, 2);
    QVERIFY2(std::abs(r.energy.pumps / (pump_W * year_s) - 1.0) < 1e-6,
             qPrintable(QString::number(r.energy.pumps / (pump_W * year_s))));
    // The IEC's scavenger fans are in heat_rejection_fans too: the dry coolers' share alone is
    // bounded below by the hand value and the total stays within a few kW of it.
    QVERIFY(r.energy.heat_rejection_fans >= dc_fan_W * year_s * (1 - 1e-3));
    QVERIFY(r.energy.heat_rejection_fans <= (dc_fan_W + 5000.0) * year_s);
    // The liquid loop captures 70 % of the IT power.
    QVERIFY(std::abs(r.liquid_heat_J / (0.7 * r.energy.it) - 1.0) < 1e-6);
    QVERIFY(std::abs(r.balance.relative_residual()) < 1e-4);
  }

  /// The one-hall scenario, changed by `edit(document, hall)`, through `climate` after a spin-up.
  static HallResult one_hall(const ClimateInput& climate,
                             const std::function<void(model::Json&, model::Json&)>& edit,
                             double spin_up_days, bool hourly) {
    auto doc = model::Json::parse(kHallScenario);
    edit(doc, doc["wings"][0]["buildings"][0]["halls"][0]);
    const auto scenario = model::Scenario::from_document(doc, "one hall");
    const auto& park = scenario.park();
    SimulationOptions o;
    o.spin_up_s = spin_up_days * 86400.0;
    o.keep_hourly = hourly;
    return simulate_hall(park, park.wings[0].buildings[0].halls[0], park.stages[0], climate, o);
  }

  /// One hall with cold plates on a constant climate; `edit` changes the hall's JSON.
  static HallResult liquid_hall(const ClimateInput& climate, const std::function<void(model::Json&)>& edit) {
    return one_hall(climate, [&](model::Json&, model::Json& hall) {
      hall["rack_groups"][0]["liquid_fraction"] = 0.8;
      hall["cooling"]["liquid"] = model::Json::parse(R"({"technology": "cold_plate"})");
      edit(hall);
    }, 10.0, false);
  }

  void liquidHeatFollowsEachGroupsActualPower() {
    // Air-cooled racks at 20 % utilisation beside liquid-cooled racks at 90 %: the loop captures
    // the liquid racks' actual power x their liquid fraction, not the design split.
    const ClimateInput climate(test::constant_year(5.0, 0.5, 78000.0));
    const HallResult r = liquid_hall(climate, [](model::Json& hall) {
      hall["rack_groups"] = model::Json::parse(R"([
        {"id": "air", "count": 100, "design_kW_per_rack": 10, "utilisation": 0.2},
        {"id": "liq", "count": 100, "design_kW_per_rack": 10, "utilisation": 0.9, "liquid_fraction": 0.9}])");
    });
    QVERIFY2(r.ok, r.error.c_str());
    const double year_s = 8760 * 3600.0;
    const double liquid_W = 100 * 10e3 * 0.8 * 0.9 * 0.9; // occupancy 0.8 (stage default)
    QVERIFY2(std::abs(r.liquid_heat_J / (liquid_W * year_s) - 1.0) < 1e-6,
             qPrintable(QString::number(r.liquid_heat_J / year_s)));
  }

  void closedCircuitTowerIsNotADryCooler() {
    // Hot and dry (38 C, 25 % RH; wet bulb ~23 C), liquid load 40 % of design: a dry cooler
    // without adiabatic assist delivers at best 38 + 8 K x 0.4 = 41.2 C, so a chiller trims the
    // water to 40 C; a closed-circuit tower running wet (4 K to the wet bulb) holds 40 C with no
    // compressor, and evaporates water instead.
    const ClimateInput hot(test::constant_year(38.0, 0.25, 78000.0));
    const HallResult dry = liquid_hall(hot, [](model::Json& hall) {
      hall["cooling"]["liquid"]["adiabatic_assist"] = false;
      hall["air"]["supply_air_C"] = 27.0; // the air side is not what is compared here
    });
    const HallResult tower = liquid_hall(hot, [](model::Json& hall) {
      hall["cooling"]["liquid"]["rejection"] = "cooling_tower";
      hall["air"]["supply_air_C"] = 27.0;
    });
    QVERIFY2(dry.ok && tower.ok, (dry.error + tower.error).c_str());
    QVERIFY(tower.water_kg > dry.water_kg);
    // Liquid-side compressors only in the dry-cooler hall (the air side is the same in both).
    QVERIFY2(dry.energy.compressors > tower.energy.compressors + 1e9,
             qPrintable(QString("%1 vs %2").arg(dry.energy.compressors).arg(tower.energy.compressors)));
    // Cold (-10 C): the tower's coil runs dry (freeze protection) and evaporates nothing.
    const ClimateInput cold(test::constant_year(-10.0, 0.5, 78000.0));
    const HallResult frozen = liquid_hall(cold, [](model::Json& hall) {
      hall["cooling"]["liquid"]["rejection"] = "cooling_tower";
    });
    QVERIFY2(frozen.ok, frozen.error.c_str());
    const HallResult plain = liquid_hall(cold, [](model::Json&) {});
    QVERIFY(frozen.water_kg <= plain.water_kg + 1e-6);
  }

  void immersedServersHaveNoFans() {
    // Inlet air at 30 C (warm set point): the fans of air- and cold-plate-cooled servers speed up
    // (x1.025 at 30 C on the air-cooled share), immersed servers have none; dielectric pumps
    // differ from glycol pumps.
    const ClimateInput climate(test::constant_year(5.0, 0.5, 78000.0));
    const auto warm = [](const char* technology) {
      return [technology](model::Json& hall) {
        hall["cooling"]["liquid"]["technology"] = technology;
        hall["air"]["supply_air_C"] = 30.0;
        hall["air"]["return_air_C"] = 42.0;
      };
    };
    const HallResult plate = liquid_hall(climate, warm("cold_plate"));
    const HallResult tank = liquid_hall(climate, warm("immersion"));
    QVERIFY2(plate.ok && tank.ok, (plate.error + tank.error).c_str());
    const double year_s = 8760 * 3600.0;
    const double P = 100 * 10e3 * 0.8 * 0.5;
    QVERIFY2(std::abs(tank.energy.it / (P * year_s) - 1.0) < 1e-6,
             qPrintable(QString::number(tank.energy.it / (P * year_s))));
    const double rise = 1.0 + 0.2 * 0.001 * 25.0; // air share 20 % at +0.001 (5 K)^2
    QVERIFY2(std::abs(plate.energy.it / (P * year_s) - rise) < 2e-4,
             qPrintable(QString::number(plate.energy.it / (P * year_s))));
    QVERIFY(std::abs(plate.energy.pumps - tank.energy.pumps) > 1e-3 * plate.energy.pumps);
  }

  /// The one-hall scenario sized for the site design condition (db, wb in C), run on `climate`.
  static HallResult sized_hall(const ClimateInput& climate, double db, double wb,
                               const std::function<void(model::Json&)>& edit = {}) {
    return one_hall(climate, [&](model::Json& doc, model::Json& hall) {
      doc["site"] = {{"cooling_design_dry_bulb_C", db}, {"cooling_design_wet_bulb_C", wb}};
      if (edit) {
        edit(hall);
      }
    }, 5.0, true);
  }

  void anUndersizedPlantLetsTheHallWarm() {
    // A plant sized for a plateau design day (28 C / 17 C) in a constant 40 C / 90 % year: the
    // DX trim runs at its capacity and the IT inlet rises until the hall's heat balance closes
    // at the plant's limit. The same hall sized for that year holds its set point.
    const ClimateInput hot(test::constant_year(40.0, 0.9, 78000.0));
    const HallResult small = sized_hall(hot, 28.0, 17.0);
    QVERIFY2(small.ok, small.error.c_str());
    QVERIFY2(small.hours_above_recommended > 8000.0 && small.unmet_load_hours > 8000.0,
             qPrintable(QString("%1 h above 27 C, %2 unmet").arg(small.hours_above_recommended)
                            .arg(small.unmet_load_hours)));
    QVERIFY(small.max_inlet_C > 27.0);
    // At the limit every installed unit runs at full capacity: 5 of N+1 = 4 + 1.
    QCOMPARE(small.plant.air_units_installed, 5);
    const double T_wb = units::kelvin_to_celsius(climate::psy::wet_bulb_K(
        celsius_to_kelvin(40.0), climate::psy::humidity_ratio_from_rh(celsius_to_kelvin(40.0), 0.9, 78000.0),
        78000.0));
    const HallResult sized = sized_hall(hot, 40.0, T_wb);
    QVERIFY2(sized.ok, sized.error.c_str());
    QCOMPARE(sized.unmet_load_hours, 0.0);
    QCOMPARE(sized.hours_above_recommended, 0.0);
    QVERIFY(sized.max_inlet_C < 24.0 + 1.0);
    // Redundancy is capacity too while nothing has failed: 2N of the small plant runs cooler.
    const HallResult doubled = sized_hall(hot, 28.0, 17.0, [](model::Json& hall) {
      hall["cooling"]["plant"] = {{"redundancy", "2N"}};
    });
    QVERIFY2(doubled.ok, doubled.error.c_str());
    QVERIFY(doubled.max_inlet_C < small.max_inlet_C - 0.5);
    // No compressors installed: none can be staged, so every hour is compressor-free, however
    // warm the hall runs.
    const HallResult none = sized_hall(hot, 28.0, 17.0, [](model::Json& hall) {
      hall["cooling"]["plant"] = {{"unit_capacity_kW", 0.0}};
    });
    QVERIFY2(none.ok, none.error.c_str());
    QCOMPARE(none.free_cooling_hours, 8760.0);
    QCOMPARE(none.energy.compressors, 0.0);
    QVERIFY(none.max_inlet_C > small.max_inlet_C);
    // Chilled water: chillers given too small a capacity warm the chilled water and the hall.
    const HallResult chw = sized_hall(hot, 40.0, T_wb, [](model::Json& hall) {
      hall["cooling"]["air_system"] = {{"chilled_water", model::Json::object()}};
      hall["cooling"]["plant"] = {{"unit_capacity_kW", 40.0}};
    });
    QVERIFY2(chw.ok, chw.error.c_str());
    QVERIFY2(chw.unmet_load_hours > 8000.0 && chw.max_inlet_C > 27.0,
             qPrintable(QString("%1 unmet, %2 C").arg(chw.unmet_load_hours).arg(chw.max_inlet_C)));
    // With half the load's capacity in 40 C air there is no steady state below the servers'
    // protection: they throttle from 45 C and the hall settles below 50 C, drawing less IT power.
    QVERIFY2(chw.max_inlet_C > 45.0 && chw.max_inlet_C < 50.0, qPrintable(QString::number(chw.max_inlet_C)));
    QVERIFY(chw.energy.it < 0.9 * sized.energy.it);
  }

  void serversShortOfAirDrawItFromTheHotAisle() {
    // Coolers moving 0.6 of what the servers' fans ask for (no bypass, recirculation, structure
    // or lighting): the servers draw the other 0.4 from the hot aisle, so by the cold aisle's
    // mixing balance, written here by hand, T_ca = T_sup + (demand / supply - 1) dT_it with dT_it
    // = P / (m_demand cp) the air's rise through the servers; the hot aisle is T_ca + dT_it. At
    // that state every node's rate of change vanishes.
    NetworkParams p;
    p.C_J_K = {2.0e6, 2.0e6, 5.0e7, 2.6e8, 0.0};
    p.it_effectiveness = 0.9;
    const double cp = p.cp_air_J_kgK, P = 4.0e5, supply = 20.0, demand = supply / 0.6;
    const double T_sup = celsius_to_kelvin(18.0);
    const double dT_it = P / (demand * cp);
    const double T_ca = T_sup + (demand / supply - 1.0) * dT_it;
    const double T_ha = T_ca + dT_it;
    const double T_it = T_ca + dT_it / p.it_effectiveness;
    const NetworkDrive d{.m_air_kg_s = supply, .m_air_demand_kg_s = demand, .T_supply_K = T_sup,
                         .it_air_W = P, .T_outdoor_K = T_ca};
    const std::array<double, kNodes> T{T_ca, T_ha, T_it, T_ca, T_ca};
    std::array<double, kNodes> dT{};
    network_derivatives(p, d, T, dT);
    for (std::size_t i = 0; i < 3; ++i) {
      QVERIFY2(std::abs(dT[i]) < 1e-12, qPrintable(QString("node %1: %2 K/s").arg(i).arg(dT[i])));
    }
    // The coolers then take back hot-aisle air only as fast as they supply it: what they remove
    // is supply cp (T_ha - T_sup) = P.
    QVERIFY(std::abs(supply * cp * (T_ha - T_sup) - P) < 1e-6 * P);
  }

  void airUnitsPumpsAndHeatRejectionHaveCapacity() {
    // The one-hall scenario runs at 40 % of its design load. Air units that move half of that
    // (4 units of 5 % of the design air flow, no redundancy) cannot hold the inlet: the servers
    // draw the rest of their air from the hot aisle and their inlet rises to about supply + 12 K
    // (the network's own balance, checked above), out of the recommended envelope all year.
    const ClimateInput mild(test::constant_year(20.0, 0.5, 78000.0));
    const HallResult held = one_hall(mild, [](model::Json&, model::Json&) {}, 5.0, false);
    QVERIFY2(held.ok, held.error.c_str());
    QCOMPARE(held.unmet_load_hours, 0.0);
    QVERIFY(held.max_inlet_C < 24.5);
    const HallResult short_of_air = one_hall(mild, [](model::Json&, model::Json& hall) {
      hall["cooling"]["plant"]["air_units"] = {{"units", 4}, {"redundancy", "N"}, {"unit_capacity_fraction", 0.05}};
    }, 5.0, false);
    QVERIFY2(short_of_air.ok, short_of_air.error.c_str());
    QVERIFY2(short_of_air.unmet_load_hours > 8700.0 && short_of_air.hours_above_recommended > 8700.0 &&
                 short_of_air.max_inlet_C > 28.0,
             qPrintable(QString("%1 unmet, %2 C").arg(short_of_air.unmet_load_hours).arg(short_of_air.max_inlet_C)));
    // Their redundant units (N+1: 5 x 5 % = 25 %) are capacity too while nothing has failed.
    const HallResult plus_one = one_hall(mild, [](model::Json&, model::Json& hall) {
      hall["cooling"]["plant"]["air_units"] = {{"units", 4}, {"redundancy", "N+1"}, {"unit_capacity_fraction", 0.05}};
    }, 5.0, false);
    QVERIFY(plus_one.ok && plus_one.max_inlet_C < short_of_air.max_inlet_C - 1.0);

    // Pumps: cold plates capture 80 %; pumps giving half the flow the load needs keep the
    // heat moving only with twice the design rise, and every hour counts as unmet load; they
    // also draw less power than pumps that deliver the flow.
    const ClimateInput cold(test::constant_year(5.0, 0.5, 78000.0));
    const HallResult pumped = liquid_hall(cold, [](model::Json&) {});
    const HallResult starved = liquid_hall(cold, [](model::Json& hall) {
      hall["cooling"]["plant"]["pumps"] = {{"units", 4}, {"redundancy", "N"}, {"unit_capacity_fraction", 0.05}};
    });
    QVERIFY2(pumped.ok && starved.ok, (pumped.error + starved.error).c_str());
    QCOMPARE(pumped.unmet_load_hours, 0.0);
    QCOMPARE(starved.unmet_load_hours, 8760.0);
    QVERIFY(starved.energy.pumps < pumped.energy.pumps);

    // Heat rejection: dry coolers (no adiabatic assist) in a constant 38 C year hold the 40 C
    // facility supply only with the design approach of 8 K scaled by the duty: one set of units
    // for the need (N) gives 8 x 0.4 = 3.2 K, above the 2 K of room, so the trim chiller runs;
    // twice the units (2N) share the heat at 1.6 K and the trim stays off: the compressors then
    // run for the air side alone (its indirect evaporative units need DX trim at 38 C), exactly
    // as with yet more heat rejection.
    const ClimateInput hot(test::constant_year(38.0, 0.25, 78000.0));
    const auto dry = [](const char* redundancy) {
      return [redundancy](model::Json& hall) {
        hall["cooling"]["liquid"]["adiabatic_assist"] = false;
        hall["cooling"]["plant"]["heat_rejection"] = {{"units", 2}, {"redundancy", redundancy}};
      };
    };
    const HallResult one_set = liquid_hall(hot, dry("N"));
    const HallResult two_sets = liquid_hall(hot, dry("2N"));
    QVERIFY2(one_set.ok && two_sets.ok, (one_set.error + two_sets.error).c_str());
    QVERIFY(one_set.energy.compressors > 0.0);
    const HallResult four_sets = liquid_hall(hot, [&](model::Json& hall) {
      dry("N")(hall);
      hall["cooling"]["plant"]["heat_rejection"]["unit_capacity_fraction"] = 2.0;
    });
    QVERIFY2(four_sets.ok, four_sets.error.c_str());
    QVERIFY(std::abs(two_sets.energy.compressors - four_sets.energy.compressors) <= 1e-6 * four_sets.energy.compressors);
    // The trim's share: about 38 kW of heat (0.4 x 80 kW/K x 1.2 K) at a COP near 9, ~4 kW.
    const double trim_W = (one_set.energy.compressors - two_sets.energy.compressors) / (8760 * 3600.0);
    QVERIFY2(trim_W > 2e3 && trim_W < 8e3, qPrintable(QString::number(trim_W)));
    QVERIFY(two_sets.energy.heat_rejection_fans < one_set.energy.heat_rejection_fans);
  }

  void gainsBeyondTheItLoadAreRemoved() {
    // Review item: "air flow follows only the IT air load and the supply cannot go below set
    // point - 4 K, so envelope and solar gains beyond that are never removed". A nearly empty
    // hall (0.2 % utilisation: 1.6 kW of IT) in a constant 40 C year takes in several times its IT
    // load through the envelope (0.45 W/m2K x 1,000 m2 x ~15 K) and from its lighting; at the
    // fans' 30 % minimum the coolers still remove 0.3 x 1 MW x 4 / 12, about 100 kW, more than
    // all of it, so the inlet holds. The item does not occur in a plausible hall; the test keeps
    // it so.
    const ClimateInput hot(test::constant_year(40.0, 0.25, 78000.0));
    const HallResult r = one_hall(hot, [](model::Json&, model::Json& hall) {
      hall["rack_groups"][0]["utilisation"] = 0.002;
    }, 5.0, false);
    QVERIFY2(r.ok, r.error.c_str());
    QCOMPARE(r.unmet_load_hours, 0.0);
    QVERIFY2(r.max_inlet_C < 24.5, qPrintable(QString::number(r.max_inlet_C)));
    QVERIFY2(r.energy.lighting + 0.45 * 1000.0 * 10.0 * 8760 * 3600.0 > 2.0 * r.energy.it,
             qPrintable(QString("lighting %1, IT %2 J").arg(r.energy.lighting).arg(r.energy.it)));
  }

  void designDaysShowWhetherThePlantHolds() {
    // A chilled-water hall at full load, its chillers sized for a 30 C / 18 C site with a 5 %
    // margin and no redundant unit: on its own design day they have about that margin to spare
    // and the inlet stays in ASHRAE's recommended envelope; on a 46 C / 34 C day their capacity
    // falls with the condensing temperature, they fall short and the hall leaves the envelope.
    auto doc = model::Json::parse(kHallScenario);
    doc["site"] = {{"cooling_design_dry_bulb_C", 30.0}, {"cooling_design_wet_bulb_C", 18.0}};
    auto& hall = doc["wings"][0]["buildings"][0]["halls"][0];
    hall["rack_groups"][0]["utilisation"] = 1.0;
    hall["rack_groups"][0]["occupancy"] = 1.0;
    hall["cooling"]["air_system"] = {{"chilled_water", {{"economizer", "none"}}}};
    hall["cooling"]["plant"] = {{"redundancy", "N"}, {"sizing_margin", 0.05}};
    const auto scenario = model::Scenario::from_document(doc, "one hall, design days");
    const auto& park = scenario.park();
    const ClimateInput year(test::seasonal_year());
    const DesignCondition sizing = cooling_design_condition(park, year);
    climate::DesignDay own{"own", 7, 21, celsius_to_kelvin(30.0), 10.0, celsius_to_kelvin(18.0), 78000.0, "test"};
    climate::DesignDay hot = own;
    hot.name = "hot";
    hot.T_db_max_K = celsius_to_kelvin(46.0);
    hot.T_wb_K = celsius_to_kelvin(34.0);
    const auto r = check_design_days(park, park.wings[0].buildings[0].halls[0], park.stages[0], {own, hot}, sizing);
    QCOMPARE(r.size(), std::size_t{2});
    QVERIFY2(r[0].ok && r[1].ok, (r[0].error + r[1].error).c_str());
    QVERIFY2(r[0].holds && r[0].max_inlet_C <= 27.0,
             qPrintable(QString("%1 kW, %2 C").arg(r[0].margin_W / 1e3).arg(r[0].max_inlet_C)));
    // Spare: 5 % of the design need (1 MW of IT on air plus a few % of fan heat), less what the
    // lighting and the envelope add to the design need.
    QVERIFY2(r[0].margin_W > 0.0 && r[0].margin_W < 0.05 * 1.1e6, qPrintable(QString::number(r[0].margin_W)));
    QCOMPARE(r[0].margin_N_W, r[0].margin_W); // redundancy N: no unit in reserve
    // N+1: the same four units plus one in reserve; counting only the four gives the N margin.
    hall["cooling"]["plant"]["redundancy"] = "N+1";
    const auto plus = model::Scenario::from_document(doc, "one hall, N+1");
    const auto& pp = plus.park();
    const auto r1 = check_design_days(pp, pp.wings[0].buildings[0].halls[0], pp.stages[0], {own}, sizing);
    QVERIFY2(r1[0].ok, r1[0].error.c_str());
    QVERIFY(r1[0].margin_W > r1[0].margin_N_W);
    QVERIFY2(std::abs(r1[0].margin_N_W - r[0].margin_W) < 0.02 * 1e6,
             qPrintable(QString("%1 vs %2").arg(r1[0].margin_N_W).arg(r[0].margin_W)));
    QVERIFY2(!r[1].holds && r[1].margin_W < 0.0 && r[1].max_inlet_C > 27.0,
             qPrintable(QString("%1 kW, %2 C").arg(r[1].margin_W / 1e3).arg(r[1].max_inlet_C)));
  }

  void theDesignConditionComesFromTheSiteOrTheYear() {
    auto doc = model::Json::parse(kHallScenario);
    const auto plain = model::Scenario::from_document(doc, "one hall");
    const ClimateInput climate(test::seasonal_year());
    const DesignCondition year = cooling_design_condition(plain.park(), climate);
    // The 35th warmest of the 8,760 hours, and the mean wet bulb of the 35 warmest.
    auto db = climate.dry_bulb_K();
    std::sort(db.begin(), db.end(), std::greater<>());
    QCOMPARE(year.T_db_K, db[34]);
    QVERIFY(year.T_wb_K < year.T_db_K);
    QVERIFY2(year.source.rfind("climate year", 0) == 0, year.source.c_str());
    doc["site"] = {{"cooling_design_dry_bulb_C", 30.0}, {"cooling_design_wet_bulb_C", 18.0}};
    const auto given = model::Scenario::from_document(doc, "one hall");
    const DesignCondition site = cooling_design_condition(given.park(), climate);
    QCOMPARE(site.T_db_K, celsius_to_kelvin(30.0));
    QCOMPARE(site.T_wb_K, celsius_to_kelvin(18.0));
    QCOMPARE(site.source, std::string("site"));
  }

  void directAirEconomizerRespectsTheHumidityLimit() {
    // 18 C outdoors with a 13 C dew point (RH 73 %): cold enough to cool a 20 C cold aisle, and
    // its dew point is within the 15 C limit, but at 20 C it would be 73 % RH, above the 60 %
    // limit: the economizer must stay shut. With the limit at 100 % it runs free all year.
    const double rh = climate::psy::saturation_pressure_Pa(celsius_to_kelvin(13.0)) /
                      climate::psy::saturation_pressure_Pa(celsius_to_kelvin(18.0));
    const ClimateInput climate(test::constant_year(18.0, rh, 78000.0));
    const auto run_with = [&](double rh_max) {
      auto doc = model::Json::parse(kHallScenario);
      auto& hall = doc["wings"][0]["buildings"][0]["halls"][0];
      hall["air"]["supply_air_C"] = 20;
      hall["air"]["return_air_C"] = 32;
      hall["cooling"]["air_system"] = model::Json::parse(R"({"direct_air_economizer": {}})");
      hall["cooling"]["air_system"]["direct_air_economizer"]["max_relative_humidity"] = rh_max;
      const auto scenario = model::Scenario::from_document(doc, "humid");
      const auto& park = scenario.park();
      return simulate_hall(park, park.wings[0].buildings[0].halls[0], park.stages[0], climate);
    };
    const HallResult limited = run_with(0.6);
    QVERIFY2(limited.ok, limited.error.c_str());
    QVERIFY(limited.energy.compressors > 0.0);
    QCOMPARE(limited.free_cooling_hours, 0.0);
    const HallResult open = run_with(1.0);
    QVERIFY2(open.ok, open.error.c_str());
    QCOMPARE(open.energy.compressors, 0.0);
    QCOMPARE(open.free_cooling_hours, 8760.0);
  }

  void bufferTankChangesStorageNotTheYear() {
    // A 200 m3 fully mixed tank in the liquid loop: more heat stored, the annual figures the same
    // within 0.5 %, the balance still closed.
    const ClimateInput climate(test::seasonal_year());
    const auto run_with = [&](double tank_m3) {
      auto doc = model::Json::parse(kHallScenario);
      auto& hall = doc["wings"][0]["buildings"][0]["halls"][0];
      hall["rack_groups"][0]["liquid_fraction"] = 0.7;
      hall["cooling"]["liquid"] = model::Json::parse(R"({"technology": "cold_plate"})");
      hall["cooling"]["liquid"]["storage_m3"] = tank_m3;
      const auto scenario = model::Scenario::from_document(doc, "tank");
      const auto& park = scenario.park();
      return simulate_hall(park, park.wings[0].buildings[0].halls[0], park.stages[0], climate);
    };
    const HallResult none = run_with(0.0);
    const HallResult tank = run_with(200.0);
    QVERIFY(none.ok && tank.ok);
    QVERIFY(std::abs(tank.balance.relative_residual()) < 1e-3);
    QVERIFY(std::abs(tank.energy.facility() / none.energy.facility() - 1.0) < 5e-3);
  }

  void heatPumpCopFollowsItsLift() {
    // A 65 C network wanting more than the hall has: the evaporator takes all the loop's heat
    // (max_recovered_fraction 1), cooling its 50 C water to the 40 C supply (evaporating 37 C);
    // condensing at 68 C, Carnot efficiency 0.5: COP 0.5 x 341 / 31 = 5.5. The old model
    // evaporated 3 K below the loop's return whatever it took, and its bound of 8 decided in
    // every hour.
    const ClimateInput climate(test::constant_year(-5.0, 0.5, 78000.0));
    auto doc = model::Json::parse(kHallScenario);
    doc["heat_networks"] = model::Json::parse(
        R"([{"id": "dh", "served_floor_area_m2": 20000, "supply_water_C": 65, "return_water_C": 50}])");
    auto& hall = doc["wings"][0]["buildings"][0]["halls"][0];
    hall["rack_groups"][0]["liquid_fraction"] = 0.7;
    hall["cooling"]["liquid"] = model::Json::parse(R"({"technology": "cold_plate"})");
    hall["cooling"]["heat_recovery"] = model::Json::parse(R"({"network": "dh", "mode": "heat_pump"})");
    const auto scenario = model::Scenario::from_document(doc, "heat pump");
    const auto& park = scenario.park();
    const HallResult r = simulate_hall(park, park.wings[0].buildings[0].halls[0], park.stages[0], climate);
    QVERIFY2(r.ok, r.error.c_str());
    const double cop = r.heat_delivered_J / r.heat_pump_J;
    QVERIFY2(cop > 5.0 && cop < 6.5, qPrintable(QString::number(cop)));
    // It recovers the loop's heat and delivers it with the work.
    QVERIFY2(std::abs(r.heat_recovered_J / r.liquid_heat_J - 1.0) < 0.02,
             qPrintable(QString::number(r.heat_recovered_J / r.liquid_heat_J)));
  }

  void heatRecoveryIsDirectWhenTheWaterIsWarmEnough() {
    // A cold winter day all year: the network wants heat. The loop's pumps are variable speed,
    // so at 40 % load its return stays at supply + the design 10 K (at constant flow it would be
    // supply + 4 K). With 56 C supply (return ~66 C), and even with 50 C (return ~60 C), it is
    // warm enough for the 55 C network (+3 K approach): heat delivered directly, no heat-pump
    // electricity. With 40 C supply (return ~50 C) the heat pump lifts it.
    const ClimateInput climate(test::constant_year(-5.0, 0.5, 78000.0));
    const auto run_with = [&](double supply_C) {
      auto doc = model::Json::parse(kHallScenario);
      doc["heat_networks"] = model::Json::parse(R"([{"id": "dh", "served_floor_area_m2": 5000}])");
      auto& hall = doc["wings"][0]["buildings"][0]["halls"][0];
      hall["rack_groups"][0]["liquid_fraction"] = 0.7;
      hall["cooling"]["liquid"] = model::Json::parse(R"({"technology": "cold_plate"})");
      hall["cooling"]["liquid"]["facility_supply_water_C"] = supply_C;
      hall["cooling"]["liquid"]["facility_return_water_C"] = supply_C + 10.0;
      hall["cooling"]["heat_recovery"] = model::Json::parse(R"({"network": "dh", "mode": "heat_pump"})");
      const auto scenario = model::Scenario::from_document(doc, "recovery");
      const auto& park = scenario.park();
      return simulate_hall(park, park.wings[0].buildings[0].halls[0], park.stages[0], climate);
    };
    const HallResult part = run_with(50.0);
    QVERIFY2(part.ok, part.error.c_str());
    QVERIFY(part.heat_delivered_J > 0.0);
    QCOMPARE(part.heat_pump_J, 0.0);
    const HallResult warm = run_with(56.0);
    QVERIFY2(warm.ok, warm.error.c_str());
    QVERIFY(warm.heat_delivered_J > 0.0);
    QCOMPARE(warm.heat_pump_J, 0.0);
    QVERIFY(std::abs(warm.heat_delivered_J - warm.heat_recovered_J) < 1e-6 * warm.heat_delivered_J);
    const HallResult cool = run_with(40.0);
    QVERIFY2(cool.ok, cool.error.c_str());
    QVERIFY(cool.heat_pump_J > 0.0);
    // The heat pump's COP follows its lift, below its bound.
    QVERIFY(cool.heat_delivered_J / cool.heat_pump_J < kHeatPumpMaxCop);
    // Delivered = recovered + heat-pump work (energy balance of the heat pump).
    QVERIFY(std::abs(cool.heat_delivered_J - cool.heat_recovered_J - cool.heat_pump_J) <
            1e-6 * cool.heat_delivered_J);
    // The demand (5,000 m2 x 45 W/m2 x (15 - -5) / (15 - -13) = 161 kW) is below the liquid heat
    // available (0.7 x 400 kW), so it is met in both cases.
    QVERIFY(std::abs(warm.heat_delivered_J / warm.heat_demand_J - 1.0) < 1e-6);
    QVERIFY(std::abs(cool.heat_delivered_J / cool.heat_demand_J - 1.0) < 1e-6);
  }

  /// Every hall of the built-in park at a stage on the park year (annual figures only).
  static ParkResult builtin_park(const std::filesystem::path& dir, const char* stage,
                                 IntegratorOptions integrator = SimulationOptions{}.integrator) {
    const auto scenario = model::Scenario::load(model::kBuiltinHaidong);
    const auto& park = scenario.park();
    const climate::ClimateCatalog catalog(dir);
    const ClimateInput climate(model::haidong::park_climate_year(catalog));
    ParkRunOptions o;
    o.simulation.keep_hourly = false;
    o.simulation.integrator = integrator;
    return simulate_park(park, *park.find_stage(stage), climate, o);
  }

  void builtinParkFreeCoolingUnderTheTolerance() {
    // The issue's bar: between rtol 1e-4 and 1e-8 no hall's free-cooling hours move by more than
    // 2 h, nor its compressor-free days by more than 1. With conditional-integration anti-windup
    // they moved by up to 10 h and 3 days: the integrator's rate jumped where the command
    // saturated, a 15-min BDF step across that point left the inlet up to 1 K off the converged
    // solution, and an escalation decided on it shifted. Back-calculation keeps the rate
    // continuous (docs/physics/hall-model.md, "Controller").
    PARKTWIN_REQUIRE_SHARED_CLIMATE(dir);
    const ParkResult loose = builtin_park(dir, "2030");
    const ParkResult tight = builtin_park(dir, "2030", {1e-8, 1e-8});
    QCOMPARE(loose.halls.size(), tight.halls.size());
    double worst_hours = 0.0;
    int worst_days = 0;
    std::string worst;
    for (std::size_t i = 0; i < loose.halls.size(); ++i) {
      const auto& a = loose.halls[i];
      const auto& b = tight.halls[i];
      QVERIFY2(a.ok && b.ok, (a.error + b.error).c_str());
      const double dh = std::abs(a.free_cooling_hours - b.free_cooling_hours);
      if (dh > worst_hours) {
        worst_hours = dh;
        worst = a.hall_id;
      }
      worst_days = std::max(worst_days, std::abs(a.compressor_free_days - b.compressor_free_days));
      QVERIFY2(std::abs(a.pue() - b.pue()) < 1e-4, a.hall_id.c_str());
    }
    QVERIFY2(worst_hours <= 2.0, qPrintable(QString("%1 h in %2").arg(worst_hours).arg(worst.c_str())));
    QVERIFY2(worst_days <= 1, qPrintable(QString::number(worst_days)));
  }

  void builtinParkBalancesAndModes() {
    PARKTWIN_REQUIRE_SHARED_CLIMATE(dir);
    const ParkResult res = builtin_park(dir, "2035");
    QCOMPARE(res.halls.size(), std::size_t{52});
    for (const auto& r : res.halls) {
      QVERIFY2(r.ok, (r.hall_id + ": " + r.error).c_str());
      // Energy balance within 0.1 % over the year.
      QVERIFY2(std::abs(r.balance.relative_residual()) < 1e-3,
               (r.hall_id + ": " + std::to_string(r.balance.relative_residual())).c_str());
      // No chattering. A chattering controller would switch at every 15-min control step (96 a
      // day). This one steps down only after a mode has held for the 1 h dwell, so a day sees
      // each of the two thresholds (dry/wet, wet/mechanical) crossed a few times at most: the
      // bound is 8 a day. (A first bound of 4 was too tight: on September 1 telecom-2-h1 rightly
      // switches 5 times, at 01:15, 05:30, 12:15, 17:00 and 21:00, no two within 3.7 h.)
      std::map<int, int> per_day;
      for (std::size_t i = 0; i < r.switches.size(); ++i) {
        ++per_day[static_cast<int>(r.switches[i].t_s / 86400.0)];
        if (i > 0 && r.switches[i].to < r.switches[i].from) {
          QVERIFY2(r.switches[i].t_s - r.switches[i - 1].t_s >= 3600.0 - 1e-6, r.hall_id.c_str());
        }
      }
      for (const auto& [day, n] : per_day) {
        QVERIFY2(n <= 8, (r.hall_id + " day " + std::to_string(day) + ": " + std::to_string(n)).c_str());
      }
      QVERIFY(r.pue() > 1.0 && r.pue() < 1.5);
      QVERIFY(r.hours_above_allowable == 0.0);
    }
  }

  void solverFailureIsReportedWithHallAndTime() {
    auto scenario = model::Scenario::parse(kHallScenario, "one hall");
    model::Park park = scenario.park(); // a copy we may break
    auto& hall = park.wings[0].buildings[0].halls[0];
    hall.air.T_return_K = hall.air.T_supply_K; // no design temperature rise: infinite air flow
    const ClimateInput climate(test::constant_year(5.0, 0.5, 78000.0));
    const HallResult r = simulate_hall(park, hall, park.stages[0], climate);
    QVERIFY(!r.ok);
    QVERIFY2(r.error.find("hall h") != std::string::npos, r.error.c_str());
    QVERIFY2(r.error.find("t = ") != std::string::npos, r.error.c_str());
    // In a park run the other halls still finish.
    auto two = model::Scenario::load((std::filesystem::path(PARKTWIN_TEST_DATA_DIR) / "scenarios" /
                                      "maximal.json").string()).park();
    two.wings[0].buildings[0].halls[1].air.T_return_K = two.wings[0].buildings[0].halls[1].air.T_supply_K;
    ParkRunOptions o;
    o.simulation.keep_hourly = false;
    const ParkResult res = simulate_park(two, two.stages[0], climate, o);
    QCOMPARE(res.halls.size(), std::size_t{3});
    QVERIFY(res.halls[0].ok);
    QVERIFY(!res.halls[1].ok);
    QVERIFY(res.halls[2].ok);
  }
};

QTEST_GUILESS_MAIN(TestHall)
#include "tst_hall.moc"
