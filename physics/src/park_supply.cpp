#include "parktwin/physics/park_supply.hpp"

#include "parktwin/model/supply_rules.hpp"
#include "parktwin/physics/components.hpp"
#include "parktwin/physics/pv.hpp"
#include "parktwin/physics/wind.hpp"

#include "parktwin/common/error.hpp"
#include "parktwin/common/text.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <numbers>
#include <numeric>

namespace parktwin::physics {
namespace {

constexpr double dt = supply::kHour_s;
constexpr double kJ_per_MWh = 3.6e9;
constexpr double kJ_per_kWh = 3.6e6;
constexpr double kRad_to_deg = 180.0 / std::numbers::pi;

pv::Array pv_array(double dc_W, double tilt_rad, double azimuth_rad) {
  pv::Array a;
  a.dc_rating_W = dc_W;
  a.orientation.tilt_deg = tilt_rad * kRad_to_deg;
  a.orientation.azimuth_deg = azimuth_rad * kRad_to_deg;
  return a;
}

std::vector<double> wind_power_W(const model::WindFarm& m, const climate::ClimateYear& year, double turbines,
                                 std::vector<std::string>& notes, const std::string& what) {
  wind::Farm f;
  if (m.power_curve.empty()) {
    f.curve = wind::generic_curve(m.rated_W, m.rotor_diameter_m);
  } else {
    f.curve = {};
    for (const auto& p : m.power_curve) {
      f.curve.speed_m_s.push_back(p.speed_m_s);
      f.curve.power_W.push_back(p.power_W);
    }
  }
  f.turbines = 1;
  f.hub_height_m = m.hub_height_m;
  f.measurement_height_m = m.measurement_height_m;
  f.shear_exponent = m.shear_exponent;
  f.loss_fraction = m.loss_fraction;
  const double n = static_cast<double>(year.hours());
  const double mean = n > 0.0 ? std::accumulate(year.wind_speed_m_s.begin(), year.wind_speed_m_s.end(), 0.0) / n : 0.0;
  double scale = 1.0;
  if (m.mean_wind_speed_m_s && mean > 0.0) {
    scale = *m.mean_wind_speed_m_s / mean;
  } else if (!m.mean_wind_speed_m_s) {
    notes.push_back(what + " uses the climate year's own wind (mean " + fixed_text(mean, 2) +
                    " m/s at the weather station): give mean_wind_speed_m_s, the farm site's long-term mean, for a farm's yield");
  }
  std::vector<double> out(year.hours(), 0.0);
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = turbines * wind::farm_power_W(f, year.wind_speed_m_s[i] * scale, year.p_Pa[i], year.T_db_K[i]);
  }
  return out;
}

bool contract_kind(SupplySource::Kind k) {
  return k == SupplySource::Kind::ContractShare || k == SupplySource::Kind::ContractPv || k == SupplySource::Kind::ContractWind;
}

bool off_site_kind(SupplySource::Kind k) {
  return k == SupplySource::Kind::PvPlanRule || k == SupplySource::Kind::ContractPv || k == SupplySource::Kind::ContractWind;
}

double total(const std::vector<double>& w) { return std::accumulate(w.begin(), w.end(), 0.0) * dt; }

supply::Rules rules_of(const model::BatteryStore& b) {
  switch (b.dispatch) {
  case model::Dispatch::LoadFollowing:
    return {};
  case model::Dispatch::DayChargeNightUse:
    return supply::Rules::day_charge_night_use();
  case model::Dispatch::Custom: {
    supply::Rules r;
    r.charge_from_surplus = b.charge_from_surplus;
    r.discharge_hours.fill(false); // only the hours listed (none: it never discharges)
    for (int h : b.discharge_hours) {
      if (h >= 0 && h < 24) { // the schema's range; a Park built in code is not checked
        r.discharge_hours[static_cast<std::size_t>(h)] = true;
      }
    }
    for (int h : b.grid_charge_hours) {
      if (h >= 0 && h < 24) {
        r.grid_charge_hours[static_cast<std::size_t>(h)] = true;
      }
    }
    return r;
  }
  }
  return {};
}

supply::Battery battery_of(const model::BatteryStore& b) {
  supply::Battery out;
  out.charge_efficiency = b.charge_efficiency;
  out.discharge_efficiency = b.discharge_efficiency;
  out.self_discharge_per_h = b.self_discharge_per_s * dt;
  out.soc_min = b.soc_min;
  out.soc_max = b.soc_max;
  out.soc_initial = 0.5 * (b.soc_min + b.soc_max);
  out.fade_per_cycle = b.fade_per_cycle;
  out.fade_per_year = b.fade_per_s * 365.0 * 86400.0;
  return out;
}

/// One hour's figures of the park that the ledger shares out (W; kg).
struct HourShare {
  double green_used_W = 0.0, grid_W = 0.0, cfe_W = 0.0, co2_kg = 0.0;
};

void add_hour(LedgerMonth& m, double f, double it_W, double facility_W, const HourShare& h) {
  m.it_J += it_W * dt;
  m.facility_J += facility_W * dt;
  m.green_used_J += f * h.green_used_W * dt;
  m.grid_J += f * h.grid_W * dt;
  m.cfe_J += f * h.cfe_W * dt;
  m.CO2_location_kg += f * h.co2_kg;
}

void close_year(LedgerAccount& a, double residual_kg_per_J) {
  a.year = {};
  for (auto& m : a.months) {
    m.CO2_market_kg = std::max(m.grid_J - m.certificates_J, 0.0) * residual_kg_per_J;
    a.year.it_J += m.it_J;
    a.year.facility_J += m.facility_J;
    a.year.green_used_J += m.green_used_J;
    a.year.grid_J += m.grid_J;
    a.year.certificates_J += m.certificates_J;
    a.year.cfe_J += m.cfe_J;
    a.year.CO2_location_kg += m.CO2_location_kg;
    a.year.CO2_market_kg += m.CO2_market_kg;
  }
}

} // namespace

const char* kind_name(SupplySource::Kind k) noexcept {
  switch (k) {
  case SupplySource::Kind::PvRoof:
    return "pv_roof";
  case SupplySource::Kind::PvGround:
    return "pv_ground";
  case SupplySource::Kind::PvPlanRule:
    return "pv_plan_rule";
  case SupplySource::Kind::Wind:
    return "wind";
  case SupplySource::Kind::ContractShare:
    return "contract_share";
  case SupplySource::Kind::ContractPv:
    return "contract_pv";
  case SupplySource::Kind::ContractWind:
    return "contract_wind";
  }
  return "";
}

double LedgerAccount::green_share() const noexcept { return year.facility_J > 0.0 ? year.green_used_J / year.facility_J : 0.0; }
double LedgerAccount::green_share_with_certificates() const noexcept {
  return year.facility_J > 0.0 ? std::min(1.0, (year.green_used_J + year.certificates_J) / year.facility_J) : 0.0;
}
double LedgerAccount::cfe_score() const noexcept { return year.facility_J > 0.0 ? year.cfe_J / year.facility_J : 0.0; }

double SupplyYear::pv_J() const noexcept { return total(pv_W); }
double SupplyYear::wind_J() const noexcept { return total(wind_W); }
double SupplyYear::contract_J() const noexcept { return total(contract_W); }
double SupplyYear::pv_specific_yield_kWh_per_kWp() const noexcept {
  return pv_dc_W > 0.0 ? (pv_J() / kJ_per_kWh) / (pv_dc_W / 1e3) : 0.0;
}

Carbon SupplyYear::carbon_of_halls(const std::vector<std::string>& hall_ids) const {
  Carbon c;
  for (const auto& id : hall_ids) {
    if (const LedgerAccount* h = hall(id)) {
      c.location_kg += h->year.CO2_location_kg;
      c.market_kg += h->year.CO2_market_kg;
    }
  }
  return c;
}

Carbon SupplyYear::carbon() const noexcept {
  Carbon c;
  for (const auto& t : tenants) {
    c.location_kg += t.year.CO2_location_kg;
    c.market_kg += t.year.CO2_market_kg;
  }
  return c;
}

const LedgerAccount* SupplyYear::hall(const std::string& id) const noexcept {
  for (const auto& h : halls) {
    if (h.id == id) {
      return &h;
    }
  }
  return nullptr;
}

SupplyYear simulate_supply(const model::Park& park, const model::Stage& stage, const ParkResult& halls,
                           const ClimateInput& given_climate, const SupplyOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  std::optional<ClimateInput> site_climate;
  const ClimateInput& climate = climate_for_site(given_climate, park.site.hot_year_K, site_climate);
  const climate::ClimateYear& year = climate.year();
  SupplyYear out;
  const std::size_t n = year.hours();
  if (year.month.size() != n || std::any_of(year.month.begin(), year.month.end(), [](std::uint8_t m) { return m < 1 || m > 12; })) {
    throw InputError(year.name, "the climate year's months must be 1-12 for every hour (the ledger is monthly)");
  }
  const model::Supply& sm = park.supply;

  // --- Loads: the park's, every hall's and every tenant's, hour by hour -----------------------
  std::map<std::string, const model::Hall*> hall_by_id;
  for (const auto& w : park.wings) {
    for (const auto& b : w.buildings) {
      for (const auto& h : b.halls) {
        hall_by_id[h.id] = &h;
      }
    }
  }
  std::map<std::string, std::size_t> tenant_index;
  for (const auto& t : park.tenants) {
    tenant_index[t.id] = out.tenants.size();
    out.tenants.push_back({t.id, t.name, t.name_zh, {}, {}, std::vector<double>(n, 0.0), std::vector<double>(n, 0.0)});
  }
  std::string unassigned = "unassigned";
  while (tenant_index.count(unassigned) != 0) {
    unassigned += "_";
  }
  const std::size_t unassigned_index = out.tenants.size();
  out.tenants.push_back({unassigned, "Racks of no tenant", "未归属企业的机柜", {}, {}, std::vector<double>(n, 0.0), std::vector<double>(n, 0.0)});
  out.load_W.assign(n, 0.0);
  std::vector<std::vector<double>> hall_load(halls.halls.size());
  // Each hall's facility power by tenant (tenant index, hourly W; empty: all of the hall's).
  std::vector<std::vector<std::pair<std::size_t, std::vector<double>>>> hall_parts(halls.halls.size());
  for (std::size_t k = 0; k < halls.halls.size(); ++k) {
    const HallResult& r = halls.halls[k];
    out.halls.push_back({r.hall_id, {}, {}, {}, {}, {}, {}});
    const auto it = hall_by_id.find(r.hall_id);
    if (!r.ok || it == hall_by_id.end()) {
      continue;
    }
    if (r.hourly.facility_kW.size() < n || r.hourly.it_kW.size() < n) {
      out.notes.push_back("hall '" + r.hall_id + "' has no hourly results: it is not in the supply year");
      continue;
    }
    const model::Hall& hall = *it->second;
    out.halls.back().name = hall.name;
    out.halls.back().name_zh = hall.name_zh;
    hall_load[k].resize(n);
    std::vector<double> mean_W;
    std::vector<LedgerAccount*> account;
    std::vector<std::size_t> part_of; // the group's entry in hall_parts[k]
    bool one_tenant = true;
    for (const auto& g : hall.rack_groups) {
      mean_W.push_back(g.design_power_W() * model::Park::occupancy(g, stage) * g.utilisation);
      const auto ti = tenant_index.find(g.tenant_id);
      const std::size_t j = ti == tenant_index.end() ? unassigned_index : ti->second;
      account.push_back(&out.tenants[j]);
      one_tenant = one_tenant && account.back() == account.front();
      auto& parts = hall_parts[k];
      auto pit = std::find_if(parts.begin(), parts.end(), [&](const auto& e) { return e.first == j; });
      if (pit == parts.end()) {
        parts.emplace_back(j, std::vector<double>());
        pit = parts.end() - 1;
      }
      part_of.push_back(static_cast<std::size_t>(pit - parts.begin()));
    }
    if (!one_tenant) {
      for (auto& [j, w] : hall_parts[k]) {
        w.assign(n, 0.0);
      }
    }
    for (std::size_t i = 0; i < n; ++i) {
      const double facility = 1e3 * static_cast<double>(r.hourly.facility_kW[i]);
      const double it_W = 1e3 * static_cast<double>(r.hourly.it_kW[i]);
      hall_load[k][i] = facility;
      out.load_W[i] += facility;
      if (one_tenant && !account.empty()) { // the whole hall is one company's
        account.front()->it_W[i] += it_W;
        account.front()->facility_W[i] += facility;
        continue;
      }
      // The hall's IT and facility power shared among its rack groups by their IT power this
      // hour (design x occupancy x utilisation x load profile; the inlet-temperature terms are
      // the hall's and scale every group alike).
      const double t_mid = (static_cast<double>(i) + 0.5) * dt;
      double sum = 0.0;
      for (std::size_t g = 0; g < mean_W.size(); ++g) {
        sum += mean_W[g] * profile_factor(hall.rack_groups[g].load_profile, t_mid);
      }
      for (std::size_t g = 0; g < mean_W.size(); ++g) {
        const double share = sum > 0.0 ? mean_W[g] * profile_factor(hall.rack_groups[g].load_profile, t_mid) / sum
                                       : 1.0 / static_cast<double>(mean_W.size());
        account[g]->it_W[i] += share * it_W;
        account[g]->facility_W[i] += share * facility;
        hall_parts[k][part_of[g]].second[i] += share * facility;
      }
    }
  }

  // --- Sources ----------------------------------------------------------------------------------
  const auto sun = pv::sun_positions(year);
  // Arrays alike but for their rating give the same output per W (the inverter curve is in
  // DC / DC rating): each kind is computed once.
  std::vector<std::pair<pv::Array, std::vector<double>>> per_W;
  const auto array_W = [&](const pv::Array& a) {
    pv::Array unit = a;
    unit.dc_rating_W = 1.0;
    auto same = [&](const pv::Array& b) {
      return b.orientation.tilt_deg == unit.orientation.tilt_deg && b.orientation.azimuth_deg == unit.orientation.azimuth_deg &&
             b.orientation.albedo == unit.orientation.albedo && b.temperature_coefficient_per_K == unit.temperature_coefficient_per_K &&
             b.dc_loss_fraction == unit.dc_loss_fraction && b.dc_ac_ratio == unit.dc_ac_ratio &&
             b.inverter_nominal_efficiency == unit.inverter_nominal_efficiency;
    };
    auto it = std::find_if(per_W.begin(), per_W.end(), [&](const auto& e) { return same(e.first); });
    if (it == per_W.end()) {
      per_W.emplace_back(unit, pv::array_ac_W(unit, year, sun));
      it = per_W.end() - 1;
    }
    std::vector<double> out_W(it->second.size());
    for (std::size_t i = 0; i < out_W.size(); ++i) {
      out_W[i] = a.dc_rating_W * it->second[i];
    }
    return out_W;
  };
  const auto ratings = model::pv_dc_ratings_W(park);
  for (std::size_t i = 0; i < sm.pv_arrays.size(); ++i) {
    const auto& a = sm.pv_arrays[i];
    if (!park.in_service(a.stage_id, stage) || ratings[i] <= 0.0) {
      continue;
    }
    pv::Array arr = pv_array(ratings[i], a.tilt_rad, a.azimuth_rad);
    arr.temperature_coefficient_per_K = a.temperature_coefficient_per_K;
    arr.dc_loss_fraction = a.dc_loss_fraction;
    arr.dc_ac_ratio = a.dc_ac_ratio;
    arr.inverter_nominal_efficiency = a.inverter_efficiency;
    out.sources.push_back({a.mount == model::PvMount::Roof ? SupplySource::Kind::PvRoof : SupplySource::Kind::PvGround, a.id,
                           a.owner, ratings[i], a.export_allowed, array_W(arr), 0.0});
  }
  for (const auto& t : park.tenants) {
    if (!t.plan_pv_rule) {
      continue;
    }
    double flops = 0.0;
    for (const auto& [id, h] : hall_by_id) {
      if (park.service_year(*h) <= stage.year) {
        for (const auto& g : h->rack_groups) {
          flops += g.tenant_id == t.id ? park.compute_FLOPS(g) : 0.0;
        }
      }
    }
    if (flops < sm.plan_pv_rule.min_project_FLOPS || flops <= 0.0) {
      if (flops > 0.0) {
        out.notes.push_back("tenant '" + t.id + "' does not qualify for the plan's PV rule at this stage: " +
                          std::to_string(std::lround(flops / 1e15)) + " of " +
                            std::to_string(std::lround(sm.plan_pv_rule.min_project_FLOPS / 1e15)) + " PFLOPS");
      }
      continue;
    }
    const double dc = sm.plan_pv_rule.W_per_FLOPS * flops;
    out.sources.push_back({SupplySource::Kind::PvPlanRule, "plan-pv-" + t.id, t.id, dc, true,
                           array_W(pv_array(dc, sm.plan_pv_rule.tilt_rad, sm.plan_pv_rule.azimuth_rad)), 0.0});
  }
  for (const auto& f : sm.wind_farms) {
    if (park.in_service(f.stage_id, stage)) {
      const double rated = f.power_curve.empty() ? f.rated_W
                                                 : std::max_element(f.power_curve.begin(), f.power_curve.end(),
                                                                    [](const auto& x, const auto& y) { return x.power_W < y.power_W; })->power_W;
      out.sources.push_back({SupplySource::Kind::Wind, f.id, f.owner, rated * f.turbines, f.export_allowed,
                             wind_power_W(f, year, static_cast<double>(f.turbines), out.notes, "wind farm '" + f.id + "'"), 0.0});
    }
  }
  for (const auto& c : sm.contracts) {
    if (!park.in_service(c.stage_id, stage)) {
      continue;
    }
    if (c.kind == model::ContractKind::Share) {
      std::vector<double> p(n);
      for (std::size_t i = 0; i < n; ++i) {
        p[i] = c.share.value_or(0.0) * out.load_W[i];
      }
      out.sources.push_back({SupplySource::Kind::ContractShare, c.id, c.owner, 0.0, false, std::move(p), 0.0});
    } else if (c.kind == model::ContractKind::Pv) {
      const double dc = c.capacity_W.value_or(0.0);
      out.sources.push_back({SupplySource::Kind::ContractPv, c.id, c.owner, dc, true,
                             array_W(pv_array(dc, 30.0 / kRad_to_deg, std::numbers::pi)), 0.0});
    } else {
      model::WindFarm generic;
      const double turbines = c.capacity_W.value_or(0.0) / generic.rated_W;
      out.sources.push_back({SupplySource::Kind::ContractWind, c.id, c.owner, c.capacity_W.value_or(0.0), true,
                             wind_power_W(generic, year, turbines, out.notes, "wind contract '" + c.id + "'"), 0.0});
    }
  }
  out.pv_W.assign(n, 0.0);
  out.wind_W.assign(n, 0.0);
  out.contract_W.assign(n, 0.0);
  std::vector<double> exportable(n, 0.0), off_site(n, 0.0); // off-site: contracts and the plan rule's PV
  for (auto& s : out.sources) {
    s.energy_J = total(s.power_W);
    const bool contract = contract_kind(s.kind);
    auto& into = contract ? out.contract_W : s.kind == SupplySource::Kind::Wind ? out.wind_W : out.pv_W;
    for (std::size_t i = 0; i < n; ++i) {
      into[i] += s.power_W[i];
      exportable[i] += s.export_allowed ? s.power_W[i] : 0.0;
      off_site[i] += s.export_allowed && off_site_kind(s.kind) ? s.power_W[i] : 0.0;
    }
    if (!contract && s.kind != SupplySource::Kind::Wind) {
      out.pv_dc_W += s.capacity_W;
    }
  }

  // --- The balance --------------------------------------------------------------------------------
  supply::Battery battery;
  supply::Rules rules;
  bool first_battery = true;
  for (const auto& b : sm.batteries) {
    if (!park.in_service(b.stage_id, stage)) {
      continue;
    }
    if (first_battery) {
      battery = battery_of(b);
      rules = rules_of(b);
      first_battery = false;
    }
    battery.energy_J += b.energy_J;
    battery.charge_W += b.power_W;
    battery.discharge_W += b.power_W;
  }
  std::vector<double> non_wind(n);
  for (std::size_t i = 0; i < n; ++i) {
    non_wind[i] = out.pv_W[i] + out.contract_W[i];
  }
  out.balance = supply::balance(out.load_W, non_wind, out.wind_W, battery, rules, 0);
  // What the park cannot use or store goes to the grid from grid-connected sources (export),
  // else is curtailed; exports earn certificates for their owners (by their share this hour).
  const double export_limit = sm.grid.export_limit_W.value_or(std::numeric_limits<double>::infinity());
  out.exported_W.assign(n, 0.0);
  out.curtailed_W.assign(n, 0.0);
  std::map<std::string, std::array<double, 12>> earned; // owner -> J per month
  for (std::size_t i = 0; i < n; ++i) {
    const double surplus = out.balance.hours[i].curtailed;
    // Off-site plants' surplus stays in the grid (not through the park's connection); the park's
    // own exports are held to its export limit.
    const double e_off = std::min(surplus, off_site[i]);
    const double e = e_off + std::min({surplus - e_off, exportable[i] - off_site[i], export_limit});
    out.exported_W[i] = e;
    out.curtailed_W[i] = surplus - e;
    if (e > 0.0) {
      const int m = year.month[i] - 1;
      for (const auto& s : out.sources) {
        if (s.export_allowed && s.power_W[i] > 0.0) {
          earned[s.owner][static_cast<std::size_t>(m)] += e * s.power_W[i] / exportable[i] * dt;
        }
      }
    }
  }
  out.exported_J = total(out.exported_W);
  out.curtailed_J = total(out.curtailed_W);

  // --- The grid and the ledger -----------------------------------------------------------------
  const double location_kg_per_J = sm.grid.location_factor_kg_per_J.value_or(park.site.grid_co2_kg_per_J);
  const double residual_kg_per_J = sm.grid.residual_factor_kg_per_J.value_or(location_kg_per_J);
  out.grid.location_factor_kg_per_kWh = {location_kg_per_J * kJ_per_kWh};
  out.grid.residual_factor_kg_per_kWh = residual_kg_per_J * kJ_per_kWh;
  out.grid.carbon_free_share = {sm.grid.carbon_free_share};
  std::vector<int> month_of_hour(n);
  out.price_CNY_per_J.resize(n);
  std::vector<HourShare> share_of(n); // what the ledger shares out, hour by hour
  for (std::size_t i = 0; i < n; ++i) {
    month_of_hour[i] = year.month[i];
    const supply::Hour& h = out.balance.hours[i];
    share_of[i] = {h.green_used(), h.grid_import, h.carbon_free_W(sm.grid.carbon_free_share),
                   h.grid_import * dt * location_kg_per_J};
    out.price_CNY_per_J[i] = park.site.price_CNY_per_J_at(static_cast<int>(i % 24));
    out.grid_cost_CNY += h.grid_import * dt * out.price_CNY_per_J[i];
    out.peak_grid_import_W = std::max(out.peak_grid_import_W, h.grid_import);
  }
  // An hour without load (nothing in service, yet a battery charging) is shared by the month's
  // facility energy; a month without any goes to the unassigned account.
  std::array<double, 12> month_load{};
  std::vector<std::array<double, 12>> tenant_month(out.tenants.size()), hall_month(out.halls.size());
  const bool idle_hours = std::any_of(out.balance.hours.begin(), out.balance.hours.end(), [](const auto& h) { return h.load <= 0.0; });
  for (std::size_t i = 0; i < n && idle_hours; ++i) {
    const auto m = static_cast<std::size_t>(month_of_hour[i] - 1);
    month_load[m] += out.load_W[i];
    for (std::size_t j = 0; j < out.tenants.size(); ++j) {
      tenant_month[j][m] += out.tenants[j].facility_W[i];
    }
    for (std::size_t k = 0; k < out.halls.size(); ++k) {
      hall_month[k][m] += hall_load[k].empty() ? 0.0 : hall_load[k][i];
    }
  }
  // Each hall's grid energy by tenant and month, for its share of each tenant's certificates.
  std::vector<std::vector<std::array<double, 12>>> hall_tenant_grid(out.halls.size());
  for (std::size_t k = 0; k < out.halls.size(); ++k) {
    hall_tenant_grid[k].assign(hall_parts[k].size(), std::array<double, 12>{});
  }
  // Account by account, hour by hour (each account's series stays in cache).
  const std::vector<double>& load_W = out.load_W;
  for (std::size_t j = 0; j < out.tenants.size(); ++j) {
    auto& t = out.tenants[j];
    for (std::size_t i = 0; i < n; ++i) {
      const auto m = static_cast<std::size_t>(month_of_hour[i] - 1);
      const bool loaded = load_W[i] > 0.0;
      if (loaded && t.facility_W[i] <= 0.0) {
        continue; // nothing of this tenant's runs this hour
      }
      const double f = loaded                 ? t.facility_W[i] / load_W[i]
                       : month_load[m] > 0.0  ? tenant_month[j][m] / month_load[m]
                       : j == unassigned_index ? 1.0
                                               : 0.0;
      add_hour(t.months[m], f, t.it_W[i], t.facility_W[i], share_of[i]);
    }
  }
  for (std::size_t k = 0; k < out.halls.size(); ++k) {
    if (hall_load[k].empty()) {
      continue;
    }
    const auto& it_kW = halls.halls[k].hourly.it_kW;
    for (std::size_t i = 0; i < n; ++i) {
      const auto m = static_cast<std::size_t>(month_of_hour[i] - 1);
      const bool loaded = load_W[i] > 0.0;
      const double f = loaded ? hall_load[k][i] / load_W[i] : month_load[m] > 0.0 ? hall_month[k][m] / month_load[m] : 0.0;
      add_hour(out.halls[k].months[m], f, 1e3 * static_cast<double>(it_kW[i]), hall_load[k][i], share_of[i]);
      for (std::size_t q = 0; q < hall_parts[k].size(); ++q) {
        const auto& [j, w] = hall_parts[k][q];
        const double part = w.empty() ? hall_load[k][i] : w[i];
        const double fq = loaded ? part / load_W[i] : f * (hall_load[k][i] > 0.0 ? part / hall_load[k][i] : 0.0);
        hall_tenant_grid[k][q][m] += fq * share_of[i].grid_W * dt;
      }
    }
  }
  // Certificates, monthly, in whole MWh (GEC): each tenant retires its own (bought, and earned
  // by its plants' exports) against its grid energy; the park's common exports then cover what
  // is left, shared by the tenants' remaining grid energy.
  const auto whole = [](double J) { return std::floor(J / kJ_per_MWh + 1e-9) * kJ_per_MWh; };
  std::array<double, 12> retired_month{};
  for (std::size_t m = 0; m < 12; ++m) {
    std::vector<double> left(out.tenants.size(), 0.0);
    double left_total = 0.0;
    for (std::size_t k = 0; k < out.tenants.size(); ++k) {
      auto& tm = out.tenants[k].months[m];
      const model::Tenant* t = park.find_tenant(out.tenants[k].id);
      double own = t != nullptr ? whole(t->certificates_J_per_month) : 0.0; // GEC are whole MWh
      if (t != nullptr && earned.count(t->id) != 0) {
        own += whole(earned[t->id][m]);
        out.export_certificates_J += whole(earned[t->id][m]);
      }
      tm.certificates_J = std::min(own, tm.grid_J);
      left[k] = tm.grid_J - tm.certificates_J;
      left_total += left[k];
    }
    const double pool = earned.count("") != 0 ? whole(earned[""][m]) : 0.0;
    out.export_certificates_J += pool;
    const double used = std::min(pool, left_total);
    for (std::size_t k = 0; k < out.tenants.size(); ++k) {
      out.tenants[k].months[m].certificates_J += left_total > 0.0 ? used * left[k] / left_total : 0.0;
      retired_month[m] += out.tenants[k].months[m].certificates_J;
    }
  }
  for (auto& t : out.tenants) {
    close_year(t, residual_kg_per_J);
  }
  // A hall takes, of each of its tenants' retired certificates, its share of that tenant's grid
  // energy.
  for (std::size_t k = 0; k < out.halls.size(); ++k) {
    auto& hl = out.halls[k];
    for (std::size_t m = 0; m < 12; ++m) {
      double c = 0.0;
      for (std::size_t q = 0; q < hall_parts[k].size(); ++q) {
        const auto& tm = out.tenants[hall_parts[k][q].first].months[m];
        c += tm.grid_J > 0.0 ? tm.certificates_J * hall_tenant_grid[k][q][m] / tm.grid_J : 0.0;
      }
      hl.months[m].certificates_J = c;
    }
    close_year(hl, residual_kg_per_J);
  }
  for (std::size_t m = 0; m < 12; ++m) {
    out.grid.certificates_MWh[m] = retired_month[m] / kJ_per_MWh;
  }
  out.accounts = supply::accounts(out.balance, out.grid, month_of_hour);
  // Drop the "unassigned" account when every rack has a tenant.
  if (out.tenants.back().year.facility_J <= 0.0 && out.tenants.back().year.grid_J <= 0.0 && out.tenants.size() > 1) {
    out.tenants.pop_back();
  }

  // --- The sizing answer ------------------------------------------------------------------------
  out.measure = sm.sizing.measure;
  out.target = sm.sizing.target ? sm.sizing.target : stage.green_share_target;
  if (out.target && options.sizing) {
    supply::SizingProblem p;
    p.load_W = out.load_W;
    p.existing_pv_W = non_wind;
    p.wind_W = out.wind_W;
    p.added_pv_W_per_W = array_W(pv_array(1.0, sm.plan_pv_rule.tilt_rad, sm.plan_pv_rule.azimuth_rad));
    p.storage_template = first_battery ? battery_of(model::BatteryStore{}) : battery; // as a battery built from the answer
    p.existing_storage_J = battery.energy_J;
    p.existing_storage_W = battery.charge_W;
    p.power_per_J = 1.0 / sm.sizing.storage_duration_s;
    p.rules = first_battery ? supply::Rules::day_charge_night_use() : rules;
    p.grid = out.grid;
    p.grid.certificates_MWh.fill(0.0);
    p.month_of_hour = month_of_hour;
    p.pv_max_W = sm.sizing.max_pv_W;
    p.storage_max_J = sm.sizing.max_storage_J;
    p.storage_steps = sm.sizing.storage_steps;
    supply::Target t;
    t.measure = sm.sizing.measure == model::SizingMeasure::CfeScore ? supply::Target::Measure::Cfe : supply::Target::Measure::GreenShare;
    t.value = *out.target;
    out.sizing = supply::size_pv_and_storage(p, t);
  }
  out.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return out;
}

} // namespace parktwin::physics
