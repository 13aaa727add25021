// Sweep plans: grid enumeration, Latin-hypercube sampling, shards, and errors in --vary.

#include "parktwin/common/error.hpp"
#include "parktwin/model/sweep_plan.hpp"

#include <QtTest>

#include <set>

using namespace parktwin;
using model::Json;
using model::Shard;
using model::SweepDimension;
using model::SweepPlan;

namespace {

std::string usage_error(const std::string& vary) {
  try {
    (void)SweepDimension::parse(vary);
  } catch (const UsageError& e) {
    return e.what();
  }
  return {};
}

} // namespace

class TestSweepPlan : public QObject {
  Q_OBJECT

private slots:
  void rangesIncludeBothEndsWithoutRoundingDrift() {
    const auto d = SweepDimension::parse("halls[*].air.supply_air_C=18:27:0.1");
    QCOMPARE(d.values.size(), std::size_t(91));
    QCOMPARE(d.values.front().get<double>(), 18.0);
    QCOMPARE(d.values.back().get<double>(), 27.0);
    // 18 + 3 * 0.1 is 18.3 exactly as the user wrote it, not 18.300000000000001.
    QCOMPARE(d.values[3].get<double>(), 18.3);
    const auto one = SweepDimension::parse("halls[*].air.supply_air_C=20:20:1");
    QCOMPARE(one.values.size(), std::size_t(1));
    const auto lst = SweepDimension::parse("rack_groups[*].load_profile=flat,ai_training");
    QCOMPARE(lst.values.size(), std::size_t(2));
    QCOMPARE(lst.values[1].get<std::string>(), std::string("ai_training"));
  }

  void gridOrderIsClimateStageThenDimensionsLastFastest() {
    SweepPlan p;
    p.climates = {"a", "b"};
    p.stages = {"2027", "2030"};
    p.dimensions.push_back(SweepDimension::parse("halls[*].air.supply_air_C=20,22,24"));
    p.dimensions.push_back(SweepDimension::parse("halls[*].air.bypass_fraction=0,0.1"));
    p.prepare();
    QCOMPARE(p.size(), std::size_t(2 * 2 * 3 * 2));
    const auto v0 = p.variant(0);
    QCOMPARE(v0.climate, std::size_t(0));
    QCOMPARE(v0.stage, std::size_t(0));
    QCOMPARE(v0.values[0].get<double>(), 20.0);
    QCOMPARE(v0.values[1].get<double>(), 0.0);
    const auto v1 = p.variant(1);
    QCOMPARE(v1.values[0].get<double>(), 20.0);
    QCOMPARE(v1.values[1].get<double>(), 0.1);
    const auto v2 = p.variant(2);
    QCOMPARE(v2.values[0].get<double>(), 22.0);
    const auto v6 = p.variant(6);
    QCOMPARE(v6.stage, std::size_t(1));
    QCOMPARE(v6.climate, std::size_t(0));
    const auto last = p.variant(23);
    QCOMPARE(last.climate, std::size_t(1));
    QCOMPARE(last.stage, std::size_t(1));
    QCOMPARE(last.values[0].get<double>(), 24.0);
    QCOMPARE(last.values[1].get<double>(), 0.1);
    // Every combination exactly once.
    std::set<std::string> seen;
    for (std::size_t i = 0; i < p.size(); ++i) {
      const auto v = p.variant(i);
      seen.insert(std::to_string(v.climate) + std::to_string(v.stage) + v.values[0].dump() +
                  v.values[1].dump());
    }
    QCOMPARE(seen.size(), p.size());
  }

  void latinHypercubeUsesEveryStratumOnce() {
    SweepPlan p;
    p.climates = {"x"};
    p.stages = {"2030"};
    // Fine steps, so that snapping cannot move a point out of its stratum.
    p.dimensions.push_back(SweepDimension::parse("halls[*].air.supply_air_C=18:28:0.001"));
    p.dimensions.push_back(SweepDimension::parse("halls[*].air.bypass_fraction=0:0.2:0.00001"));
    p.samples = 50;
    p.seed = 7;
    p.prepare();
    QCOMPARE(p.size(), std::size_t(50));
    for (std::size_t d = 0; d < 2; ++d) {
      const double lo = d == 0 ? 18.0 : 0.0, hi = d == 0 ? 28.0 : 0.2;
      std::set<long> strata;
      for (std::size_t i = 0; i < 50; ++i) {
        const double x = p.variant(i).values[d].get<double>();
        QVERIFY(x >= lo && x <= hi);
        strata.insert(std::min(49L, static_cast<long>((x - lo) / (hi - lo) * 50.0)));
      }
      QCOMPARE(strata.size(), std::size_t(50)); // one point in each of the 50 strata
    }
    // Deterministic for a seed, different for another.
    SweepPlan same = p;
    same.prepare();
    SweepPlan other = p;
    other.seed = 8;
    other.prepare();
    bool differs = false;
    for (std::size_t i = 0; i < 50; ++i) {
      QCOMPARE(same.variant(i).values[0], p.variant(i).values[0]);
      differs = differs || other.variant(i).values[0] != p.variant(i).values[0];
    }
    QVERIFY(differs);
    // Lists are sampled by stratified index: with 4 samples over 4 values each appears once.
    SweepPlan l;
    l.climates = {"x"};
    l.stages = {"2030"};
    l.dimensions.push_back(SweepDimension::parse("halls[*].air.supply_air_C=20,21,22,23"));
    l.samples = 4;
    l.prepare();
    std::set<double> values;
    for (std::size_t i = 0; i < 4; ++i) {
      values.insert(l.variant(i).values[0].get<double>());
    }
    QCOMPARE(values.size(), std::size_t(4));
  }

  void shardsPartitionTheVariants() {
    const std::size_t total = 103;
    for (std::size_t n : {1, 2, 7}) {
      std::vector<int> owners(total, 0);
      for (std::size_t k = 1; k <= n; ++k) {
        const auto s = Shard::parse(std::to_string(k) + "/" + std::to_string(n));
        for (std::size_t i = 0; i < total; ++i) {
          owners[i] += s.contains(i) ? 1 : 0;
        }
      }
      for (int o : owners) {
        QCOMPARE(o, 1);
      }
    }
    for (const char* bad : {"0/3", "4/3", "3", "a/b", "1/0", "-1/2", ""}) {
      QVERIFY_THROWS_EXCEPTION(UsageError, Shard::parse(bad));
    }
  }

  void badVaryIsRefusedWithTheReason() {
    QVERIFY(usage_error("halls[*].air.supply_air_C=27:18:1").find("below where it starts") !=
            std::string::npos);
    QVERIFY(usage_error("halls[*].air.supply_air_C=18:27:0").find("step must be positive") !=
            std::string::npos);
    QVERIFY(usage_error("halls[*].air.supply_air_C=18:27").find("<start>:<stop>:<step>") !=
            std::string::npos);
    QVERIFY(usage_error("halls[*].air.supply_air_C=warm").find("not a number") != std::string::npos);
    // The schema's own range: 10-35 C.
    const std::string range = usage_error("halls[*].air.supply_air_C=5,24");
    QVERIFY2(range.find("= 5") != std::string::npos, range.c_str());
    QVERIFY(!usage_error("rack_groups[*].load_profile=flat,sometimes").empty());
    QVERIFY(usage_error("rack_groups[*].load_profile=1:2:1").find("list of values") !=
            std::string::npos);
    QVERIFY(!usage_error("halls[*].air.supply_air_C").empty());
    QVERIFY(!usage_error("=1,2").empty());
    QVERIFY(!usage_error("halls[*].air.supply_air_C=0:1e9:1").empty()); // too many values
    QVERIFY(usage_error("halls[*].floors=1").find("has no field") != std::string::npos);
    QVERIFY(usage_error("buildings[*].floors=1.5").find("whole number") != std::string::npos);
  }
};

QTEST_APPLESS_MAIN(TestSweepPlan)
#include "tst_sweep_plan.moc"
