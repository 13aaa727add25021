#include "parktwin/physics/sweep.hpp"

#include "parktwin/physics/bands.hpp"

#include "parktwin/common/atomic_file.hpp"
#include "parktwin/common/error.hpp"
#include "parktwin/common/sha256.hpp"
#include "parktwin/common/text.hpp"
#include "parktwin/common/units.hpp"
#include "parktwin/physics/metrics.hpp"
#include "parktwin/physics/park_dispatch.hpp"
#include "parktwin/physics/park_supply.hpp"
#include "parktwin/physics/results_io.hpp"
#include "sweep_table.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <mutex>
#include <set>
#include <thread>
#include <unistd.h>

namespace parktwin::physics {
namespace {

namespace fs = std::filesystem;
using model::Json;
using Type = SweepColumn::Type;

constexpr const char* kManifest = "sweep.json";
constexpr const char* kJournal = "journal.csv";

// --- columns -------------------------------------------------------------------------------

/// A figure of a group of halls (a wing, the park).
struct TotalsFigure {
  const char* name;
  const char* unit;
  double (*get)(const HallTotals&, const KeyMetrics&);
};

double mwh(double J) { return J / 3.6e9; }

const std::vector<TotalsFigure>& totals_figures() {
  static const std::vector<TotalsFigure> f = {
      {"it_MWh", "MWh", [](const HallTotals& t, const KeyMetrics&) { return mwh(t.energy.it); }},
      {"facility_MWh", "MWh", [](const HallTotals& t, const KeyMetrics&) { return mwh(t.energy.facility()); }},
      {"PUE", "1", [](const HallTotals&, const KeyMetrics& m) { return m.pue; }},
      {"pPUE_cooling", "1", [](const HallTotals&, const KeyMetrics& m) { return m.ppue_cooling; }},
      {"pPUE_power_chain", "1", [](const HallTotals&, const KeyMetrics& m) { return m.ppue_power_chain; }},
      {"ERE", "1", [](const HallTotals&, const KeyMetrics& m) { return m.ere; }},
      {"WUE_L_per_kWh", "L/kWh", [](const HallTotals&, const KeyMetrics& m) { return m.wue_L_per_kWh; }},
      {"CUE_kg_per_kWh", "kg/kWh", [](const HallTotals&, const KeyMetrics& m) { return m.cue_kg_per_kWh; }},
      {"CO2_t", "t", [](const HallTotals&, const KeyMetrics& m) { return m.co2_kg / 1000.0; }},
      {"water_m3", "m3", [](const HallTotals& t, const KeyMetrics&) { return t.water_kg / 1000.0; }},
      {"heat_recovered_MWh", "MWh", [](const HallTotals& t, const KeyMetrics&) { return mwh(t.recovered_J); }},
      {"heat_delivered_MWh", "MWh", [](const HallTotals& t, const KeyMetrics&) { return mwh(t.delivered_J); }},
      {"heat_demand_MWh", "MWh", [](const HallTotals& t, const KeyMetrics&) { return mwh(t.demand_J); }},
      {"heat_pump_MWh", "MWh", [](const HallTotals& t, const KeyMetrics&) { return mwh(t.heat_pump_J); }},
      {"energy_cost_CNY", "CNY", [](const HallTotals& t, const KeyMetrics&) { return t.cost_CNY; }},
      {"free_cooling_h", "h", [](const HallTotals& t, const KeyMetrics&) { return t.free_cooling_hours(); }},
      {"peak_kW", "kW", [](const HallTotals& t, const KeyMetrics&) { return t.coincident_peak_W() / 1e3; }},
      {"peak_kVA", "kVA", [](const HallTotals& t, const KeyMetrics&) { return t.coincident_peak_VA() / 1e3; }},
      {"air_fans_MWh", "MWh", [](const HallTotals& t, const KeyMetrics&) { return mwh(t.energy.air_fans); }},
      {"heat_rejection_fans_MWh", "MWh", [](const HallTotals& t, const KeyMetrics&) { return mwh(t.energy.heat_rejection_fans); }},
      {"compressors_MWh", "MWh", [](const HallTotals& t, const KeyMetrics&) { return mwh(t.energy.compressors); }},
      {"pumps_MWh", "MWh", [](const HallTotals& t, const KeyMetrics&) { return mwh(t.energy.pumps); }},
      {"humidification_MWh", "MWh", [](const HallTotals& t, const KeyMetrics&) { return mwh(t.energy.humidification); }},
      {"lighting_MWh", "MWh", [](const HallTotals& t, const KeyMetrics&) { return mwh(t.energy.lighting); }},
      {"auxiliaries_MWh", "MWh", [](const HallTotals& t, const KeyMetrics&) { return mwh(t.energy.auxiliaries); }},
      {"ups_losses_MWh", "MWh", [](const HallTotals& t, const KeyMetrics&) { return mwh(t.energy.ups_losses); }},
      {"distribution_losses_MWh", "MWh", [](const HallTotals& t, const KeyMetrics&) { return mwh(t.energy.distribution_losses); }},
      {"transformer_losses_MWh", "MWh", [](const HallTotals& t, const KeyMetrics&) { return mwh(t.energy.transformer_losses); }},
  };
  return f;
}

/// A figure of the park's supply year and its dispatch (NaN: none, an empty cell).
struct SupplyFigure {
  const char* name;
  const char* unit;
  double (*get)(const SupplyYear&, const DispatchYear*);
};

const std::vector<SupplyFigure>& supply_figures() {
  constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
  static const std::vector<SupplyFigure> f = {
      {"green_share", "1", [](const SupplyYear& y, const DispatchYear*) { return y.accounts.green_share; }},
      {"cfe_score", "1", [](const SupplyYear& y, const DispatchYear*) { return y.accounts.cfe_score; }},
      {"dispatch.shifted_MWh", "MWh", [](const SupplyYear&, const DispatchYear* d) { return d ? mwh(d->shifted_J) : kNone; }},
      {"dispatch.cfe_score_before", "1", [](const SupplyYear&, const DispatchYear* d) { return d ? d->cfe_score.before : kNone; }},
      {"dispatch.CO2_avoided_location_t", "t", [](const SupplyYear&, const DispatchYear* d) {
         return d ? d->CO2_location_kg.saved() / 1e3 : kNone; }},
      {"dispatch.CO2_avoided_market_t", "t", [](const SupplyYear&, const DispatchYear* d) {
         return d ? d->CO2_market_kg.saved() / 1e3 : kNone; }},
      {"dispatch.cost_saved_CNY", "CNY", [](const SupplyYear&, const DispatchYear* d) { return d ? d->cost_CNY.saved() : kNone; }},
      {"dispatch.cooling_energy_change_MWh", "MWh", [](const SupplyYear&, const DispatchYear* d) {
         return d ? mwh(d->cooling_J.change()) : kNone; }},
      {"dispatch.iterations", "1", [](const SupplyYear&, const DispatchYear* d) {
         return d ? static_cast<double>(d->rounds.size()) : kNone; }},
  };
  return f;
}

/// A figure of one hall.
struct HallFigure {
  const char* name;
  const char* unit;
  Type type;
  double (*get)(const HallResult&, const KeyMetrics&);
};

const std::vector<HallFigure>& hall_figures() {
  static const std::vector<HallFigure> f = {
      {"it_MWh", "MWh", Type::Real, [](const HallResult& r, const KeyMetrics&) { return mwh(r.energy.it); }},
      {"facility_MWh", "MWh", Type::Real, [](const HallResult& r, const KeyMetrics&) { return mwh(r.energy.facility()); }},
      {"PUE", "1", Type::Real, [](const HallResult&, const KeyMetrics& m) { return m.pue; }},
      {"pPUE_cooling", "1", Type::Real, [](const HallResult&, const KeyMetrics& m) { return m.ppue_cooling; }},
      {"ERE", "1", Type::Real, [](const HallResult&, const KeyMetrics& m) { return m.ere; }},
      {"WUE_L_per_kWh", "L/kWh", Type::Real, [](const HallResult&, const KeyMetrics& m) { return m.wue_L_per_kWh; }},
      {"water_m3", "m3", Type::Real, [](const HallResult& r, const KeyMetrics&) { return r.water_kg / 1000.0; }},
      {"compressors_MWh", "MWh", Type::Real, [](const HallResult& r, const KeyMetrics&) { return mwh(r.energy.compressors); }},
      {"free_cooling_h", "h", Type::Real, [](const HallResult& r, const KeyMetrics&) { return r.free_cooling_hours; }},
      {"partial_free_cooling_h", "h", Type::Real, [](const HallResult& r, const KeyMetrics&) { return r.partial_free_cooling_hours; }},
      {"compressor_free_days", "d", Type::Integer, [](const HallResult& r, const KeyMetrics&) { return static_cast<double>(r.compressor_free_days); }},
      {"heat_recovered_MWh", "MWh", Type::Real, [](const HallResult& r, const KeyMetrics&) { return mwh(r.heat_recovered_J); }},
      {"heat_delivered_MWh", "MWh", Type::Real, [](const HallResult& r, const KeyMetrics&) { return mwh(r.heat_delivered_J); }},
      {"energy_cost_CNY", "CNY", Type::Real, [](const HallResult& r, const KeyMetrics&) { return r.energy_cost_CNY; }},
      {"peak_kW", "kW", Type::Real, [](const HallResult& r, const KeyMetrics&) { return r.peak_facility_W / 1e3; }},
      {"peak_kVA", "kVA", Type::Real, [](const HallResult& r, const KeyMetrics&) { return r.peak_apparent_power_VA / 1e3; }},
      {"hours_inlet_above_27C", "h", Type::Real, [](const HallResult& r, const KeyMetrics&) { return r.hours_above_recommended; }},
      {"hours_inlet_above_32C", "h", Type::Real, [](const HallResult& r, const KeyMetrics&) { return r.hours_above_allowable; }},
      {"hours_inlet_above_35C", "h", Type::Real, [](const HallResult& r, const KeyMetrics&) { return r.hours_inlet_above_35C; }},
      {"max_inlet_C", "C", Type::Real, [](const HallResult& r, const KeyMetrics&) { return r.max_inlet_C; }},
      {"unmet_load_hours", "h", Type::Real, [](const HallResult& r, const KeyMetrics&) { return r.unmet_load_hours; }},
      {"hours_inlet_below_18C", "h", Type::Real, [](const HallResult& r, const KeyMetrics&) { return r.hours_below_recommended; }},
      {"mode_switches", "1", Type::Integer, [](const HallResult& r, const KeyMetrics&) { return static_cast<double>(r.switches.size()); }},
      {"energy_balance_residual", "1", Type::Real, [](const HallResult& r, const KeyMetrics&) { return r.balance.relative_residual(); }},
  };
  return f;
}

/// Fixed columns before the varied values.
constexpr std::size_t kLeading = 3; // variant, climate, stage

std::vector<std::string> hall_ids(const model::Park& park, const std::string& only_hall) {
  std::vector<std::string> ids;
  for (const auto& w : park.wings) {
    for (const auto& b : w.buildings) {
      for (const auto& h : b.halls) {
        if (only_hall.empty() || h.id == only_hall) {
          ids.push_back(h.id);
        }
      }
    }
  }
  return ids;
}

std::string type_name(Type t) {
  return t == Type::Real ? "real" : t == Type::Integer ? "integer" : "text";
}

std::string value_text(const Json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

std::string real_text(double x) { return std::isfinite(x) ? number_text(x) : std::string(); }

// --- the manifest --------------------------------------------------------------------------

Json identity_json(const SweepSetup& s) {
  Json climates = Json::array();
  for (const auto& c : s.climates) {
    Json j{{"name", c.name}, {"sha256", c.sha256}};
    if (c.price_CNY_per_kWh) {
      j["price_CNY_per_kWh"] = *c.price_CNY_per_kWh;
    }
    climates.push_back(std::move(j));
  }
  const auto& io = s.simulation.integrator;
  Json id{{"program_version", s.program_version},
              {"scenario_sha256", sha256_hex(s.base.to_text())},
              {"plan", s.plan.to_json()},
              {"climates", climates},
              {"only_hall", s.only_hall},
              {"solver", {{"relative_tolerance", io.relative_tolerance},
                          {"absolute_tolerance", io.absolute_tolerance},
                          {"max_steps", io.max_steps},
                          {"control_step_s", s.simulation.control_step_s}}}};
  if (s.band_samples > 0) { // (only then: the identity of a sweep without bands is as before)
    id["bands"] = {{"samples", s.band_samples}, {"seed", s.band_seed}};
  }
  return id;
}

Json manifest_json(const SweepSetup& s, const std::vector<SweepColumn>& columns, std::size_t in_shard) {
  Json cols = Json::array();
  for (const auto& c : columns) {
    cols.push_back({{"name", c.name}, {"type", type_name(c.type)}, {"unit", c.unit}});
  }
  Json climates = Json::array();
  for (const auto& c : s.climates) {
    Json j{{"name", c.name}, {"description", c.description}, {"sha256", c.sha256}};
    if (!c.stands_in_for.empty()) {
      j["stands_in_for"] = c.stands_in_for;
    }
    if (c.price_CNY_per_kWh) {
      j["price_CNY_per_kWh"] = *c.price_CNY_per_kWh;
      j["price_source"] = c.price_source;
    }
    climates.push_back(std::move(j));
  }
  return Json{{"format", "parktwin-sweep"},
              {"version", 1},
              {"sweep_id", sweep_id(s)},
              {"identity", identity_json(s)},
              {"scenario", {{"name", s.base.park().name}, {"source", s.base.source()}}},
              {"climates", climates},
              {"shard", {{"k", s.shard.k}, {"n", s.shard.n}}},
              {"variants_total", s.plan.size()},
              {"variants_in_shard", in_shard},
              {"columns", cols},
              {"scenario_text", s.base.to_text()}};
}

Json read_manifest(const fs::path& dir) {
  const fs::path file = dir / kManifest;
  Json m;
  try {
    m = model::parse_json_document(read_file(file), file.string());
  } catch (const InputError& e) {
    throw InputError(file.string(), std::string("not a sweep manifest: ") + e.what());
  }
  if (!m.is_object() || !m.contains("format") || !m["format"].is_string() || m["format"] != "parktwin-sweep") {
    throw InputError(file.string(), "not a ParkTwin sweep manifest");
  }
  // Every key the sweep and merge read, with its type: a damaged or edited manifest is named
  // here, not met as an internal error deep inside merge (issue 12, item 12).
  const auto wrong = [&](const std::string& key, const char* want) {
    throw InputError(file.string(), "not a valid sweep manifest: '" + key + "' should be " + want);
  };
  const auto is_count = [](const Json& j) { return j.is_number_unsigned() || (j.is_number_integer() && j.get<long long>() >= 0); };
  if (!m.contains("sweep_id") || !m["sweep_id"].is_string()) {
    wrong("sweep_id", "a string");
  }
  if (!m.contains("identity") || !m["identity"].is_object()) {
    wrong("identity", "an object");
  }
  if (!m.contains("shard") || !m["shard"].is_object() || !m["shard"].contains("k") || !m["shard"].contains("n") ||
      !is_count(m["shard"]["k"]) || !is_count(m["shard"]["n"]) || m["shard"]["n"].get<std::size_t>() == 0 ||
      m["shard"]["k"].get<std::size_t>() == 0 || m["shard"]["k"].get<std::size_t>() > m["shard"]["n"].get<std::size_t>()) {
    wrong("shard", "{\"k\": k, \"n\": n} with 1 <= k <= n");
  }
  for (const char* key : {"variants_total", "variants_in_shard"}) {
    if (!m.contains(key) || !is_count(m[key])) {
      wrong(key, "a whole number >= 0");
    }
  }
  if (!m.contains("columns") || !m["columns"].is_array() || m["columns"].empty()) {
    wrong("columns", "a list of columns");
  }
  for (const auto& c : m["columns"]) {
    for (const char* key : {"name", "type", "unit"}) {
      if (!c.is_object() || !c.contains(key) || !c[key].is_string()) {
        wrong(std::string("columns[].") + key, "a string");
      }
    }
  }
  return m;
}

std::size_t shard_size(std::size_t total, const model::Shard& s) {
  return total > s.k - 1 ? (total - (s.k - 1) + s.n - 1) / s.n : 0;
}

} // namespace

/// The units of band_figures(), in order.
const char* const kBandUnits[] = {"1", "L/kWh", "h", "d", "CNY", "kW", "1"};

std::vector<SweepColumn> sweep_columns(const model::SweepPlan& plan, const model::Park& base,
                                       const std::string& only_hall, bool bands) {
  std::vector<SweepColumn> c;
  c.push_back({"variant", Type::Integer, ""});
  c.push_back({"climate", Type::Text, ""});
  c.push_back({"stage", Type::Text, ""});
  for (const auto& d : plan.dimensions) {
    const std::string t = d.path.type();
    c.push_back({d.path.text(),
                 t == "number" ? Type::Real : t == "integer" ? Type::Integer : Type::Text,
                 d.path.unit()});
  }
  c.push_back({"status", Type::Text, ""});
  c.push_back({"halls_simulated", Type::Integer, ""});
  const auto add_totals = [&](const std::string& prefix) {
    for (const auto& f : totals_figures()) {
      c.push_back({prefix + f.name, Type::Real, f.unit});
    }
  };
  add_totals("park.");
  for (const auto& f : supply_figures()) {
    c.push_back({std::string("park.") + f.name, Type::Real, f.unit});
  }
  if (only_hall.empty()) {
    for (const auto& w : base.wings) {
      add_totals("wing." + w.id + ".");
    }
  }
  for (const auto& id : hall_ids(base, only_hall)) {
    for (const auto& f : hall_figures()) {
      c.push_back({"hall." + id + "." + f.name, f.type, f.unit});
    }
  }
  if (bands) {
    for (std::size_t f = 0; f < band_figures().size(); ++f) {
      for (const char* p : {"p10", "p50", "p90"}) {
        c.push_back({"park.bands." + band_figures()[f] + "." + p, Type::Real, kBandUnits[f]});
      }
    }
  }
  return c;
}

std::string sweep_id(const SweepSetup& setup) {
  return sha256_hex(identity_json(setup).dump()).substr(0, 32);
}

namespace {

/// Everything to compute rows.
struct RowContext {
  const SweepSetup& setup;
  std::vector<std::string> wing_ids;
  std::vector<std::string> hall_ids;
  std::size_t width = 0;
  fs::path out;
  HallResultCache* cache = nullptr;
};

struct Row {
  std::vector<std::string> fields;
  bool ok = false;
  std::size_t hall_years = 0;
};

Row compute_row(const RowContext& ctx, const model::Variant& v) {
  const SweepSetup& s = ctx.setup;
  Row row;
  row.fields.assign(ctx.width, std::string());
  auto& f = row.fields;
  f[0] = std::to_string(v.index);
  f[1] = s.plan.climates[v.climate];
  f[2] = s.plan.stages[v.stage];
  for (std::size_t d = 0; d < v.values.size(); ++d) {
    f[kLeading + d] = value_text(v.values[d]);
  }
  std::size_t k = kLeading + v.values.size();
  std::string& status = f[k++];
  std::string& simulated = f[k++];
  const auto first_line = [](const std::string& text) {
    const auto nl = text.find('\n');
    return nl == std::string::npos ? text : text.substr(0, nl) + " (and more)";
  };
  Json doc = s.base.document();
  for (std::size_t d = 0; d < v.values.size(); ++d) {
    s.plan.dimensions[d].path.apply(doc, v.values[d]);
  }
  const SweepClimate& climate = s.climates[v.climate];
  if (climate.price_CNY_per_kWh) {
    doc["site"]["electricity_price_CNY_per_kWh"] = *climate.price_CNY_per_kWh;
    doc["site"].erase("time_of_use");
  }
  std::optional<model::Scenario> scenario;
  try {
    scenario = model::Scenario::from_document(std::move(doc), "variant " + f[0]);
  } catch (const InputError& e) {
    status = "invalid: " + first_line(e.what());
    return row;
  }
  const model::Park& park = scenario->park();
  const model::Stage* stage = park.find_stage(f[2]);
  if (stage == nullptr) {
    status = "invalid: no stage " + f[2];
    return row;
  }
  ParkRunOptions o;
  o.threads = 1;
  o.only_hall = s.only_hall;
  o.simulation = s.simulation;
  o.simulation.keep_hourly = true; // coincident peaks
  o.cache = ctx.cache;
  // CO2 by the supply year's ledger (its sizing search is not a sweep's figure); with a dispatch,
  // every figure is the dispatched year's (as `run`).
  SupplyOptions supply_options;
  supply_options.sizing = false;
  OperatedYear year;
  try {
    year = simulate_operated_year(park, *stage, *climate.input, o, supply_options);
  } catch (const InputError& e) {
    status = "invalid: " + first_line(e.what());
    return row;
  }
  ParkResult result = std::move(year.halls);
  const SupplyYear supply = std::move(year.supply);
  const std::optional<DispatchYear> dispatched = std::move(year.dispatch);
  row.hall_years = result.simulated_halls + result.dispatched_halls;
  simulated = std::to_string(result.halls.size());
  HallTotals park_totals;
  std::map<std::string, HallTotals> wings;
  std::string failure;
  for (const auto& r : result.halls) {
    park_totals.add(r);
    wings[r.wing_id].add(r);
    if (!r.ok && failure.empty()) {
      failure = "failed: hall " + r.hall_id + ": " + first_line(r.error);
    }
  }
  status = failure.empty() ? "ok" : failure;
  row.ok = failure.empty();
  std::map<std::string, std::vector<std::string>> wing_halls;
  for (const auto& r : result.halls) {
    wing_halls[r.wing_id].push_back(r.hall_id);
  }
  const auto put_totals = [&](const HallTotals& t, const Carbon& co2) {
    const bool valid = t.halls > 0 && t.failed == 0;
    const auto m = key_metrics(t.energy, t.water_kg, t.recovered_J, co2);
    for (const auto& fig : totals_figures()) {
      f[k++] = valid ? real_text(fig.get(t, m)) : std::string();
    }
  };
  put_totals(park_totals, supply.carbon());
  {
    const bool valid = park_totals.halls > 0 && park_totals.failed == 0;
    for (const auto& fig : supply_figures()) {
      const double x = fig.get(supply, dispatched ? &*dispatched : nullptr);
      f[k++] = valid && std::isfinite(x) ? real_text(x) : std::string();
    }
  }
  if (s.only_hall.empty()) {
    for (const auto& id : ctx.wing_ids) {
      const auto it = wings.find(id);
      if (it != wings.end()) {
        put_totals(it->second, supply.carbon_of_halls(wing_halls[id]));
      } else {
        k += totals_figures().size();
      }
    }
  }
  std::map<std::string, const HallResult*> by_id;
  for (const auto& r : result.halls) {
    by_id[r.hall_id] = &r;
  }
  for (const auto& id : ctx.hall_ids) {
    const auto it = by_id.find(id);
    if (it == by_id.end() || !it->second->ok) {
      k += hall_figures().size();
      continue;
    }
    const HallResult& r = *it->second;
    const LedgerAccount* ledger = supply.hall(r.hall_id);
    const auto m = key_metrics(r.energy, r.water_kg, r.heat_recovered_J, ledger != nullptr ? ledger->carbon() : Carbon{});
    for (const auto& fig : hall_figures()) {
      const double x = fig.get(r, m);
      f[k++] = fig.type == Type::Integer ? std::to_string(std::llround(x)) : real_text(x);
    }
  }
  if (s.band_samples > 0) {
    // The variant's bands: its own scenario sampled, one job (variants run in parallel already).
    BandsOptions bo;
    bo.samples = s.band_samples;
    bo.seed = s.band_seed;
    bo.jobs = 1;
    bo.run = o;
    try {
      const BandsResult b = run_bands(*scenario, f[2], *climate.input, model::UncertaintySet::builtin(), bo);
      for (const auto& band : b.bands.at("")) {
        for (const double x : {band.p10, band.p50, band.p90}) {
          f[k++] = real_text(x);
        }
      }
      row.hall_years += s.band_samples * row.hall_years;
    } catch (const Error& e) {
      status = "failed: bands: " + first_line(e.what());
      row.ok = false;
      k += 3 * band_figures().size();
    }
  }
  if (s.keep_hourly) {
    RunMetadata meta{scenario->to_text(), "variant " + f[0] + " of " + s.base.source(),
                     climate.name, climate.description, climate.sha256, s.program_version,
                     "CVODES BDF, dense; rtol " + number_text(s.simulation.integrator.relative_tolerance)};
    write_results_hdf5(ctx.out / "variants" / (f[0] + ".h5"), park, result, meta, &supply, dispatched ? &*dispatched : nullptr);
  }
  return row;
}

/// Appends lines to the journal with one write() each, so that a kill leaves at most the line
/// being written cut short; flushed to disk every few seconds and at the end.
class JournalWriter {
public:
  explicit JournalWriter(const fs::path& file) : file_(file) {
    // O_NOFOLLOW: a link planted at the journal's name is refused, not written through.
    fd_ = ::open(file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd_ < 0) {
      throw IoError(file.string(), std::string("cannot open for writing: ") + std::strerror(errno));
    }
  }
  ~JournalWriter() {
    if (fd_ >= 0) {
      ::fsync(fd_);
      ::close(fd_);
    }
  }
  JournalWriter(const JournalWriter&) = delete;
  JournalWriter& operator=(const JournalWriter&) = delete;

  void append(const std::string& line) {
    std::size_t done = 0;
    while (done < line.size()) {
      const ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
      if (n < 0) {
        if (errno == EINTR) {
          continue;
        }
        throw IoError(file_.string(), std::string("cannot write: ") + std::strerror(errno));
      }
      done += static_cast<std::size_t>(n);
    }
    const auto now = std::chrono::steady_clock::now();
    if (now - last_sync_ > std::chrono::seconds(2)) {
      ::fdatasync(fd_);
      last_sync_ = now;
    }
  }

private:
  fs::path file_;
  int fd_ = -1;
  std::chrono::steady_clock::time_point last_sync_ = std::chrono::steady_clock::now();
};

} // namespace

namespace {

std::vector<std::string> column_names(const Json& columns) {
  std::vector<std::string> names;
  for (const auto& c : columns) {
    names.push_back(c.at("name").get<std::string>());
  }
  return names;
}

std::vector<std::string> column_names(const std::vector<SweepColumn>& columns) {
  std::vector<std::string> names;
  for (const auto& c : columns) {
    names.push_back(c.name);
  }
  return names;
}

/// What differs between two manifests' identities, for a refusal message.
std::string identity_difference(const Json& a, const Json& b) {
  std::string out;
  for (const auto& [key, value] : a.items()) {
    if (!b.contains(key) || b[key] != value) {
      out += (out.empty() ? "" : ", ") + key;
    }
  }
  return out.empty() ? std::string("the sweep id") : out;
}

bool folder_is_empty(const fs::path& dir) {
  std::error_code ec;
  return !fs::exists(dir, ec) || (fs::is_directory(dir, ec) && fs::directory_iterator(dir, ec) == fs::directory_iterator());
}

/// A sweep killed between writing its journal's header and its manifest (issue 12, item 10):
/// the folder holds the journal alone, and the journal at most its header line. Nothing was
/// done in it; it is started again, with or without --resume.
bool never_started(const fs::path& dir) {
  std::error_code ec;
  std::size_t entries = 0;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (++entries > 1 || it->path().filename() != kJournal) {
      return false;
    }
  }
  if (entries != 1 || fs::is_symlink(dir / kJournal, ec) || fs::file_size(dir / kJournal, ec) > (1u << 20)) {
    return false;
  }
  const std::string text = read_file(dir / kJournal);
  const auto newline = text.find('\n');
  return newline == std::string::npos || newline + 1 == text.size();
}

/// Truncates a journal to its last intact line (after a kill in the middle of a write).
void truncate_journal(const fs::path& file, std::uint64_t bytes) {
  std::error_code ec;
  fs::resize_file(file, bytes, ec);
  if (ec) {
    throw IoError(file.string(), "cannot drop the line cut short: " + ec.message());
  }
}

} // namespace

SweepOutcome run_sweep(const SweepSetup& setup, const fs::path& out, bool resume,
                       const std::function<void(const SweepProgress&)>& progress,
                       const std::atomic<bool>* stop) {
  if (setup.climates.size() != setup.plan.climates.size()) {
    throw std::logic_error("run_sweep: one SweepClimate per plan climate");
  }
  const auto columns = sweep_columns(setup.plan, setup.base.park(), setup.only_hall, setup.band_samples > 0);
  const auto names = column_names(columns);
  const std::size_t total = setup.plan.size();
  const std::size_t in_shard = shard_size(total, setup.shard);
  const Json manifest = manifest_json(setup, columns, in_shard);
  const fs::path journal = out / kJournal;
  std::error_code ec;
  SweepOutcome outcome;
  outcome.progress.total = in_shard;
  std::vector<bool> done(in_shard, false);
  if (!fs::exists(out / kManifest, ec) && fs::is_directory(out, ec) && never_started(out)) {
    fs::remove(journal, ec);
    resume = false; // nothing to resume: a fresh start in the same folder
  }
  if (fs::exists(out / kManifest, ec)) {
    const Json old = read_manifest(out);
    table::JournalIndex index = table::index_journal(journal, column_names(old.at("columns")));
    if (!resume) {
      throw UsageError("--out", out.string() + " already holds a sweep (" +
                                    std::to_string(index.rows.size()) + " of " +
                                    std::to_string(old.value("variants_in_shard", std::size_t(0))) +
                                    " variants done): add --resume to continue it, or choose "
                                    "another folder");
    }
    if (old.at("sweep_id") != manifest.at("sweep_id") || old.at("shard") != manifest.at("shard")) {
      const std::string what = old.at("shard") != manifest.at("shard")
                                   ? std::string("the shard")
                                   : identity_difference(old.at("identity"), manifest.at("identity"));
      throw UsageError("--resume", out.string() + " holds a different sweep (" + what +
                                       " differs): resume it with the same command, or choose "
                                       "another folder");
    }
    if (index.valid_bytes < index.file_bytes) {
      truncate_journal(journal, index.valid_bytes);
    }
    for (const auto& r : index.rows) {
      if (!setup.shard.contains(r.variant) || r.variant >= total) {
        throw InputError(journal.string(), "variant " + std::to_string(r.variant) +
                                               " does not belong to this shard");
      }
      done[r.variant / setup.shard.n] = true;
    }
    outcome.progress.done = index.rows.size();
    if (index.valid_bytes == 0) {
      // Killed before the header was complete: start the journal again.
      write_file_atomically(journal, table::journal_line(names));
    }
  } else {
    if (resume) {
      throw UsageError("--resume", out.string() + " holds no sweep to continue");
    }
    if (!folder_is_empty(out)) {
      throw UsageError("--out", out.string() + " is not empty and holds no sweep: choose a new or "
                                               "empty folder (nothing was written)");
    }
    fs::create_directories(out, ec);
    if (!fs::is_directory(out, ec)) {
      throw IoError(out.string(), "cannot create the folder");
    }
    // The journal first, then the manifest: a folder with a manifest always has a journal.
    write_file_atomically(journal, table::journal_line(names));
    write_file_atomically(out / kManifest, manifest.dump(2) + "\n");
  }
  if (setup.keep_hourly) {
    fs::create_directories(out / "variants", ec);
  }

  // Halls that a variant leaves unchanged are not simulated again (256 MB of years at most).
  // A sweep of one hall changes that hall in every variant: no cache then.
  HallResultCache cache(std::size_t(256) << 20);
  const auto halls = hall_ids(setup.base.park(), setup.only_hall);
  RowContext ctx{setup, {}, halls, columns.size(), out, halls.size() > 1 ? &cache : nullptr};
  for (const auto& w : setup.base.park().wings) {
    ctx.wing_ids.push_back(w.id);
  }
  JournalWriter writer(journal);
  std::mutex mutex; // the writer, the progress and the first error
  std::exception_ptr error;
  std::atomic<bool> failed{false};
  std::atomic<std::size_t> next{0};
  const auto start = std::chrono::steady_clock::now();
  const auto work = [&] {
    for (;;) {
      if ((stop != nullptr && stop->load()) || failed.load()) {
        return;
      }
      const std::size_t j = next++;
      if (j >= in_shard) {
        return;
      }
      if (done[j]) {
        continue;
      }
      try {
        const auto v = setup.plan.variant(setup.shard.k - 1 + j * setup.shard.n);
        const Row row = compute_row(ctx, v);
        const std::string line = table::journal_line(row.fields);
        const std::lock_guard<std::mutex> lock(mutex);
        writer.append(line);
        auto& p = outcome.progress;
        ++p.done;
        ++p.done_this_run;
        p.failed += row.ok ? 0 : 1;
        p.hall_years += static_cast<double>(row.hall_years);
        p.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (progress) {
          progress(p);
        }
      } catch (...) {
        const std::lock_guard<std::mutex> lock(mutex);
        if (!error) {
          error = std::current_exception();
        }
        failed = true;
        return;
      }
    }
  };
  unsigned jobs = setup.jobs != 0 ? setup.jobs : std::max(1U, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, std::max<std::size_t>(in_shard, 1)));
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < jobs; ++i) {
    pool.emplace_back(work);
  }
  work();
  for (auto& t : pool) {
    t.join();
  }
  if (error) {
    std::rethrow_exception(error);
  }
  outcome.progress.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  outcome.complete = outcome.progress.done == in_shard;
  outcome.interrupted = !outcome.complete && stop != nullptr && stop->load();
  // The summary: when complete, and after a clean stop (then it holds the rows done so far).
  const table::JournalIndex index = table::index_journal(journal, names);
  table::write_summary(out, manifest, {{journal, index}});
  return outcome;
}

std::size_t merge_sweeps(const std::vector<fs::path>& inputs, const fs::path& out) {
  if (inputs.empty()) {
    throw UsageError("merge", "name the shard folders to merge");
  }
  std::vector<table::Source> sources;
  std::optional<Json> first;
  std::set<std::size_t> shards;
  std::size_t n = 0;
  std::size_t rows = 0;
  for (const auto& dir : inputs) {
    const Json m = read_manifest(dir);
    const std::size_t k = m.at("shard").at("k").get<std::size_t>();
    const std::size_t kn = m.at("shard").at("n").get<std::size_t>();
    if (!first) {
      first = m;
      n = kn;
    } else if (m.at("sweep_id") != first->at("sweep_id")) {
      throw InputError(dir.string(), "is a shard of another sweep than " + inputs[0].string() +
                                         " (" + identity_difference(first->at("identity"), m.at("identity")) +
                                         " differs): shards of different sweeps cannot be merged");
    } else if (kn != n) {
      throw InputError(dir.string(), "was split into " + std::to_string(kn) + " shards, " +
                                         inputs[0].string() + " into " + std::to_string(n));
    }
    if (!shards.insert(k).second) {
      throw InputError(dir.string(), "shard " + std::to_string(k) + "/" + std::to_string(n) +
                                         " is given twice");
    }
    table::JournalIndex index = table::index_journal(dir / kJournal, column_names(m.at("columns")));
    const std::size_t expected = m.at("variants_in_shard").get<std::size_t>();
    if (index.rows.size() != expected || index.valid_bytes != index.file_bytes) {
      throw InputError(dir.string(), "shard " + std::to_string(k) + "/" + std::to_string(n) +
                                         " is incomplete (" + std::to_string(index.rows.size()) +
                                         " of " + std::to_string(expected) +
                                         " variants): finish it with --resume first");
    }
    for (const auto& r : index.rows) {
      if (r.variant % n != k - 1) {
        throw InputError(dir.string(), "variant " + std::to_string(r.variant) +
                                           " does not belong to shard " + std::to_string(k));
      }
    }
    rows += index.rows.size();
    sources.push_back({dir / kJournal, std::move(index)});
  }
  if (shards.size() != n) {
    std::string missing;
    for (std::size_t k = 1; k <= n; ++k) {
      if (shards.count(k) == 0) {
        missing += (missing.empty() ? "" : ", ") + std::to_string(k);
      }
    }
    throw InputError("merge", "shards missing: " + missing + " (of " + std::to_string(n) + ")");
  }
  std::error_code ec;
  if (fs::exists(out / kManifest, ec) || !folder_is_empty(out)) {
    throw UsageError("--out", out.string() + " is not empty: merge into a new or empty folder");
  }
  fs::create_directories(out, ec);
  if (!fs::is_directory(out, ec)) {
    throw IoError(out.string(), "cannot create the folder");
  }
  Json m = *first;
  m["shard"] = {{"k", 1}, {"n", 1}};
  m["variants_in_shard"] = m.at("variants_total");
  Json from = Json::array();
  for (const auto& d : inputs) {
    from.push_back(fs::absolute(d).lexically_normal().string());
  }
  m["merged_from"] = from;
  const std::size_t written = table::write_summary(out, m, sources);
  write_file_atomically(out / kManifest, m.dump(2) + "\n");
  (void)rows;
  return written;
}

SummaryTable read_summary_csv(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw IoError(file.string(), "cannot read");
  }
  SummaryTable t;
  std::string line;
  if (std::getline(in, line)) {
    t.header = table::csv_fields(line);
  }
  while (std::getline(in, line)) {
    t.rows.push_back(table::csv_fields(line));
  }
  return t;
}

} // namespace parktwin::physics
