// Cooling design days: the .ddy reader against hand-written files (and the real Xining file when
// the climate folder is there), the fallback from a year's own extremes by the percentile
// definitions, and the 24-hour profile of ASHRAE's fraction of the daily range.

#include "shared_climate.hpp"
#include "synthetic_climate.hpp"

#include "parktwin/climate/design_days.hpp"
#include "parktwin/climate/psychrometrics.hpp"
#include "parktwin/common/error.hpp"
#include "parktwin/common/units.hpp"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>

using namespace parktwin;
using namespace parktwin::climate;
using units::celsius_to_kelvin;

namespace {

std::string design_day_text(const std::string& name, const std::string& max_db, const std::string& wb,
                            const std::string& type = "SummerDesignDay") {
  return " SizingPeriod:DesignDay,\n  " + name + ",     !- Name\n  7,  !- Month\n  21, !- Day\n  " +
         type + ", !- Day Type\n  " + max_db + ", !- Max DB\n  11.3, !- Range\n DefaultMultipliers,\n ,\n" +
         "  Wetbulb, !- Humidity Condition Type\n  " + wb + ", !- WB\n ,\n ,\n ,\n ,\n  76624., !- Pressure\n" +
         "  1.9,\n 140,\n No,\n No,\n No,\n ASHRAETau,\n ,\n ,\n 0.51,\n 1.763;\n";
}

std::filesystem::path write(const QTemporaryDir& dir, const std::string& name, const std::string& text) {
  const auto p = std::filesystem::path(dir.path().toStdString()) / name;
  std::ofstream(p) << text;
  return p;
}

} // namespace

class TestDesignDays : public QObject {
  Q_OBJECT

private slots:
  void readsTheCoolingDaysOfADdyFile() {
    QTemporaryDir dir;
    const auto f = write(dir, "site.ddy",
                         " ! comment line\n Site:Location,\n  X,\n 1,\n 2,\n 8,\n 2000;\n" +
                             design_day_text("X Ann Htg 99.6% Condns DB", "-18.6", "-18.6", "WinterDesignDay") +
                             design_day_text("X Ann Clg .4% Condns DB=>MWB", "27.4", "14.8") +
                             design_day_text("X Ann Clg 1% Condns DB=>MWB", "26.0", "14.4") +
                             design_day_text("X Ann Clg .4% Condns WB=>MDB", "23.4", "16.8"));
    const auto all = read_ddy(f);
    QCOMPARE(all.size(), std::size_t{3}); // the winter day is not a cooling day
    const auto days = cooling_design_days(all);
    QCOMPARE(days.size(), std::size_t{3});
    QCOMPARE(days[0].name, std::string("X Ann Clg .4% Condns DB=>MWB"));
    QCOMPARE(days[0].T_db_max_K, celsius_to_kelvin(27.4));
    QCOMPARE(days[0].T_wb_K, celsius_to_kelvin(14.8));
    QCOMPARE(days[0].p_Pa, 76624.0);
    QCOMPARE(days[0].daily_range_K, 11.3);
    QVERIFY2(days[0].source.find("site.ddy:") == 0, days[0].source.c_str());
    QCOMPARE(days[2].name, std::string("X Ann Clg .4% Condns WB=>MDB"));
  }

  void aMalformedDdyNamesTheFileAndLine() {
    QTemporaryDir dir;
    const auto f = write(dir, "bad.ddy", design_day_text("X Ann Clg .4% Condns DB=>MWB", "hot", "14.8"));
    try {
      read_ddy(f);
      QFAIL("a malformed .ddy was read");
    } catch (const InputError& e) {
      const std::string what = e.what();
      QVERIFY2(what.find("bad.ddy:6") != std::string::npos && what.find("maximum dry bulb") != std::string::npos,
               what.c_str());
    }
    const auto g = write(dir, "short.ddy", " SizingPeriod:DesignDay,\n  X,\n 7;\n");
    QVERIFY_THROWS_EXCEPTION(InputError, read_ddy(g));
    const auto h = write(dir, "wb.ddy", design_day_text("X Ann Clg .4% Condns DB=>MWB", "20", "25"));
    QVERIFY_THROWS_EXCEPTION(InputError, read_ddy(h)); // wet bulb above dry bulb
  }

  void theDayFollowsAshraesDailyProfile() {
    DesignDay d;
    d.name = "d";
    d.T_db_max_K = celsius_to_kelvin(30.0);
    d.daily_range_K = 10.0;
    d.T_wb_K = celsius_to_kelvin(18.0);
    d.p_Pa = 80000.0;
    const ClimateYear y = design_day_year(d);
    QCOMPARE(y.hours(), std::size_t{48});
    const auto [lo, hi] = std::minmax_element(y.T_db_K.begin(), y.T_db_K.begin() + 24);
    QCOMPARE(*hi, d.T_db_max_K);              // 14-15 h: fraction 0
    QCOMPARE(*lo, d.T_db_max_K - 10.0);       // 5 h: fraction 1
    QCOMPARE(static_cast<int>(y.hour[static_cast<std::size_t>(lo - y.T_db_K.begin())]), 5);
    // The humidity ratio of the design wet bulb at the maximum, held all day.
    const double W = psy::humidity_ratio_from_wet_bulb(d.T_db_max_K, d.T_wb_K, d.p_Pa);
    for (std::size_t i = 0; i < y.hours(); ++i) {
      QVERIFY(std::abs(psy::humidity_ratio_from_rh(y.T_db_K[i], y.rh[i], y.p_Pa[i]) - W) < 1e-9);
      QCOMPARE(y.T_db_K[i], y.T_db_K[i % 24]); // the same day twice
    }
  }

  void withoutADdyTheYearGivesItsOwnDays() {
    const ClimateYear y = test::seasonal_year();
    const auto days = design_days_from_year(y);
    QCOMPARE(days.size(), std::size_t{3});
    auto db = y.T_db_K;
    std::sort(db.begin(), db.end(), std::greater<>());
    QCOMPARE(days[0].T_db_max_K, db[34]); // 0.4 % of 8,760 hours
    QCOMPARE(days[1].T_db_max_K, db[86]); // 1 %
    QVERIFY(days[0].T_wb_K < days[0].T_db_max_K);
    std::vector<double> wb;
    for (std::size_t i = 0; i < y.hours(); ++i) {
      wb.push_back(psy::wet_bulb_K(y.T_db_K[i], psy::humidity_ratio_from_rh(y.T_db_K[i], y.rh[i], y.p_Pa[i]),
                                   y.p_Pa[i]));
    }
    std::sort(wb.begin(), wb.end(), std::greater<>());
    QCOMPARE(days[2].T_wb_K, wb[34]); // the 0.4 % wet bulb
    QVERIFY(days[0].daily_range_K > 0.0);
    QCOMPARE(ddy_beside("/nonexistent/x.epw"), std::filesystem::path());
  }

  void theXiningFileHasItsPublishedDesignDays() {
    // The real CSWD Xining .ddy: ASHRAE's annual cooling 0.4 % is 27.4 C with 14.8 C mean
    // coincident wet bulb, at 76,624 Pa (the file's own values, read back).
    PARKTWIN_REQUIRE_SHARED_CLIMATE(dir);
    const auto ddy = ddy_beside(dir / "CHN_Qinghai.Xining.528660_CSWD.epw");
    QVERIFY(!ddy.empty());
    const auto days = cooling_design_days(read_ddy(ddy));
    QCOMPARE(days.size(), std::size_t{3});
    QVERIFY(std::abs(days[0].T_db_max_K - celsius_to_kelvin(27.4)) < 1e-9);
    QVERIFY(std::abs(days[0].T_wb_K - celsius_to_kelvin(14.8)) < 1e-9);
    QCOMPARE(days[0].p_Pa, 76624.0);
    // Minhe's file says it has no design conditions: no days, so the year's own are used.
    const auto minhe = ddy_beside(dir / "CHN_Qinghai.Minhe.528760_CSWD.epw");
    QVERIFY(!minhe.empty());
    QVERIFY(cooling_design_days(read_ddy(minhe)).empty());
  }
};

QTEST_GUILESS_MAIN(TestDesignDays)
#include "tst_design_days.moc"
