// Psychrometrics against published ASHRAE values. Each row names its source:
//   [T1] ASHRAE Handbook Fundamentals 2021 (SI) ch.1 Table 1, standard atmosphere (same in 2017).
//   [T2] same, Table 2, saturated moist air at 101.325 kPa.
//   [T3] same, Table 3, saturation pressure of water (over ice below 0 C).
//   [Ex1] same, ch.1 Example 1 (40 C dry bulb, 20 C wet bulb, 101.325 kPa), chart readings.
//   [Ch6] same, section "Psychrometric charts": 40 C / 30 C read on chart 1 (sea level) and on
//         chart 6 (1500 m, 84.54 kPa); chart 7 is stated to be for 2250 m, 77.058 kPa.
//   [PL]  PsychroLib 2.4.0 tests/test_psychrolib_si.py values at 95 461 Pa (an independent
//         implementation of the same ASHRAE equations, not a handbook table).
// Tolerances: 300 ppm on Table 3 (ASHRAE's stated accuracy of eqs. 5-6); Table 2 is computed
// with real-gas relations, which the perfect-gas equations meet to 0.7 % (ASHRAE's own bound);
// chart readings to their printed resolution.

#include "parktwin/climate/psychrometrics.hpp"
#include "parktwin/common/error.hpp"
#include "parktwin/common/units.hpp"

#include <QtTest>

#include <cmath>

using namespace parktwin;
using namespace parktwin::climate;
using units::celsius_to_kelvin;
using units::kelvin_to_celsius;

namespace {
bool close_rel(double actual, double expected, double rel) {
  return std::abs(actual - expected) <= rel * std::abs(expected);
}
QByteArray describe(double actual, double expected) {
  return QByteArray("actual ") + QByteArray::number(actual, 'g', 10) + " expected " +
         QByteArray::number(expected, 'g', 10);
}
} // namespace

class TestPsychrometrics : public QObject {
  Q_OBJECT

private slots:
  void standardAtmosphere_data() {
    QTest::addColumn<double>("z_m");
    QTest::addColumn<double>("p_kPa");
    QTest::addColumn<double>("t_C");
    QTest::newRow("[T1] -500 m") << -500.0 << 107.478 << 18.2;
    QTest::newRow("[T1] 0 m") << 0.0 << 101.325 << 15.0;
    QTest::newRow("[T1] 500 m") << 500.0 << 95.461 << 11.8;
    QTest::newRow("[T1] 1000 m") << 1000.0 << 89.875 << 8.5;
    QTest::newRow("[T1] 1500 m") << 1500.0 << 84.556 << 5.2;
    QTest::newRow("[T1] 2000 m") << 2000.0 << 79.495 << 2.0;
    QTest::newRow("[T1] 2500 m") << 2500.0 << 74.682 << -1.2;
    QTest::newRow("[T1] 3000 m") << 3000.0 << 70.108 << -4.5;
    QTest::newRow("[T1] 4000 m") << 4000.0 << 61.640 << -11.0;
    QTest::newRow("[Ch6] chart 7, 2250 m (no temperature given)") << 2250.0 << 77.058 << -999.0;
  }
  void standardAtmosphere() {
    QFETCH(double, z_m);
    QFETCH(double, p_kPa);
    QFETCH(double, t_C);
    const double p = psy::standard_pressure_Pa(z_m);
    QVERIFY2(std::abs(p - p_kPa * 1000.0) <= 2.0, describe(p, p_kPa * 1000.0));
    if (t_C > -900.0) {
      const double t = kelvin_to_celsius(psy::standard_temperature_K(z_m));
      QVERIFY2(std::abs(t - t_C) <= 0.051, describe(t, t_C));
    }
  }

  void saturationPressure_data() {
    QTest::addColumn<double>("t_C");
    QTest::addColumn<double>("pws_kPa");
    QTest::newRow("[T3] -60 C ice") << -60.0 << 0.00108;
    QTest::newRow("[T3] -20 C ice") << -20.0 << 0.10324;
    QTest::newRow("[T3] -5 C ice") << -5.0 << 0.40174;
    QTest::newRow("[T3] 0 C ice") << 0.0 << 0.61115;
    QTest::newRow("[T3] 5 C") << 5.0 << 0.8726;
    QTest::newRow("[T3] 20 C") << 20.0 << 2.3392;
    QTest::newRow("[T3] 25 C") << 25.0 << 3.1697;
    QTest::newRow("[T3] 40 C") << 40.0 << 7.3844;
    QTest::newRow("[T3] 50 C") << 50.0 << 12.3513;
    QTest::newRow("[T3] 100 C") << 100.0 << 101.4180;
    QTest::newRow("[T3] 150 C") << 150.0 << 476.1014;
  }
  void saturationPressure() {
    QFETCH(double, t_C);
    QFETCH(double, pws_kPa);
    const double pws = psy::saturation_pressure_Pa(celsius_to_kelvin(t_C));
    // 300 ppm, except -60 C where the table's 3 significant digits allow 0.01 Pa.
    const double tol = t_C <= -60.0 ? 0.01 : 3e-4 * pws_kPa * 1000.0;
    QVERIFY2(std::abs(pws - pws_kPa * 1000.0) <= tol, describe(pws, pws_kPa * 1000.0));
  }

  void saturatedAirAtSeaLevel_data() {
    QTest::addColumn<double>("t_C");
    QTest::addColumn<double>("Ws");
    QTest::addColumn<double>("Ws_rel_tol");
    QTest::addColumn<double>("hs_kJ_kg");
    QTest::addColumn<double>("hs_rel_tol");
    QTest::addColumn<double>("vs_m3_kg");
    // ASHRAE ch.1 (citing Kuehn et al. 1998): the perfect-gas relations used here err by less
    // than 0.7 % in humidity ratio, enthalpy and volume of saturated air from -50 to 50 C at
    // 101.325 kPa. hs at -5 C is close to zero, so its 0.7 % is taken of the enthalpy of water
    // it carries (W hg ~ 6.2 kJ/kg), i.e. 0.04 kJ/kg: written as 3.7 % of 1.1643.
    QTest::newRow("[T2] -50 C") << -50.0 << 0.0000243 << 0.007 << -50.222 << 0.007 << 0.6312;
    QTest::newRow("[T2] -20 C") << -20.0 << 0.0006373 << 0.007 << -18.542 << 0.007 << 0.7172;
    QTest::newRow("[T2] -5 C") << -5.0 << 0.0024863 << 0.007 << 1.1643 << 0.037 << 0.7622;
    QTest::newRow("[T2] 0 C") << 0.0 << 0.0037900 << 0.007 << 9.4744 << 0.007 << 0.7780;
    QTest::newRow("[T2] 5 C") << 5.0 << 0.0054247 << 0.007 << 18.639 << 0.007 << 0.7944;
    QTest::newRow("[T2] 20 C") << 20.0 << 0.014761 << 0.007 << 57.558 << 0.007 << 0.8498;
    QTest::newRow("[T2] 25 C") << 25.0 << 0.020173 << 0.007 << 76.503 << 0.007 << 0.8716;
    QTest::newRow("[T2] 40 C") << 40.0 << 0.049145 << 0.007 << 166.68 << 0.007 << 0.9567;
    QTest::newRow("[T2] 50 C") << 50.0 << 0.086863 << 0.007 << 275.34 << 0.007 << 1.0425;
  }
  void saturatedAirAtSeaLevel() {
    QFETCH(double, t_C);
    QFETCH(double, Ws);
    QFETCH(double, Ws_rel_tol);
    QFETCH(double, hs_kJ_kg);
    QFETCH(double, hs_rel_tol);
    QFETCH(double, vs_m3_kg);
    const double T = celsius_to_kelvin(t_C);
    const double p = psy::kStandardPressure_Pa;
    const double W = psy::saturation_humidity_ratio(T, p);
    QVERIFY2(close_rel(W, Ws, Ws_rel_tol), describe(W, Ws));
    const double h = psy::enthalpy_J_kg(T, W) / 1000.0;
    QVERIFY2(close_rel(h, hs_kJ_kg, hs_rel_tol), describe(h, hs_kJ_kg));
    const double v = psy::specific_volume_m3_kg(T, W, p);
    QVERIFY2(close_rel(v, vs_m3_kg, 0.007), describe(v, vs_m3_kg));
  }

  void dryAirAt25C() {
    // [T2] 25 C: h_da = 25.148 kJ/kg, v_da = 0.8443 m3/kg.
    const double T = celsius_to_kelvin(25.0);
    QVERIFY(close_rel(psy::enthalpy_J_kg(T, 0.0), 25148.0, 3e-4));
    QVERIFY(close_rel(psy::specific_volume_m3_kg(T, 0.0, 101325.0), 0.8443, 1e-3));
  }

  void chartStates_data() {
    QTest::addColumn<double>("p_Pa");
    QTest::addColumn<double>("tdb_C");
    QTest::addColumn<double>("twb_C");
    QTest::addColumn<double>("W_g_kg");
    QTest::addColumn<double>("W_tol");
    QTest::addColumn<double>("h_kJ_kg");
    QTest::addColumn<double>("h_tol");
    QTest::addColumn<double>("rh_pct");
    QTest::addColumn<double>("v_m3_kg");
    QTest::addColumn<double>("tdp_C");
    QTest::addColumn<double>("tdp_tol");
    // Chart readings: W to 0.1-0.3 g/kg, h to the chart's 0.1-1 kJ/kg, RH 1 %, v 0.005 m3/kg.
    QTest::newRow("[Ex1] 40/20 C at 101.325 kPa")
        << 101325.0 << 40.0 << 20.0 << 6.5 << 0.1 << 56.7 << 0.1 << 14.0 << 0.896 << 7.0 << 0.5;
    QTest::newRow("[Ch6] chart 1, 40/30 C at 101.325 kPa")
        << 101325.0 << 40.0 << 30.0 << 23.0 << 0.3 << 99.5 << 1.0 << 49.0 << 0.920 << -999.0 << 0.0;
    QTest::newRow("[Ch6] chart 6, 40/30 C at 84.54 kPa (1500 m)")
        << 84540.0 << 40.0 << 30.0 << 28.6 << 0.3 << 114.1 << 1.0 << 50.0 << 1.111 << -999.0 << 0.0;
  }
  void chartStates() {
    QFETCH(double, p_Pa);
    QFETCH(double, tdb_C);
    QFETCH(double, twb_C);
    QFETCH(double, W_g_kg);
    QFETCH(double, W_tol);
    QFETCH(double, h_kJ_kg);
    QFETCH(double, h_tol);
    QFETCH(double, rh_pct);
    QFETCH(double, v_m3_kg);
    QFETCH(double, tdp_C);
    QFETCH(double, tdp_tol);
    const auto s = psy::state_from_wet_bulb(celsius_to_kelvin(tdb_C), celsius_to_kelvin(twb_C), p_Pa);
    QVERIFY2(std::abs(s.W_kg_kg * 1000.0 - W_g_kg) <= W_tol, describe(s.W_kg_kg * 1000.0, W_g_kg));
    QVERIFY2(std::abs(s.h_J_kg / 1000.0 - h_kJ_kg) <= h_tol, describe(s.h_J_kg / 1000.0, h_kJ_kg));
    QVERIFY2(std::abs(s.rh * 100.0 - rh_pct) <= 1.0, describe(s.rh * 100.0, rh_pct));
    QVERIFY2(std::abs(s.v_m3_kg - v_m3_kg) <= 0.005, describe(s.v_m3_kg, v_m3_kg));
    if (tdp_C > -100.0) {
      const double tdp = kelvin_to_celsius(s.T_dp_K);
      QVERIFY2(std::abs(tdp - tdp_C) <= tdp_tol, describe(tdp, tdp_C));
    }
    // The state found from the computed W returns the given wet bulb.
    QVERIFY(std::abs(kelvin_to_celsius(s.T_wb_K) - twb_C) < 1e-4);
  }

  void independentImplementationAt95kPa() {
    // [PL] GetHumRatioFromTWetBulb(30, 25, 95461) and (-1, -5, 95461), rel 3e-4.
    const double p = 95461.0;
    QVERIFY(close_rel(psy::humidity_ratio_from_wet_bulb(celsius_to_kelvin(30), celsius_to_kelvin(25), p),
                      0.0192281274241096, 3e-4));
    QVERIFY(close_rel(psy::humidity_ratio_from_wet_bulb(celsius_to_kelvin(-1), celsius_to_kelvin(-5), p),
                      0.00120399819933844, 3e-4));
    // PsychroLib's inverse check is a round trip through its own forward value, to 0.001 C.
    for (const auto& [tdb, twb] : {std::pair{30.0, 25.0}, std::pair{-1.0, -5.0}}) {
      const double W = psy::humidity_ratio_from_wet_bulb(celsius_to_kelvin(tdb), celsius_to_kelvin(twb), p);
      QVERIFY(std::abs(kelvin_to_celsius(psy::wet_bulb_K(celsius_to_kelvin(tdb), W, p)) - twb) < 1e-3);
    }
    // GetHumRatioFromVapPres(3169.7, 95461), GetMoistAirVolume/Density(30, 0.02, 95461).
    QVERIFY(close_rel(psy::humidity_ratio_from_vapour_pressure(3169.7, p), 0.0213603998047487, 1e-6));
    QVERIFY(close_rel(psy::enthalpy_J_kg(celsius_to_kelvin(30), 0.02), 81316.0, 3e-4));
    QVERIFY(close_rel(psy::specific_volume_m3_kg(celsius_to_kelvin(30), 0.02, p), 0.940855374352943, 3e-4));
    QVERIFY(close_rel(psy::moist_air_density_kg_m3(celsius_to_kelvin(30), 0.02, p), 1.08411986348219, 3e-4));
    // GetTWetBulbFromRelHum(7, 0.61, 100000) = 3.92667433781955 (rel 1e-3).
    const double W = psy::humidity_ratio_from_rh(celsius_to_kelvin(7), 0.61, 100000.0);
    QVERIFY(close_rel(kelvin_to_celsius(psy::wet_bulb_K(celsius_to_kelvin(7), W, 100000.0)), 3.92667433781955, 1e-3));
  }

  void parkPressureConsistency_data() {
    QTest::addColumn<double>("tdb_C");
    QTest::addColumn<double>("rh");
    for (double t : {-25.0, -10.0, -0.5, 0.0, 0.5, 12.0, 25.0, 35.0}) {
      for (double rh : {0.02, 0.3, 0.7, 1.0}) {
        QTest::newRow(QByteArray::number(t) + " C, RH " + QByteArray::number(rh)) << t << rh;
      }
    }
  }
  void parkPressureConsistency() {
    // At the park's ~78 kPa: the three routes to a state agree, saturation collapses the three
    // temperatures, and the wet bulb satisfies the adiabatic-saturation equation it solves.
    QFETCH(double, tdb_C);
    QFETCH(double, rh);
    const double p = 78000.0;
    const double T = celsius_to_kelvin(tdb_C);
    const auto a = psy::state_from_rh(T, rh, p);
    const auto b = psy::state_from_wet_bulb(T, a.T_wb_K, p);
    const auto c = psy::state_from_dew_point(T, a.T_dp_K, p);
    QVERIFY2(close_rel(b.W_kg_kg, a.W_kg_kg, 1e-6), describe(b.W_kg_kg, a.W_kg_kg));
    QVERIFY2(close_rel(c.W_kg_kg, a.W_kg_kg, 1e-6), describe(c.W_kg_kg, a.W_kg_kg));
    QVERIFY(a.T_dp_K <= a.T_wb_K + 1e-6 && a.T_wb_K <= a.T_db_K + 1e-9);
    if (rh == 1.0) {
      QVERIFY(std::abs(a.T_wb_K - T) < 1e-5);
      QVERIFY(std::abs(a.T_dp_K - T) < 1e-5);
    }
    // Lower pressure, same RH: more water per kg of dry air, lower density.
    const auto sea = psy::state_from_rh(T, rh, 101325.0);
    if (rh > 0.0) {
      QVERIFY(a.W_kg_kg > sea.W_kg_kg);
    }
    QVERIFY(a.rho_kg_m3 < 0.8 * sea.rho_kg_m3);
  }

  void dewPointInvertsSaturationPressure() {
    for (double t = -99.0; t < 199.0; t += 0.37) {
      const double T = celsius_to_kelvin(t);
      const double back = psy::dew_point_from_vapour_pressure_K(psy::saturation_pressure_Pa(T));
      QVERIFY2(std::abs(back - T) < 1e-5, describe(back, T));
    }
  }

  void nonsenseInputIsRefused() {
    QVERIFY_THROWS_EXCEPTION(InputError, psy::saturation_pressure_Pa(celsius_to_kelvin(-150)));
    QVERIFY_THROWS_EXCEPTION(InputError, psy::standard_pressure_Pa(20000.0));
    QVERIFY_THROWS_EXCEPTION(InputError, psy::humidity_ratio_from_rh(300.0, 1.5, 101325.0));
    QVERIFY_THROWS_EXCEPTION(InputError, psy::state_from_wet_bulb(300.0, 301.0, 101325.0));
    QVERIFY_THROWS_EXCEPTION(InputError, psy::state_from_dew_point(300.0, 305.0, 101325.0));
    QVERIFY_THROWS_EXCEPTION(InputError, psy::state_from_rh(300.0, 0.5, 101.325)); // kPa, not Pa
    QVERIFY_THROWS_EXCEPTION(InputError, psy::state_from_humidity_ratio(293.15, 0.5, 78000.0));
    QVERIFY_THROWS_EXCEPTION(InputError, psy::humidity_ratio_from_vapour_pressure(-1.0, 1e5));
  }
};

QTEST_GUILESS_MAIN(TestPsychrometrics)
#include "tst_psychrometrics.moc"
