#include "dispatch_report.hpp"

#include "parktwin/common/text.hpp"

#include <ostream>

namespace parktwin::cli {

namespace {

using nlohmann::ordered_json;

constexpr double kMWh_J = 3.6e9;

ordered_json before_after(const physics::BeforeAfter& v, double scale) {
  return {{"before", v.before / scale}, {"after", v.after / scale}};
}

const char* objective_name(model::DispatchObjective o) {
  return o == model::DispatchObjective::Cost ? "cost" : "carbon_free";
}

} // namespace

ordered_json dispatch_json(const physics::DispatchYear& d) {
  ordered_json rounds = ordered_json::array();
  for (const auto& r : d.rounds) {
    rounds.push_back({{"facility_MWh", r.facility_J / kMWh_J},
                      {"relative_change", r.relative_change},
                      {"predicted_change", r.predicted_change},
                      {"plan_change", r.plan_change},
                      {"cfe_score", r.cfe_score},
                      {"locked_hours", r.locked_hours},
                      {"moves", r.moves}});
  }
  ordered_json companies = ordered_json::array();
  for (const auto& c : d.companies) {
    companies.push_back({{"id", c.id},
                         {"name", c.name},
                         {"name_zh", c.name_zh},
                         {"flexible_MWh", c.flexible_J / kMWh_J},
                         {"shifted_MWh", c.shifted_J / kMWh_J},
                         {"deferred_MWh", c.deferred_J / kMWh_J},
                         {"cfe_score_before", c.cfe_score.before},
                         {"cfe_score_after", c.cfe_score.after},
                         {"green_share_before", c.green_share.before},
                         {"green_share_after", c.green_share.after},
                         {"CO2_avoided_location_t", c.CO2_location_kg.saved() / 1e3},
                         {"CO2_avoided_market_t", c.CO2_market_kg.saved() / 1e3},
                         {"facility_energy_change_MWh", c.facility_J.change() / kMWh_J}});
  }
  return {{"objective", objective_name(d.objective)},
          {"flexible_MWh", d.flexible_J / kMWh_J},
          {"shifted_MWh", d.shifted_J / kMWh_J},
          {"deferred_MWh", d.deferred_J / kMWh_J},
          {"cfe_score_before", d.cfe_score.before},
          {"cfe_score_after", d.cfe_score.after},
          {"green_share_before", d.green_share.before},
          {"green_share_after", d.green_share.after},
          {"CO2_avoided_location_t", d.CO2_location_kg.saved() / 1e3},
          {"CO2_avoided_market_t", d.CO2_market_kg.saved() / 1e3},
          {"cost_saved_CNY", d.cost_CNY.saved()},
          {"grid_cost_saved_CNY", d.grid_cost_CNY.saved()},
          {"cooling_energy_change_MWh", d.cooling_J.change() / kMWh_J},
          {"facility_energy_change_MWh", d.facility_J.change() / kMWh_J},
          {"it_energy_change_MWh", d.it_J.change() / kMWh_J},
          {"curtailment_absorbed_MWh", d.unused_green_J.saved() / kMWh_J},
          {"peak_grid_import_MW", before_after(d.peak_grid_import_W, 1e6)},
          {"pue", before_after(d.pue, 1.0)},
          {"iterations", d.rounds.size()},
          {"converged", d.converged},
          {"rounds", rounds},
          {"flexible_groups", d.flexible_groups},
          {"loads", d.loads},
          {"max_window_imbalance", d.max_window_imbalance},
          {"companies", companies},
          {"notes", d.notes},
          {"wall_time_s", d.wall_time_s}};
}

void print_dispatch_text(std::ostream& out, const physics::DispatchYear& d) {
  out << "\nDispatch (" << objective_name(d.objective) << "): " << fixed_text(d.flexible_J / kMWh_J, 0)
      << " MWh flexible, " << fixed_text(d.shifted_J / kMWh_J, 0) << " MWh moved ("
      << fixed_text(d.deferred_J / kMWh_J, 0) << " MWh later than profiled) in " << d.rounds.size()
      << (d.rounds.size() == 1 ? " round" : " rounds") << (d.converged ? "" : ", not converged") << "\n";
  out << "  CFE " << fixed_text(100.0 * d.cfe_score.before, 2) << " % -> " << fixed_text(100.0 * d.cfe_score.after, 2)
      << " %; green share " << fixed_text(100.0 * d.green_share.before, 2) << " % -> "
      << fixed_text(100.0 * d.green_share.after, 2) << " %\n";
  out << "  CO2 avoided " << fixed_text(d.CO2_location_kg.saved() / 1e3, 0) << " t (location), "
      << fixed_text(d.CO2_market_kg.saved() / 1e3, 0) << " t (market); cost saved "
      << fixed_text(d.cost_CNY.saved(), 0) << " CNY (grid purchases " << fixed_text(d.grid_cost_CNY.saved(), 0)
      << " CNY); unused green supply absorbed "
      << fixed_text(d.unused_green_J.saved() / kMWh_J, 0) << " MWh\n";
  out << "  cooling energy " << (d.cooling_J.change() >= 0.0 ? "+" : "") << fixed_text(d.cooling_J.change() / kMWh_J, 1)
      << " MWh; PUE " << fixed_text(d.pue.before, 4) << " -> " << fixed_text(d.pue.after, 4)
      << "; peak grid import " << fixed_text(d.peak_grid_import_W.before / 1e6, 1) << " -> "
      << fixed_text(d.peak_grid_import_W.after / 1e6, 1) << " MW\n";
  for (const auto& n : d.notes) {
    out << "  note: " << n << "\n";
  }
}

} // namespace parktwin::cli
