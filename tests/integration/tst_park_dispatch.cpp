// The dispatch coupled to the halls' physics (docs/physics/dispatch.md): a schedule of ones is
// the profiled year bit for bit; dispatched power reaches the hall's hourly IT energy exactly;
// no flexibility, or a flat supply in a steady climate, gives the year without dispatch; with sun
// to use, the CFE rises, every window's energy is conserved, no limit is exceeded, and the
// rounds converge.

#include "one_hall_scenario.hpp"
#include "synthetic_climate.hpp"

#include "parktwin/model/scenario.hpp"
#include "parktwin/physics/components.hpp"
#include "parktwin/physics/park_dispatch.hpp"

#include <QtTest>

#include <cmath>

using namespace parktwin;
using namespace parktwin::physics;
using model::Json;

namespace {

model::Scenario scenario_of(const Json& doc) { return model::Scenario::from_document(doc, "test"); }

ParkRunOptions quick() {
  ParkRunOptions o;
  o.simulation.spin_up_s = 3 * 86400.0;
  o.threads = 2;
  return o;
}

/// The one-hall park with a 1.5 MW PV field outside the park (a year of diffuse sun) and 30 %
/// flexible work: the halls' 400 kW of IT against a noon surplus.
Json sunny_park(double share) {
  Json doc = Json::parse(test::kOneHallScenario);
  doc["supply"] = {{"pv_arrays", {{{"id", "f"}, {"mount", "ground"}, {"dc_rating_MW", 1.5}}}}};
  doc["dispatch"] = {{"flexible_share", share}};
  return doc;
}

const ClimateInput& sunny_year() {
  static const ClimateInput y(test::diffuse_sun_year());
  return y;
}

double hourly_sum(const std::vector<float>& v, std::size_t a, std::size_t b) {
  double s = 0.0;
  for (std::size_t h = a; h < b; ++h) {
    s += static_cast<double>(v[h]);
  }
  return s;
}

} // namespace

class TestParkDispatch : public QObject {
  Q_OBJECT

private slots:
  void aScheduleOfOnesIsTheProfiledYear() {
    const auto s = scenario_of(Json::parse(test::kOneHallScenario));
    const auto& park = s.park();
    const auto& hall = park.wings[0].buildings[0].halls[0];
    const ClimateInput& climate = sunny_year();
    SimulationOptions o;
    o.spin_up_s = 3 * 86400.0;
    const HallResult a = simulate_hall(park, hall, park.stages[0], climate, o);
    ItSchedule ones;
    ones.ratio = {std::vector<double>(climate.hours(), 1.0)};
    o.it_schedule = &ones;
    const HallResult b = simulate_hall(park, hall, park.stages[0], climate, o);
    QVERIFY(a.ok && b.ok);
    QCOMPARE(b.energy.facility(), a.energy.facility());
    QCOMPARE(b.water_kg, a.water_kg);
    QCOMPARE(b.hourly.it_kW, a.hourly.it_kW);
  }

  void dispatchedPowerReachesTheHour() {
    // A cool steady year (inlet below 25 C, so the servers' fans add nothing): the hour's IT
    // energy is the ratio times the profiled energy, to the integration's accuracy.
    Json doc = Json::parse(test::kOneHallScenario);
    doc["wings"][0]["buildings"][0]["halls"][0]["rack_groups"][0]["load_profile"] = "ai_inference_diurnal";
    const auto s = scenario_of(doc);
    const auto& park = s.park();
    const auto& hall = park.wings[0].buildings[0].halls[0];
    const ClimateInput climate(test::constant_year(5.0, 0.5, 78000.0));
    SimulationOptions o;
    o.spin_up_s = 3 * 86400.0;
    ItSchedule sched;
    std::vector<double> r(climate.hours(), 1.0);
    for (std::size_t h = 0; h < r.size(); ++h) {
      r[h] = h % 24 == 3 ? 1.4 : (h % 24 == 14 ? 0.6 : (h % 24 == 20 ? 1.25 : 1.0));
    }
    sched.ratio = {r};
    o.it_schedule = &sched;
    const HallResult b = simulate_hall(park, hall, park.stages[0], climate, o);
    QVERIFY2(b.ok, b.error.c_str());
    QVERIFY(b.max_inlet_C < 25.0);
    const auto& g = hall.rack_groups[0];
    const double mean_W = g.design_power_W() * 0.8 * g.utilisation;
    for (std::size_t h : {3, 14, 20, 27, 100 * 24 + 14, 8759}) {
      const double want_kW = mean_W * profile_hour(g.load_profile, h).mean * r[h] / 1e3;
      QVERIFY2(std::abs(static_cast<double>(b.hourly.it_kW[h]) - want_kW) < 1e-4 * want_kW,
               qPrintable(QString("hour %1: %2 kW, want %3").arg(h).arg(b.hourly.it_kW[h]).arg(want_kW)));
    }
    QVERIFY2(std::abs(b.balance.relative_residual()) < 1e-4, qPrintable(QString::number(b.balance.relative_residual())));
  }

  void noFlexibilityIsTheYearWithoutDispatch() {
    const auto s = scenario_of(sunny_park(0.0));
    const auto& park = s.park();
    const ParkResult before = simulate_park(park, park.stages[0], sunny_year(), quick());
    const SupplyYear supply = simulate_supply(park, park.stages[0], before, sunny_year());
    const DispatchYear d = simulate_dispatch(park, park.stages[0], before, supply, sunny_year(), quick());
    QCOMPARE(d.flexible_J, 0.0);
    QCOMPARE(d.shifted_J, 0.0);
    QCOMPARE(d.facility_J.after, d.facility_J.before);
    QCOMPARE(d.cfe_score.after, d.cfe_score.before);
    QCOMPARE(d.CO2_location_kg.after, d.CO2_location_kg.before);
    QCOMPARE(d.cost_CNY.after, d.cost_CNY.before);
    QVERIFY(d.converged);
  }

  void aFlatSupplyInASteadyClimateMovesNothing() {
    // No green supply, one price, a constant climate and a flat profile: no hour is better.
    Json doc = Json::parse(test::kOneHallScenario);
    doc["dispatch"] = {{"flexible_share", 0.5}};
    const auto s = scenario_of(doc);
    const auto& park = s.park();
    const ClimateInput climate(test::constant_year(15.0, 0.4, 78000.0));
    const ParkResult before = simulate_park(park, park.stages[0], climate, quick());
    const SupplyYear supply = simulate_supply(park, park.stages[0], before, climate);
    const DispatchYear d = simulate_dispatch(park, park.stages[0], before, supply, climate, quick());
    QVERIFY(d.flexible_J > 0.0);
    QCOMPARE(d.shifted_J, 0.0);
    QVERIFY(std::abs(d.facility_J.after - d.facility_J.before) <= 1e-9 * d.facility_J.before);
  }

  void sunAbsorbedWithinEveryLimit() {
    Json doc = sunny_park(0.3);
    doc["dispatch"]["max_power_fraction"] = 0.8;
    // A profile that varies within the hour, so that the limit must hold at its highest moment.
    doc["wings"][0]["buildings"][0]["halls"][0]["rack_groups"][0]["load_profile"] = "ai_inference_diurnal";
    const auto s = scenario_of(doc);
    const auto& park = s.park();
    const ParkResult before = simulate_park(park, park.stages[0], sunny_year(), quick());
    const SupplyYear supply = simulate_supply(park, park.stages[0], before, sunny_year());
    const DispatchYear d = simulate_dispatch(park, park.stages[0], before, supply, sunny_year(), quick());
    QVERIFY(d.shifted_J > 0.0);
    QVERIFY(d.shifted_J <= d.flexible_J);
    QVERIFY(d.cfe_score.after > d.cfe_score.before);
    QVERIFY(d.unused_green_J.after < d.unused_green_J.before);
    QVERIFY(d.CO2_location_kg.after < d.CO2_location_kg.before);
    QVERIFY(d.max_window_imbalance < 1e-9);
    QVERIFY(d.converged);
    QVERIFY(!d.rounds.empty());
    QVERIFY(d.rounds.back().predicted_change < park.dispatch->tolerance);
    // The schedule: each day's energy as profiled, every hour within the racks' limit.
    const auto& g = park.wings[0].buildings[0].halls[0].rack_groups[0];
    const auto& r = d.schedules.at("h").ratio.at(0);
    const double occupied_W = g.design_power_W() * 0.8;
    int at_limit = 0;
    for (std::size_t day = 0; day < 365; ++day) {
      double before_W = 0.0, after_W = 0.0;
      for (std::size_t h = 24 * day; h < 24 * day + 24; ++h) {
        const ProfileHour ph = profile_hour(g.load_profile, h);
        const double base = occupied_W * g.utilisation * ph.mean;
        before_W += base;
        after_W += base * r[h];
        // The hour's highest moment: its mean power x the profile's highest over its mean.
        QVERIFY2(base * r[h] * ph.max / ph.mean <= 0.8 * occupied_W * (1.0 + 1e-12), qPrintable(QString("hour %1").arg(h)));
        at_limit += base * r[h] * ph.max / ph.mean > 0.8 * occupied_W * (1.0 - 1e-9) ? 1 : 0;
        QVERIFY(base * r[h] >= 0.7 * base * (1.0 - 1e-12));
      }
      QVERIFY(std::abs(after_W - before_W) <= 1e-9 * before_W);
    }
    QVERIFY(at_limit > 0); // the limit binds somewhere, so the check above means something
    // The halls' simulated IT energy is the profiled one but for the servers' fans.
    QVERIFY(std::abs(d.it_J.after - d.it_J.before) < 0.01 * d.it_J.before);
    QVERIFY(std::abs(hourly_sum(d.halls.halls[0].hourly.it_kW, 0, 8760) * 3.6e6 - d.it_J.after) < 1e-3 * d.it_J.after);
    // The company of the racks (none: unassigned) carries the park's flexible work.
    double company_flexible = 0.0;
    for (const auto& c : d.companies) {
      company_flexible += c.flexible_J;
    }
    QVERIFY(std::abs(company_flexible - d.flexible_J) < 1e-6 * d.flexible_J);
  }

  void flexibilityWithoutADispatchIsRefused() {
    Json doc = Json::parse(test::kOneHallScenario);
    doc["wings"][0]["buildings"][0]["halls"][0]["rack_groups"][0]["flexibility"] = {{"flexible_share", 0.2}};
    try {
      scenario_of(doc);
      QFAIL("flexibility without a dispatch was accepted");
    } catch (const std::exception& e) {
      QVERIFY2(QString(e.what()).contains("rack_groups[0].flexibility"), e.what());
    }
  }
};

QTEST_APPLESS_MAIN(TestParkDispatch)
#include "tst_park_dispatch.moc"
