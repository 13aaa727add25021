// The park's supply year from a scenario (docs/physics/park-supply.md): a roof's rating from its
// area worked by hand, the balance closing in every hour with exports, the state of charge within
// its limits, no supply giving a green share of 0 and market = location CO2, tenants and halls
// adding up to the park, certificates in whole MWh, the plan's PV rule, the sizing answer checked
// by running the scenario with what it says to add, and the rules the scenario must obey.

#include "one_hall_scenario.hpp"
#include "synthetic_climate.hpp"

#include "parktwin/model/scenario.hpp"
#include "parktwin/model/supply_rules.hpp"
#include "parktwin/physics/park_supply.hpp"
#include "parktwin/physics/pv.hpp"

#include <QtTest>

#include <cmath>
#include <numbers>

using namespace parktwin;
using namespace parktwin::physics;
using model::Json;

namespace {

constexpr double kMWh = 3.6e9;

const ClimateInput& sunny_year() {
  static const ClimateInput y([] {
    auto year = test::seasonal_year();
    year.dhi_W_m2 = year.ghi_W_m2; // the synthetic year has no beam: all its light diffuse
    return year;
  }());
  return y;
}

Json one_hall() { return Json::parse(test::kOneHallScenario); }

/// The one-hall park and a second hall of another tenant in another building.
Json two_tenants() {
  Json doc = one_hall();
  Json b = doc["wings"][0]["buildings"][0];
  b["id"] = "b2";
  b["position_m"] = {100, 100};
  b["halls"][0]["id"] = "h2";
  b["halls"][0]["rack_groups"][0]["count"] = 50;
  b["halls"][0]["rack_groups"][0]["tenant"] = "beta";
  doc["wings"][0]["buildings"][0]["halls"][0]["rack_groups"][0]["tenant"] = "alpha";
  doc["wings"][0]["buildings"].push_back(b);
  doc["tenants"] = Json::parse(R"([{"id": "alpha", "certificates_MWh_per_month": 20}, {"id": "beta"}])");
  return doc;
}

struct Run {
  model::Scenario scenario;
  ParkResult halls;
  SupplyYear supply;
};

Run run(const Json& doc) {
  auto s = model::Scenario::from_document(doc, "test");
  ParkRunOptions o;
  o.simulation.spin_up_s = 3 * 86400.0;
  auto r = simulate_park(s.park(), s.park().stages[0], sunny_year(), o);
  auto y = simulate_supply(s.park(), s.park().stages[0], r, sunny_year());
  return {std::move(s), std::move(r), std::move(y)};
}

std::vector<std::string> problems(const Json& doc) {
  std::vector<std::string> out;
  for (const auto& p : model::Scenario::check(doc)) {
    out.push_back(p.path + ": " + p.message);
  }
  return out;
}

bool refused_at(const Json& doc, const std::string& path) {
  for (const auto& p : model::Scenario::check(doc)) {
    if (p.path == path) {
      return true;
    }
  }
  return false;
}

} // namespace

class TestParkSupply : public QObject {
  Q_OBJECT

private slots:
  void aRoofCarriesWhatItsAreaAllows() {
    // 50 x 40 m less a 2 m strip: 46 x 36 = 1656 m2, whichever way the outline runs.
    const model::Polygon ccw{{0, 0}, {50, 0}, {50, 40}, {0, 40}};
    const model::Polygon cw{{0, 0}, {0, 40}, {50, 40}, {50, 0}};
    QVERIFY(std::abs(model::roof_usable_area_m2(ccw, 2.0) - 1656.0) < 1e-9);
    QVERIFY(std::abs(model::roof_usable_area_m2(cw, 2.0) - 1656.0) < 1e-9);
    // A right triangle with legs 30 and 40 (perimeter 120, inradius 10): its inset by d is similar
    // with scale (10 - d)/10, so a 2 m strip leaves 600 x 0.64 = 384 m2.
    QVERIFY(std::abs(model::roof_usable_area_m2({{0, 0}, {40, 0}, {0, 30}}, 2.0) - 384.0) < 1e-9);
    // Up to the inset's collapse: 19.9 m leaves 10.2 x 0.2 m; 20 m and more leave nothing (the
    // formula's parabola would rise again: 30 m would give 200 m2).
    QVERIFY(std::abs(model::roof_usable_area_m2(ccw, 19.9) - 2.04) < 1e-9);
    QCOMPARE(model::roof_usable_area_m2(ccw, 20.0), 0.0);
    QCOMPARE(model::roof_usable_area_m2(ccw, 30.0), 0.0);
    QCOMPARE(model::roof_usable_area_m2({{0, 0}, {40, 0}, {0, 30}}, 12.0), 0.0); // inradius 10
    // Row pitch at 36.5 N for 2.28 m at 30 deg: the winter-solstice noon sun at 90 - 36.5 - 23.44
    // = 30.06 deg; 2.28 (cos 30 + sin 30 / tan 30.06) = 2.28 x 1.73016 = 3.9448 m (by hand).
    model::PvArray a;
    a.tilt_rad = 30.0 * std::numbers::pi / 180.0;
    const double lat = 36.5 * std::numbers::pi / 180.0;
    QVERIFY(std::abs(model::row_pitch_m(a, lat) - 3.9448) < 1e-3);
    // 1000 W/m2 x 0.21 x 2.28 / 3.9448 = 121.38 W per m2 of roof.
    QVERIFY(std::abs(model::dc_W_per_m2(a, lat) - 121.38) < 0.05);
    // The one-hall building (50 x 40) at 36.5 N: 1656 m2 x 121.38 W/m2 = 201.0 kW.
    Json doc = one_hall();
    doc["site"] = {{"latitude_deg", 36.5}};
    doc["supply"] = {{"pv_arrays", {{{"id", "r"}, {"mount", "roof"}, {"building", "b"}}}}};
    const auto s = model::Scenario::from_document(doc, "test");
    QVERIFY(std::abs(model::pv_dc_ratings_W(s.park())[0] - 201.0e3) < 0.2e3);
    // More than the roof carries is refused, naming what it has.
    doc["supply"]["pv_arrays"][0]["dc_rating_MW"] = 0.3;
    QVERIFY2(refused_at(doc, "supply.pv_arrays[0].dc_rating_MW"), "0.3 MW on a 201 kW roof");
    // A building deleted takes its roof array with it (layout::remove; tst_layout deletes a
    // building of the built-in park, whose roofs all carry PV).
  }

  void anArraysOutputIsItsOwnChainsWhateverItsRating() {
    // Arrays alike but for their rating share one computation per W: each must still give what
    // the PV chain gives it directly (pv.md), and an array of another tilt its own.
    Json doc = one_hall();
    doc["supply"] = Json::parse(R"({"pv_arrays": [{"id": "a", "mount": "ground", "dc_rating_MW": 0.7},
                                                  {"id": "b", "mount": "ground", "dc_rating_MW": 2.9},
                                                  {"id": "c", "mount": "ground", "dc_rating_MW": 2.9, "tilt_deg": 10}]})");
    const Run r = run(doc);
    const auto& y = sunny_year().year();
    const auto sun = pv::sun_positions(y);
    for (std::size_t k = 0; k < 3; ++k) {
      pv::Array a;
      a.dc_rating_W = k == 0 ? 0.7e6 : 2.9e6;
      a.orientation.tilt_deg = k == 2 ? 10.0 : 30.0;
      const auto direct = pv::array_ac_W(a, y, sun);
      const auto& shared = r.supply.sources[k].power_W;
      for (std::size_t i = 0; i < direct.size(); ++i) {
        QVERIFY2(std::abs(shared[i] - direct[i]) <= 1e-9 * std::max(1.0, direct[i]), qPrintable(QString("array %1, hour %2").arg(k).arg(i)));
      }
    }
    QVERIFY(std::abs(r.supply.sources[2].energy_J - r.supply.sources[1].energy_J) > 1e-3 * r.supply.sources[1].energy_J);
  }

  void theBalanceClosesEveryHourAndTheStateOfChargeStaysInItsLimits() {
    Json doc = one_hall();
    doc["supply"] = Json::parse(R"({
      "pv_arrays": [{"id": "f", "mount": "ground", "dc_rating_MW": 2.0, "export_allowed": true}],
      "wind_farms": [{"id": "w", "turbines": 1, "rated_kW": 500, "rotor_diameter_m": 40, "mean_wind_speed_m_s": 6}],
      "contracts": [{"id": "c", "kind": "share", "share": 0.1}],
      "batteries": [{"id": "b", "energy_MWh": 2.0, "power_MW": 0.4, "dispatch": "day_charge_night_use",
                     "soc_min": 0.2, "soc_max": 0.9}],
      "grid": {"export_limit_MW": 0.5}})");
    const Run r = run(doc);
    const auto& s = r.supply;
    QVERIFY(s.pv_J() > 0.0 && s.wind_J() > 0.0 && s.contract_J() > 0.0);
    QVERIFY(s.exported_J > 0.0 && s.curtailed_J > 0.0); // the export limit leaves some to curtail
    double worst = 0.0;
    for (std::size_t i = 0; i < s.balance.hours.size(); ++i) {
      const auto& h = s.balance.hours[i];
      const double in = s.pv_W[i] + s.wind_W[i] + s.contract_W[i] + h.discharge() + h.grid_import;
      const double out = h.load + h.charge_green + h.charge_grid + s.exported_W[i] + s.curtailed_W[i];
      worst = std::max(worst, std::abs(in - out) / std::max(h.load, 1.0));
      QVERIFY2(h.soc >= 0.2 - 1e-9 && h.soc <= 0.9 + 1e-9, qPrintable(QString("hour %1: soc %2").arg(i).arg(h.soc)));
      QVERIFY(s.exported_W[i] <= 0.5e6 * (1.0 + 1e-12));
    }
    QVERIFY2(worst < 1e-9, qPrintable(QString::number(worst)));
    // The load is the halls' facility power.
    double facility = 0.0;
    for (const auto& h : r.halls.halls) {
      facility += h.energy.facility();
    }
    QVERIFY(std::abs(s.accounts.load_J - facility) < 1e-3 * facility); // hourly means of the same integral
  }

  void noSupplyGivesAGreenShareOfZeroAndMarketEqualToLocation() {
    Json doc = one_hall();
    doc["site"] = {{"grid_co2_kg_per_kWh", 0.5366}};
    const Run r = run(doc);
    const auto& a = r.supply.accounts;
    QCOMPARE(a.green_share, 0.0);
    QCOMPARE(a.green_share_with_certificates, 0.0);
    QCOMPARE(a.cfe_score, 0.0);
    QVERIFY(std::abs(a.CO2_market_kg - a.CO2_location_kg) < 1e-9 * a.CO2_location_kg);
    QVERIFY(std::abs(a.CO2_location_kg - a.load_J / 3.6e6 * 0.5366) < 1e-9 * a.CO2_location_kg);
    QVERIFY(std::abs(r.supply.carbon().market_kg - a.CO2_market_kg) < 1e-6 * a.CO2_market_kg);
  }

  void tenantsAndHallsAddUpToThePark() {
    Json doc = two_tenants();
    doc["supply"] = Json::parse(R"({
      "pv_arrays": [{"id": "f", "mount": "ground", "dc_rating_MW": 3.0, "export_allowed": true, "owner": "beta"},
                    {"id": "common", "mount": "ground", "dc_rating_MW": 2.0, "export_allowed": true},
                    {"id": "r", "mount": "roof", "building": "b"}],
      "grid": {"residual_factor_kg_per_kWh": 0.6, "carbon_free_share": 0.3}})");
    const Run r = run(doc);
    const auto& s = r.supply;
    QCOMPARE(s.tenants.size(), std::size_t(2)); // every rack has a tenant: no "unassigned"
    double facility = 0, green = 0, cfe = 0, loc = 0, mkt = 0, cert = 0;
    for (const auto& t : s.tenants) {
      facility += t.year.facility_J;
      green += t.year.green_used_J;
      cfe += t.year.cfe_J;
      loc += t.year.CO2_location_kg;
      mkt += t.year.CO2_market_kg;
      cert += t.year.certificates_J;
      for (const auto& m : t.months) {
        QVERIFY(m.certificates_J <= m.grid_J * (1.0 + 1e-12));
      }
    }
    const auto& a = s.accounts;
    const auto close = [](double x, double y) { return std::abs(x - y) <= 1e-9 * std::max(std::abs(y), 1.0); };
    QVERIFY(close(facility, a.load_J));
    QVERIFY(close(green, a.green_used_J));
    QVERIFY(close(cfe, a.cfe_score * a.load_J));
    QVERIFY(close(loc, a.CO2_location_kg));
    QVERIFY(close(mkt, a.CO2_market_kg));
    QVERIFY(close(cert, a.certificates_J));
    const auto halls = s.carbon_of_halls({"h", "h2"});
    QVERIFY(close(halls.location_kg, a.CO2_location_kg));
    QVERIFY(close(halls.market_kg, a.CO2_market_kg));
    // alpha's 20 certificates a month all retire (its grid energy is larger), then its share of
    // the common field's; beta's export earns it certificates in whole MWh.
    const auto& alpha = s.tenants[0];
    for (const auto& m : alpha.months) {
      QVERIFY(m.certificates_J >= 20 * kMWh - 1e-3);
    }
    QVERIFY(alpha.year.certificates_J > 12 * 20 * kMWh + 1.0);
    QVERIFY(s.export_certificates_J > 0.0);
    const double whole = s.export_certificates_J / kMWh;
    QVERIFY(std::abs(whole - std::round(whole)) < 1e-9);
    QVERIFY(s.tenants[1].green_share_with_certificates() > s.tenants[1].green_share());
    // Each hall is one tenant's: it carries that tenant's certificates, not the park's average.
    QVERIFY(close(s.hall("h")->year.certificates_J, alpha.year.certificates_J));
    QVERIFY(close(s.hall("h2")->year.CO2_market_kg, s.tenants[1].year.CO2_market_kg));
  }

  void offSitePlantsExportOutsideTheParksLimit() {
    // A PV contract's surplus stays in the grid whatever the park's own export limit; the park's
    // field beside it is held to the limit (0 here: curtailed).
    Json doc = one_hall();
    doc["supply"] = Json::parse(R"({"contracts": [{"id": "ppa", "kind": "pv", "capacity_MW": 3}],
                                    "pv_arrays": [{"id": "f", "mount": "ground", "dc_rating_MW": 3, "export_allowed": true}],
                                    "grid": {"export_limit_MW": 0}})");
    const Run r = run(doc);
    QVERIFY(r.supply.exported_J > 0.0);
    QVERIFY(r.supply.curtailed_J > 0.0);
    for (std::size_t i = 0; i < r.supply.exported_W.size(); ++i) {
      QVERIFY(r.supply.exported_W[i] <= r.supply.contract_W[i] * (1.0 + 1e-12) + 1e-9);
    }
  }

  void anHourWithoutLoadStillHasItsGridEnergyAccounted() {
    // Nothing in service yet, but a battery charging in valley hours and kept at its floor:
    // its grid energy and CO2 go to the ledger (the unassigned account), not lost.
    Json doc = one_hall();
    doc["stages"] = Json::parse(R"([{"id": "s", "year": 2027, "default_occupancy": 0.8},
                                    {"id": "later", "year": 2030, "default_occupancy": 0.8}])");
    doc["wings"][0]["buildings"][0]["halls"][0]["stage"] = "later";
    doc["supply"] = Json::parse(R"({"batteries": [{"id": "b", "energy_MWh": 1, "power_MW": 0.5, "dispatch": "custom",
                                                   "grid_charge_hours": [2, 3]}]})");
    const Run r = run(doc);
    const auto& a = r.supply.accounts;
    QCOMPARE(a.load_J, 0.0);
    QVERIFY(a.grid_import_J > 0.0);
    QVERIFY(std::abs(r.supply.carbon().location_kg - a.CO2_location_kg) <= 1e-9 * a.CO2_location_kg);
    QVERIFY(std::abs(r.supply.carbon().market_kg - a.CO2_market_kg) <= 1e-9 * a.CO2_market_kg);
  }

  void thePlansPvRuleGrantsPvToProjectsLargeEnough() {
    Json doc = one_hall();
    doc["accelerators"] = Json::parse(R"([{"id": "acc", "fp16_dense_TFLOPS": 989, "accelerators_per_server": 8, "server_max_kW": 10.2}])");
    doc["wings"][0]["buildings"][0]["halls"][0]["rack_groups"][0] = {{"id", "g"}, {"compute_PFLOPS", 40}, {"accelerator", "acc"}, {"tenant", "t"}};
    doc["tenants"] = Json::parse(R"([{"id": "t", "plan_pv_rule": true}])");
    doc["supply"] = {{"plan_pv_rule", {{"min_project_PFLOPS", 30}}}};
    const Run r = run(doc);
    QCOMPARE(r.supply.sources.size(), std::size_t(1));
    // The group's compute: whole servers, ceil(40e15 / (989e12 x 8)) = 6 servers = 47.47 PFLOPS,
    // at 200 MW per 1,000 PFLOPS: 9.494 MW.
    const double flops = r.scenario.park().compute_FLOPS(r.scenario.park().wings[0].buildings[0].halls[0].rack_groups[0]);
    QVERIFY(std::abs(r.supply.sources[0].capacity_W - 0.2 * flops / 1e12 * 1e3) < 1.0);
    QVERIFY(r.supply.sources[0].export_allowed);
    doc["supply"]["plan_pv_rule"]["min_project_PFLOPS"] = 60;
    QVERIFY(run(doc).supply.sources.empty());
  }

  void theSizingAnswerReachesItsTargetWhenItsAdditionsAreBuilt() {
    Json doc = one_hall();
    doc["stages"][0]["green_energy_share"] = 0.6;
    doc["supply"] = Json::parse(R"({"pv_arrays": [{"id": "f", "mount": "ground", "dc_rating_MW": 0.3}],
                                    "sizing": {"max_pv_MW": 20, "max_storage_MWh": 12, "storage_steps": 3, "storage_hours": 4}})");
    const Run r = run(doc);
    QVERIFY(r.supply.target && std::abs(*r.supply.target - 0.6) < 1e-12);
    QVERIFY(r.supply.sizing && r.supply.sizing->reached);
    QVERIFY(r.supply.accounts.green_share < 0.6);
    for (const auto& p : r.supply.sizing->frontier) {
      if (!p.reached) {
        continue;
      }
      // Built into the scenario: a field of the added PV and a battery of the added storage
      // (the sizing's duration, charged by day and used at night): the target is reached, and
      // 0.2 MW less PV does not reach it.
      Json built = doc;
      built["supply"]["pv_arrays"].push_back({{"id", "added"}, {"mount", "ground"}, {"dc_rating_MW", p.pv_W / 1e6 + 1e-9}});
      if (p.storage_J > 0.0) {
        built["supply"]["batteries"] = {{{"id", "added"}, {"energy_MWh", p.storage_J / kMWh}, {"power_MW", p.storage_J / kMWh / 4.0},
                                         {"dispatch", "day_charge_night_use"}}};
      }
      const double reached = run(built).supply.accounts.green_share;
      QVERIFY2(reached >= 0.6 - 1e-9, qPrintable(QString("%1 MWh, %2 MW: %3").arg(p.storage_J / kMWh).arg(p.pv_W / 1e6).arg(reached)));
      if (p.pv_W > 0.3e6) {
        built["supply"]["pv_arrays"][1]["dc_rating_MW"] = p.pv_W / 1e6 - 0.2;
        QVERIFY(run(built).supply.accounts.green_share < 0.6);
      }
    }
  }

  void theScenarioRulesOfTheSupply() {
    Json doc = one_hall();
    doc["supply"] = Json::parse(R"({"pv_arrays": [{"id": "g", "mount": "ground"},
                                                  {"id": "r1", "mount": "roof", "building": "b"},
                                                  {"id": "r2", "mount": "roof", "building": "b"},
                                                  {"id": "x", "mount": "roof", "building": "nowhere"},
                                                  {"id": "p", "mount": "ground", "dc_rating_MW": 1, "row_pitch_m": 1.0,
                                                   "module_length_m": 2.28, "tilt_deg": 30}]})");
    QVERIFY(refused_at(doc, "supply.pv_arrays[0].dc_rating_MW"));  // a field needs its rating
    QVERIFY(refused_at(doc, "supply.pv_arrays[2].dc_rating_MW"));  // two unrated on one roof
    QVERIFY(refused_at(doc, "supply.pv_arrays[3].building"));      // no such building
    QVERIFY(refused_at(doc, "supply.pv_arrays[4].row_pitch_m"));   // rows overlap
    doc = one_hall();
    doc["supply"] = Json::parse(R"({"pv_arrays": [{"id": "f", "mount": "ground", "wing": "w", "dc_rating_MW": 20}]})");
    QVERIFY(refused_at(doc, "supply.pv_arrays[0].dc_rating_MW")); // 20 MW do not fit in a 4 ha wing
    doc["supply"]["pv_arrays"][0]["dc_rating_MW"] = 1;
    QVERIFY2(problems(doc).empty(), qPrintable(QString::fromStdString(problems(doc).empty() ? "" : problems(doc)[0])));
    // Placed, a field is a square of its land (1 MW at 121 W/m2 at 36.5 N: 91 m) that must lie
    // inside its wing (200 x 200 m) and clear of its buildings (b: 10-60 x 10-50 m).
    doc["site"] = {{"latitude_deg", 36.5}};
    doc["supply"]["pv_arrays"][0]["position_m"] = {140, 140};
    QVERIFY2(problems(doc).empty(), qPrintable(QString::fromStdString(problems(doc).empty() ? "" : problems(doc)[0])));
    const auto placed = model::Scenario::from_document(doc, "test");
    const auto outline = model::field_outline(placed.park(), placed.park().supply.pv_arrays[0]);
    QVERIFY(outline && std::abs(model::area_m2(*outline) - 1e6 / model::dc_W_per_m2(placed.park().supply.pv_arrays[0], 36.5 * std::numbers::pi / 180.0)) < 1e-6);
    doc["supply"]["pv_arrays"][0]["position_m"] = {180, 140};
    QVERIFY(refused_at(doc, "supply.pv_arrays[0].position_m")); // out of the wing
    doc["supply"]["pv_arrays"][0]["position_m"] = {60, 50};
    QVERIFY(refused_at(doc, "supply.pv_arrays[0].position_m")); // on the building
    doc = one_hall();
    doc["supply"] = Json::parse(R"({"contracts": [{"id": "a", "kind": "share"}, {"id": "b", "kind": "pv", "share": 0.2}],
                                    "batteries": [{"id": "x", "energy_MWh": 1, "power_MW": 1, "discharge_hours": [20]},
                                                  {"id": "y", "energy_MWh": 1, "power_MW": 1, "soc_min": 0.3}]})");
    QVERIFY(refused_at(doc, "supply.contracts[0].share"));
    QVERIFY(refused_at(doc, "supply.contracts[1].capacity_MW"));
    QVERIFY(refused_at(doc, "supply.contracts[1].share"));
    QVERIFY(refused_at(doc, "supply.batteries[0].discharge_hours")); // read only by 'custom'
    QVERIFY(refused_at(doc, "supply.batteries[1]"));                 // not the same as the first
    doc = one_hall();
    doc["wings"][0]["buildings"][0]["halls"][0]["rack_groups"][0]["tenant"] = "nobody";
    QVERIFY(refused_at(doc, "wings[0].buildings[0].halls[0].rack_groups[0].tenant"));
  }
};

QTEST_GUILESS_MAIN(TestParkSupply)
#include "tst_park_supply.moc"
