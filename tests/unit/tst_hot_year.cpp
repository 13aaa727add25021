// Hot and cool years (docs/climate/hot-years.md): the stretch's defining properties checked on a
// synthetic year, against quantities computed here from the definition (maximum, median, order,
// humidity ratio), and the climate input a simulation makes from a scenario's site.hot_year_K.

#include "synthetic_climate.hpp"

#include "parktwin/climate/hot_year.hpp"
#include "parktwin/climate/psychrometrics.hpp"
#include "parktwin/climate/statistics.hpp"
#include "parktwin/common/error.hpp"
#include "parktwin/physics/climate_input.hpp"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

using namespace parktwin;
using namespace parktwin::climate;

namespace {

double max_of(const std::vector<double>& v) { return *std::max_element(v.begin(), v.end()); }

/// The lower median (rank ceil(n / 2)), by a full sort.
double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[(v.size() - 1) / 2];
}

/// The synthetic year with some day-to-day noise, so that the hours are not in ties.
ClimateYear noisy_year() {
  ClimateYear y = test::seasonal_year();
  for (std::size_t i = 0; i < y.hours(); ++i) {
    y.T_db_K[i] += 0.7 * std::sin(0.37 * static_cast<double>(i)) + 0.3 * std::sin(0.011 * static_cast<double>(i));
    y.rh[i] = 0.3 + 0.4 * (0.5 + 0.5 * std::sin(0.05 * static_cast<double>(i)));
  }
  return y;
}

} // namespace

class TestHotYear : public QObject {
  Q_OBJECT

private slots:
  void maximumMovesByTheShiftAndTheColdHalfIsKept_data() {
    QTest::addColumn<double>("shift_K");
    QTest::newRow("hot +2.0") << 2.0;
    QTest::newRow("cool -2.1") << -2.1;
    QTest::newRow("very hot +6") << 6.0;
  }
  void maximumMovesByTheShiftAndTheColdHalfIsKept() {
    QFETCH(double, shift_K);
    const ClimateYear base = noisy_year();
    HotYearReport report;
    const ClimateYear hot = hot_year(base, shift_K, "test", &report);
    const double med = median_of(base.T_db_K);
    QCOMPARE(report.median_db_K, med);
    QVERIFY(std::abs(max_of(hot.T_db_K) - (max_of(base.T_db_K) + shift_K)) < 1e-9);
    QVERIFY(std::abs(report.result_max_db_K - report.source_max_db_K - shift_K) < 1e-9);
    std::size_t above = 0;
    for (std::size_t i = 0; i < base.hours(); ++i) {
      if (base.T_db_K[i] <= med) {
        QCOMPARE(hot.T_db_K[i], base.T_db_K[i]); // exactly kept
        QCOMPARE(hot.rh[i], base.rh[i]);
      } else {
        ++above;
        // Moved in proportion to the height above the median.
        const double expected = base.T_db_K[i] + shift_K * (base.T_db_K[i] - med) / (max_of(base.T_db_K) - med);
        QVERIFY(std::abs(hot.T_db_K[i] - expected) < 1e-9);
      }
    }
    QCOMPARE(report.hours_moved, above);
    QVERIFY(above >= base.hours() / 2 - 1 && above <= base.hours() / 2 + 1);
    // The mean moves by less than the maximum, in the shift's direction.
    const double dmean = report.result_mean_db_K - report.source_mean_db_K;
    QVERIFY(dmean * shift_K > 0.0 && std::abs(dmean) < std::abs(shift_K) / 2.0);
    // Pressure, radiation, wind and the calendar are the year's own.
    QVERIFY(hot.p_Pa == base.p_Pa && hot.ghi_W_m2 == base.ghi_W_m2 && hot.wind_speed_m_s == base.wind_speed_m_s &&
            hot.month == base.month && hot.hour == base.hour);
  }

  void orderOfTheHoursIsKept() {
    const ClimateYear base = noisy_year();
    for (const double s : {2.0, -2.1}) {
      const ClimateYear hot = hot_year(base, s, "test");
      for (std::size_t i = 1; i < base.hours(); ++i) {
        QCOMPARE(base.T_db_K[i] < base.T_db_K[i - 1], hot.T_db_K[i] < hot.T_db_K[i - 1]);
      }
    }
  }

  void humidityRatioIsKept() {
    const ClimateYear base = noisy_year();
    const ClimateYear hot = hot_year(base, 2.0, "test");
    const auto W0 = humidity_ratio_series(base);
    const auto W1 = humidity_ratio_series(hot);
    double worst = 0.0;
    for (std::size_t i = 0; i < base.hours(); ++i) {
      worst = std::max(worst, std::abs(W1[i] - W0[i]) / W0[i]);
    }
    QVERIFY2(worst < 1e-9, qPrintable(QString::number(worst)));
    // Warmer at the same moisture: a higher wet bulb, by less than the dry bulb.
    const auto wb0 = wet_bulb_series_K(base);
    const auto wb1 = wet_bulb_series_K(hot);
    for (std::size_t i = 0; i < base.hours(); ++i) {
      const double d_db = hot.T_db_K[i] - base.T_db_K[i];
      const double d_wb = wb1[i] - wb0[i];
      // (Where the wet bulb crosses 0 C the psychrometric wet bulb changes from ice to water,
      // a step of a few tenths of a kelvin: the upper bound holds above freezing.)
      const bool above_freezing = std::min(wb0[i], wb1[i]) > 273.15 + 0.5;
      QVERIFY2(d_wb >= -1e-9 && (!above_freezing || d_wb <= d_db + 1e-9),
               qPrintable(QString("hour %1: dry bulb +%2 K, wet bulb +%3 K").arg(i).arg(d_db).arg(d_wb)));
    }
  }

  void shiftsCompose() {
    // The stretch of [median, max] is linear, so two shifts make one of their sum: a check of
    // the implementation against the algebra of its definition.
    const ClimateYear base = noisy_year();
    const ClimateYear twice = hot_year(hot_year(base, 1.2, "test"), 0.8, "test");
    const ClimateYear once = hot_year(base, 2.0, "test");
    for (std::size_t i = 0; i < base.hours(); ++i) {
      QVERIFY(std::abs(twice.T_db_K[i] - once.T_db_K[i]) < 1e-9);
    }
  }

  void zeroShiftIsTheYearItself() {
    const ClimateYear base = noisy_year();
    const ClimateYear same = hot_year(base, 0.0, "test");
    QVERIFY(same.T_db_K == base.T_db_K && same.rh == base.rh && same.T_dp_K == base.T_dp_K);
    QCOMPARE(QString::fromStdString(same.name), QString::fromStdString(base.name));
  }

  void refusals() {
    const ClimateYear base = noisy_year();
    const double span = max_of(base.T_db_K) - median_of(base.T_db_K);
    for (const double bad : {std::numeric_limits<double>::quiet_NaN(), 10.5, -10.5, -span, -span - 1.0}) {
      try {
        (void)hot_year(base, bad, "site.hot_year_K");
        QFAIL(qPrintable(QString("accepted %1").arg(bad)));
      } catch (const InputError& e) {
        QVERIFY(QString(e.what()).contains("site.hot_year_K"));
      }
    }
  }

  void aCoolingCannotPassTheMedian() {
    // A year of small span (about 2 K above its median): a cooling of 3 K would fold the warm
    // half under the median, and is refused as such (not by the 10 K limit).
    ClimateYear y = test::constant_year(10.0, 0.5, 78000.0);
    for (std::size_t i = 0; i < y.hours(); ++i) {
      y.T_db_K[i] += 2.0 * std::sin(0.26 * static_cast<double>(i));
    }
    try {
      (void)hot_year(y, -3.0, "site.hot_year_K");
      QFAIL("accepted");
    } catch (const InputError& e) {
      QVERIFY2(QString(e.what()).contains("median"), e.what());
    }
    QVERIFY(max_of(hot_year(y, -1.5, "t").T_db_K) < max_of(y.T_db_K));
  }

  void aCoolingOfSaturatedAirCapsItsMoisture() {
    // Saturated warm hours cooled: the kept humidity ratio would exceed saturation, so it is
    // capped there (relative humidity 100 %, dew point at the dry bulb) and the hours counted.
    ClimateYear y = noisy_year();
    for (auto& rh : y.rh) {
      rh = 1.0;
    }
    HotYearReport report;
    const ClimateYear cool = hot_year(y, -2.1, "t", &report);
    QVERIFY(report.saturated_hours > 0);
    QVERIFY(report.saturated_hours <= report.hours_moved);
    for (std::size_t i = 0; i < y.hours(); ++i) {
      QVERIFY(cool.rh[i] <= 1.0 + 1e-12);
      QVERIFY(cool.T_dp_K[i] <= cool.T_db_K[i] + 1e-12);
    }
    // With room to spare (a dry year) the cooling keeps the humidity ratio.
    const ClimateYear dry = noisy_year();
    const ClimateYear dry_cool = hot_year(dry, -2.1, "t");
    const auto W0 = humidity_ratio_series(dry), W1 = humidity_ratio_series(dry_cool);
    for (std::size_t i = 0; i < dry.hours(); ++i) {
      QVERIFY(std::abs(W1[i] - W0[i]) <= 1e-9 * W0[i]);
    }
  }

  void climateInputKeepsTheDesignDaysOfTheYear() {
    const ClimateYear base = noisy_year();
    const physics::ClimateInput typical(base);
    const physics::ClimateInput hot(base, 2.0);
    QCOMPARE(hot.hot_year_K(), 2.0);
    QVERIFY(max_of(hot.dry_bulb_K()) > max_of(typical.dry_bulb_K()) + 1.99);
    QCOMPARE(hot.design_days().size(), typical.design_days().size());
    for (std::size_t d = 0; d < hot.design_days().size(); ++d) {
      QCOMPARE(hot.design_days()[d].T_db_max_K, typical.design_days()[d].T_db_max_K);
      QCOMPARE(hot.design_days()[d].T_wb_K, typical.design_days()[d].T_wb_K);
    }
    // Its psychrometric series are those of the hot year itself (only the moved hours are
    // recomputed; the rest are the same function of the same values).
    const ClimateYear hot_direct = hot_year(base, 2.0, "test");
    QVERIFY(hot.wet_bulb_K() == wet_bulb_series_K(hot_direct));
    QVERIFY(hot.humidity_ratio() == humidity_ratio_series(hot_direct));
    QVERIFY(hot.dry_bulb_K() == hot_direct.T_db_K);
    // A hot year of a hot year is made from the year as it is, not compounded.
    const physics::ClimateInput back = hot.for_hot_year(0.0);
    QVERIFY(back.dry_bulb_K() == typical.dry_bulb_K());
    QCOMPARE(back.base_serial(), hot.base_serial());
    QCOMPARE(hot.base_serial(), hot.for_hot_year(-1.0).base_serial());
  }

  void climateForSiteMakesTheSitesYear() {
    const physics::ClimateInput typical(noisy_year());
    std::optional<physics::ClimateInput> storage;
    QCOMPARE(&physics::climate_for_site(typical, 0.0, storage), &typical);
    QVERIFY(!storage);
    const physics::ClimateInput& hot = physics::climate_for_site(typical, 1.5, storage);
    QVERIFY(storage.has_value());
    QCOMPARE(hot.hot_year_K(), 1.5);
    QVERIFY(hot.dry_bulb_K() == physics::ClimateInput(noisy_year(), 1.5).dry_bulb_K());
  }
};

QTEST_APPLESS_MAIN(TestHotYear)
#include "tst_hot_year.moc"
