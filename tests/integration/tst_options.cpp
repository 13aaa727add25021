// No option is read and then ignored: every enumerated value and every boolean of the scenario
// schema, found by walking the schema itself, changes the result of a small case built to let it
// matter, or is listed here with the reason it cannot. A new enum or boolean that nothing reads,
// or that has no case here, fails the suite.

#include "one_hall_scenario.hpp"
#include "synthetic_climate.hpp"

#include "parktwin/climate/psychrometrics.hpp"
#include "parktwin/model/scenario.hpp"
#include "parktwin/physics/hall_simulation.hpp"
#include "parktwin/physics/park_dispatch.hpp"
#include "parktwin/physics/park_supply.hpp"
#include "parktwin/physics/ridethrough.hpp"

#include <QtTest>

#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <string>

using namespace parktwin;
using namespace parktwin::physics;
using model::Json;

namespace {

const char* const kHall = test::kOneHallScenario;

enum class Weather { Seasonal, HotDry, ColdDry, HotHumid };

/// A case in which an option matters: the scenario edit that sets the scene, where the option
/// sits (relative to the hall), and the weather.
struct Case {
  std::function<void(Json& doc, Json& hall)> scene;
  std::string pointer; ///< JSON pointer below the hall (supply cases: below the document)
  Weather weather;
  bool supply = false; ///< an option of the supply: its figures are the supply year's
  std::function<void(Json& doc, const Json& value)> adjust = {}; ///< what a value needs beside it
  bool dispatch = false; ///< an option of the dispatch (a supply case): its figures are the dispatch's
  std::string event = {}; ///< an option of a failure (ride-through): its figures are this event's
};

/// A year of sun (diffuse light only: the synthetic year has no beam) for the supply's cases.
const ClimateInput& sunny_year() {
  static const ClimateInput y(test::diffuse_sun_year());
  return y;
}

/// A ground PV field of `MW` outside the park.
Json field(double MW) { return {{"id", "f"}, {"mount", "ground"}, {"dc_rating_MW", MW}}; }

const ClimateInput& weather_year(Weather w) {
  static const ClimateInput seasonal(test::seasonal_year());
  static const ClimateInput hot_dry(test::constant_year(38.0, 0.25, 78000.0));
  static const ClimateInput cold_dry(test::constant_year(-10.0, 0.2, 78000.0));
  static const ClimateInput hot_humid(test::constant_year(40.0, 0.9, 78000.0));
  switch (w) {
  case Weather::Seasonal:
    return seasonal;
  case Weather::HotDry:
    return hot_dry;
  case Weather::ColdDry:
    return cold_dry;
  case Weather::HotHumid:
    return hot_humid;
  }
  return seasonal;
}

void liquid(Json& hall) {
  hall["rack_groups"][0]["liquid_fraction"] = 0.7;
  hall["cooling"]["liquid"] = {{"technology", "cold_plate"}};
}

/// Schema path of an option (as the walk below names it) -> the case that shows it matters.
std::map<std::string, Case> cases() {
  std::map<std::string, Case> c;
  c["electrical.ups_mode"] = {[](Json&, Json&) {}, "/electrical/ups_mode", Weather::Seasonal};
  c["rack_group.load_profile"] = {[](Json&, Json&) {}, "/rack_groups/0/load_profile", Weather::Seasonal};
  c["chilled_water.economizer"] = {
      [](Json&, Json& h) { h["cooling"]["air_system"] = {{"chilled_water", Json::object()}}; },
      "/cooling/air_system/chilled_water/economizer", Weather::Seasonal};
  c["direct_air_economizer.humidifier"] = {
      [](Json&, Json& h) { h["cooling"]["air_system"] = {{"direct_air_economizer", Json::object()}}; },
      "/cooling/air_system/direct_air_economizer/humidifier", Weather::ColdDry};
  c["liquid.technology"] = {[](Json&, Json& h) { liquid(h); }, "/cooling/liquid/technology",
                            Weather::Seasonal};
  c["liquid.rejection"] = {[](Json&, Json& h) { liquid(h); }, "/cooling/liquid/rejection", Weather::HotDry};
  c["liquid.adiabatic_assist"] = {[](Json&, Json& h) { liquid(h); }, "/cooling/liquid/adiabatic_assist",
                                  Weather::HotDry};
  c["heat_recovery.mode"] = {[](Json& doc, Json& h) {
                               doc["heat_networks"] = Json::parse(R"([{"id": "dh", "served_floor_area_m2": 5000}])");
                               liquid(h);
                               h["cooling"]["liquid"]["facility_supply_water_C"] = 30.0;
                               h["cooling"]["liquid"]["facility_return_water_C"] = 38.0;
                               h["cooling"]["heat_recovery"] = {{"network", "dh"}};
                             },
                             "/cooling/heat_recovery/mode", Weather::Seasonal};
  // Generators carry the hall in an outage: without them the cooling stays off and the IT runs
  // until its batteries (one minute here) are empty.
  c["electrical.generators"] = {[](Json&, Json& h) { h["electrical"]["ups_autonomy_s"] = 60.0; },
                                "/electrical/generators", Weather::HotDry, false, {}, false, "outage"};
  // A stratified tank holds the loop's supply when the plant cannot: after the chillers trip in a
  // hot humid hour (chilled water), after the dry coolers trip (facility water).
  c["chilled_water.storage_kind"] = {[](Json&, Json& h) {
                                       h["cooling"]["air_system"] = {{"chilled_water", {{"storage_m3", 200.0}}}};
                                     },
                                     "/cooling/air_system/chilled_water/storage_kind", Weather::HotHumid, false, {},
                                     false, "trip:chiller"};
  c["liquid.storage_kind"] = {[](Json&, Json& h) {
                                liquid(h);
                                h["cooling"]["liquid"]["storage_m3"] = 50.0;
                              },
                              "/cooling/liquid/storage_kind", Weather::HotDry, false, {}, false, "trip:dry_cooler"};
  // Redundancy is capacity while nothing has failed: it matters where the plant is at its limit.
  c["plant.redundancy"] = {[](Json& doc, Json&) {
                             doc["site"] = {{"cooling_design_dry_bulb_C", 28.0}, {"cooling_design_wet_bulb_C", 17.0}};
                           },
                           "/cooling/plant/redundancy", Weather::HotHumid};
  // Air units, heat rejection and pumps: capacity too, each group given so that its redundancy
  // decides how far the 400 kW hall (40 % of its design load) is held back, or how close its
  // heat rejection comes to the air.
  c["air_units.redundancy"] = {[](Json&, Json& h) {
                                 h["cooling"]["plant"]["air_units"] = {{"units", 4}, {"unit_capacity_fraction", 0.06}};
                               },
                               "/cooling/plant/air_units/redundancy", Weather::Seasonal};
  c["rejection_units.redundancy"] = {[](Json&, Json& h) {
                                       liquid(h);
                                       h["cooling"]["plant"]["heat_rejection"] = {{"units", 3}, {"unit_capacity_fraction", 0.4}};
                                     },
                                     "/cooling/plant/heat_rejection/redundancy", Weather::HotDry};
  c["pump_units.redundancy"] = {[](Json&, Json& h) {
                                  liquid(h);
                                  h["cooling"]["plant"]["pumps"] = {{"units", 4}, {"unit_capacity_fraction", 0.06}};
                                },
                                "/cooling/plant/pumps/redundancy", Weather::Seasonal};
  // The supply's options: a 400 kW hall against PV, wind, storage and contracts.
  c["tenant.plan_pv_rule"] = {[](Json& doc, Json& h) {
                                doc["accelerators"] = Json::parse(R"([{"id": "acc", "fp16_dense_TFLOPS": 989,
                                  "accelerators_per_server": 8, "server_max_kW": 10.2}])");
                                h["rack_groups"][0] = {{"id", "g"}, {"compute_PFLOPS", 40}, {"accelerator", "acc"}, {"tenant", "t"}};
                                doc["tenants"] = Json::parse(R"([{"id": "t"}])");
                                doc["supply"] = {{"plan_pv_rule", {{"min_project_PFLOPS", 10}}}};
                              },
                              "/tenants/0/plan_pv_rule", Weather::Seasonal, true};
  c["pv_array.export_allowed"] = {[](Json& doc, Json&) { doc["supply"] = {{"pv_arrays", {field(5.0)}}}; },
                                  "/supply/pv_arrays/0/export_allowed", Weather::Seasonal, true};
  c["wind_farm.export_allowed"] = {[](Json& doc, Json&) {
                                     doc["supply"] = {{"wind_farms", {{{"id", "w"}, {"turbines", 2}, {"mean_wind_speed_m_s", 7.0}}}}};
                                   },
                                   "/supply/wind_farms/0/export_allowed", Weather::Seasonal, true};
  c["battery.dispatch"] = {[](Json& doc, Json&) {
                             doc["supply"] = {{"pv_arrays", {field(1.5)}},
                                              {"batteries", {{{"id", "b"}, {"energy_MWh", 2.0}, {"power_MW", 0.5}}}}};
                           },
                           "/supply/batteries/0/dispatch", Weather::Seasonal, true};
  c["battery.charge_from_surplus"] = {[](Json& doc, Json&) {
                                        doc["supply"] = {{"pv_arrays", {field(1.5)}},
                                                         {"batteries", {{{"id", "b"}, {"energy_MWh", 2.0}, {"power_MW", 0.5},
                                                                         {"dispatch", "custom"},
                                                                         {"discharge_hours", {0, 1, 2, 3, 4, 5, 19, 20, 21, 22, 23}}}}}};
                                      },
                                      "/supply/batteries/0/charge_from_surplus", Weather::Seasonal, true};
  c["contract.kind"] = {[](Json& doc, Json&) { doc["supply"] = {{"contracts", {{{"id", "c"}}}}}; },
                        "/supply/contracts/0/kind", Weather::Seasonal, true,
                        [](Json& doc, const Json& v) {
                          doc["supply"]["contracts"][0][v == "share" ? "share" : "capacity_MW"] = v == "share" ? 0.3 : 1.0;
                        }};
  // The CFE score counts the grid's carbon-free share, the green share does not.
  c["sizing.measure"] = {[](Json& doc, Json&) {
                           doc["supply"] = {{"pv_arrays", {field(0.2)}},
                                            {"grid", {{"carbon_free_share", 0.5}}},
                                            {"sizing", {{"target", 0.7}, {"max_pv_MW", 20}, {"max_storage_MWh", 4}, {"storage_steps", 2}}}};
                         },
                         "/supply/sizing/measure", Weather::Seasonal, true};
  // Sun at noon and a dear afternoon: the carbon objective moves work to the sun, the cost
  // objective to the cheap night.
  c["dispatch.objective"] = {[](Json& doc, Json&) {
                               doc["supply"] = {{"pv_arrays", {field(1.5)}}};
                               doc["site"]["time_of_use"] = {{{"start_hour", 10}, {"end_hour", 18}, {"price_CNY_per_kWh", 0.9}},
                                                             {{"start_hour", 0}, {"end_hour", 6}, {"price_CNY_per_kWh", 0.2}}};
                               doc["dispatch"] = {{"flexible_share", 0.3}};
                             },
                             "/dispatch/objective", Weather::Seasonal, true, {}, true};
  return c;
}

/// Options that cannot change a result, with the reason.
const std::map<std::string, std::string> kCannot = {
    {"(root).format", "identifies the file as a ParkTwin scenario; the only value"},
    {"(root).version", "the format's version: 1 is read as 2 (tst_layout::formatVersion1IsReadAsVersion2), so both "
                       "give the same results"},
    {"hall_layout.containment", "hot- and cold-aisle containment are the same to the lumped air model (one cold-"
                                "aisle and one hot-aisle node); 'none' raises the default recirculation and bypass "
                                "(tst_layout::openAislesMixMore)"},
    {"rack_rows.orientation", "geometry for the 3D view and the layout rules (tst_layout); the thermal model is lumped"},
    {"cooling_units.kind", "which units are drawn; it must match the air system, or the scenario is refused "
                           "(tst_layout); their capacity is cooling.plant.air_units"},
    {"cooling_units.side", "the wall of the hall the units are drawn along (tst_layout turns it with the building)"},
    {"pv_array.mount", "where the array is: a roof array's rating defaults to what its roof carries "
                       "(tst_park_supply::aRoofCarriesWhatItsAreaAllows); at equal ratings roof and ground "
                       "arrays are the same open-rack physics"},
};

/// Every enum and boolean of the schema, named "<$defs entry>.<property>", with its values.
void walk(const Json& node, const std::string& def, std::map<std::string, std::vector<Json>>& out) {
  if (!node.is_object() || !node.contains("properties")) {
    return;
  }
  for (const auto& [key, p] : node["properties"].items()) {
    const std::string name = def + "." + key;
    if (p.contains("enum")) {
      out[name] = p["enum"].get<std::vector<Json>>();
    } else if (p.value("type", "") == "boolean") {
      out[name] = {Json(false), Json(true)};
    }
  }
}

std::vector<double> figures(const HallResult& r) {
  return {r.pue(),           r.energy.it,         r.energy.facility(), r.energy.compressors,
          r.energy.pumps,    r.energy.humidification, r.water_kg,      r.free_cooling_hours,
          r.heat_delivered_J, r.heat_pump_J,      r.peak_facility_W,   r.max_inlet_C};
}

} // namespace

class TestOptions : public QObject {
  Q_OBJECT

private slots:
  void everyEnumValueAndBooleanChangesTheResult() {
    const Json schema = Json::parse(model::scenario_schema_text());
    std::map<std::string, std::vector<Json>> options;
    walk(schema, "(root)", options);
    for (const auto& [def, node] : schema["$defs"].items()) {
      walk(node, def, options);
    }
    QVERIFY(options.size() >= 10);
    const auto all = cases();
    for (const auto& [name, values] : options) {
      if (kCannot.count(name) != 0) {
        continue;
      }
      const auto it = all.find(name);
      QVERIFY2(it != all.end(), ("option " + name + " has no case showing that it changes a result "
                                 "(add one to tst_options, or list why it cannot)").c_str());
      const Case& c = it->second;
      std::map<std::string, std::vector<double>> seen;
      for (const auto& v : values) {
        Json doc = Json::parse(kHall);
        Json& hall = doc["wings"][0]["buildings"][0]["halls"][0];
        c.scene(doc, hall);
        (c.supply ? doc : hall)[Json::json_pointer(c.pointer)] = v;
        if (c.adjust) {
          c.adjust(doc, v);
        }
        const auto scenario = model::Scenario::from_document(doc, name + " = " + v.dump());
        const auto& park = scenario.park();
        if (c.supply) {
          ParkRunOptions po;
          po.simulation.spin_up_s = 3 * 86400.0;
          const ParkResult pr = simulate_park(park, park.stages[0], sunny_year(), po);
          QVERIFY2(pr.halls.at(0).ok, (name + " = " + v.dump() + ": " + pr.halls[0].error).c_str());
          const SupplyYear s = simulate_supply(park, park.stages[0], pr, sunny_year());
          if (c.dispatch) {
            const DispatchYear d = simulate_dispatch(park, park.stages[0], pr, s, sunny_year(), po);
            const std::vector<double> f = {d.shifted_J, d.cfe_score.after, d.cost_CNY.after, d.facility_J.after,
                                           d.unused_green_J.after};
            for (const auto& [other, g] : seen) {
              bool differ = false;
              for (std::size_t i = 0; i < f.size(); ++i) {
                differ = differ || std::abs(f[i] - g[i]) > 1e-6 * std::max(std::abs(f[i]), 1.0);
              }
              QVERIFY2(differ, (name + ": " + v.dump() + " gives the same dispatch as " + other).c_str());
            }
            seen[v.dump()] = f;
            continue;
          }
          std::vector<double> f = {s.pv_J(), s.wind_J(), s.contract_J(), s.exported_J, s.curtailed_J,
                                   s.accounts.green_share, s.accounts.green_share_with_certificates, s.accounts.cfe_score,
                                   s.accounts.grid_import_J, s.balance.equivalent_full_cycles, s.balance.storage_losses_J};
          if (s.sizing) {
            for (const auto& p : s.sizing->frontier) {
              f.push_back(p.pv_W);
            }
          }
          for (const auto& [other, g] : seen) {
            bool differ = f.size() != g.size();
            for (std::size_t i = 0; i < f.size() && i < g.size(); ++i) {
              differ = differ || std::abs(f[i] - g[i]) > 1e-6 * std::max(std::abs(f[i]), 1.0);
            }
            QVERIFY2(differ, (name + ": " + v.dump() + " gives the same supply year as " + other).c_str());
          }
          seen[v.dump()] = f;
          continue;
        }
        SimulationOptions o;
        o.spin_up_s = 3 * 86400.0;
        o.keep_hourly = false;
        o.keep_states = !c.event.empty();
        const auto& the_hall = park.wings[0].buildings[0].halls[0];
        const HallResult r = simulate_hall(park, the_hall, park.stages[0], weather_year(c.weather), o);
        QVERIFY2(r.ok, (name + " = " + v.dump() + ": " + r.error).c_str());
        auto f = figures(r);
        if (!c.event.empty()) {
          const std::size_t hour = 4000;
          const RideThroughResult e =
              simulate_ride_through(park, the_hall, park.stages[0], weather_year(c.weather), r.plant.design,
                                    RideThroughEvent::parse(c.event), r.states.at(hour - 1), hour);
          f = {e.peak_inlet_C, e.time_to_27C_s.value_or(-1.0), e.it_energy_J, e.facility_energy_J,
               e.power_restored_s.value_or(-1.0), e.it_power_lost_s.value_or(-1.0), e.tank_discharged_J,
               std::isfinite(e.peak_facility_water_C) ? e.peak_facility_water_C : 0.0};
        }
        for (const auto& [other, g] : seen) {
          bool differ = false;
          for (std::size_t i = 0; i < f.size(); ++i) {
            differ = differ || std::abs(f[i] - g[i]) > 1e-6 * std::max(std::abs(f[i]), 1.0);
          }
          QVERIFY2(differ, (name + ": " + v.dump() + " gives the same results as " + other).c_str());
        }
        seen[v.dump()] = f;
      }
    }
    // The cases name only options that exist.
    for (const auto& [name, c] : all) {
      QVERIFY2(options.count(name) == 1, ("tst_options has a case for " + name + ", not in the schema").c_str());
    }
  }
};

QTEST_GUILESS_MAIN(TestOptions)
#include "tst_options.moc"
