// Identical halls are simulated once (park_simulation.cpp). That is only right if the signature
// of a hall changes with every input that changes its results: checked here for every key the
// schema defines for a hall, and for the stage, network and building it depends on.

#include "parktwin/common/text.hpp"
#include "parktwin/model/scenario.hpp"
#include "parktwin/physics/hall_simulation.hpp"
#include "parktwin/physics/park_simulation.hpp"

#include "synthetic_climate.hpp"

#include <QtTest>

#include <set>

using namespace parktwin;
using model::Json;
namespace fs = std::filesystem;

namespace {

const fs::path kMaximal = fs::path(PARKTWIN_TEST_DATA_DIR) / "scenarios" / "maximal.json";

/// The signature of hall `index` of the maximal scenario after an edit (empty if the edit makes
/// the scenario invalid).
std::string signature_after(const Json& doc, std::size_t index) {
  if (!model::Scenario::check(doc).empty()) {
    return {};
  }
  const auto s = model::Scenario::from_document(doc, "edited");
  const auto& park = s.park();
  return physics::hall_signature(park, park.wings[0].buildings[0].halls[index], park.stages[0]);
}

/// Pointers to the value at a hall-relative pattern ("air.supply_air_C",
/// "rack_groups[*].occupancy"), in the first hall and group that have it.
std::optional<std::pair<std::size_t, Json::json_pointer>> locate(const Json& doc, const std::string& rel) {
  const auto& halls = doc["wings"][0]["buildings"][0]["halls"];
  for (std::size_t h = 0; h < halls.size(); ++h) {
    std::string pointer = "/wings/0/buildings/0/halls/" + std::to_string(h);
    std::vector<std::string> parts;
    for (auto part : split(rel, '.')) {
      parts.emplace_back(part);
    }
    std::function<std::optional<Json::json_pointer>(std::size_t, const std::string&)> walk =
        [&](std::size_t k, const std::string& at) -> std::optional<Json::json_pointer> {
      if (k == parts.size()) {
        return Json::json_pointer(at);
      }
      std::string key = parts[k];
      const bool array = key.size() > 3 && key.substr(key.size() - 3) == "[*]";
      if (array) {
        key = key.substr(0, key.size() - 3);
      }
      const Json::json_pointer here(at + "/" + key);
      if (!doc.contains(here)) {
        return std::nullopt;
      }
      if (!array) {
        return walk(k + 1, at + "/" + key);
      }
      for (std::size_t i = 0; i < doc.at(here).size(); ++i) {
        if (auto found = walk(k + 1, at + "/" + key + "/" + std::to_string(i))) {
          return found;
        }
      }
      return std::nullopt;
    };
    if (auto p = walk(0, pointer)) {
      return std::make_pair(h, *p);
    }
  }
  return std::nullopt;
}

} // namespace

class TestSignature : public QObject {
  Q_OBJECT

private slots:
  void everyHallInputChangesTheSignature() {
    const Json base = Json::parse(read_file(kMaximal));
    const std::string prefix = "wings[*].buildings[*].halls[*].";
    int checked = 0;
    model::scenario_schema().for_each_property([&](const std::string& pattern, const Json& node, bool) {
      if (pattern.rfind(prefix, 0) != 0) {
        return;
      }
      const std::string rel = pattern.substr(prefix.size());
      const std::string type = node.value("type", std::string());
      if (type != "number" && type != "integer" && type != "boolean" && type != "string") {
        return;
      }
      const auto where = locate(base, rel);
      QVERIFY2(where.has_value(), ("maximal.json lacks " + rel).c_str());
      const auto [hall, pointer] = *where;
      const std::string before = signature_after(base, hall);
      const std::string leaf = rel.substr(rel.rfind('.') + 1);
      // A hall's layout is geometry the physics does not see (the thermal model is lumped), except
      // its containment, which sets the default recirculation and bypass: no new hall-year for it.
      const bool geometry = rel.rfind("layout.", 0) == 0 && rel != "layout.containment";
      // A rack group's tenant is whose racks they are, for the carbon ledger: not a physics input.
      // A group's flexibility is the dispatch's input: it reaches the hall-year through the
      // dispatched schedule (whose digest keys the dispatched year), not the profiled signature.
      const bool dispatch = rel.find(".flexibility.") != std::string::npos;
      // An outage's electrical chain and the compressors' restart delay are inputs of ride-through
      // events, simulated from the hall-year's states: the hall-year does not depend on them
      // (the loads on the UPS do: their losses are the UPS's in every hour).
      const bool event_only = rel == "cooling.plant.compressor_restart_s" || rel == "electrical.ups_autonomy_s" ||
                              rel == "electrical.generators" || rel == "electrical.generator_start_s" ||
                              rel == "electrical.load_transfer_s";
      const bool descriptive = leaf == "id" || leaf == "name" || leaf == "name_zh" || leaf == "source" ||
                               leaf == "tenant" || geometry || dispatch || event_only;
      // Candidate new values, the first valid one is used.
      std::vector<Json> candidates;
      const Json& old = base.at(pointer);
      if (node.contains("enum")) {
        for (const auto& e : node["enum"]) {
          if (e != old) {
            candidates.push_back(e);
          }
        }
      } else if (type == "boolean") {
        candidates.push_back(!old.get<bool>());
      } else if (type == "string") {
        candidates.push_back(old.get<std::string>() + "x");
      } else {
        const double x = old.get<double>();
        for (double f : {1.1, 0.9, 1.5, 0.5, 3.0, 0.3}) {
          candidates.push_back(type == "integer" ? Json(std::llround(x * f + (f > 1 ? 1 : -1)))
                                                 : Json(x * f));
        }
        for (double dx : {0.1, 1.0, 10.0}) { // values that default to zero
          candidates.push_back(type == "integer" ? Json(std::llround(x + dx + 0.5)) : Json(x + dx));
        }
      }
      // The first valid candidate that changes the signature; quantised inputs (PFLOPS round to
      // whole servers and racks) may need a larger change before the physics changes at all.
      std::string after;
      for (const auto& v : candidates) {
        Json edited = base;
        edited[pointer] = v;
        const std::string sig = signature_after(edited, hall);
        if (sig.empty()) {
          continue;
        }
        after = sig;
        if (sig != before || descriptive) {
          break;
        }
      }
      if (after.empty()) {
        // References (stage, network, accelerator, tenant ids) cannot change alone and stay valid.
        QVERIFY2(leaf == "stage" || leaf == "network" || leaf == "accelerator" || leaf == "id" || leaf == "rack_group" ||
                     leaf == "tenant",
                 ("no valid change found for " + rel).c_str());
        return;
      }
      ++checked;
      if (descriptive) {
        QVERIFY2(after == before, ("the signature depends on descriptive key " + rel).c_str());
      } else {
        QVERIFY2(after != before, ("the signature ignores " + rel).c_str());
      }
    });
    QVERIFY(checked > 50);
  }

  void loadsOnTheUpsChangeTheSignature() {
    // (An array, which the walk above does not edit.) Each cooling load on the UPS adds its losses.
    const Json base = Json::parse(read_file(kMaximal));
    const std::string before = signature_after(base, 0);
    std::set<std::string> seen{before};
    for (const char* load : {"air_units", "pumps", "heat_rejection"}) {
      Json edited = base;
      edited["wings"][0]["buildings"][0]["halls"][0]["electrical"]["mechanical_on_ups"] = Json::array({load});
      const std::string sig = signature_after(edited, 0);
      QVERIFY2(!sig.empty() && seen.insert(sig).second, load);
    }
  }

  void contextChangesTheSignature() {
    const Json base = Json::parse(read_file(kMaximal));
    const std::string before = signature_after(base, 0);
    // The stage's occupancy matters to groups without their own.
    Json own = base;
    for (auto& g : own["wings"][0]["buildings"][0]["halls"][0]["rack_groups"]) {
      g.erase("occupancy");
    }
    Json a = own;
    a["stages"][0]["default_occupancy"] = 0.9;
    QVERIFY(signature_after(a, 0) != signature_after(own, 0));
    QVERIFY(signature_after(own, 0) != before);
    Json b = base;
    b["heat_networks"][0]["design_heat_flux_W_per_m2"] = 60.0;
    // The building's floors decide the hall's share of the roof (its area over the gross floor
    // area; the footprint itself cancels out for a hall that fits).
    Json c = base;
    c["wings"][0]["buildings"][0]["floors"] = 3;
    QVERIFY(signature_after(b, 0) != before);
    QVERIFY(signature_after(c, 0) != before);
  }

  void identicalHallsGiveIdenticalResults() {
    // Two copies of one hall in the park: simulated once, both results equal to simulating the
    // hall alone.
    Json doc = Json::parse(read_file(kMaximal));
    auto& halls = doc["wings"][0]["buildings"][0]["halls"];
    Json copy = halls[2];
    copy["id"] = "h3-copy";
    copy["name"] = "a copy";
    halls.push_back(copy);
    doc["wings"][0]["buildings"][0]["floors"] = 3;
    const auto s = model::Scenario::from_document(doc, "copies");
    const auto& park = s.park();
    const physics::ClimateInput climate(test::seasonal_year());
    const auto all = physics::simulate_park(park, park.stages[0], climate);
    QCOMPARE(all.halls.size(), std::size_t{4});
    QCOMPARE(all.halls[3].hall_id, std::string("h3-copy"));
    physics::ParkRunOptions alone;
    alone.only_hall = "h3-copy";
    const auto single = physics::simulate_park(park, park.stages[0], climate, alone);
    QCOMPARE(all.halls[3].energy.facility(), single.halls[0].energy.facility());
    QCOMPARE(all.halls[2].energy.facility(), single.halls[0].energy.facility());
    QCOMPARE(all.halls[3].compressor_free_days, single.halls[0].compressor_free_days);
  }

  void cacheReusesOnlyUnchangedYears() {
    // A sweep's cache: a second run of the same park integrates nothing and gives the same
    // results; an edited hall, another price or another climate is integrated again.
    const Json doc = Json::parse(read_file(kMaximal));
    const auto s = model::Scenario::from_document(doc, "base");
    const physics::ClimateInput climate(test::seasonal_year());
    physics::HallResultCache cache;
    physics::ParkRunOptions o;
    o.cache = &cache;
    const auto first = physics::simulate_park(s.park(), s.park().stages[0], climate, o);
    QVERIFY(first.simulated_halls > 0);
    const auto again = physics::simulate_park(s.park(), s.park().stages[0], climate, o);
    QCOMPARE(again.simulated_halls, std::size_t{0});
    QCOMPARE(again.halls.size(), first.halls.size());
    for (std::size_t i = 0; i < first.halls.size(); ++i) {
      QCOMPARE(again.halls[i].hall_id, first.halls[i].hall_id);
      QCOMPARE(again.halls[i].energy.facility(), first.halls[i].energy.facility());
      QCOMPARE(again.halls[i].energy_cost_CNY, first.halls[i].energy_cost_CNY);
    }
    // One hall edited: only it is integrated.
    Json edited = doc;
    edited["wings"][0]["buildings"][0]["halls"][0]["air"]["supply_air_C"] = 26.5;
    const auto e = model::Scenario::from_document(edited, "edited");
    const auto one = physics::simulate_park(e.park(), e.park().stages[0], climate, o);
    QCOMPARE(one.simulated_halls, std::size_t{1});
    // Another price changes every hall's energy cost: all integrated again.
    Json priced = doc;
    priced["site"]["electricity_price_CNY_per_kWh"] = 0.9;
    priced["site"].erase("time_of_use");
    const auto p = model::Scenario::from_document(priced, "priced");
    const auto costly = physics::simulate_park(p.park(), p.park().stages[0], climate, o);
    QCOMPARE(costly.simulated_halls, first.simulated_halls);
    // Another climate object: integrated again.
    const physics::ClimateInput other(test::constant_year(10.0, 0.5, 78000.0));
    const auto elsewhere = physics::simulate_park(s.park(), s.park().stages[0], other, o);
    QCOMPARE(elsewhere.simulated_halls, first.simulated_halls);
  }
};

QTEST_GUILESS_MAIN(TestSignature)
#include "tst_signature.moc"
