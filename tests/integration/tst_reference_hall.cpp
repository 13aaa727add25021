// The reference hall standing for the China Telecom Digital Qinghai Green Big Data Center
// (assets/scenarios/reference-telecom-qinghai.json) against the operator's published figures:
// PUE below 1.2, air conditioning off 314 days a year (docs/validation.md).

#include "shared_climate.hpp"

#include "parktwin/climate/catalog.hpp"
#include "parktwin/common/text.hpp"
#include "parktwin/model/haidong_site.hpp"
#include "parktwin/model/scenario.hpp"
#include "parktwin/physics/hall_simulation.hpp"

#include <QtTest>

#include <cmath>

using namespace parktwin;

namespace {
const std::filesystem::path kReference = std::filesystem::path(PARKTWIN_TEST_DATA_DIR).parent_path()
                                             .parent_path() / "assets" / "scenarios" /
                                         "reference-telecom-qinghai.json";

physics::HallResult run(const model::Park& park, const std::filesystem::path& climate_dir,
                        double rtol = 1e-4, bool hourly = false) {
  const climate::ClimateCatalog catalog(climate_dir);
  const physics::ClimateInput climate(model::haidong::park_climate_year(catalog, park.site.elevation_m));
  const auto& hall = park.wings[0].buildings[0].halls[0];
  physics::SimulationOptions o;
  o.keep_hourly = hourly;
  o.integrator.relative_tolerance = rtol;
  o.integrator.absolute_tolerance = rtol;
  return physics::simulate_hall(park, hall, park.stages[0], climate, o);
}
} // namespace

class TestReferenceHall : public QObject {
  Q_OBJECT

private slots:
  void publishedFigures() {
    PARKTWIN_REQUIRE_SHARED_CLIMATE(dir);
    const auto scenario = model::Scenario::load(kReference.string());
    const auto r = run(scenario.park(), dir);
    QVERIFY2(r.ok, r.error.c_str());
    // Published: PUE below 1.2.
    QVERIFY2(r.pue() < 1.20, qPrintable(QString::number(r.pue())));
    // Published: compressors off 314 days a year. The honest model with ParkTwin's default
    // design values gives about 351 days: the centre's set points and IEC rating are not
    // published, the figure moves from 286 to 362 days across plausible values, and a typical
    // year is compared with 2022-23 operation (docs/validation.md). Not tuned to pass.
    QEXPECT_FAIL("", "model gives ~351 compressor-free days with default design values, above "
                     "314 +/- 15; see docs/validation.md", Continue);
    QVERIFY2(std::abs(r.compressor_free_days - 314) <= 15,
             qPrintable(QString::number(r.compressor_free_days)));
  }

  void colderSupplyAirMeansMoreCompressorDays() {
    PARKTWIN_REQUIRE_SHARED_CLIMATE(dir);
    auto scenario = model::Scenario::load(kReference.string());
    model::Park park = scenario.park();
    const int reference = run(park, dir).compressor_free_days;
    auto& air = park.wings[0].buildings[0].halls[0].air;
    air.T_supply_K -= 2.0;
    air.T_return_K -= 2.0;
    const int colder = run(park, dir).compressor_free_days;
    QVERIFY2(colder < reference, qPrintable(QString("%1 vs %2").arg(colder).arg(reference)));
  }

  void hotYearsCostCompressorFreeDays() {
    // site.hot_year_K reaches the simulation (physics::climate_for_site): a 1-in-10 hot summer
    // (+2.0 K) costs compressor-free days, a cool one (-2.1 K) gives some, and the hall given the
    // hot year's climate input directly is the same year to the last bit.
    PARKTWIN_REQUIRE_SHARED_CLIMATE(dir);
    auto scenario = model::Scenario::load(kReference.string());
    model::Park park = scenario.park();
    const auto typical = run(park, dir);
    park.site.hot_year_K = 2.0;
    const auto hot = run(park, dir);
    park.site.hot_year_K = -2.1;
    const auto cool = run(park, dir);
    QVERIFY(typical.ok && hot.ok && cool.ok);
    QVERIFY2(hot.compressor_free_days < typical.compressor_free_days &&
                 typical.compressor_free_days <= cool.compressor_free_days,
             qPrintable(QString("%1 %2 %3").arg(hot.compressor_free_days).arg(typical.compressor_free_days)
                            .arg(cool.compressor_free_days)));
    QVERIFY(hot.free_cooling_hours < typical.free_cooling_hours);
    QVERIFY(hot.pue() > typical.pue());
    // The plants are sized to the year's design days, not the hot year's.
    QCOMPARE(hot.plant.design.T_db_K, typical.plant.design.T_db_K);

    park.site.hot_year_K = 0.0;
    const climate::ClimateCatalog catalog(dir);
    const physics::ClimateInput hot_input(model::haidong::park_climate_year(catalog, park.site.elevation_m), 2.0);
    physics::SimulationOptions o;
    o.integrator.relative_tolerance = 1e-4; // as run() does
    o.integrator.absolute_tolerance = 1e-4;
    model::Park hot_park = park;
    hot_park.site.hot_year_K = 2.0;
    const auto direct = physics::simulate_hall(hot_park, hot_park.wings[0].buildings[0].halls[0], hot_park.stages[0],
                                               hot_input, o);
    QCOMPARE(direct.pue(), hot.pue());
    QCOMPARE(direct.compressor_free_days, hot.compressor_free_days);
  }

  void freeCoolingIsExactAndStableUnderTheTolerance() {
    // Free-cooling hours and compressor-free days come from the discrete plant state (was a
    // compressor staged on at any time in the hour?), not from an energy threshold, and every
    // hourly energy is an integral of a non-negative rate: no hour's compressor energy is
    // negative, and from rtol 1e-4 to 1e-8 the days move by at most 1 and the hours by at most 2
    // (3 h with the old conditional-integration anti-windup, 20 h with the old energy
    // threshold; docs/physics/hall-model.md, "Tolerance").
    PARKTWIN_REQUIRE_SHARED_CLIMATE(dir);
    const auto scenario = model::Scenario::load(kReference.string());
    const auto loose = run(scenario.park(), dir, 1e-4, true);
    const auto tight = run(scenario.park(), dir, 1e-8, true);
    QVERIFY2(loose.ok && tight.ok, (loose.error + tight.error).c_str());
    QVERIFY2(std::abs(loose.compressor_free_days - tight.compressor_free_days) <= 1,
             qPrintable(QString("%1 vs %2").arg(loose.compressor_free_days).arg(tight.compressor_free_days)));
    QVERIFY2(std::abs(loose.energy.it / tight.energy.it - 1.0) < 1e-4,
             qPrintable(QString::number(loose.energy.it / tight.energy.it - 1.0)));
    const double hour_shift = std::abs(loose.free_cooling_hours - tight.free_cooling_hours);
    for (const auto* r : {&loose, &tight}) {
      const auto& h = r->hourly;
      double free = 0.0;
      for (std::size_t i = 0; i < h.compressor_kW.size(); ++i) {
        QVERIFY2(h.compressor_kW[i] >= 0.0f && h.facility_kW[i] > 0.0f && h.water_L[i] >= 0.0f,
                 qPrintable(QString("hour %1: %2 kW").arg(i).arg(h.compressor_kW[i])));
        // No compressor staged on: exactly no compressor energy; staged on: some.
        QCOMPARE(h.compressor_kW[i] > 0.0f, h.compressor_running[i] == 1);
        free += h.compressor_running[i] == 0 ? 1.0 : 0.0;
        QCOMPARE(h.mode_free_s[i] + h.mode_partial_s[i] + h.mode_mechanical_s[i], 3600.0f);
        // The hour's highest inlet is at least its end-of-hour value and the previous hour's.
        QVERIFY(h.max_inlet_C[i] >= h.T_inlet_C[i] - 1e-4f);
        QVERIFY(i == 0 || h.max_inlet_C[i] >= h.T_inlet_C[i - 1] - 1e-4f);
      }
      QCOMPARE(free, r->free_cooling_hours);
    }
    QVERIFY2(hour_shift <= 2.0, qPrintable(QString::number(hour_shift)));
  }

  void directAirHallClosesItsDampersWhenTheAirTurnsHumid() {
    // The reference hall with a direct air economizer on the Haidong park year: when the outdoor
    // air leaves its humidity envelope the dampers close at that instant and DX takes over; the
    // old 15-min escalation with the outdoor air already unusable let the inlet reach 56 C.
    PARKTWIN_REQUIRE_SHARED_CLIMATE(dir);
    auto doc = model::Json::parse(read_file(kReference));
    auto& hall = doc["wings"][0]["buildings"][0]["halls"][0];
    hall["cooling"]["air_system"] = {{"direct_air_economizer", model::Json::object()}};
    hall["cooling"].erase("liquid");
    for (auto& g : hall["rack_groups"]) {
      g.erase("liquid_fraction");
    }
    const auto scenario = model::Scenario::from_document(doc, "reference hall, direct air");
    const auto r = run(scenario.park(), dir);
    QVERIFY2(r.ok, r.error.c_str());
    QVERIFY2(r.max_inlet_C < 27.0, qPrintable(QString::number(r.max_inlet_C)));
    QCOMPARE(r.hours_above_recommended, 0.0);
    QCOMPARE(r.unmet_load_hours, 0.0);
  }
};

QTEST_GUILESS_MAIN(TestReferenceHall)
#include "tst_reference_hall.moc"
