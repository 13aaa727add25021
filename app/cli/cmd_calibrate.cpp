// parktwin calibrate: a hall's uncertain parameters fitted to published figures or metered data.

#include "climate_source.hpp"
#include "commands.hpp"

#include "parktwin/common/error.hpp"
#include "parktwin/model/scenario.hpp"
#include "parktwin/model/uncertainty.hpp"
#include "parktwin/physics/calibration.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <ostream>

namespace parktwin::cli {
namespace {

using nlohmann::ordered_json;

ordered_json fit_json(const physics::GoodnessOfFit& g, bool hourly) {
  const auto num = [](double x) { return std::isfinite(x) ? ordered_json(x) : ordered_json(nullptr); };
  return {{"cv_rmse_pct", num(g.cv_rmse_pct)}, {"nmbe_pct", num(g.nmbe_pct)}, {"n", g.n},
          {"meets_guideline_14", std::isfinite(g.cv_rmse_pct) && g.meets(hourly)}};
}

} // namespace

Command calibrate_command() {
  Command c;
  c.spec.path = "calibrate";
  c.spec.usage = "<scenario.json | haidong> [--hall <id>] (--measured <file.csv> | --target <figure>=<value> ...) "
                 "[--out <calibrated.json>] [--json]";
  c.spec.summary = "Fits a hall's uncertain parameters (set points, effectiveness, fans, UPS, pumps, towers, "
                   "load) to published annual figures or metered hourly data, with their spread and "
                   "ASHRAE Guideline 14 goodness of fit.";
  c.spec.min_positionals = 1;
  c.spec.max_positionals = 1;
  c.spec.options = park_year_options({
      {"hall", "id", "the hall to fit (default: the park's only hall in service)"},
      {"measured", "file.csv", "metered hours: 'hour' (1-8760) and any of it_kW, facility_kW, water_m3, compressor_on"},
      {"target", "figure=value[:sigma]",
       "a published figure: PUE, compressor_free_days, free_cooling_hours or WUE_L_per_kWh", true},
      {"uncertainty", "file.json", "the parameters and their ranges (default: the built-in set, docs/uncertainty.md)"},
      {"samples", "n", "Latin-hypercube screening points before the local search (default 64)"},
      {"evaluations", "n", "most model runs of the local search (default 120)"},
      {"seed", "s", "seed of the screening (default 1)"},
      {"jobs", "n", "screening runs in parallel (default: all cores)"},
      {"out", "file.json", "write the calibrated scenario, with the provenance of every changed value"},
      {"json", "", "print JSON instead of text"},
  });
  c.spec.details =
      "Bounded least squares over the declared parameters that reach the hall (docs/calibration.md): each "
      "target weighs by its sigma (default PUE 0.01, WUE 0.05 L/kWh, 5 days, 100 h), each metered hour by an "
      "error of 5 % of its column's mean (0.5 for compressor_on); the spread takes each column's own scatter "
      "and autocorrelation. A parameter whose fit sits at the "
      "end of its range is flagged at_bound (the model, not the parameter, may be wrong); one the data do not "
      "narrow to below half its prior spread is flagged not identified. Exit status 0, 1 for bad input, 2 "
      "for bad usage, 3 for a file that cannot be read or written, 4 if a run failed.\n";
  c.run = [](const ParsedArgs& a, std::ostream& out) {
    const auto scenario = model::Scenario::load(a.positionals().front());
    const model::Park& park = scenario.park();
    const model::Stage& stage = choose_stage(park, a.value("stage"));
    std::vector<physics::CalibrationTarget> targets;
    for (const auto& t : a.values("target")) {
      targets.push_back(physics::CalibrationTarget::parse(t));
    }
    const auto measured_file = a.value("measured");
    if (targets.empty() && !measured_file) {
      throw UsageError("calibrate", "nothing to fit: give --measured <file.csv> or --target <figure>=<value>");
    }
    std::optional<std::filesystem::path> out_file;
    if (a.value("out")) {
      out_file = output_file(a, ".json", "calibrate");
    }
    const ResolvedClimate rc = resolve_park_climate(a, park);
    const physics::ClimateInput climate(rc.year, park.site.hot_year_K); // the year simulated
    std::optional<physics::MeasuredData> measured;
    if (measured_file) {
      measured = physics::MeasuredData::read_csv(*measured_file, climate.hours());
    }
    const model::UncertaintySet uncertainty =
        a.value("uncertainty") ? model::UncertaintySet::load(*a.value("uncertainty")) : model::UncertaintySet::builtin();
    physics::CalibrationOptions o;
    o.hall = a.value("hall").value_or("");
    if (a.value("hall") && o.hall.empty()) {
      throw UsageError("--hall", "an empty hall id");
    }
    if (const auto n = a.whole_number("samples", 1, 100000)) {
      o.screening = static_cast<std::size_t>(*n);
    }
    if (const auto n = a.whole_number("evaluations", 0, 100000)) {
      o.evaluations = static_cast<std::size_t>(*n);
    }
    if (const auto s = a.whole_number("seed", 0, 1e15)) {
      o.seed = static_cast<std::uint64_t>(*s);
    }
    if (const auto j = a.whole_number("jobs", 1, 256)) {
      o.jobs = static_cast<unsigned>(*j);
    }
    const physics::CalibrationResult r =
        physics::calibrate(scenario, stage.id, climate, uncertainty, targets, measured ? &*measured : nullptr, o);
    if (out_file) {
      // Checked as any scenario: the file written always loads.
      model::Scenario::from_document(r.calibrated, out_file->string()).save(*out_file);
    }
    if (a.flag("json")) {
      ordered_json params = ordered_json::array();
      for (const auto& p : r.parameters) {
        params.push_back({{"name", p.name}, {"value", p.value}, {"sd", p.sd}, {"low", p.low}, {"high", p.high},
                          {"prior_sd", p.prior_sd}, {"at_bound", p.at_bound}, {"identified", p.identified}});
      }
      ordered_json tj = ordered_json::array();
      for (const auto& t : r.targets) {
        tj.push_back({{"figure", t.figure}, {"value", t.value}, {"sigma", t.sigma},
                      {"before", r.before.at(t.figure)}, {"after", r.after.at(t.figure)},
                      {"reproduced", t.reproduced_by(r.after.at(t.figure))}});
      }
      ordered_json fits = ordered_json::object();
      for (const auto& [name, g] : r.hourly) {
        fits[name] = {{"hourly", fit_json(g, true)}, {"monthly", fit_json(r.monthly.at(name), false)}};
      }
      const auto first = [&](const std::map<std::string, physics::GoodnessOfFit>& m, bool cv) {
        // The interface's single figures: of facility power where metered, else the first column
        // that has them.
        auto it = m.find("facility_kW");
        if (it == m.end() || !std::isfinite(it->second.cv_rmse_pct)) {
          it = std::find_if(m.begin(), m.end(), [](const auto& kv) { return std::isfinite(kv.second.cv_rmse_pct); });
        }
        if (it == m.end()) {
          return ordered_json(nullptr);
        }
        return ordered_json(cv ? it->second.cv_rmse_pct : it->second.nmbe_pct);
      };
      out << ordered_json{{"scenario", park.name},
                          {"hall", r.hall},
                          {"stage", stage.id},
                          {"climate", rc.year.name},
                          {"parameters", params},
                          {"targets", tj},
                          {"before", r.before},
                          {"after", r.after},
                          {"cv_rmse_hourly_pct", first(r.hourly, true)},
                          {"nmbe_hourly_pct", first(r.hourly, false)},
                          {"cv_rmse_monthly_pct", first(r.monthly, true)},
                          {"nmbe_monthly_pct", first(r.monthly, false)},
                          {"fit", fits},
                          {"objective_before", r.objective_before},
                          {"objective", r.objective},
                          {"model_runs", r.model_runs},
                          {"out", out_file ? ordered_json(out_file->string()) : ordered_json(nullptr)},
                          {"wall_time_s", r.wall_time_s}}
                 .dump(2)
          << "\n";
      return 0;
    }
    out << "Calibration of hall " << r.hall << " (" << park.name << ", stage " << stage.id << "; climate "
        << rc.year.name << "): " << r.model_runs << " runs in " << fixed(r.wall_time_s, 1) << " s\n\n  "
        << pad_right("parameter", 30) << pad_left("fitted", 12) << pad_left("+- sd", 10) << pad_left("range", 20)
        << "\n";
    for (const auto& p : r.parameters) {
      out << "  " << pad_right(p.name, 30) << pad_left(fixed(p.value, 3), 12) << pad_left(fixed(p.sd, 3), 10)
          << pad_left(fixed(p.low, 2) + " .. " + fixed(p.high, 2), 20)
          << (p.at_bound ? "  AT A BOUND: the model, not the parameter, may be wrong" : "")
          << (p.identified ? "" : "  not identified by the data") << "\n";
    }
    if (!r.targets.empty()) {
      out << "\n  " << pad_right("figure", 24) << pad_left("target", 10) << pad_left("before", 10)
          << pad_left("after", 10) << "  reproduced (within 2 sigma)\n";
      for (const auto& t : r.targets) {
        const int d = t.figure == "PUE" || t.figure == "WUE_L_per_kWh" ? 3 : 0;
        const bool ok = t.reproduced_by(r.after.at(t.figure));
        out << "  " << pad_right(t.figure, 24) << pad_left(fixed(t.value, d), 10)
            << pad_left(fixed(r.before.at(t.figure), d), 10) << pad_left(fixed(r.after.at(t.figure), d), 10)
            << (ok ? "  yes" : "  NO: the fit does not reach it within 2 sigma (see at_bound above)") << "\n";
      }
    }
    for (const auto& [name, g] : r.hourly) {
      const auto& m = r.monthly.at(name);
      out << "\n  " << name << ": CV(RMSE) hourly " << fixed(g.cv_rmse_pct, 1) << " %, NMBE " << fixed(g.nmbe_pct, 1)
          << " % (ASHRAE Guideline 14: 30 %, +-10 %: " << (g.meets(true) ? "met" : "not met") << "); monthly "
          << fixed(m.cv_rmse_pct, 1) << " %, " << fixed(m.nmbe_pct, 1) << " % (15 %, +-5 %: "
          << (m.meets(false) ? "met" : "not met") << ")";
    }
    out << "\n";
    if (out_file) {
      out << "\n  calibrated scenario: " << out_file->string() << "\n";
    }
    return 0;
  };
  return c;
}

} // namespace parktwin::cli
