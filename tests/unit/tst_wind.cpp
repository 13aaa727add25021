// Wind turbines (docs/physics/wind.md) against their own definitions worked by hand: the power
// law, the gas law, IEC 61400-12-1's density normalisation (in the cubic part of the curve the
// power scales with the density exactly), the power curve's interpolation and limits, and a
// year on the Xining climate.

#include "parktwin/climate/epw.hpp"
#include "parktwin/physics/wind.hpp"

#include "shared_climate.hpp"

#include <QtTest>

#include <cmath>

namespace wind = parktwin::physics::wind;

class TestWind : public QObject {
  Q_OBJECT

private slots:
  void shearDensityAndNormalisation() {
    // 5 m/s at 10 m, hub at 110 m, alpha 1/7: 5 x 11^(1/7) = 7.04272 m/s.
    QVERIFY(std::abs(wind::hub_speed_m_s(5.0, 10.0, 110.0, 1.0 / 7.0) - 7.04272) < 1e-5);
    QCOMPARE(wind::hub_speed_m_s(5.0, 10.0, 10.0, 0.2), 5.0);
    // Standard air: 101,325 Pa at 15 C gives 1.225 kg/m3; the park's 78 kPa at 5 C about 0.977.
    QVERIFY(std::abs(wind::air_density_kg_m3(101325.0, 288.15) - 1.225) < 1e-3);
    QVERIFY(std::abs(wind::air_density_kg_m3(78000.0, 278.15) - 0.97693) < 1e-4);
    // Normalisation: the same power in thinner air needs more wind, by the cube root.
    QVERIFY(std::abs(wind::normalised_speed_m_s(10.0, 0.8 * 1.225) - 10.0 * std::cbrt(0.8)) < 1e-12);
  }

  void theCurveAndTheDensityEffect() {
    const auto c = wind::generic_curve();
    QCOMPARE(c.at(3.9), 0.0);  // below cut-in
    QCOMPARE(c.at(25.5), 0.0); // above cut-out
    QCOMPARE(c.rated_W(), 3.37e6);
    QCOMPARE(c.at(15.0), 3.37e6);
    // In the cubic part: 0.5 rho0 A Cp v^3 (rotor 130 m, Cp 0.45) at 6 m/s is 790.3 kW.
    const double A = 3.14159265358979 * 65.0 * 65.0;
    QVERIFY(std::abs(c.at(6.0) - 0.5 * 1.225 * A * 0.45 * 216.0) < 1.0);
    // Between points, linear.
    QVERIFY(std::abs(c.at(6.25) - 0.5 * (c.at(6.0) + c.at(6.5))) < 1e-6);
    // The same wind in the site's thinner air: in the curve's cubic part the power is rho/rho0 of
    // sea level's (P ~ v_n^3 = v^3 rho/rho0; the table's linear steps add < 1 %), near rating less
    // is lost, at rating nothing.
    wind::Farm f;
    f.loss_fraction = 0.0;
    f.hub_height_m = f.measurement_height_m; // no shear
    const double rho = wind::air_density_kg_m3(78000.0, 278.15);
    const double ratio = rho / wind::air_density_kg_m3(101325.0, 288.15);
    QVERIFY(std::abs(ratio - 0.7975) < 1e-3);
    for (const double v : {6.0, 7.0, 8.0}) {
      const double site = wind::farm_power_W(f, v, 78000.0, 278.15);
      const double sea = wind::farm_power_W(f, v, 101325.0, 288.15);
      QVERIFY2(std::abs(site / sea - ratio) < 0.01, qPrintable(QString("%1 m/s: %2").arg(v).arg(site / sea)));
    }
    QVERIFY(wind::farm_power_W(f, 10.0, 78000.0, 278.15) / wind::farm_power_W(f, 10.0, 101325.0, 288.15) > ratio + 0.05);
    QCOMPARE(wind::farm_power_W(f, 14.0, 78000.0, 278.15), c.rated_W());
    // Losses and turbine count scale it.
    const double one = wind::farm_power_W(f, 7.0, 78000.0, 278.15);
    f.turbines = 10;
    f.loss_fraction = 0.1;
    QVERIFY(std::abs(wind::farm_power_W(f, 7.0, 78000.0, 278.15) - 9.0 * one) < 1e-6);
  }

  void aYearOnTheXiningClimate() {
    PARKTWIN_REQUIRE_SHARED_CLIMATE(dir);
    const auto year = parktwin::climate::read_epw(dir / "CHN_Qinghai.Xining.528660_CSWD.epw");
    wind::Farm f;
    const auto p = wind::farm_power_W(f, year);
    double energy_Wh = 0.0, mean_speed = 0.0;
    for (std::size_t i = 0; i < p.size(); ++i) {
      QVERIFY(p[i] >= 0.0 && p[i] <= f.curve.rated_W());
      energy_Wh += p[i];
      mean_speed += year.wind_speed_m_s[i] / static_cast<double>(p.size());
    }
    const double capacity_factor = energy_Wh / (f.curve.rated_W() * static_cast<double>(p.size()));
    qInfo("mean wind at 10 m %.2f m/s; capacity factor %.3f (%.0f full-load hours)", mean_speed, capacity_factor,
          capacity_factor * 8760.0);
    // A valley station's wind (Xining: about 1 m/s mean at 10 m) makes a poor site: a capacity
    // factor of a few per cent (docs/physics/wind.md).
    QVERIFY(capacity_factor > 0.0 && capacity_factor < 0.15);
  }
};

QTEST_GUILESS_MAIN(TestWind)
#include "tst_wind.moc"
