// parktwin run: every hall of a park through a climate year.

#include "climate_source.hpp"
#include "commands.hpp"
#include "dispatch_report.hpp"
#include "supply_report.hpp"

#include "parktwin/climate/design_days.hpp"
#include "parktwin/common/atomic_file.hpp"
#include "parktwin/common/error.hpp"
#include "parktwin/common/units.hpp"
#include "parktwin/model/haidong_site.hpp"
#include "parktwin/model/scenario.hpp"
#include "parktwin/common/sha256.hpp"
#include "parktwin/config.hpp"
#include "parktwin/model/uncertainty.hpp"
#include "parktwin/physics/bands.hpp"
#include "parktwin/physics/metrics.hpp"
#include "parktwin/physics/park_dispatch.hpp"
#include "parktwin/physics/park_simulation.hpp"
#include "parktwin/physics/results_io.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <ostream>

namespace parktwin::cli {
namespace {

using nlohmann::ordered_json;

using Sum = physics::HallTotals;

ordered_json energy_json(const physics::EnergyByUse& e) {
  const auto mwh = [](double J) { return J / 3.6e9; };
  return {{"it_MWh", mwh(e.it)},
          {"air_fans_MWh", mwh(e.air_fans)},
          {"heat_rejection_fans_MWh", mwh(e.heat_rejection_fans)},
          {"compressors_MWh", mwh(e.compressors)},
          {"pumps_MWh", mwh(e.pumps)},
          {"humidification_MWh", mwh(e.humidification)},
          {"lighting_MWh", mwh(e.lighting)},
          {"auxiliaries_MWh", mwh(e.auxiliaries)},
          {"ups_losses_MWh", mwh(e.ups_losses)},
          {"distribution_losses_MWh", mwh(e.distribution_losses)},
          {"transformer_losses_MWh", mwh(e.transformer_losses)},
          {"facility_MWh", mwh(e.facility())}};
}

/// The Green Grid metrics and the rest, from energies (J), water (kg) and recovered heat (J).
ordered_json metrics_json(const physics::EnergyByUse& e, double water_kg, double recovered_J,
                          double delivered_J, double demand_J, double heat_pump_J, double cost_CNY,
                          const physics::Carbon& co2) {
  const auto m = physics::key_metrics(e, water_kg, recovered_J, co2);
  return {{"PUE", m.pue},
          {"pPUE_cooling", m.ppue_cooling},
          {"pPUE_power_chain", m.ppue_power_chain},
          {"ERE", m.ere},
          {"WUE_L_per_kWh", m.wue_L_per_kWh},
          {"CUE_kg_per_kWh", m.cue_kg_per_kWh},
          {"CUE_location_kg_per_kWh", m.cue_location_kg_per_kWh},
          {"CO2_t", m.co2_kg / 1000.0},
          {"CO2_location_t", m.co2_location_kg / 1000.0},
          {"heat_recovered_MWh", recovered_J / 3.6e9},
          {"heat_delivered_MWh", delivered_J / 3.6e9},
          {"heat_demand_MWh", demand_J / 3.6e9},
          {"heat_pump_MWh", heat_pump_J / 3.6e9},
          {"energy_cost_CNY", cost_CNY}};
}

/// {figure: {p10, p50, p90}} of one hall or the park (figures it does not have left out).
ordered_json bands_json(const std::vector<physics::Band>& b) {
  ordered_json j = ordered_json::object();
  for (std::size_t k = 0; k < b.size(); ++k) {
    if (std::isfinite(b[k].p50)) {
      j[physics::band_figures()[k]] = {{"p10", b[k].p10}, {"p50", b[k].p50}, {"p90", b[k].p90}};
    }
  }
  return j;
}

ordered_json uncertainty_json(const physics::BandsResult& r) {
  ordered_json sens = ordered_json::object();
  for (std::size_t f = 0; f < r.park_sensitivity.size(); ++f) {
    ordered_json per = ordered_json::object();
    for (std::size_t k = 0; k < r.parameters.parameters.size(); ++k) {
      per[r.parameters.parameters[k].name] = r.park_sensitivity[f][k];
    }
    sens[physics::band_figures()[f]] = per;
  }
  return {{"method", "Latin hypercube, uniform over each parameter's range; P10/P50/P90 by linear "
                     "interpolation of order statistics; sensitivity: Spearman's rank correlation "
                     "of the park's figure with each parameter (docs/uncertainty.md)"},
          {"samples", r.samples},
          {"seed", r.seed},
          {"parameters", r.parameters.to_json()},
          {"not_applicable", r.not_applicable},
          {"sensitivity", sens},
          {"wall_time_s", r.wall_time_s}};
}

void print_bands_text(std::ostream& out, const physics::BandsResult& r) {
  out << "\nUncertainty bands: " << r.samples << " samples (Latin hypercube, seed " << r.seed << ") of "
      << r.parameters.parameters.size() << " parameters, " << fixed(r.wall_time_s, 1) << " s\n\n  "
      << pad_right("figure", 22) << pad_left("P10", 14) << pad_left("P50", 14) << pad_left("P90", 14)
      << "   strongest parameter (Spearman rho)\n";
  const auto& park = r.bands.at("");
  for (std::size_t f = 0; f < park.size(); ++f) {
    const int digits = f == 0 ? 4 : (f == 1 || f == 6 ? 3 : 0); // PUE, WUE and green share
    out << "  " << pad_right("park " + physics::band_figures()[f], 22) << pad_left(fixed(park[f].p10, digits), 14)
        << pad_left(fixed(park[f].p50, digits), 14) << pad_left(fixed(park[f].p90, digits), 14);
    if (const auto best = r.strongest_parameter(f)) {
      out << "   " << r.parameters.parameters[*best].name << " (" << fixed(r.park_sensitivity[f][*best], 2) << ")";
    }
    out << "\n";
  }
  out << "\n  " << pad_right("hall", 18) << pad_left("PUE P10-P90", 18) << pad_left("CF days P10-P90", 18) << "\n";
  for (const auto& [id, b] : r.bands) {
    if (id.empty()) {
      continue;
    }
    out << "  " << pad_right(id, 18) << pad_left(fixed(b[0].p10, 3) + "-" + fixed(b[0].p90, 3), 18)
        << pad_left(fixed(b[3].p10, 0) + "-" + fixed(b[3].p90, 0), 18) << "\n";
  }
}

} // namespace

Command ledger_command() {
  Command c;
  c.spec.path = "ledger";
  c.spec.usage = "[<scenario.json> | haidong] [--stage <id|year>] [--climate <name-or-EPW>] [--jobs <n>] "
                 "[--json] [--csv <file.csv>]";
  c.spec.summary = "The carbon ledger per company and month: IT and facility energy, green energy "
                   "used, grid energy, green certificates retired, green share, CFE, CO2 by the "
                   "location- and market-based methods.";
  c.spec.min_positionals = 0;
  c.spec.max_positionals = 1;
  c.spec.options = park_year_options({
      {"jobs", "n", "halls simulated in parallel (default: all cores)"},
      {"json", "", "print JSON instead of text"},
      {"csv", "file.csv", "also write the ledger as CSV (one row per company and month)"},
  });
  c.spec.details = "Simulates the park as 'run' does, then its supply year (docs/physics/park-supply.md). "
                   "Companies are the scenario's tenants; racks of none are 'unassigned'. Exit status 0, "
                   "4 if a hall could not be simulated.\n";
  c.run = [](const ParsedArgs& a, std::ostream& out) {
    const std::string name = a.positionals().empty() ? model::kBuiltinHaidong : a.positionals()[0];
    const auto scenario = model::Scenario::load(name);
    const model::Park& park = scenario.park();
    const model::Stage& stage = choose_stage(park, a.value("stage"));
    const ResolvedClimate rc = resolve_park_climate(a, park);
    const physics::ClimateInput climate(rc.year, park.site.hot_year_K); // the year simulated
    physics::ParkRunOptions options;
    if (const auto j = a.whole_number("jobs", 1, 256)) {
      options.threads = static_cast<unsigned>(*j);
    }
    options.simulation.keep_hourly = true; // the ledger is hourly
    physics::SupplyOptions so;
    so.sizing = false;
    physics::OperatedYear year = physics::simulate_operated_year(park, stage, climate, options, so);
    const physics::ParkResult result = std::move(year.halls);
    const physics::SupplyYear supply = std::move(year.supply);
    if (const auto file = a.value("csv")) {
      write_file_atomically(*file, physics::ledger_csv(supply));
    }
    if (a.flag("json")) {
      out << ordered_json{{"scenario", park.name}, {"stage", stage.id}, {"climate", rc.year.name},
                          {"tenants", ledger_json(supply)}}
                 .dump(2)
          << "\n";
    } else {
      out << "Carbon ledger: " << park.name << ", stage " << stage.id << "; climate " << rc.year.name << "\n\n";
      print_ledger_text(out, supply);
    }
    std::size_t failed = 0;
    for (const auto& r : result.halls) {
      failed += r.ok ? 0 : 1;
    }
    if (failed > 0) {
      throw InputError("ledger", std::to_string(failed) + " hall(s) not simulated: their energy is not in the ledger");
    }
    return 0;
  };
  return c;
}

Command run_command() {
  Command c;
  c.spec.path = "run";
  c.spec.usage = "[<scenario.json> | haidong] [--stage <id|year>] [--climate <name-or-EPW>] "
                 "[--hall <id>] [--jobs <n>] [--bands <n> [--seed <s>] [--uncertainty <file.json>]] [--json]";
  c.spec.summary = "Simulates every hall of a park through a climate year: IT energy, PUE, "
                   "pPUE, WUE, free-cooling hours, compressor-free days, peak demand; then its "
                   "supply: green share, CFE, CO2, the stage's target and what would reach it.";
  c.spec.min_positionals = 0;
  c.spec.max_positionals = 1;
  c.spec.options = park_year_options({
      {"hall", "id", "simulate only this hall"},
      {"jobs", "n", "halls simulated in parallel (default: all cores)"},
      {"out", "file.h5", "write the results (hourly series, summaries, metadata) to HDF5"},
      {"csv", "folder", "write summary.csv, park_hourly.csv, supply_hourly.csv and ledger.csv into a folder"},
      {"rtol", "x", "solver relative tolerance (default 1e-4; 1e-8 to 1e-2)"},
      {"max-steps", "n", "most solver steps between two 15-min outputs (default 500000)"},
      {"bands", "n", "also P10, P50 and P90 of the figures from n samples of the uncertain parameters (1-100000)"},
      {"seed", "s", "seed of the bands' Latin hypercube (default 1)"},
      {"uncertainty", "file.json", "the uncertain parameters to sample (default: the built-in set, docs/uncertainty.md)"},
      {"json", "", "print JSON instead of text"},
  });
  c.spec.details =
      "Columns: PUE and ERE (The Green Grid), WUE in litres per kWh of IT, hours and days "
      "without compressors, heat delivered to district heating, peak demand. Exit status 0 if "
      "every hall ran, 4 if one failed. With --bands, each sample runs the operated year with the "
      "declared parameters moved by a Latin-hypercube draw (docs/uncertainty.md): the same seed "
      "and count give the same bands whatever --jobs.\n";
  c.run = [](const ParsedArgs& a, std::ostream& out) {
    const std::string name = a.positionals().empty() ? model::kBuiltinHaidong : a.positionals()[0];
    const auto scenario = model::Scenario::load(name);
    const model::Park& park = scenario.park();
    const auto band_samples = a.whole_number("bands", 1, 100000);
    const auto seed = a.whole_number("seed", 0, 1e15);
    if ((seed || a.value("uncertainty")) && !band_samples) {
      throw UsageError(seed ? "--seed" : "--uncertainty", "applies to --bands only");
    }
    const model::UncertaintySet uncertainty =
        a.value("uncertainty") ? model::UncertaintySet::load(*a.value("uncertainty")) : model::UncertaintySet::builtin();
    // Default: the scenario's default_stage, as every command and the studio.
    const model::Stage* stage = &choose_stage(park, a.value("stage"));
    const ResolvedClimate rc = resolve_park_climate(a, park);
    const physics::ClimateInput climate(rc.year, park.site.hot_year_K); // the year simulated
    physics::ParkRunOptions options;
    options.only_hall = a.value("hall").value_or("");
    if (const auto j = a.whole_number("jobs", 1, 256)) {
      options.threads = static_cast<unsigned>(*j);
    }
    std::optional<std::filesystem::path> h5, csv;
    if (const auto o = a.value("out")) {
      h5 = *o;
      if (h5->extension() != ".h5" && h5->extension() != ".hdf5") {
        throw UsageError("--out", "'" + *o + "' should end in .h5");
      }
    }
    if (const auto o = a.value("csv")) {
      csv = *o;
    }
    options.simulation.keep_hourly = true; // for coincident peaks (66 MB for the 2030 park)
    if (const auto r = a.number("rtol")) {
      if (!(*r >= 1e-8 && *r <= 1e-2)) {
        throw UsageError("--rtol", "must be between 1e-8 and 1e-2");
      }
      options.simulation.integrator.relative_tolerance = *r;
    }
    if (const auto n = a.whole_number("max-steps", 1, 1e9)) {
      options.simulation.integrator.max_steps = static_cast<long>(*n);
    }
    // With a dispatch the park runs as dispatched: every figure below is the year after it, and
    // park.dispatch compares it with the year as profiled.
    physics::OperatedYear year = physics::simulate_operated_year(park, *stage, climate, options);
    const physics::ParkResult result = std::move(year.halls);
    const physics::SupplyYear supply = std::move(year.supply);
    const std::optional<physics::DispatchYear> dispatched = std::move(year.dispatch);
    std::optional<physics::BandsResult> bands;
    if (band_samples) {
      physics::BandsOptions bo;
      bo.samples = static_cast<std::size_t>(*band_samples);
      bo.seed = seed ? static_cast<std::uint64_t>(*seed) : 1;
      bo.jobs = options.threads;
      bo.run = options;
      bands = physics::run_bands(scenario, stage->id, climate, uncertainty, bo);
    }
    if (h5) {
      const auto& io = options.simulation.integrator;
      physics::RunMetadata meta{scenario.to_text(),
                                scenario.source(),
                                rc.year.name,
                                rc.description,
                                sha256_file_hex(rc.file),
                                PARKTWIN_VERSION,
                                "CVODES BDF, dense; rtol " + std::to_string(io.relative_tolerance) +
                                    ", atol " + std::to_string(io.absolute_tolerance) +
                                    " (PI integrator 1e-3), max steps " +
                                    std::to_string(io.max_steps) + ", outputs every " +
                                    std::to_string(options.simulation.control_step_s) + " s"};
      physics::write_results_hdf5(*h5, park, result, meta, &supply, dispatched ? &*dispatched : nullptr);
    }
    if (csv) {
      physics::write_results_csv(*csv, result, &supply);
    }
    Sum total;
    std::map<std::string, Sum> wings;
    std::map<std::string, std::vector<std::string>> wing_halls;
    bool solver_failure = false;
    for (const auto& r : result.halls) {
      total.add(r);
      wings[r.wing_id].add(r);
      wing_halls[r.wing_id].push_back(r.hall_id);
      solver_failure = solver_failure || (!r.ok && r.solver_failed);
    }
    if (a.flag("json")) {
      // Each distinct hall runs its climate's cooling design days (the .ddy file's, else the
      // year's own) once, its plant sized as in the annual run (only JSON reports them).
      std::map<std::string, std::vector<physics::DesignDayResult>> design_by_signature;
      ordered_json halls = ordered_json::array();
      for (const auto& r : result.halls) {
        const model::Hall* hall = nullptr;
        for (const auto& w : park.wings) {
          for (const auto& b : w.buildings) {
            for (const auto& hl : b.halls) {
              hall = hl.id == r.hall_id ? &hl : hall;
            }
          }
        }
        const std::string hall_name = hall != nullptr ? hall->name : std::string();
        ordered_json h{{"id", r.hall_id}, {"name", hall_name}, {"wing", r.wing_id}, {"ok", r.ok}};
        if (!r.ok) {
          h["error"] = r.error;
        } else {
          h["energy"] = energy_json(r.energy);
          h["metrics"] = metrics_json(r.energy, r.water_kg, r.heat_recovered_J, r.heat_delivered_J,
                                      r.heat_demand_J, r.heat_pump_J, r.energy_cost_CNY,
                                      supply.hall(r.hall_id) != nullptr ? supply.hall(r.hall_id)->carbon() : physics::Carbon{});
          h["water_m3"] = r.water_kg / 1000.0;
          h["free_cooling_hours"] = r.free_cooling_hours;
          h["partial_free_cooling_hours"] = r.partial_free_cooling_hours;
          h["compressor_free_days"] = r.compressor_free_days;
          h["peak_facility_kW"] = r.peak_facility_W / 1e3;
          h["peak_kVA"] = r.peak_apparent_power_VA / 1e3;
          h["hours_inlet_above_27C"] = r.hours_above_recommended;
          h["hours_inlet_above_32C"] = r.hours_above_allowable;
          h["hours_inlet_above_35C"] = r.hours_inlet_above_35C;
          h["hours_inlet_below_18C"] = r.hours_below_recommended;
          h["max_inlet_C"] = r.max_inlet_C;
          h["unmet_load_hours"] = r.unmet_load_hours;
          h["plant"] = {{"design_dry_bulb_C", units::kelvin_to_celsius(r.plant.design.T_db_K)},
                        {"design_wet_bulb_C", units::kelvin_to_celsius(r.plant.design.T_wb_K)},
                        {"design_source", r.plant.design.source},
                        {"compressor_unit_capacity_kW", r.plant.air_unit_capacity_W / 1e3},
                        {"compressor_units_installed", r.plant.air_units_installed},
                        {"liquid_trim_capacity_kW", r.plant.liquid_trim_capacity_W / 1e3},
                        {"air_flow_capacity_m3_s", r.plant.air_flow_capacity_m3_s},
                        {"heat_rejection_capacity_kW", r.plant.heat_rejection_capacity_W / 1e3},
                        {"pump_capacity_fraction", r.plant.pump_capacity_fraction}};
          ordered_json dd = ordered_json::array();
          if (hall != nullptr) {
            const std::string sig = physics::hall_signature(park, *hall, *stage);
            auto it = design_by_signature.find(sig);
            if (it == design_by_signature.end()) {
              it = design_by_signature
                       .emplace(sig, physics::check_design_days(park, *hall, *stage, climate.design_days(),
                                                                r.plant.design, options.simulation))
                       .first;
            }
            for (const auto& d : it->second) {
              ordered_json e{{"name", d.name}, {"source", d.source}, {"ok", d.ok}};
              if (d.ok) {
                e["holds"] = d.holds;
                e["margin_kW"] = d.margin_W / 1e3;
                e["margin_N_kW"] = d.margin_N_W / 1e3;
                e["max_inlet_C"] = d.max_inlet_C;
                e["min_inlet_C"] = d.min_inlet_C;
              } else {
                e["error"] = d.error;
              }
              dd.push_back(e);
            }
          }
          h["design_day"] = dd;
          h["mode_switches"] = r.switches.size();
          h["energy_balance_residual"] = r.balance.relative_residual();
          h["solver"] = {{"steps", r.solver.steps},
                         {"rhs_evaluations", r.solver.rhs_evaluations},
                         {"restarts", r.solver.restarts}};
          if (bands && bands->bands.count(r.hall_id) != 0) {
            h["bands"] = bands_json(bands->bands.at(r.hall_id));
          }
        }
        halls.push_back(h);
      }
      ordered_json wj = ordered_json::object();
      for (const auto& [id, s] : wings) {
        wj[id] = {{"halls", s.halls}, {"failed", s.failed},
                  {"peak_kW", s.coincident_peak_W() / 1e3}, {"peak_kVA", s.coincident_peak_VA() / 1e3},
                  {"energy", energy_json(s.energy)},
                  {"metrics", metrics_json(s.energy, s.water_kg, s.recovered_J, s.delivered_J,
                                           s.demand_J, s.heat_pump_J, s.cost_CNY, supply.carbon_of_halls(wing_halls[id]))}};
      }
      ordered_json doc{{"scenario", park.name},
                          {"stage", {{"id", result.stage_id}, {"year", result.stage_year}}},
                          {"climate", rc.year.name},
                          {"climate_description", rc.description},
                          {"hot_year_K", park.site.hot_year_K},
                          {"halls", halls},
                          {"wings", wj},
                          {"park", {{"halls", total.halls},
                                    {"failed", total.failed},
                                    {"energy", energy_json(total.energy)},
                                    {"metrics", metrics_json(total.energy, total.water_kg,
                                                             total.recovered_J, total.delivered_J,
                                                             total.demand_J, total.heat_pump_J,
                                                             total.cost_CNY, supply.carbon())},
                                    {"supply", supply_json(park, *stage, supply)},
                                    {"dispatch", dispatched ? dispatch_json(*dispatched) : ordered_json(nullptr)},
                                    {"peak_kW", total.coincident_peak_W() / 1e3},
                                    {"peak_kVA", total.coincident_peak_VA() / 1e3},
                                    {"sum_of_hall_peaks_kVA", total.sum_of_peaks_VA / 1e3}}},
                          {"tenants", tenants_json(supply)},
                          {"wall_time_s", result.wall_time_s}};
      if (bands) {
        doc["park"]["bands"] = bands_json(bands->bands.at(""));
        doc["uncertainty"] = uncertainty_json(*bands);
      }
      out << doc.dump(2) << "\n";
    } else {
      out << "Park: " << park.name << ", stage " << result.stage_id << "; climate " << rc.year.name
          << "\n\n  " << pad_right("hall", 18) << pad_left("IT MWh", 10) << pad_left("PUE", 7)
          << pad_left("ERE", 7) << pad_left("WUE L/kWh", 11) << pad_left("free h", 8)
          << pad_left("CF days", 9) << pad_left("heat MWh", 10) << pad_left("peak kVA", 10)
          << pad_left("switches", 10) << "\n";
      for (const auto& r : result.halls) {
        if (!r.ok) {
          out << "  " << pad_right(r.hall_id, 18) << "  not simulated: " << r.error << "\n";
          continue;
        }
        out << "  " << pad_right(r.hall_id, 18) << pad_left(fixed(r.energy.it / 3.6e9, 0), 10)
            << pad_left(fixed(r.pue(), 3), 7) << pad_left(fixed(r.ere(), 3), 7)
            << pad_left(fixed(r.water_kg / units::j_to_kwh(r.energy.it), 3), 11)
            << pad_left(fixed(r.free_cooling_hours, 0), 8)
            << pad_left(std::to_string(r.compressor_free_days), 9)
            << pad_left(fixed(r.heat_delivered_J / 3.6e9, 0), 10)
            << pad_left(fixed(r.peak_apparent_power_VA / 1e3, 0), 10)
            << pad_left(std::to_string(r.switches.size()), 10) << "\n";
      }
      for (const auto& [id, s] : wings) {
        out << "  " << pad_right("wing " + id, 18) << pad_left(fixed(s.energy.it / 3.6e9, 0), 10)
            << pad_left(fixed(s.pue(), 3), 7) << pad_left(fixed(s.ere(), 3), 7)
            << pad_left(fixed(s.wue_L_per_kWh(), 3), 11)
            << "   peak " << fixed(s.coincident_peak_VA() / 1e3, 0) << " kVA (" << s.halls
            << " halls simulated, " << s.failed << " not)\n";
      }
      out << "  " << pad_right("PARK", 18) << pad_left(fixed(total.energy.it / 3.6e9, 0), 10)
          << pad_left(fixed(total.pue(), 3), 7) << pad_left(fixed(total.ere(), 3), 7)
          << pad_left(fixed(total.wue_L_per_kWh(), 3), 11) << "   energy cost "
          << fixed(total.cost_CNY / 1e6, 1) << " M CNY; heat delivered "
          << fixed(total.delivered_J / 3.6e9, 0) << " of " << fixed(total.demand_J / 3.6e9, 0)
          << " MWh demanded; peak " << fixed(total.coincident_peak_VA() / 1e3, 0) << " kVA\n"
          << "\n  " << result.halls.size() << " halls in " << fixed(result.wall_time_s, 2) << " s";
      double worst = 0.0;
      for (const auto& r : result.halls) {
        worst = r.ok ? std::max(worst, std::abs(r.balance.relative_residual())) : worst;
      }
      out << "; energy balance (heat in = out + stored) closes within " << fixed(worst * 100.0, 4)
          << " % in every hall\n";
      print_supply_text(out, *stage, supply);
      if (dispatched) {
        print_dispatch_text(out, *dispatched);
      }
      if (bands) {
        print_bands_text(out, *bands);
      }
    }
    if (total.failed > 0 && solver_failure) {
      throw SolverError("run", std::to_string(total.failed) + " hall(s) failed");
    }
    if (total.failed > 0) {
      throw InputError("run", std::to_string(total.failed) + " hall(s) not simulated");
    }
    return 0;
  };
  return c;
}

} // namespace parktwin::cli
