// The PV chain (docs/physics/pv.md) against things it did not produce: NREL's SPA reference
// position, a clear-sky hour worked by hand (its numbers in docs/physics/pv.md), the inverter
// curve's own definition point, and the shape of a year on the real Xining climate.

#include "parktwin/climate/epw.hpp"
#include "parktwin/physics/pv.hpp"

#include "shared_climate.hpp"

#include <QtTest>

#include <cmath>
#include <numbers>

using namespace parktwin;
namespace pv = parktwin::physics::pv;

namespace {

constexpr double kDeg = std::numbers::pi / 180.0;

} // namespace

class TestPv : public QObject {
  Q_OBJECT

private slots:
  void sunPositionMatchesNrelSpaReference() {
    // Reda and Andreas (2004), NREL/TP-560-34302, the worked example: Golden, Colorado, 17
    // October 2003, 12:30:30 local time (UTC-7): zenith 50.11162 degrees, azimuth 194.34024
    // (SPA, topocentric, refraction at 820 mbar and 11 C). Michalsky's algorithm is good to
    // about 0.01 degree; the refraction here is at standard conditions.
    const double jd = pv::julian_date(2003, 10, 17, 12.0 + 30.0 / 60.0 + 30.0 / 3600.0, -7.0);
    QVERIFY(std::abs(jd - 2452930.312847) < 1e-5); // SPA's Julian day for that instant (within a second)
    const auto s = pv::sun_position(jd, 39.742476, -105.1786);
    QVERIFY2(std::abs(s.zenith_rad / kDeg - 50.11162) < 0.03, qPrintable(QString::number(s.zenith_rad / kDeg, 'f', 5)));
    QVERIFY2(std::abs(s.azimuth_rad / kDeg - 194.34024) < 0.03, qPrintable(QString::number(s.azimuth_rad / kDeg, 'f', 5)));
    // The June solstice: at the Tropic of Cancer the sun is overhead at local solar noon.
    double best = 90.0;
    for (double h = 11.5; h <= 12.5; h += 1.0 / 60.0) {
      best = std::min(best, pv::sun_position(pv::julian_date(2025, 6, 21, h, 0.0), 23.44, 0.0).zenith_rad / kDeg);
    }
    QVERIFY2(best < 0.3, qPrintable(QString::number(best)));
    // The earth is closest to the sun in early January: 1361 W/m2 x 1.033 then, x 0.967 in July.
    const double jan = pv::sun_position(pv::julian_date(2025, 1, 3, 12.0, 0.0), 0.0, 0.0).extraterrestrial_normal_W_m2;
    const double jul = pv::sun_position(pv::julian_date(2025, 7, 4, 12.0, 0.0), 0.0, 0.0).extraterrestrial_normal_W_m2;
    QVERIFY(std::abs(jan - 1361.0 * 1.033) < 2.0);
    QVERIFY(std::abs(jul - 1361.0 * 0.967) < 2.0);
  }

  void aClearSkyHourWorkedByHand() {
    // docs/physics/pv.md, "A clear-sky hour by hand": sun at zenith 30 degrees due south, an
    // array tilted 36 degrees facing south, DNI 850, DHI 100 W/m2 (GHI 836.12 by closure),
    // extraterrestrial 1400 W/m2, albedo 0.2, air 20 C, wind 3 m/s, 1 MW DC with PVWatts v5's
    // defaults.
    pv::SunPosition sun;
    sun.zenith_rad = 30.0 * kDeg;
    sun.azimuth_rad = 180.0 * kDeg;
    sun.extraterrestrial_normal_W_m2 = 1400.0;
    pv::Array a;
    a.dc_rating_W = 1e6;
    a.orientation = {36.0, 180.0, 0.2};
    const double ghi = 850.0 * std::cos(30.0 * kDeg) + 100.0;
    QVERIFY(std::abs(ghi - 836.1216) < 1e-3);
    const auto h = pv::array_hour(a, sun, ghi, 850.0, 100.0, 293.15, 3.0);
    const auto near = [](double x, double hand, double tol) {
      return std::abs(x - hand) <= tol;
    };
    QVERIFY2(near(h.poa.incidence_rad / kDeg, 6.0, 1e-9), qPrintable(QString::number(h.poa.incidence_rad / kDeg)));
    QVERIFY2(near(h.poa.beam, 845.3436, 1e-3), qPrintable(QString::number(h.poa.beam, 'f', 4)));
    QVERIFY2(near(h.poa.sky_diffuse, 105.2570, 1e-3), qPrintable(QString::number(h.poa.sky_diffuse, 'f', 4)));
    QVERIFY2(near(h.poa.circumsolar, 69.7228, 1e-3), qPrintable(QString::number(h.poa.circumsolar, 'f', 4)));
    QVERIFY2(near(h.poa.ground_reflected, 15.9685, 1e-3), qPrintable(QString::number(h.poa.ground_reflected, 'f', 4)));
    QVERIFY2(near(h.transmitted_W_m2, 962.2807, 1e-3), qPrintable(QString::number(h.transmitted_W_m2, 'f', 4)));
    QVERIFY2(near(h.T_cell_K - 273.15, 41.2339, 1e-3), qPrintable(QString::number(h.T_cell_K - 273.15, 'f', 4)));
    QVERIFY2(near(h.dc_W, 779814.23, 0.05), qPrintable(QString::number(h.dc_W, 'f', 2)));
    QVERIFY2(near(h.ac_W, 749382.30, 0.05), qPrintable(QString::number(h.ac_W, 'f', 2)));
    QVERIFY(!h.clipped);
    // The sun behind the array: no beam, diffuse only.
    sun.azimuth_rad = 0.0;
    sun.zenith_rad = 80.0 * kDeg;
    const auto behind = pv::plane_of_array(sun, 200.0, 300.0, 100.0, a.orientation);
    QCOMPARE(behind.beam, 0.0);
    QVERIFY(behind.sky_diffuse > 0.0 && behind.sky_diffuse < 100.0);
    // The sun below the horizon: no beam and no circumsolar light even if the file gives a DNI
    // (only its diffuse, which some files have at dusk, counts); in the dark nothing at all.
    sun.zenith_rad = 93.0 * kDeg;
    const auto dusk = pv::plane_of_array(sun, 20.0, 50.0, 20.0, a.orientation);
    QCOMPARE(dusk.beam, 0.0);
    QCOMPARE(dusk.circumsolar, 0.0);
    QVERIFY(dusk.sky_diffuse > 0.0);
    sun.zenith_rad = 100.0 * kDeg;
    QCOMPARE(pv::array_hour(a, sun, 0.0, 0.0, 0.0, 263.15, 5.0).ac_W, 0.0);
  }

  void theCoversAngleLossIsFresnelsAndGlasss() {
    // Normal incidence 1 by definition; the values of the De Soto et al. (2006) glass cover
    // (n 1.526, K 4 /m, L 2 mm) at 60 and 75 degrees from an independent calculation
    // (docs/physics/pv.md), decreasing to 0 at grazing incidence.
    QCOMPARE(pv::incidence_angle_modifier(0.0), 1.0);
    QVERIFY(std::abs(pv::incidence_angle_modifier(60.0 * kDeg) - 0.94600) < 1e-4);
    QVERIFY(std::abs(pv::incidence_angle_modifier(75.0 * kDeg) - 0.77406) < 1e-4);
    QCOMPARE(pv::incidence_angle_modifier(90.0 * kDeg), 0.0);
    double last = 1.0;
    for (int deg = 1; deg < 90; ++deg) {
      const double m = pv::incidence_angle_modifier(deg * kDeg);
      QVERIFY(m <= last + 1e-12 && m >= 0.0);
      last = m;
    }
    // Brandemuehl and Beckman's effective angles: a horizontal plane sees the sky at 59.7 degrees.
    QVERIFY(std::abs(pv::sky_diffuse_incidence_rad(0.0) / kDeg - 59.7) < 1e-9);
    QVERIFY(std::abs(pv::ground_reflected_incidence_rad(90.0 * kDeg) / kDeg - (90.0 - 52.092 + 21.8133)) < 1e-3);
  }

  void theInverterCurveAndClipping() {
    // PVWatts v5's curve passes through its nominal efficiency at its rated DC input: there the
    // AC output is the AC rating exactly; above, it clips; at 10 % load the curve's own value.
    pv::Array a;
    a.dc_rating_W = 1.2e6; // DC/AC 1.2: 1 MW AC
    const double dc_at_rating = 1e6 / 0.96;
    bool clipped = true;
    QVERIFY(std::abs(pv::ac_power_W(a, dc_at_rating, &clipped) - 1e6) < 1e-6);
    QVERIFY(!clipped);
    QCOMPARE(pv::ac_power_W(a, 1.1 * dc_at_rating, &clipped), 1e6);
    QVERIFY(clipped);
    QCOMPARE(pv::ac_power_W(a, 0.0), 0.0);
    // DC: the temperature coefficient about 25 C, never negative.
    QVERIFY(std::abs(pv::dc_power_W(a, 1000.0, 298.15) - 1.2e6 * (1.0 - 0.1408)) < 1e-6);
    QVERIFY(pv::dc_power_W(a, 1000.0, 308.15) < pv::dc_power_W(a, 1000.0, 298.15));
    QCOMPARE(pv::dc_power_W(a, 0.0, 298.15), 0.0);
  }

  void aYearOnTheXiningClimate() {
    PARKTWIN_REQUIRE_SHARED_CLIMATE(dir);
    const auto year = climate::read_epw(dir / "CHN_Qinghai.Xining.528660_CSWD.epw");
    const auto sun = pv::sun_positions(year);
    QCOMPARE(sun.size(), year.hours());
    double ghi = 0.0, closure_error = 0.0, closure_weight = 0.0, after_sunset = 0.0;
    for (std::size_t i = 0; i < year.hours(); ++i) {
      ghi += year.ghi_W_m2[i];
      // Daylight in the file is daylight for the sun at the hour's middle: all but a few hours
      // at sunset (the file has 11 hours above 100 W/m2 with the sun at 87-92 degrees then).
      if (year.ghi_W_m2[i] > 100.0) {
        after_sunset += std::cos(sun[i].zenith_rad) < std::cos(87.0 * kDeg) ? year.ghi_W_m2[i] : 0.0;
        closure_error += std::abs(year.dni_W_m2[i] * std::max(std::cos(sun[i].zenith_rad), 0.0) + year.dhi_W_m2[i] -
                                  year.ghi_W_m2[i]);
        closure_weight += year.ghi_W_m2[i];
      }
    }
    QVERIFY2(after_sunset / ghi < 0.002, qPrintable(QString::number(after_sunset / ghi)));
    QVERIFY(closure_error / closure_weight < 0.2); // the file's components roughly add up (10 % short: see pv.md)
    // Specific yield against tilt: highest between 25 and 40 degrees (near the latitude's
    // 36.7, a little lower for the summer sun), and the performance ratio (AC yield / plane
    // irradiation) that PVWatts' default losses give, 0.75-0.82.
    double best_tilt = 0.0, best_yield = 0.0;
    for (const double tilt : {0.0, 10.0, 20.0, 25.0, 30.0, 35.0, 40.0, 50.0, 60.0}) {
      pv::Array a;
      a.dc_rating_W = 1000.0;
      a.orientation.tilt_deg = tilt;
      double yield_kWh = 0.0, poa_kWh = 0.0, clipped_hours = 0.0;
      for (std::size_t i = 0; i < year.hours(); ++i) {
        const auto h = pv::array_hour(a, sun[i], year.ghi_W_m2[i], year.dni_W_m2[i], year.dhi_W_m2[i], year.T_db_K[i],
                                      year.wind_speed_m_s[i]);
        yield_kWh += h.ac_W / 1000.0;
        poa_kWh += h.poa.total() / 1000.0;
        clipped_hours += h.clipped ? 1.0 : 0.0;
        QVERIFY(h.ac_W <= a.dc_rating_W / a.dc_ac_ratio + 1e-9);
      }
      const double pr = yield_kWh / poa_kWh;
      QVERIFY2(pr > 0.75 && pr < 0.82, qPrintable(QString("tilt %1: PR %2").arg(tilt).arg(pr)));
      if (yield_kWh > best_yield) {
        best_yield = yield_kWh;
        best_tilt = tilt;
      }
      qInfo("tilt %.0f: %.0f kWh/kWp, plane %.0f kWh/m2, PR %.3f, %0.f hours clipped", tilt, yield_kWh, poa_kWh, pr,
            clipped_hours);
    }
    QVERIFY2(best_tilt >= 25.0 && best_tilt <= 40.0, qPrintable(QString::number(best_tilt)));
    qInfo("GHI %.0f kWh/m2; best tilt %.0f: %.0f kWh/kWp", ghi / 1000.0, best_tilt, best_yield);
  }
};

QTEST_GUILESS_MAIN(TestPv)
#include "tst_pv.moc"
