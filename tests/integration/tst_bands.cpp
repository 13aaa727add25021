// Uncertainty bands (docs/uncertainty.md): the percentile and rank-correlation definitions
// against hand-computed examples; bands of a case without declared uncertainty collapse to the
// point value; the same seed gives the same bands whatever the number of jobs; the spread
// follows the parameter that drives it.

#include "uncertain_parameters.hpp"
#include "synthetic_climate.hpp"

#include "parktwin/common/error.hpp"
#include "parktwin/physics/bands.hpp"
#include "parktwin/physics/park_dispatch.hpp"

#include <QtTest>

#include <cmath>
#include <set>

using namespace parktwin;
using namespace parktwin::physics;
using model::Json;

namespace {

const ClimateInput& year() {
  static const ClimateInput y(test::seasonal_year());
  return y;
}

BandsOptions quick(std::size_t samples, std::uint64_t seed, unsigned jobs) {
  BandsOptions o;
  o.samples = samples;
  o.seed = seed;
  o.jobs = jobs;
  o.run.simulation.spin_up_s = 3 * 86400.0;
  return o;
}

model::UncertaintySet set_of(const Json& params) {
  return model::UncertaintySet::parse(Json{{"parameters", params}}, "test");
}

} // namespace

class TestBands : public QObject {
  Q_OBJECT

private slots:
  void percentilesInterpolateOrderStatistics() {
    // Hyndman and Fan 7: h = (n - 1) p; {1, 2, 3, 4}: P10 at h = 0.3, P50 at 1.5, P90 at 2.7.
    QCOMPARE(percentile({4.0, 1.0, 3.0, 2.0}, 10.0), 1.3);
    QCOMPARE(percentile({4.0, 1.0, 3.0, 2.0}, 50.0), 2.5);
    QCOMPARE(percentile({4.0, 1.0, 3.0, 2.0}, 90.0), 3.7);
    QCOMPARE(percentile({7.0}, 90.0), 7.0);
    QVERIFY(std::isnan(percentile({}, 50.0)));
    QVERIFY(std::isnan(percentile({1.0, std::nan("")}, 50.0)));
  }

  void spearmanAgainstHandComputedExamples() {
    // Ranks differ by -1, 1, -1, 1, 0: rho = 1 - 6 x 4 / (5 x 24) = 0.8.
    QVERIFY(std::abs(spearman({1, 2, 3, 4, 5}, {2, 1, 4, 3, 5}) - 0.8) < 1e-15);
    // A tie takes the mean rank (2.5): Pearson of the ranks, 4.5 / sqrt(4.5 x 5).
    QVERIFY(std::abs(spearman({1, 2, 2, 3}, {1, 2, 3, 4}) - 4.5 / std::sqrt(22.5)) < 1e-15);
    QCOMPARE(spearman({1, 2, 3}, {-5, -6, -9}), -1.0);
    QCOMPARE(spearman({1, 1, 1}, {1, 2, 3}), 0.0);
  }

  void noDeclaredUncertaintyCollapsesToThePointValue() {
    const auto& s = test::one_hall_scenario();
    const auto o = quick(3, 1, 2);
    ParkRunOptions run = o.run;
    run.threads = 1;
    run.simulation.keep_hourly = true;
    SupplyOptions so;
    so.sizing = false;
    const OperatedYear point = simulate_operated_year(s.park(), s.park().stages[0], year(), run, so);
    QVERIFY(point.halls.halls.size() == 1 && point.halls.halls[0].ok);
    const HallResult& h = point.halls.halls[0];
    // No parameters at all, and a parameter whose range is a single point.
    for (const Json& params : {Json::array(), Json::array({test::uncertain_parameter("t", "halls[*].air.supply_air_C", "offset", 0.0, 0.0)})}) {
      const BandsResult b = run_bands(s, "s", year(), set_of(params), o);
      const auto& hb = b.bands.at("h");
      const double want[] = {h.pue(), h.free_cooling_hours, static_cast<double>(h.compressor_free_days), h.energy_cost_CNY};
      const std::size_t at[] = {0, 2, 3, 4};
      for (std::size_t i = 0; i < 4; ++i) {
        QCOMPARE(hb[at[i]].p10, want[i]);
        QCOMPARE(hb[at[i]].p50, want[i]);
        QCOMPARE(hb[at[i]].p90, want[i]);
      }
      QCOMPARE(b.bands.at("")[0].p50, h.pue()); // the park of one hall
    }
  }

  void theSameSeedGivesTheSameBandsWhateverTheJobs() {
    const auto params = set_of(Json::array({test::uncertain_parameter("t", "halls[*].air.supply_air_C", "offset", -2.0, 2.0),
                                            test::uncertain_parameter("u", "rack_groups[*].utilisation", "scale", 0.8, 1.2)}));
    const BandsResult a = run_bands(test::one_hall_scenario(), "s", year(), params, quick(6, 5, 1));
    const BandsResult b = run_bands(test::one_hall_scenario(), "s", year(), params, quick(6, 5, 2));
    const BandsResult c = run_bands(test::one_hall_scenario(), "s", year(), params, quick(6, 6, 2));
    QCOMPARE(a.draws, b.draws);
    QVERIFY(a.draws != c.draws);
    for (const auto* id : {"h", ""}) {
      // Every figure but the green share, which a hall does not have (NaN).
      for (std::size_t f = 0; f + 1 < band_figures().size(); ++f) {
        QCOMPARE(a.values.at(id)[f], b.values.at(id)[f]);
      }
    }
    QCOMPARE(a.values.at("")[6], b.values.at("")[6]);
    QVERIFY(a.values.at("h")[0] != c.values.at("h")[0]);
    // The draws lie in their ranges, one per stratum.
    std::set<long> strata;
    for (const auto& d : a.draws) {
      QVERIFY(d[0] >= -2.0 && d[0] < 2.0 && d[1] >= 0.8 && d[1] < 1.2);
      strata.insert(static_cast<long>((d[0] + 2.0) / 4.0 * 6.0));
    }
    QCOMPARE(strata.size(), std::size_t(6));
  }

  void theSpreadFollowsItsParameter() {
    // Utilisation alone drives the energy cost (proportional to IT energy plus a cooling
    // overhead that grows with it): a rank correlation of 1, and P10 < P50 < P90.
    const auto params = set_of(Json::array({test::uncertain_parameter("u", "rack_groups[*].utilisation", "scale", 0.8, 1.2),
                                            test::uncertain_parameter("f", "halls[*].electrical.lighting_W_per_m2", "scale", 0.9, 1.1)}));
    const BandsResult b = run_bands(test::one_hall_scenario(), "s", year(), params, quick(8, 2, 2));
    const auto cost = b.bands.at("")[4];
    QVERIFY(cost.p10 < cost.p50 && cost.p50 < cost.p90);
    QCOMPARE(b.park_sensitivity[4][0], 1.0);
    QVERIFY(std::abs(b.park_sensitivity[4][1]) < 0.9);
    // The range of the draws reaches the figures: +-20 % of utilisation, about +-20 % of IT.
    QVERIFY(cost.p90 / cost.p10 > 1.15 && cost.p90 / cost.p10 < 1.5);
  }

  void aParameterThatReachesNothingIsLeftOut() {
    // The one hall is indirect evaporative: a chiller's COP has no place in it.
    const auto params = set_of(Json::array({test::uncertain_parameter("cop", "halls[*].cooling.air_system.chilled_water.chiller_COP_nominal",
                                                  "scale", 0.9, 1.1),
                                            test::uncertain_parameter("u", "rack_groups[*].utilisation", "scale", 0.8, 1.2)}));
    const BandsResult b = run_bands(test::one_hall_scenario(), "s", year(), params, quick(4, 1, 2));
    QCOMPARE(b.not_applicable, std::vector<std::string>{"cop"});
    QCOMPARE(b.parameters.parameters.size(), std::size_t(1));
    QCOMPARE(b.park_sensitivity[0].size(), std::size_t(1));
    QCOMPARE(b.draws[0].size(), std::size_t(1));
  }

  void aParameterOfOtherStationsIsLeftOut() {
    // A range derived for Xining's statistics (stations ["528660"]) is not applied to another
    // climate; on a year of that station it is sampled.
    Json hot = test::uncertain_parameter("hot", "site.hot_year_K", "offset", -2.1, 2.0);
    hot["stations"] = Json::array({"528660"});
    const auto params = set_of(Json::array({hot, test::uncertain_parameter("u", "rack_groups[*].utilisation", "scale", 0.8, 1.2)}));
    const BandsResult other = run_bands(test::one_hall_scenario(), "s", year(), params, quick(4, 1, 2));
    QCOMPARE(other.not_applicable, std::vector<std::string>{"hot"});
    climate::ClimateYear xining_like = test::seasonal_year();
    xining_like.location.wmo = "528660";
    const ClimateInput xining(xining_like);
    const BandsResult here = run_bands(test::one_hall_scenario(), "s", xining, params, quick(4, 1, 2));
    QVERIFY(here.not_applicable.empty());
    QCOMPARE(here.parameters.parameters.size(), std::size_t(2));
    // The built-in set's climate parameter names its station.
    for (const auto& p : model::UncertaintySet::builtin().parameters) {
      if (p.name == "climate_hot_year") {
        QCOMPARE(p.stations, std::vector<std::string>{"528660"});
      }
    }
    Json bad = hot;
    bad["stations"] = Json::array({5});
    QVERIFY_THROWS_EXCEPTION(InputError, set_of(Json::array({bad})));
  }

  void theHallCacheTellsHotYearsApart() {
    // One cache, one climate input, the park's hot-year shift changed: a new simulation, not
    // the typical year's result (park_simulation.cpp keys on the base climate and the shift).
    HallResultCache cache;
    ParkRunOptions o;
    o.cache = &cache;
    o.simulation.spin_up_s = 86400.0;
    model::Park park = test::one_hall_scenario().park();
    const model::Stage& stage = park.stages.at(0);
    const ParkResult typical = simulate_park(park, stage, year(), o);
    park.site.hot_year_K = 2.0;
    const ParkResult hot = simulate_park(park, stage, year(), o);
    QCOMPARE(cache.misses(), std::size_t(2));
    QVERIFY(hot.halls.at(0).max_inlet_C != typical.halls.at(0).max_inlet_C ||
            hot.halls.at(0).energy.facility() != typical.halls.at(0).energy.facility());
    const ParkResult again = simulate_park(park, stage, year(), o);
    QCOMPARE(cache.hits(), std::size_t(1));
    QCOMPARE(again.halls.at(0).energy.facility(), hot.halls.at(0).energy.facility());
  }

  void aRangeThatBreaksTheScenarioIsFoundBeforeAnyRun() {
    // The return air must stay above the supply (24 C): a return 12-13 K colder than 36 C cannot
    // be; found with every parameter at the low end of its range, before any sample runs.
    const auto params = set_of(Json::array({test::uncertain_parameter("r", "halls[*].air.return_air_C", "offset", -13.0, -12.0)}));
    try {
      (void)run_bands(test::one_hall_scenario(), "s", year(), params, quick(2, 1, 2));
      QFAIL("accepted");
    } catch (const InputError& e) {
      const std::string what = e.what();
      QVERIFY2(what.find("at the low end of their ranges") != std::string::npos, e.what());
      QVERIFY2(what.find("halls[0].air.supply_air_C") != std::string::npos, e.what());
    }
    // A field's own limits too: an effectiveness above its maximum at the high end, by name.
    const auto eff = set_of(Json::array({test::uncertain_parameter(
        "eff", "halls[*].cooling.air_system.indirect_evaporative.wet_bulb_effectiveness", "offset", 0.0, 0.4)}));
    try {
      (void)run_bands(test::one_hall_scenario(), "s", year(), eff, quick(2, 1, 2));
      QFAIL("accepted");
    } catch (const InputError& e) {
      QVERIFY2(std::string(e.what()).find("at the high end of their ranges: uncertain parameter eff") != std::string::npos, e.what());
    }
  }

  void aMixOfEndsThatBreaksTheScenarioNamesTheSample() {
    // Supply 24-34 C and return 26-36 C: valid at both ends together, not where the supply is
    // high and the return low; the sample that draws it is named.
    const auto params = set_of(Json::array({test::uncertain_parameter("s", "halls[*].air.supply_air_C", "offset", 0.0, 10.0),
                                            test::uncertain_parameter("r", "halls[*].air.return_air_C", "offset", -10.0, 0.0)}));
    try {
      (void)run_bands(test::one_hall_scenario(), "s", year(), params, quick(10, 1, 2));
      QFAIL("accepted");
    } catch (const InputError& e) {
      QVERIFY2(std::string(e.what()).find("bands sample ") != std::string::npos, e.what());
      QVERIFY2(std::string(e.what()).find("must be colder than return air") != std::string::npos, e.what());
    }
  }
};

QTEST_GUILESS_MAIN(TestBands)
#include "tst_bands.moc"
