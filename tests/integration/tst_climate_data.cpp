// The real climate years against the figures of ../shared/climate/PROVENANCE.md, which were
// computed by an independent script; and the built-in Haidong park year.

#include "shared_climate.hpp"

#include "parktwin/climate/catalog.hpp"
#include "parktwin/climate/psychrometrics.hpp"
#include "parktwin/climate/statistics.hpp"
#include "parktwin/common/units.hpp"
#include "parktwin/model/haidong_site.hpp"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <map>

using namespace parktwin;
using namespace parktwin::climate;
using units::celsius_to_kelvin;
using units::kelvin_to_celsius;

namespace {

std::size_t count_at(const std::vector<ThresholdCount>& counts, double threshold_C) {
  for (const auto& c : counts) {
    if (std::abs(c.threshold_K - celsius_to_kelvin(threshold_C)) < 1e-9) {
      return c.count;
    }
  }
  return static_cast<std::size_t>(-1);
}

/// Statistics are computed once per station for all the data rows.
const ClimateStatistics& stats_of(const std::string& key) {
  static std::map<std::string, ClimateStatistics> cache;
  auto it = cache.find(key);
  if (it == cache.end()) {
    const ClimateCatalog catalog(*test::shared_climate_dir());
    it = cache.emplace(key, compute_statistics(catalog.load(catalog.find(key)))).first;
  }
  return it->second;
}

} // namespace

class TestClimateData : public QObject {
  Q_OBJECT

private slots:
  void annualFigures_data() {
    QTest::addColumn<QString>("station");
    QTest::addColumn<double>("mean_C");
    QTest::addColumn<double>("max_C");
    QTest::addColumn<double>("min_C");
    QTest::addColumn<int>("warmest");
    QTest::addColumn<double>("mean_rh_pct");
    QTest::addColumn<double>("mean_dp_C");
    QTest::addColumn<double>("mean_wb_C");
    QTest::addColumn<double>("max_wb_C");
    QTest::addColumn<double>("mean_p_kPa");
    QTest::addColumn<double>("ghi_kWh");
    QTest::addColumn<int>("sunshine_h");
    QTest::addColumn<double>("mean_wind");
    // PROVENANCE.md "Verification" table (values printed to 0.01 or 0.1, compared to that).
    QTest::newRow("Xining") << "xining" << 5.94 << 30.7 << -18.2 << 7 << 57.2 << -2.6 << 1.9
                            << 20.0 << 77.2 << 1553.0 << 2578 << 1.08;
    QTest::newRow("Minhe") << "minhe" << 8.31 << 34.2 << -19.7 << 7 << 58.1 << -0.2 << 4.1 << 21.8
                           << 81.9 << 1385.0 << 2054 << 1.42;
  }
  void annualFigures() {
    PARKTWIN_REQUIRE_SHARED_CLIMATE(dir);
    QFETCH(QString, station);
    QFETCH(double, mean_C);
    QFETCH(double, max_C);
    QFETCH(double, min_C);
    QFETCH(int, warmest);
    QFETCH(double, mean_rh_pct);
    QFETCH(double, mean_dp_C);
    QFETCH(double, mean_wb_C);
    QFETCH(double, max_wb_C);
    QFETCH(double, mean_p_kPa);
    QFETCH(double, ghi_kWh);
    QFETCH(int, sunshine_h);
    QFETCH(double, mean_wind);
    const auto& s = stats_of(station.toStdString());
    QCOMPARE(s.hours, std::size_t{8760});
    QCOMPARE(s.days, std::size_t{365});
    QVERIFY(std::abs(kelvin_to_celsius(s.mean_db_K) - mean_C) <= 0.005);
    QVERIFY(std::abs(kelvin_to_celsius(s.max_db_K.value) - max_C) <= 0.05);
    QVERIFY(std::abs(kelvin_to_celsius(s.min_db_K.value) - min_C) <= 0.05);
    QCOMPARE(s.warmest_month, warmest);
    QCOMPARE(s.coldest_month, 1);
    QVERIFY(std::abs(s.mean_rh * 100.0 - mean_rh_pct) <= 0.05);
    QVERIFY(std::abs(kelvin_to_celsius(s.mean_dp_K) - mean_dp_C) <= 0.05);
    QVERIFY(std::abs(kelvin_to_celsius(s.mean_wb_K) - mean_wb_C) <= 0.05);
    QVERIFY(std::abs(kelvin_to_celsius(s.max_wb_K.value) - max_wb_C) <= 0.05);
    QVERIFY(std::abs(s.mean_p_Pa / 1000.0 - mean_p_kPa) <= 0.05);
    QVERIFY(std::abs(units::j_to_kwh(s.ghi_J_m2) - ghi_kWh) <= 0.5);
    QCOMPARE(int(s.sunshine_proxy_hours), sunshine_h);
    QVERIFY(std::abs(s.mean_wind_speed_m_s - mean_wind) <= 0.005);
  }

  void xiningExtremesAreDated() {
    PARKTWIN_REQUIRE_SHARED_CLIMATE(dir);
    const auto& s = stats_of("xining");
    // PROVENANCE.md: max 30.7 C on Jul 20, 17-18 h; min -18.2 C on Jan 9, 07-08 h.
    QCOMPARE(s.max_db_K.when.month, 7);
    QCOMPARE(s.max_db_K.when.day, 20);
    QCOMPARE(s.max_db_K.when.hour, 18);
    QCOMPARE(s.min_db_K.when.month, 1);
    QCOMPARE(s.min_db_K.when.day, 9);
    QCOMPARE(s.min_db_K.when.hour, 8);
    // The file has 5 rows with RH 101 % (PROVENANCE.md says 6; awk on the file finds 5, and
    // 4 rows with the dew point above the dry bulb).
    QCOMPARE(s.rh_clamped_hours, std::size_t{5});
    QCOMPARE(s.dew_point_clamped_hours, std::size_t{4});
  }

  void thresholdCounts_data() {
    QTest::addColumn<QString>("station");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<double>("threshold_C");
    QTest::addColumn<int>("count");
    const struct {
      const char* kind;
      double t;
      int xining;
      int minhe;
    } rows[] = {
        {"hours DB <", 10, 5217, 4572},     {"hours DB <", 15, 6903, 6171},
        {"hours DB <", 18, 7694, 7155},     {"hours DB <", 20, 8074, 7676},
        {"hours DB <", 25, 8598, 8403},     {"hours DB >=", 25, 162, 357},
        {"hours DB >=", 30, 5, 61},         {"hours WB <", 10, 6808, 5872},
        {"hours WB <", 15, 8419, 7947},     {"hours WB <", 18, 8735, 8649},
        {"days max DB <", 15, 185, 169},    {"days max DB <", 18, 228, 209},
        {"days max DB <", 20, 260, 239},    {"days max DB <", 22, 290, 267},
        {"days max DB <", 25, 325, 304},    {"days mean DB <", 15, 289, 254},
        {"days mean DB <", 18, 341, 304},   {"days mean DB <", 20, 356, 337},
        {"days max WB <", 10, 245, 211},    {"days max WB <", 15, 314, 285},
        {"days max WB <", 18, 356, 339},
    };
    for (const auto& r : rows) {
      QTest::newRow(qPrintable(QString("Xining %1 %2").arg(r.kind).arg(r.t)))
          << "xining" << r.kind << r.t << r.xining;
      QTest::newRow(qPrintable(QString("Minhe %1 %2").arg(r.kind).arg(r.t)))
          << "minhe" << r.kind << r.t << r.minhe;
    }
  }
  void thresholdCounts() {
    PARKTWIN_REQUIRE_SHARED_CLIMATE(dir);
    QFETCH(QString, station);
    QFETCH(QString, kind);
    QFETCH(double, threshold_C);
    QFETCH(int, count);
    const auto& s = stats_of(station.toStdString());
    const std::map<QString, const std::vector<ThresholdCount>*> by_kind = {
        {"hours DB <", &s.hours_db_below},       {"hours DB >=", &s.hours_db_at_or_above},
        {"hours WB <", &s.hours_wb_below},       {"days max DB <", &s.days_max_db_below},
        {"days mean DB <", &s.days_mean_db_below}, {"days max WB <", &s.days_max_wb_below}};
    QCOMPARE(int(count_at(*by_kind.at(kind), threshold_C)), count);
  }

  void monthlyMeans_data() {
    QTest::addColumn<QString>("station");
    QTest::addColumn<int>("month");
    QTest::addColumn<double>("mean");
    QTest::addColumn<double>("daily_max");
    QTest::addColumn<double>("daily_min");
    QTest::addColumn<double>("rh");
    QTest::addColumn<double>("ghi");
    // PROVENANCE.md monthly table (C, %, kWh/m2), printed to 0.1.
    const double x[12][5] = {{-6.8, 3.0, -13.5, 46.6, 80.4},  {-4.9, 4.5, -11.8, 41.6, 101.3},
                             {2.3, 10.1, -3.7, 50.2, 129.7},  {8.2, 16.4, 1.3, 52.1, 163.8},
                             {12.2, 19.4, 5.2, 54.1, 170.1},  {15.7, 21.8, 10.9, 62.5, 170.2},
                             {17.7, 24.9, 11.8, 64.8, 194.6}, {16.0, 23.1, 10.1, 72.5, 152.9},
                             {11.9, 18.6, 6.9, 71.5, 113.5},  {5.9, 12.5, 1.2, 61.0, 110.8},
                             {-1.2, 8.2, -7.4, 58.7, 89.9},   {-6.3, 3.9, -13.1, 50.2, 76.0}};
    const double m[12][5] = {{-6.8, -0.2, -12.3, 56.3, 67.4}, {-1.3, 5.1, -7.2, 43.9, 83.7},
                             {5.0, 11.5, -0.6, 39.9, 115.9},  {10.2, 16.9, 3.7, 50.9, 136.8},
                             {14.7, 21.3, 8.5, 52.7, 168.9},  {17.2, 23.2, 11.6, 63.2, 158.5},
                             {20.0, 26.4, 14.4, 66.9, 165.2}, {19.4, 25.9, 14.1, 64.5, 155.7},
                             {14.4, 19.3, 10.4, 74.7, 103.1}, {8.8, 15.9, 3.5, 66.7, 98.8},
                             {1.6, 8.6, -3.4, 61.5, 72.2},    {-4.0, 3.2, -9.0, 55.7, 59.1}};
    for (int k = 0; k < 12; ++k) {
      QTest::newRow(qPrintable(QString("Xining month %1").arg(k + 1)))
          << "xining" << k + 1 << x[k][0] << x[k][1] << x[k][2] << x[k][3] << x[k][4];
      QTest::newRow(qPrintable(QString("Minhe month %1").arg(k + 1)))
          << "minhe" << k + 1 << m[k][0] << m[k][1] << m[k][2] << m[k][3] << m[k][4];
    }
  }
  void monthlyMeans() {
    PARKTWIN_REQUIRE_SHARED_CLIMATE(dir);
    QFETCH(QString, station);
    QFETCH(int, month);
    QFETCH(double, mean);
    QFETCH(double, daily_max);
    QFETCH(double, daily_min);
    QFETCH(double, rh);
    QFETCH(double, ghi);
    const auto& mo = stats_of(station.toStdString()).months[static_cast<std::size_t>(month - 1)];
    const double half = 0.05 + 1e-9; // values printed to one decimal
    QVERIFY(std::abs(kelvin_to_celsius(mo.mean_db_K) - mean) <= half);
    QVERIFY(std::abs(kelvin_to_celsius(mo.mean_daily_max_db_K) - daily_max) <= half);
    QVERIFY(std::abs(kelvin_to_celsius(mo.mean_daily_min_db_K) - daily_min) <= half);
    QVERIFY(std::abs(mo.mean_rh * 100.0 - rh) <= half);
    QVERIFY(std::abs(units::j_to_kwh(mo.ghi_J_m2) - ghi) <= half);
  }

  void binsHoldEveryHour() {
    PARKTWIN_REQUIRE_SHARED_CLIMATE(dir);
    const auto& s = stats_of("xining");
    std::size_t total = 0;
    for (const auto& b : s.bins) {
      total += b.hours;
      if (b.hours > 0) { // the coincident wet bulb of a bin lies below the bin's upper edge
        QVERIFY(b.mean_coincident_wb_K < b.lower_K + s.bin_width_K);
      }
    }
    QCOMPARE(total, s.hours);
    // Hours below 10 C are the bins below 10 C (bins are aligned on 0 C, 2 K wide).
    std::size_t below10 = 0;
    for (const auto& b : s.bins) {
      below10 += b.lower_K + s.bin_width_K <= celsius_to_kelvin(10.0) + 1e-9 ? b.hours : 0;
    }
    QCOMPARE(below10, std::size_t{5217});
    QVERIFY(s.bins.front().hours > 0 && s.bins.back().hours > 0);
  }

  void everyClimateFileReadsAndVerifies() {
    PARKTWIN_REQUIRE_SHARED_CLIMATE(dir);
    const ClimateCatalog catalog(dir);
    QVERIFY(catalog.entries().size() >= 14);
    for (const auto& e : catalog.entries()) {
      QCOMPARE(catalog.verify(e), Verification::Verified);
      QCOMPARE(catalog.load(e).hours(), std::size_t{8760});
    }
  }

  void haidongParkYear() {
    PARKTWIN_REQUIRE_SHARED_CLIMATE(dir);
    const ClimateCatalog catalog(dir);
    AdaptationReport report;
    const ClimateYear park = model::haidong::park_climate_year(catalog, 2150.0, &report);
    const ClimateYear xining = catalog.load(catalog.find("xining"));
    const auto s = compute_statistics(park);
    QVERIFY(std::abs(kelvin_to_celsius(s.mean_db_K) - 7.60) <= 0.02);
    QCOMPARE(park.location.elevation_m, 2150.0);
    QCOMPARE(report.saturated_hours, std::size_t{0});
    QVERIFY(std::abs(report.shift_K - (7.6 - 5.94)) < 0.01);
    // The humidity ratio equals Xining's, hour by hour.
    const auto W_park = humidity_ratio_series(park);
    const auto W_xining = humidity_ratio_series(xining);
    QCOMPARE(W_park.size(), W_xining.size());
    double worst = 0.0;
    for (std::size_t i = 0; i < W_park.size(); ++i) {
      worst = std::max(worst, std::abs(W_park[i] - W_xining[i]) / std::max(W_xining[i], 1e-6));
    }
    QVERIFY2(worst < 1e-9, qPrintable(QString::number(worst)));
    // The pressure is Xining's scaled to the park: the standard-atmosphere ratio, ~1.8 % higher.
    const double ratio = psy::standard_pressure_Pa(2150.0) / psy::standard_pressure_Pa(2295.2);
    QVERIFY(std::abs(park.p_Pa[100] / xining.p_Pa[100] - ratio) < 1e-12);
    QVERIFY(std::abs(s.mean_p_Pa - 78640.0) < 50.0);
    // Dry bulb moved by the same shift every hour; RH lower (warmer air, same water).
    QVERIFY(std::abs((park.T_db_K[4321] - xining.T_db_K[4321]) - report.shift_K) < 1e-12);
    QVERIFY(s.mean_rh < stats_of("xining").mean_rh);
  }

  void adaptedYearSurvivesAWriteAndRead() {
    PARKTWIN_REQUIRE_SHARED_CLIMATE(dir);
    const ClimateCatalog catalog(dir);
    const ClimateYear park = model::haidong::park_climate_year(catalog);
    QTemporaryDir tmp;
    const std::filesystem::path out = tmp.filePath("haidong-park.epw").toStdString();
    write_epw(park, out);
    const ClimateYear back = read_epw(out);
    QCOMPARE(back.location.elevation_m, 2150.0);
    QVERIFY(std::abs(kelvin_to_celsius(compute_statistics(back).mean_db_K) - 7.60) <= 0.02);
  }
};

QTEST_GUILESS_MAIN(TestClimateData)
#include "tst_climate_data.moc"
