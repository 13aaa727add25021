// Failure ride-through (docs/physics/ride-through.md): events on the reference hall from its
// annual state, checked by energy conservation through the event, by redundancy (an N+1 plant
// losing one unit holds the hall) and by the order of the failures' severity. (The hand
// calculation from the thermal capacities that the issue asks for is still to come.)

#include "shared_climate.hpp"

#include "parktwin/climate/catalog.hpp"
#include "parktwin/common/error.hpp"
#include "parktwin/common/units.hpp"
#include "parktwin/model/haidong_site.hpp"
#include "parktwin/model/scenario.hpp"
#include "parktwin/physics/ridethrough.hpp"

#include <QtTest>

#include <cmath>

using namespace parktwin;
using namespace parktwin::physics;

namespace {

const std::string kReference = PARKTWIN_SOURCE_DIR "/assets/scenarios/reference-telecom-qinghai.json";

struct Year {
  model::Scenario scenario = model::Scenario::load(kReference);
  std::optional<ClimateInput> climate;
  HallResult annual;
  DesignCondition sizing;
};

const Year& year(const std::filesystem::path& dir) {
  static std::optional<Year> y;
  if (!y) {
    y.emplace();
    const model::Park& park = y->scenario.park();
    const climate::ClimateCatalog catalog(dir);
    y->climate.emplace(model::haidong::park_climate_year(catalog, park.site.elevation_m));
    SimulationOptions o;
    o.keep_states = true;
    o.keep_hourly = true;
    const auto& hall = park.wings[0].buildings[0].halls[0];
    y->annual = simulate_hall(park, hall, park.stages[0], *y->climate, o);
    y->sizing = y->annual.plant.design;
  }
  return *y;
}

RideThroughResult run_event(const Year& y, const std::string& text, std::size_t hour, double duration_s = 1800.0) {
  const model::Park& park = y.scenario.park();
  RideThroughOptions o;
  o.duration_s = duration_s;
  return simulate_ride_through(park, park.wings[0].buildings[0].halls[0], park.stages[0], *y.climate, y.sizing,
                               RideThroughEvent::parse(text), y.annual.states.at(hour - 1), hour, o);
}

/// The hottest hour of the year by the annual run's outdoor dry bulb (1-based).
std::size_t hottest_hour(const Year& y) {
  const auto& T = y.annual.hourly.T_outdoor_C;
  return static_cast<std::size_t>(std::max_element(T.begin(), T.end()) - T.begin()) + 1;
}

} // namespace

class TestRideThrough : public QObject {
  Q_OBJECT

private slots:
  void statesOfEveryHourAreKept() {
    PARKTWIN_REQUIRE_SHARED_CLIMATE(dir);
    const Year& y = year(dir);
    QVERIFY(y.annual.ok);
    QCOMPARE(y.annual.states.size(), std::size_t{8760});
    // The state at the start of hour h + 1 is the inlet the hourly output gives at the end of h.
    for (std::size_t h : {0u, 100u, 4000u, 8758u}) {
      QVERIFY(std::abs(units::kelvin_to_celsius(y.annual.states[h + 1].y[0]) - static_cast<double>(y.annual.hourly.T_inlet_C[h])) < 1e-4);
    }
  }

  void energyIsConservedThroughTheEvent() {
    PARKTWIN_REQUIRE_SHARED_CLIMATE(dir);
    const Year& y = year(dir);
    for (const char* e : {"trip:iec", "trip:iec:1", "trip:pump", "pump:liquid", "trip:dry_cooler"}) {
      const auto r = run_event(y, e, hottest_hour(y), 900.0);
      QVERIFY2(std::abs(r.energy_balance_residual) < 1e-4,
               qPrintable(QString("%1: %2").arg(e).arg(r.energy_balance_residual)));
      QCOMPARE(r.t_s.size(), std::size_t{901});
    }
  }

  void redundancyHoldsTheHall() {
    // The IEC units are N+1: one failing leaves the design flow; the inlet stays within 0.5 K of
    // where it was and never reaches 27 C.
    PARKTWIN_REQUIRE_SHARED_CLIMATE(dir);
    const Year& y = year(dir);
    const auto r = run_event(y, "trip:iec:1", hottest_hour(y));
    QCOMPARE(r.units_failed, 1);
    QVERIFY(r.units_installed >= 2);
    QVERIFY2(r.peak_inlet_C < r.start_inlet_C + 0.5, qPrintable(QString::number(r.peak_inlet_C)));
    QVERIFY(!r.time_to_27C_s);
  }

  void moreFailedUnitsWarmTheHallSooner() {
    PARKTWIN_REQUIRE_SHARED_CLIMATE(dir);
    const Year& y = year(dir);
    const std::size_t h = hottest_hour(y);
    const auto all = run_event(y, "trip:iec", h);
    const auto two = run_event(y, "trip:iec:3", h);
    qInfo("hour %zu: all IEC units: 27 C at %.1f s, 32 C at %.1f s, peak %.2f C; 3 units: peak %.2f C; start %.2f C",
          h, all.time_to_27C_s.value_or(-1), all.time_to_32C_s.value_or(-1), all.peak_inlet_C, two.peak_inlet_C,
          all.start_inlet_C);
    QVERIFY(all.time_to_32C_s.has_value());
    QVERIFY2(*all.time_to_32C_s > 0.0 && *all.time_to_32C_s < 600.0, qPrintable(QString::number(*all.time_to_32C_s)));
    QVERIFY(all.peak_inlet_C > two.peak_inlet_C);
    QVERIFY(!two.time_to_32C_s || *two.time_to_32C_s > *all.time_to_32C_s);
    // Crossings in order, each inside the trace's range.
    QVERIFY(*all.time_to_27C_s <= *all.time_to_32C_s);
    QVERIFY(!all.time_to_35C_s || *all.time_to_32C_s <= *all.time_to_35C_s);
  }

  void everyAirUnitStoppedWarmsTheColdAisle() {
    // Nothing leaves the air when no air unit runs: within a minute the cold aisle (mixed with
    // the hot aisle by the servers' own fans) rises by kelvins, not by tenths and not by tens.
    PARKTWIN_REQUIRE_SHARED_CLIMATE(dir);
    const Year& y = year(dir);
    const auto r = run_event(y, "trip:iec", hottest_hour(y), 60.0);
    const double rise_K = r.inlet_C.back() - r.inlet_C.front();
    QVERIFY2(rise_K > 0.5 && rise_K < 30.0, qPrintable(QString::number(rise_K)));
    for (std::size_t i = 1; i < r.inlet_C.size(); ++i) {
      QVERIFY(r.inlet_C[i] >= r.inlet_C[i - 1] - 1e-9); // heating only
    }
  }

  void refusals() {
    PARKTWIN_REQUIRE_SHARED_CLIMATE(dir);
    const Year& y = year(dir);
    for (const char* e : {"trip:crah", "trip:tower", "trip:chiller:50"}) {
      try {
        (void)run_event(y, e, 100, 60.0);
        QFAIL(e);
      } catch (const InputError& err) {
        QVERIFY2(QString(err.what()).contains("--event"), err.what());
      }
    }
    for (const char* bad : {"trip", "trip:fan", "trip:chiller:0", "trip:chiller:x", "outage:now", "pump:air"}) {
      try {
        (void)RideThroughEvent::parse(bad);
        QFAIL(bad);
      } catch (const UsageError&) {
      }
    }
    try {
      (void)run_event(y, "trip:iec", 9000, 60.0);
      QFAIL("hour 9000");
    } catch (const std::exception&) {
    }
  }
};

QTEST_APPLESS_MAIN(TestRideThrough)
#include "tst_ridethrough.moc"
