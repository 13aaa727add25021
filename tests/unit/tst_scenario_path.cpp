// Scenario paths for sweeps: parsing, short forms, selectors, errors with the nearest valid
// paths, places in the built-in park, and applying a value.

#include "parktwin/common/error.hpp"
#include "parktwin/model/scenario.hpp"
#include "parktwin/model/scenario_path.hpp"

#include <QtTest>

using namespace parktwin;
using model::Json;
using model::ScenarioPath;

namespace {

std::string usage_error(const std::string& text) {
  try {
    (void)ScenarioPath::parse(text, "--vary");
  } catch (const UsageError& e) {
    return e.what();
  }
  return {};
}

/// Halls of the built-in park, counted from the document by hand (independent of the paths).
std::size_t count_halls(const Json& doc, const std::string& wing = "") {
  std::size_t n = 0;
  for (const auto& w : doc["wings"]) {
    if (!wing.empty() && w["id"] != wing) {
      continue;
    }
    for (const auto& b : w["buildings"]) {
      n += b["halls"].size();
    }
  }
  return n;
}

} // namespace

class TestScenarioPath : public QObject {
  Q_OBJECT

private slots:
  void shortFormsExpand() {
    const auto p = ScenarioPath::parse("halls[*].air.supply_air_C");
    QCOMPARE(p.canonical(), std::string("wings[*].buildings[*].halls[*].air.supply_air_C"));
    QCOMPARE(p.pattern(), std::string("wings[*].buildings[*].halls[*].air.supply_air_C"));
    QCOMPARE(p.unit(), std::string("C"));
    QCOMPARE(p.type(), std::string("number"));
    const auto w = ScenarioPath::parse("wings[east].halls[*].cooling.liquid.facility_supply_water_C");
    QCOMPARE(w.canonical(),
             std::string("wings[east].buildings[*].halls[*].cooling.liquid.facility_supply_water_C"));
    const auto r = ScenarioPath::parse("rack_groups[*].design_kW_per_rack");
    QCOMPARE(r.canonical(),
             std::string("wings[*].buildings[*].halls[*].rack_groups[*].design_kW_per_rack"));
    const auto b = ScenarioPath::parse("buildings[2].floors");
    QCOMPARE(b.canonical(), std::string("wings[*].buildings[2].floors"));
    // Top-level fields stay as they are.
    QCOMPARE(ScenarioPath::parse("site.elevation_m").canonical(), std::string("site.elevation_m"));
  }

  void placesInTheBuiltInPark() {
    const auto s = model::Scenario::load(model::kBuiltinHaidong);
    const Json& doc = s.document();
    // Every hall has an air side (a schema default), so every hall is addressed.
    QCOMPARE(ScenarioPath::parse("halls[*].air.supply_air_C").places(doc).size(), count_halls(doc));
    QCOMPARE(ScenarioPath::parse("wings[east].halls[*].air.supply_air_C").places(doc).size(),
             count_halls(doc, "east"));
    // Ids match case-insensitively.
    QCOMPARE(ScenarioPath::parse("wings[EAST].halls[*].floor_area_m2").places(doc).size(),
             count_halls(doc, "east"));
    const auto one = ScenarioPath::parse("halls[silk-1a-h1].floor_area_m2").places(doc);
    QCOMPARE(one.size(), std::size_t(1));
    QVERIFY(one[0].find("halls[0].floor_area_m2") != std::string::npos);
    // A path through one kind of air system addresses only the halls that have it.
    std::size_t chilled = 0;
    for (const auto& w : doc["wings"]) {
      for (const auto& b : w["buildings"]) {
        for (const auto& h : b["halls"]) {
          chilled += h["cooling"]["air_system"].contains("chilled_water") ? 1 : 0;
        }
      }
    }
    QVERIFY(chilled > 0 && chilled < count_halls(doc));
    QCOMPARE(ScenarioPath::parse("halls[*].cooling.air_system.chilled_water.tower_approach_K")
                 .places(doc)
                 .size(),
             chilled);
    QVERIFY(ScenarioPath::parse("halls[nonexistent].floor_area_m2").places(doc).empty());
  }

  void applySetsEveryPlaceAndKeepsTheDocumentValid() {
    const auto s = model::Scenario::load(model::kBuiltinHaidong);
    Json doc = s.document();
    const auto p = ScenarioPath::parse("wings[west].halls[*].air.supply_air_C");
    QCOMPARE(p.apply(doc, Json(27.0)), count_halls(doc, "west"));
    for (const auto& w : doc["wings"]) {
      for (const auto& b : w["buildings"]) {
        for (const auto& h : b["halls"]) {
          if (w["id"] == "west") {
            QCOMPARE(h["air"]["supply_air_C"].get<double>(), 27.0);
          } else if (h.contains("air")) {
            QVERIFY(!h["air"].contains("supply_air_C") || h["air"]["supply_air_C"] != 27.0);
          }
        }
      }
    }
    QVERIFY(model::Scenario::check(doc).empty());
    const auto varied = model::Scenario::from_document(doc, "varied");
    for (const auto& w : varied.park().wings) {
      for (const auto& b : w.buildings) {
        for (const auto& h : b.halls) {
          if (w.id == "west") {
            QCOMPARE(h.air.T_supply_K, 300.15);
          }
        }
      }
    }
    // The original is untouched.
    QVERIFY(s.document() != doc);
  }

  void checkValueUsesTheSchema() {
    const auto p = ScenarioPath::parse("halls[*].air.supply_air_C");
    QVERIFY(p.check_value(Json(24.0)).empty());
    QVERIFY(!p.check_value(Json(80.0)).empty());
    QVERIFY(!p.check_value(Json("warm")).empty());
    const auto e = ScenarioPath::parse("rack_groups[*].load_profile");
    QCOMPARE(e.type(), std::string("string"));
    QVERIFY(e.check_value(Json("flat")).empty());
    QVERIFY(!e.check_value(Json("no-such-profile")).empty());
  }

  void errorsNameTheProblemAndTheNearestPaths() {
    const std::string typo = usage_error("halls[*].air.suply_air_C");
    QVERIFY2(typo.find("has no field 'suply_air_C'") != std::string::npos, typo.c_str());
    QVERIFY2(typo.find("halls[*].air.supply_air_C") != std::string::npos, typo.c_str());
    QVERIFY(typo.find("--vary") != std::string::npos);
    const std::string list = usage_error("halls.air.supply_air_C");
    QVERIFY2(list.find("is a list") != std::string::npos, list.c_str());
    const std::string group = usage_error("halls[*].air");
    QVERIFY2(group.find("not one value") != std::string::npos, group.c_str());
    QVERIFY2(group.find("supply_air_C") != std::string::npos, group.c_str());
    const std::string id = usage_error("halls[*].id");
    QVERIFY2(id.find("cannot be varied") != std::string::npos, id.c_str());
    // A calibration's record of what it changed is not an input.
    const std::string record = usage_error("calibration.changes[*].to");
    QVERIFY2(record.find("records what a fit changed") != std::string::npos, record.c_str());
    QVERIFY(!usage_error("").empty());
    QVERIFY(!usage_error("halls[*.air").empty());
    QVERIFY(!usage_error("halls[a b].air").empty());
    QVERIFY(!usage_error("site[0].elevation_m").empty());
    QVERIFY(!usage_error("halls[*]..air").empty());
  }

  void aHugeIndexIsAUsageError() {
    // Found by fuzz_scenario_path (tests/fuzz/corpus/scenario_path/huge_index.txt): a 50-digit
    // index threw std::out_of_range out of the parser, exit 70 at the command line.
    const std::string huge = usage_error("wings[" + std::string(50, '8') + "].buildings[*].floors");
    QVERIFY2(huge.find("is too large") != std::string::npos, huge.c_str());
    QVERIFY(!usage_error("wings[1234567890].name").empty());
  }

  void variablePathsAreParseable() {
    const auto all = model::variable_paths();
    QVERIFY(all.size() > 50);
    for (const auto& path : all) {
      const auto p = ScenarioPath::parse(path);
      QCOMPARE(p.text(), path);
    }
    QVERIFY(std::find(all.begin(), all.end(), "halls[*].air.supply_air_C") != all.end());
  }
};

QTEST_APPLESS_MAIN(TestScenarioPath)
#include "tst_scenario_path.moc"
