#include "supply_report.hpp"

#include "commands.hpp"

#include <ostream>

namespace parktwin::cli {
namespace {

using nlohmann::ordered_json;

double mwh(double J) { return J / 3.6e9; }

double sum_over(const physics::supply::Balance& b, double (*get)(const physics::supply::Hour&)) {
  double s = 0.0;
  for (const auto& h : b.hours) {
    s += get(h) * physics::supply::kHour_s;
  }
  return s;
}

const char* measure_name(model::SizingMeasure m) { return m == model::SizingMeasure::CfeScore ? "cfe_score" : "green_share"; }

double achieved(const physics::SupplyYear& s) {
  return s.measure == model::SizingMeasure::CfeScore ? s.accounts.cfe_score : s.accounts.green_share;
}

ordered_json month_json(const physics::LedgerMonth& m) {
  const double f = m.facility_J > 0.0 ? m.facility_J : 1.0;
  return {{"it_MWh", mwh(m.it_J)},
          {"facility_MWh", mwh(m.facility_J)},
          {"green_used_MWh", mwh(m.green_used_J)},
          {"grid_MWh", mwh(m.grid_J)},
          {"certificates_MWh", mwh(m.certificates_J)},
          {"green_share", m.green_used_J / f},
          {"green_share_with_certificates", std::min(1.0, (m.green_used_J + m.certificates_J) / f)},
          {"cfe_score", m.cfe_J / f},
          {"CO2_location_t", m.CO2_location_kg / 1e3},
          {"CO2_market_t", m.CO2_market_kg / 1e3}};
}

} // namespace

ordered_json supply_json(const model::Park& park, const model::Stage& stage, const physics::SupplyYear& s) {
  const auto& a = s.accounts;
  const double charge = sum_over(s.balance, [](const physics::supply::Hour& h) { return h.charge_green + h.charge_grid; });
  const double discharge = sum_over(s.balance, [](const physics::supply::Hour& h) { return h.discharge(); });
  double open_VA = 0.0;
  for (const auto& w : park.wings) {
    open_VA += w.open_capacity_in_VA(stage.year);
  }
  const double it_kWh = [&] {
    double it = 0.0;
    for (const auto& t : s.tenants) {
      it += t.year.it_J;
    }
    return it / 3.6e6;
  }();
  ordered_json sources = ordered_json::array();
  for (const auto& src : s.sources) {
    sources.push_back({{"id", src.id},
                       {"kind", physics::kind_name(src.kind)},
                       {"owner", src.owner},
                       {"capacity_MW", src.capacity_W / 1e6},
                       {"energy_MWh", mwh(src.energy_J)},
                       {"export_allowed", src.export_allowed}});
  }
  ordered_json j{{"pv_MWh", mwh(s.pv_J())},
                 {"wind_MWh", mwh(s.wind_J())},
                 {"contract_MWh", mwh(s.contract_J())},
                 {"grid_import_MWh", mwh(a.grid_import_J)},
                 {"storage_discharge_MWh", mwh(discharge)},
                 {"storage_charge_MWh", mwh(charge)},
                 {"curtailed_MWh", mwh(s.curtailed_J)},
                 {"exported_MWh", mwh(s.exported_J)},
                 {"load_MWh", mwh(a.load_J)},
                 {"green_used_MWh", mwh(a.green_used_J)},
                 {"green_share", a.green_share},
                 {"green_share_with_certificates", a.green_share_with_certificates},
                 {"certificates_MWh", mwh(a.certificates_J)},
                 {"export_certificates_MWh", mwh(s.export_certificates_J)},
                 {"cfe_score", a.cfe_score},
                 {"CO2_location_t", a.CO2_location_kg / 1e3},
                 {"CO2_market_t", a.CO2_market_kg / 1e3},
                 {"CUE_location_kg_per_kWh", it_kWh > 0.0 ? a.CO2_location_kg / it_kWh : 0.0},
                 {"CUE_market_kg_per_kWh", it_kWh > 0.0 ? a.CO2_market_kg / it_kWh : 0.0},
                 {"pv_dc_MW", s.pv_dc_W / 1e6},
                 {"pv_specific_yield_kWh_per_kWp", s.pv_specific_yield_kWh_per_kWp()},
                 {"storage_losses_MWh", mwh(s.balance.storage_losses_J)},
                 {"storage_equivalent_full_cycles", s.balance.equivalent_full_cycles},
                 {"storage_capacity_end_MWh", mwh(s.balance.capacity_end_J)},
                 {"peak_grid_import_kW", s.peak_grid_import_W / 1e3},
                 {"substation_open_capacity_kVA", open_VA / 1e3},
                 {"grid_cost_CNY", s.grid_cost_CNY},
                 {"balance_worst_imbalance", s.balance.worst_imbalance},
                 {"sources", sources}};
  if (s.target) {
    j["target"] = {{"measure", measure_name(s.measure)},
                   {"value", *s.target},
                   {"achieved", achieved(s)},
                   {"met", achieved(s) >= *s.target},
                   {"gap", std::max(0.0, *s.target - achieved(s))}};
  }
  if (s.sizing) {
    ordered_json frontier = ordered_json::array();
    const physics::supply::SizingPoint* least_storage = nullptr;
    for (const auto& p : s.sizing->frontier) {
      frontier.push_back({{"storage_MWh", mwh(p.storage_J)}, {"pv_MW", p.pv_W / 1e6}, {"reached", p.reached}, {"achieved", p.achieved}});
      if (p.reached && least_storage == nullptr) {
        least_storage = &p;
      }
    }
    j["sizing"] = {{"measure", measure_name(s.measure)},
                   {"target", *s.target},
                   {"without_additions", s.sizing->without_additions},
                   {"reached", s.sizing->reached},
                   {"added_pv", "ground-mounted, outside the park, at the plan PV rule's tilt and azimuth"},
                   {"frontier", frontier},
                   {"evaluations", s.sizing->evaluations}};
    if (least_storage != nullptr) {
      j["sizing"]["least_storage"] = {{"storage_MWh", mwh(least_storage->storage_J)}, {"pv_MW", least_storage->pv_W / 1e6}};
    }
  }
  j["notes"] = s.notes;
  j["wall_time_s"] = s.wall_time_s;
  return j;
}

ordered_json tenants_json(const physics::SupplyYear& s) {
  ordered_json out = ordered_json::array();
  for (const auto& t : s.tenants) {
    out.push_back({{"id", t.id},
                   {"name", t.name},
                   {"it_MWh", mwh(t.year.it_J)},
                   {"facility_MWh", mwh(t.year.facility_J)},
                   {"green_share", t.green_share()},
                   {"green_share_with_certificates", t.green_share_with_certificates()},
                   {"cfe_score", t.cfe_score()},
                   {"certificates_MWh", mwh(t.year.certificates_J)},
                   {"CO2_location_t", t.year.CO2_location_kg / 1e3},
                   {"CO2_market_t", t.year.CO2_market_kg / 1e3}});
  }
  return out;
}

ordered_json ledger_json(const physics::SupplyYear& s) {
  ordered_json out = ordered_json::array();
  for (const auto& t : s.tenants) {
    ordered_json months = ordered_json::array();
    for (std::size_t m = 0; m < 12; ++m) {
      ordered_json mj = month_json(t.months[m]);
      mj["month"] = m + 1;
      months.push_back(mj);
    }
    out.push_back({{"id", t.id}, {"name", t.name}, {"months", months}, {"year", month_json(t.year)}});
  }
  return out;
}

void print_supply_text(std::ostream& out, const model::Stage& stage, const physics::SupplyYear& s) {
  const auto& a = s.accounts;
  out << "\n  Supply: PV " << fixed(mwh(s.pv_J()), 0) << " MWh (" << fixed(s.pv_dc_W / 1e6, 1) << " MWp, "
      << fixed(s.pv_specific_yield_kWh_per_kWp(), 0) << " kWh/kWp), wind " << fixed(mwh(s.wind_J()), 0)
      << " MWh, contracts " << fixed(mwh(s.contract_J()), 0) << " MWh; grid " << fixed(mwh(a.grid_import_J), 0)
      << " MWh; exported " << fixed(mwh(s.exported_J), 0) << " MWh, curtailed " << fixed(mwh(s.curtailed_J), 0) << " MWh\n"
      << "  Green share " << fixed(100.0 * a.green_share, 1) << " % (" << fixed(100.0 * a.green_share_with_certificates, 1)
      << " % with certificates), 24/7 CFE " << fixed(100.0 * a.cfe_score, 1) << " %; CO2 "
      << fixed(a.CO2_location_kg / 1e3, 0) << " t location-based, " << fixed(a.CO2_market_kg / 1e3, 0) << " t market-based\n";
  if (s.target) {
    const double got = achieved(s);
    out << "  Target of stage " << stage.id << ": " << measure_name(s.measure) << " " << fixed(100.0 * *s.target, 0) << " %: "
        << (got >= *s.target ? "met" : "missed by " + fixed(100.0 * (*s.target - got), 1) + " points") << "\n";
  }
  if (s.sizing) {
    out << "  To reach it (added ground PV outside the park, added storage of the sizing's duration):\n";
    for (const auto& p : s.sizing->frontier) {
      out << "    storage " << pad_left(fixed(mwh(p.storage_J), 0), 7) << " MWh: "
          << (p.reached ? "PV " + fixed(p.pv_W / 1e6, 1) + " MW"
                        : "not within " + fixed(p.pv_W / 1e6, 0) + " MW of PV (" + fixed(100.0 * p.achieved, 1) + " %)")
          << "\n";
    }
  }
  for (const auto& n : s.notes) {
    out << "  Note: " << n << "\n";
  }
}

void print_ledger_text(std::ostream& out, const physics::SupplyYear& s) {
  out << "  " << pad_right("tenant", 22) << pad_left("month", 6) << pad_left("IT MWh", 11) << pad_left("fac. MWh", 11)
      << pad_left("green MWh", 11) << pad_left("grid MWh", 11) << pad_left("GEC", 8) << pad_left("green %", 9)
      << pad_left("CFE %", 7) << pad_left("CO2 loc t", 11) << pad_left("CO2 mkt t", 11) << "\n";
  const auto row = [&](const std::string& id, const std::string& month, const physics::LedgerMonth& m) {
    const double f = m.facility_J > 0.0 ? m.facility_J : 1.0;
    out << "  " << pad_right(id, 22) << pad_left(month, 6) << pad_left(fixed(mwh(m.it_J), 0), 11)
        << pad_left(fixed(mwh(m.facility_J), 0), 11) << pad_left(fixed(mwh(m.green_used_J), 0), 11)
        << pad_left(fixed(mwh(m.grid_J), 0), 11) << pad_left(fixed(mwh(m.certificates_J), 0), 8)
        << pad_left(fixed(100.0 * m.green_used_J / f, 1), 9) << pad_left(fixed(100.0 * m.cfe_J / f, 1), 7)
        << pad_left(fixed(m.CO2_location_kg / 1e3, 0), 11) << pad_left(fixed(m.CO2_market_kg / 1e3, 0), 11) << "\n";
  };
  for (const auto& t : s.tenants) {
    for (std::size_t m = 0; m < 12; ++m) {
      row(t.id, std::to_string(m + 1), t.months[m]);
    }
    row(t.id, "year", t.year);
  }
}

} // namespace parktwin::cli
