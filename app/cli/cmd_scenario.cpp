// parktwin validate | scenario summary

#include "commands.hpp"

#include "parktwin/common/error.hpp"
#include "parktwin/common/text.hpp"
#include "parktwin/model/layout.hpp"
#include "parktwin/model/scenario.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <ostream>
#include <set>

namespace parktwin::cli {
namespace {

using nlohmann::ordered_json;
using model::Park;

/// Totals of a set of halls at one stage.
struct Totals {
  double racks = 0.0;
  double standard_racks = 0.0;
  double design_it_W = 0.0;
  double occupied_it_W = 0.0; ///< design IT power of occupied racks
  double floor_area_m2 = 0.0;
  double design_VA = 0.0;
  std::size_t halls = 0;

  void add(const model::Stage& stage, const model::Hall& h) {
    racks += h.racks();
    standard_racks += h.standard_racks();
    design_it_W += h.design_it_power_W();
    for (const auto& g : h.rack_groups) {
      occupied_it_W += g.design_power_W() * Park::occupancy(g, stage);
    }
    floor_area_m2 += h.floor_area_m2;
    design_VA += h.design_apparent_power_VA();
    ++halls;
  }
  double occupancy() const { return design_it_W > 0.0 ? occupied_it_W / design_it_W : 0.0; }
};

ordered_json totals_json(const Totals& t) {
  return {{"halls", t.halls},
          {"racks", t.racks},
          {"standard_racks", t.standard_racks},
          {"design_IT_kW", t.design_it_W / 1e3},
          {"occupancy", t.occupancy()},
          {"floor_area_m2", t.floor_area_m2},
          {"design_kVA", t.design_VA / 1e3}};
}

/// Plan arithmetic (二、(五) 2.): 100,000 racks need 812,500 kVA.
constexpr double kPlan_kVA_per_standard_rack = 8.125;

} // namespace

Command validate_command() {
  Command c;
  c.spec.path = "validate";
  c.spec.usage = "<scenario.json | haidong>";
  c.spec.summary = "Checks a scenario against the schema and the rules between its fields, and "
                   "prints every problem with its JSON path.";
  c.spec.min_positionals = 1;
  c.spec.max_positionals = 1;
  c.spec.options = {{"json", "", "print the problems as JSON"}};
  c.spec.details = "Exit status 0 if the scenario is valid, 1 if it has problems.\n";
  c.run = [](const ParsedArgs& a, std::ostream& out) {
    const std::string name = a.positionals().front();
    std::string text;
    std::string source = name;
    if (name == model::kBuiltinHaidong) {
      text = model::builtin_haidong_text();
      source = "haidong (built in)";
    } else {
      std::error_code ec;
      if (!std::filesystem::is_regular_file(name, ec)) {
        throw InputError(name, "no such scenario file");
      }
      text = read_file(name);
    }
    const model::Json doc = model::parse_json_document(text, source);
    const auto problems = model::Scenario::check(doc);
    // What reading it would change (an older format version), said once the file is valid.
    std::vector<std::string> notes;
    if (problems.empty()) {
      notes = model::Scenario::from_document(doc, source).notes();
    }
    if (a.flag("json")) {
      ordered_json list = ordered_json::array();
      for (const auto& p : problems) {
        list.push_back({{"path", p.path}, {"message", p.message}});
      }
      out << ordered_json{{"scenario", source}, {"valid", problems.empty()}, {"problems", list}, {"notes", notes}}.dump(2)
          << "\n";
    } else if (problems.empty()) {
      // Counted from the checked document: building the park again would repeat the check.
      std::size_t buildings = 0, halls = 0;
      for (const auto& w : doc["wings"]) {
        buildings += w["buildings"].size();
        for (const auto& b : w["buildings"]) {
          halls += b["halls"].size();
        }
      }
      out << source << ": valid (" << doc["wings"].size() << " wings, " << buildings
          << " buildings, " << halls << " halls)\n";
      for (const auto& n : notes) {
        out << "note: " << n << "\n";
      }
    } else {
      for (const auto& p : problems) {
        out << source << ": " << (p.path.empty() ? "" : p.path + ": ") << p.message << "\n";
      }
      out << problems.size() << " problem(s)\n";
    }
    if (!problems.empty()) {
      throw InputError(source, "the scenario is not valid (" + std::to_string(problems.size()) +
                                   " problem(s))");
    }
    return 0;
  };
  return c;
}

Command scenario_summary_command() {
  Command c;
  c.spec.path = "scenario summary";
  c.spec.usage = "<scenario.json | haidong> [--stage <id|year>] [--json]";
  c.spec.summary = "Racks, IT power, floor area and design kVA per hall, per wing and for the "
                   "park at a build-out stage, against each wing's substation open capacity.";
  c.spec.min_positionals = 1;
  c.spec.max_positionals = 1;
  c.spec.options = {{"stage", "id|year", "build-out stage (default: the scenario's default_stage, else the last)"},
                    {"json", "", "print JSON instead of text"}};
  c.spec.details =
      "Standard racks are 2.5 kW of design IT power each. Design kVA = design IT kW x the hall's "
      "design peak PUE / power factor. The plan's own arithmetic (8.125 kVA per standard rack) is "
      "shown beside it.\n";
  c.run = [](const ParsedArgs& a, std::ostream& out) {
    const auto scenario = model::Scenario::load(a.positionals().front());
    const Park& park = scenario.park();
    const model::Stage& stage = choose_stage(park, a.value("stage"));
    std::set<int> years;
    for (const auto& w : park.wings) {
      for (const auto& s : w.substations) {
        for (const auto& e : s.open_capacity_VA) {
          years.insert(e.year);
        }
      }
    }
    for (const auto& s : park.stages) {
      years.insert(s.year);
    }
    Totals park_totals;
    ordered_json wings_json = ordered_json::array();
    ordered_json halls_json = ordered_json::array();
    std::string text;
    const auto hall_line = [&](const std::string& name, const Totals& t, const std::string& extra) {
      return "  " + pad_right(name, 34) + pad_left(fixed(t.racks, 0), 8) +
             pad_left(fixed(t.standard_racks, 0), 10) + pad_left(fixed(t.design_it_W / 1e3, 0), 10) +
             pad_left(fixed(t.occupancy() * 100.0, 0) + " %", 7) +
             pad_left(fixed(t.floor_area_m2, 0), 10) + pad_left(fixed(t.design_VA / 1e3, 0), 11) +
             extra + "\n";
    };
    text += "Scenario: " + park.name + " (" + scenario.source() + ")\n";
    if (!park.layout_note.empty()) {
      text += "  " + park.layout_note + "\n";
    }
    text += "Stage " + stage.id + " (" + std::to_string(stage.year) + "): halls in service by then\n\n";
    text += "  " + pad_right("hall", 34) + pad_left("racks", 8) + pad_left("std racks", 10) +
            pad_left("IT kW", 10) + pad_left("occ.", 7) + pad_left("area m2", 10) +
            pad_left("design kVA", 11) + "\n";
    for (const auto& w : park.wings) {
      Totals wt;
      text += " " + w.name + (w.name_zh.empty() ? "" : " " + w.name_zh) + " [" + w.id + "]\n";
      for (const auto& b : w.buildings) {
        for (const auto& h : b.halls) {
          if (park.service_year(h) > stage.year) {
            continue;
          }
          Totals ht;
          ht.add(stage, h);
          wt.add(stage, h);
          park_totals.add(stage, h);
          text += hall_line(h.id, ht, "");
          ordered_json hj = totals_json(ht);
          hj.erase("halls");
          ordered_json row{{"id", h.id}, {"name", h.name}, {"wing", w.id}, {"building", b.id},
                           {"stage", h.stage_id}};
          row.update(hj);
          halls_json.push_back(row);
        }
      }
      text += hall_line("wing total", wt, "");
      ordered_json cap = ordered_json::object();
      std::string cap_text = "    open capacity for compute, MVA:";
      for (int y : years) {
        cap[std::to_string(y)] = w.open_capacity_in_VA(y) / 1e6;
        cap_text += " " + std::to_string(y) + ": " + fixed(w.open_capacity_in_VA(y) / 1e6, 0);
      }
      const double open_now = w.open_capacity_in_VA(stage.year);
      text += cap_text + "\n    design demand " + fixed(wt.design_VA / 1e6, 1) + " MVA against " +
              fixed(open_now / 1e6, 0) + " MVA open in " + std::to_string(stage.year) +
              (wt.design_VA > open_now ? "  ** exceeds the open capacity **" : "") +
              "; plan arithmetic " + fixed(wt.standard_racks * kPlan_kVA_per_standard_rack / 1e3, 1) +
              " MVA\n";
      for (const auto& pd : w.plan_demand) {
        if (pd.year == stage.year && pd.apparent_power_VA) {
          text += "    the plan's own figure for this wing in " + std::to_string(pd.year) + ": " +
                  fixed(*pd.apparent_power_VA / 1e6, 1) + " MVA\n";
        }
      }
      ordered_json wj{{"id", w.id}, {"name", w.name}};
      for (const auto& pd : w.plan_demand) {
        if (pd.year == stage.year && pd.apparent_power_VA) {
          wj["plan_demand_kVA"] = *pd.apparent_power_VA / 1e3;
        }
      }
      wj.update(totals_json(wt));
      wj["open_capacity_MVA_by_year"] = cap;
      wj["open_capacity_MVA_at_stage"] = open_now / 1e6;
      wj["design_kVA_exceeds_open_capacity"] = wt.design_VA > open_now;
      wj["plan_arithmetic_kVA"] = wt.standard_racks * kPlan_kVA_per_standard_rack;
      wings_json.push_back(wj);
    }
    text += "\n" + hall_line("PARK", park_totals, "") + "  plan arithmetic (8.125 kVA per standard rack): " +
            fixed(park_totals.standard_racks * kPlan_kVA_per_standard_rack, 0) + " kVA\n";
    if (a.flag("json")) {
      ordered_json j{{"scenario", park.name},
                     {"source", scenario.source()},
                     {"stage", {{"id", stage.id}, {"year", stage.year}}},
                     {"halls", halls_json},
                     {"wings", wings_json}};
      ordered_json pj = totals_json(park_totals);
      pj["plan_arithmetic_kVA"] = park_totals.standard_racks * kPlan_kVA_per_standard_rack;
      j["park"] = pj;
      out << j.dump(2) << "\n";
    } else {
      out << text;
    }
    return 0;
  };
  return c;
}

Command scenario_reference_command() {
  Command c;
  c.spec.path = "scenario reference";
  c.spec.usage = "";
  c.spec.summary = "Prints the reference of the scenario format (Markdown), generated from the "
                   "schema. The same text is docs/model/scenario-reference.md.";
  c.run = [](const ParsedArgs&, std::ostream& out) {
    out << model::scenario_reference_markdown();
    return 0;
  };
  return c;
}

Command scenario_layout_command() {
  Command c;
  c.spec.path = "scenario layout";
  c.spec.usage = "<scenario.json | haidong> --out <file.json>";
  c.spec.summary = "Lays out the halls of every building that has no hall layout (rows of racks, "
                   "aisles, cooling units) and writes the scenario with them.";
  c.spec.min_positionals = 1;
  c.spec.max_positionals = 1;
  c.spec.options = {{"out", "file.json", "the scenario to write (atomically)"}};
  c.spec.details =
      "Each floor's halls stand side by side across the footprint; in each hall pods of up to 40 racks "
      "(0.6 m x 1.2 m) in hot-aisle-contained rows along its longer side, 1.2 m aisles, 2 m cross aisles, "
      "the plant's air units along one long wall and one coolant distribution unit per MW of liquid heat "
      "along the other (docs/model/park-model.md, \"Hall layout\"). Buildings whose footprint is not a "
      "rectangle, or whose racks do not fit, stay schematic and are named. Exit status 0 on success, 1 if "
      "the scenario is not valid.\n";
  c.run = [](const ParsedArgs& a, std::ostream& out) {
    const std::filesystem::path path = output_file(a, ".json", "scenario layout");
    const auto scenario = model::Scenario::load(a.positionals().front());
    const auto change = model::layout::lay_out_all(scenario.document());
    for (const auto& n : change.notes) {
      out << scenario.source() << ": " << n.path << ": " << n.message << "\n";
    }
    // Checked again as it is built: an invalid result throws every problem, named, and writes nothing.
    const auto laid_out = model::Scenario::from_document(change.document, scenario.source());
    laid_out.save(path);
    std::size_t halls = 0;
    for (const auto& w : laid_out.park().wings) {
      for (const auto& b : w.buildings) {
        for (const auto& h : b.halls) {
          halls += h.layout ? 1 : 0;
        }
      }
    }
    out << path.string() << ": " << halls << " halls laid out\n";
    return 0;
  };
  return c;
}

Command scenario_schema_command() {
  Command c;
  c.spec.path = "scenario schema";
  c.spec.usage = "";
  c.spec.summary = "Prints the JSON Schema of the scenario format (for editors and other tools).";
  c.run = [](const ParsedArgs&, std::ostream& out) {
    out << model::scenario_schema_text();
    return 0;
  };
  return c;
}

} // namespace parktwin::cli
