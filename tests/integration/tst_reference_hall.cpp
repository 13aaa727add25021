// The reference hall standing for the China Telecom Digital Qinghai Green Big Data Center
// (assets/scenarios/reference-telecom-qinghai.json) against the operator's published figures:
// PUE below 1.2, air conditioning off 314 days a year (docs/validation.md).

#include "shared_climate.hpp"

#include "parktwin/climate/catalog.hpp"
#include "parktwin/model/haidong_site.hpp"
#include "parktwin/model/scenario.hpp"
#include "parktwin/physics/hall_simulation.hpp"

#include <QtTest>

using namespace parktwin;

namespace {
const std::filesystem::path kReference = std::filesystem::path(PARKTWIN_TEST_DATA_DIR).parent_path()
                                             .parent_path() / "assets" / "scenarios" /
                                         "reference-telecom-qinghai.json";

physics::HallResult run(const model::Park& park, const std::filesystem::path& climate_dir) {
  const climate::ClimateCatalog catalog(climate_dir);
  const physics::ClimateInput climate(model::haidong::park_climate_year(catalog, park.site.elevation_m));
  const auto& hall = park.wings[0].buildings[0].halls[0];
  physics::SimulationOptions o;
  o.keep_hourly = false;
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
};

QTEST_GUILESS_MAIN(TestReferenceHall)
#include "tst_reference_hall.moc"
