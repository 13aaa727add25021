// parktwin ridethrough: a hall's temperatures in the minutes after a unit of its plant fails.

#include "climate_source.hpp"
#include "commands.hpp"

#include "parktwin/common/atomic_file.hpp"
#include "parktwin/common/error.hpp"
#include "parktwin/model/scenario.hpp"
#include "parktwin/physics/bands.hpp"
#include "parktwin/physics/ridethrough.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <ostream>
#include <sstream>

namespace parktwin::cli {
namespace {

using nlohmann::ordered_json;

ordered_json seconds(const std::optional<double>& t) { return t ? ordered_json(*t) : ordered_json(nullptr); }

ordered_json event_json(const physics::RideThroughResult& r) {
  ordered_json j{{"hour", r.hour},
                 {"units_failed", r.units_failed},
                 {"units_installed", r.units_installed},
                 {"start_inlet_C", r.start_inlet_C},
                 {"time_to_27C_s", seconds(r.time_to_27C_s)},
                 {"time_to_32C_s", seconds(r.time_to_32C_s)},
                 {"time_to_35C_s", seconds(r.time_to_35C_s)},
                 {"peak_inlet_C", r.peak_inlet_C},
                 {"peak_return_C", r.peak_return_C},
                 {"peak_facility_water_C",
                  std::isfinite(r.peak_facility_water_C) ? ordered_json(r.peak_facility_water_C) : ordered_json(nullptr)},
                 {"coolant_limit_C", std::isfinite(r.coolant_limit_C) ? ordered_json(r.coolant_limit_C) : ordered_json(nullptr)},
                 {"time_to_coolant_limit_s", seconds(r.time_to_coolant_limit_s)},
                 {"peak_facility_supply_C",
                  std::isfinite(r.peak_facility_supply_C) ? ordered_json(r.peak_facility_supply_C) : ordered_json(nullptr)},
                 {"peak_it_at_risk_share", r.peak_it_at_risk_share},
                 {"it_at_risk_s", r.it_at_risk_s},
                 {"power_restored_s", seconds(r.power_restored_s)},
                 {"compressors_restart_s", seconds(r.compressors_restart_s)},
                 {"it_power_lost_s", seconds(r.it_power_lost_s)},
                 {"ups_added_rating_kW", r.ups_added_rating_W / 1e3},
                 {"mode_changes", [&] {
                    ordered_json m = ordered_json::array();
                    for (const auto& [t, mode] : r.mode_changes) {
                      m.push_back({{"t_s", t}, {"mode", physics::to_string(mode)}});
                    }
                    return m;
                  }()},
                 {"tank_capacity_kWh", r.tank_capacity_J / 3.6e6},
                 {"tank_discharged_kWh", r.tank_discharged_J / 3.6e6},
                 {"chilled_water_tank_empty_s", seconds(r.chilled_water_tank_empty_s)},
                 {"facility_water_tank_empty_s", seconds(r.facility_water_tank_empty_s)},
                 {"it_kWh", r.it_energy_J / 3.6e6},
                 {"facility_kWh", r.facility_energy_J / 3.6e6},
                 {"water_m3", r.water_kg / 1000.0},
                 {"energy_balance_residual", r.energy_balance_residual}};
  return j;
}


/// Time to 32 C for ordering hours: never is longer than any time.
double key(const physics::RideThroughResult& r) {
  return r.time_to_32C_s.value_or(std::numeric_limits<double>::infinity());
}

} // namespace

Command ridethrough_command() {
  Command c;
  c.spec.path = "ridethrough";
  c.spec.usage = "<scenario.json | haidong> --event <trip:PLANT[:units] | pump:liquid | outage> [--hall <id>] "
                 "[--at <hour> | --every-hour] [--for <s>] [--trace <file.csv>] [--json]";
  c.spec.summary = "A hall's inlet temperatures in the minutes after a unit of its plant fails or the utility "
                   "drops: time to 27, 32 and 35 C, the peak inlet, IT at risk, from the hall's state at an hour "
                   "of its year.";
  c.spec.min_positionals = 1;
  c.spec.max_positionals = 1;
  c.spec.options = park_year_options({
      {"event", "trip:PLANT[:units] | pump:liquid | outage",
       "what fails: PLANT one of chiller, dx, iec, dry_cooler, tower, crah, pump; units how many (default every "
       "one); outage: the utility, the hall's electrical chain deciding what keeps running"},
      {"for", "s", "how long the failure lasts (the units are back; the utility returns); default: the whole event"},
      {"hold-controls", "", "hold the plant's mode and trim as they were at the event's start (default: its controls "
                            "act as in the year, staging up after their dwell)"},
      {"trace", "file.csv", "write the temperatures at every second (hall, t_s, inlet_C, return_C, "
                            "it_at_risk_share); not with --every-hour"},
      {"hall", "id", "the hall (default: every hall in service)"},
      {"at", "hour", "the hour of the climate year (1-8760) at whose start the event happens (default: the "
                     "hottest hour)"},
      {"every-hour", "", "the event at the start of every hour: the worst hour and the spread of the time to 32 C"},
      {"duration", "s", "simulated after the failure (default 1800 s; 60 to 86400)"},
      {"jobs", "n", "hours (with --every-hour) or halls simulated in parallel (default: all cores)"},
      {"json", "", "print JSON instead of text"},
  });
  c.spec.details =
      "Each hall's year is simulated first (its state kept at the start of every hour); the event then takes "
      "the failed units' capacity, flow or duty out of service and the hall is followed at 1 s for the "
      "duration. The plant's controls act as in the year (staging up after their dwell, at once when a mode "
      "cannot reach the set point; --hold-controls holds mode and trim); the year is the profiled one, without "
      "dispatch. In an outage only the IT and the cooling loads "
      "on the UPS (electrical.mechanical_on_ups) run until the generators carry the hall "
      "(generator_start_s + load_transfer_s); the compressors cool again cooling.plant.compressor_restart_s "
      "later; the IT stops when its batteries (ups_autonomy_s at rated load) run out. "
      "Method and limits: docs/physics/ride-through.md. Exit status 0, 1 for bad input, 2 for bad usage, "
      "4 if a hall's year or event failed.\n";
  c.run = [](const ParsedArgs& a, std::ostream& out) {
    const auto scenario = model::Scenario::load(a.positionals().front());
    const model::Park& park = scenario.park();
    const model::Stage& stage = choose_stage(park, a.value("stage"));
    const auto event_text = a.value("event");
    if (!event_text) {
      throw UsageError("ridethrough", "give --event <trip:PLANT[:units] | pump:liquid | outage>");
    }
    physics::RideThroughEvent event = physics::RideThroughEvent::parse(*event_text);
    if (const auto f = a.number("for")) {
      if (!(*f >= 1.0 && *f <= 86400.0)) {
        throw UsageError("--for", "from 1 to 86400 s");
      }
      event.lasts_s = *f;
    }
    const bool every = a.flag("every-hour");
    const auto at = a.whole_number("at", 1, 8784);
    if (every && at) {
      throw UsageError("--at", "give --at or --every-hour, not both");
    }
    const auto trace = a.value("trace");
    if (every && trace) {
      throw UsageError("--trace", "a trace is of one event per hall: not with --every-hour");
    }
    physics::RideThroughOptions ro;
    ro.restage = !a.flag("hold-controls");
    if (const auto d = a.number("duration")) {
      if (!(*d >= 60.0 && *d <= 86400.0)) {
        throw UsageError("--duration", "from 60 to 86400 s");
      }
      ro.duration_s = *d;
    }
    unsigned jobs = 0;
    if (const auto j = a.whole_number("jobs", 1, 256)) {
      jobs = static_cast<unsigned>(*j);
    }
    std::vector<const model::Hall*> halls;
    for (const auto& w : park.wings) {
      for (const auto& b : w.buildings) {
        for (const auto& h : b.halls) {
          if (park.service_year(h) <= stage.year && (!a.value("hall") || *a.value("hall") == h.id)) {
            halls.push_back(&h);
          }
        }
      }
    }
    if (halls.empty()) {
      throw InputError("--hall", a.value("hall") ? "no hall '" + *a.value("hall") + "' in service at stage " + stage.id
                                                 : "no hall in service at stage " + stage.id);
    }
    const ResolvedClimate rc = resolve_park_climate(a, park);
    const physics::ClimateInput climate(rc.year, park.site.hot_year_K); // the year simulated
    if (at && static_cast<std::size_t>(*at) > climate.hours()) {
      throw UsageError("--at", "the climate year has " + std::to_string(climate.hours()) + " hours");
    }
    // The hottest hour by the climate's dry bulb (the hour ending at the warmest record).
    const auto& T = climate.dry_bulb_K();
    const std::size_t hottest = static_cast<std::size_t>(std::max_element(T.begin(), T.end()) - T.begin()) + 1;
    struct HallOut {
      physics::HallResult year;
      std::vector<physics::RideThroughResult> events; // one, or one per hour
    };
    std::vector<HallOut> results(halls.size());
    const auto year_of = [&](std::size_t i) {
      physics::SimulationOptions so;
      so.keep_states = true;
      so.keep_hourly = false;
      results[i].year = physics::simulate_hall(park, *halls[i], stage, climate, so);
      if (!results[i].year.ok) {
        throw SolverError("hall " + halls[i]->id, results[i].year.error);
      }
    };
    const auto one = [&](std::size_t i, std::size_t hour) {
      return physics::simulate_ride_through(park, *halls[i], stage, climate, results[i].year.plant.design, event,
                                            results[i].year.states.at(hour - 1), hour, ro);
    };
    if (every) {
      for (std::size_t i = 0; i < halls.size(); ++i) {
        year_of(i);
        auto& ev = results[i].events;
        ev.resize(climate.hours());
        // (Checked once on the first hour: a hall without the plant stops here, not 8760 times.)
        ev[0] = one(i, 1);
        physics::for_each_sample(climate.hours() - 1, jobs, [&](std::size_t k) { ev[k + 1] = one(i, k + 2); });
      }
    } else {
      physics::for_each_sample(halls.size(), jobs, [&](std::size_t i) {
        year_of(i);
        results[i].events.push_back(one(i, at ? static_cast<std::size_t>(*at) : hottest));
      });
    }
    ordered_json hj = ordered_json::array();
    for (std::size_t i = 0; i < halls.size(); ++i) {
      const auto& ev = results[i].events;
      std::size_t worst = 0;
      for (std::size_t k = 1; k < ev.size(); ++k) {
        if (key(ev[k]) < key(ev[worst]) ||
            (key(ev[k]) == key(ev[worst]) && ev[k].peak_inlet_C > ev[worst].peak_inlet_C)) {
          worst = k;
        }
      }
      ordered_json j{{"id", halls[i]->id}, {"name", halls[i]->name}};
      j.update(event_json(ev[worst]));
      if (every) {
        std::vector<double> t32;
        std::size_t never = 0;
        for (const auto& r : ev) {
          t32.push_back(key(r));
          never += r.time_to_32C_s ? 0 : 1;
        }
        const auto pct = [&](double p) {
          const double v = physics::percentile(t32, p);
          return std::isfinite(v) ? ordered_json(v) : ordered_json(nullptr);
        };
        j["worst_hour"] = ev[worst].hour;
        j["percentiles"] = {{"time_to_32C_s", {{"p10", pct(10)}, {"p50", pct(50)}, {"p90", pct(90)}}}};
        j["hours_never_32C"] = never;
      }
      hj.push_back(std::move(j));
    }
    if (trace) {
      std::ostringstream csv;
      csv << "hall,t_s,inlet_C,return_C,it_at_risk_share\n";
      for (std::size_t i = 0; i < halls.size(); ++i) {
        const auto& r = results[i].events.front();
        for (std::size_t k = 0; k < r.t_s.size(); ++k) {
          csv << halls[i]->id << ',' << r.t_s[k] << ',' << fixed(r.inlet_C[k], 3) << ',' << fixed(r.return_C[k], 3)
              << ',' << fixed(r.at_risk_share[k], 4) << '\n';
        }
      }
      write_file_atomically(*trace, csv.str());
    }
    if (a.flag("json")) {
      out << ordered_json{{"scenario", park.name},
                          {"stage", stage.id},
                          {"climate", rc.year.name},
                          {"event", event.describe()},
                          {"lasts_s", event.lasts_s ? ordered_json(*event.lasts_s) : ordered_json(nullptr)},
                          {"controls", std::string(ro.restage ? "act" : "held")},
                          {"duration_s", ro.duration_s},
                          {"every_hour", every},
                          {"halls", hj}}
                 .dump(2)
          << "\n";
      return 0;
    }
    out << "Ride-through: " << event.describe() << "; " << park.name << ", stage " << stage.id << "; climate "
        << rc.year.name << "; " << fixed(ro.duration_s, 0) << " s after the failure"
        << (every ? ", at every hour (the worst shown)" : "") << "\n\n  " << pad_right("hall", 20) << pad_left("hour", 6)
        << pad_left("units", 8) << pad_left("inlet C", 9) << pad_left("27 C", 9) << pad_left("32 C", 9)
        << pad_left("35 C", 9) << pad_left("peak C", 9) << pad_left("at risk", 9) << "\n";
    for (const auto& j : hj) {
      const auto t = [&](const char* k) {
        return j[k].is_null() ? std::string("never") : fixed(j[k].get<double>(), 0) + " s";
      };
      out << "  " << pad_right(j["id"].get<std::string>(), 20) << pad_left(std::to_string(j["hour"].get<std::size_t>()), 6)
          << pad_left(j["units_installed"].get<int>() == 0 ? std::string("-")
                                                          : std::to_string(j["units_failed"].get<int>()) + "/" +
                                                                std::to_string(j["units_installed"].get<int>()),
                      8)
          << pad_left(fixed(j["start_inlet_C"].get<double>(), 1), 9) << pad_left(t("time_to_27C_s"), 9)
          << pad_left(t("time_to_32C_s"), 9) << pad_left(t("time_to_35C_s"), 9)
          << pad_left(fixed(j["peak_inlet_C"].get<double>(), 1), 9)
          << pad_left(fixed(100.0 * j["peak_it_at_risk_share"].get<double>(), 0) + " %", 9) << "\n";
      if (!j["coolant_limit_C"].is_null()) {
        out << "  " << pad_right("", 20) << "coolant above " << fixed(j["coolant_limit_C"].get<double>(), 0)
            << " C or not flowing after " << t("time_to_coolant_limit_s") << "; facility supply peak "
            << (j["peak_facility_supply_C"].is_null() ? std::string("- (no flow)")
                                                      : fixed(j["peak_facility_supply_C"].get<double>(), 1) + " C")
            << "\n";
      }
      if (event.kind == physics::RideThroughEvent::Kind::Outage) {
        out << "  " << pad_right("", 20) << "power back after " << t("power_restored_s") << ", compressors after "
            << t("compressors_restart_s") << (j["it_power_lost_s"].is_null() ? std::string("")
                                                 : "; IT lost its power after " + t("it_power_lost_s"))
            << "\n";
      }
      if (every) {
        const auto& p = j["percentiles"]["time_to_32C_s"];
        const auto s = [&](const char* k) { return p[k].is_null() ? std::string("never") : fixed(p[k].get<double>(), 0) + " s"; };
        out << "  " << pad_right("", 20) << "time to 32 C over the hours: P10 " << s("p10") << ", P50 " << s("p50")
            << ", P90 " << s("p90") << "; never in " << j["hours_never_32C"].get<std::size_t>() << " hours\n";
      }
    }
    return 0;
  };
  return c;
}

} // namespace parktwin::cli
