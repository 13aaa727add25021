#include "parktwin/physics/park_dispatch.hpp"

#include "parktwin/common/error.hpp"
#include "parktwin/common/text.hpp"
#include "parktwin/physics/components.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>

namespace parktwin::physics {

namespace {

constexpr double kHour_s = 3600.0;
constexpr double kNoLimit_W = 1e300;

struct Member {
  std::size_t hall = 0;  ///< index in the park result
  std::size_t group = 0; ///< index in the hall's rack groups
};

/// Identical rack groups of identical halls in one wing, with the same flexibility.
struct LoadDef {
  std::string key;
  std::vector<Member> members;
  const model::RackGroup* group = nullptr;
  model::GroupFlexibility flex;
  std::size_t wing = 0;
};

double park_facility_J(const ParkResult& r) {
  double e = 0.0;
  for (const auto& h : r.halls) {
    if (h.ok) {
      e += h.energy.facility();
    }
  }
  return e;
}

std::vector<double> park_it_W(const ParkResult& r, std::size_t hours) {
  std::vector<double> it(hours, 0.0);
  for (const auto& h : r.halls) {
    if (!h.ok) {
      continue;
    }
    for (std::size_t i = 0; i < hours && i < h.hourly.it_kW.size(); ++i) {
      it[i] += 1e3 * static_cast<double>(h.hourly.it_kW[i]);
    }
  }
  return it;
}

/// The park's position each hour: grid import less the green supply left unused, W.
std::vector<double> position_W(const SupplyYear& y) {
  const std::size_t n = y.load_W.size();
  std::vector<double> p(n, 0.0);
  for (std::size_t h = 0; h < n; ++h) {
    p[h] = y.balance.hours[h].grid_import - y.exported_W[h] - y.curtailed_W[h];
  }
  return p;
}

struct Totals {
  double cost_CNY = 0.0, it_J = 0.0, cooling_J = 0.0, facility_J = 0.0;
};
Totals totals(const ParkResult& r) {
  Totals t;
  for (const auto& h : r.halls) {
    if (h.ok) {
      t.cost_CNY += h.energy_cost_CNY;
      t.it_J += h.energy.it;
      t.cooling_J += h.energy.cooling();
      t.facility_J += h.energy.facility();
    }
  }
  return t;
}

} // namespace

DispatchYear simulate_dispatch(const model::Park& park, const model::Stage& stage, const ParkResult& before,
                               const SupplyYear& supply_before, const ClimateInput& given_climate,
                               const ParkRunOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  std::optional<ClimateInput> site_climate;
  const ClimateInput& climate = climate_for_site(given_climate, park.site.hot_year_K, site_climate);
  if (!park.dispatch) {
    throw InputError("dispatch", "the scenario has no dispatch");
  }
  const model::ComputeDispatch& cfg = *park.dispatch;
  const std::size_t N = climate.hours();
  DispatchYear out;
  out.objective = cfg.objective;

  // The halls of the result with their scenario halls and wings.
  std::vector<const model::Hall*> hall_of(before.halls.size(), nullptr);
  std::vector<std::size_t> wing_of(before.halls.size(), 0);
  for (std::size_t i = 0; i < before.halls.size(); ++i) {
    for (std::size_t w = 0; w < park.wings.size(); ++w) {
      for (const auto& b : park.wings[w].buildings) {
        for (const auto& h : b.halls) {
          if (h.id == before.halls[i].hall_id) {
            hall_of[i] = &h;
            wing_of[i] = w;
          }
        }
      }
    }
    if (before.halls[i].ok && before.halls[i].hourly.facility_kW.size() != N) {
      throw InputError("dispatch", "hall " + before.halls[i].hall_id + " has no hourly results to dispatch on");
    }
  }

  // Loads: identical groups pooled, each member in its own hall.
  std::vector<LoadDef> defs;
  {
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < before.halls.size(); ++i) {
      const model::Hall* h = hall_of[i];
      if (h == nullptr || !before.halls[i].ok) {
        continue;
      }
      const std::string signature = hall_signature(park, *h, stage);
      for (std::size_t g = 0; g < h->rack_groups.size(); ++g) {
        const auto& group = h->rack_groups[g];
        const auto flex = cfg.of(group);
        if (flex.flexible_share <= 0.0 || group.design_power_W() <= 0.0 ||
            model::Park::occupancy(group, stage) <= 0.0) {
          continue;
        }
        ++out.flexible_groups;
        char buf[160];
        std::snprintf(buf, sizeof buf, "|%zu|%zu|%.17g|%d|%.17g|%.17g", wing_of[i], g, flex.flexible_share,
                      flex.window_h, flex.max_power_fraction, flex.min_power_fraction);
        // The tenant too: a load's work is credited to one company.
        const std::string key = signature + buf + "|" + group.tenant_id;
        const auto [it, inserted] = index.emplace(key, defs.size());
        if (inserted) {
          defs.push_back({key, {}, &group, flex, wing_of[i]});
        }
        defs[it->second].members.push_back({i, g});
      }
    }
  }
  out.loads = defs.size();

  // Each hall's profiled IT power and each group's limits, hourly.
  const auto group_series = [&](const model::RackGroup& g, std::vector<double>* base, std::vector<double>* hi,
                                std::vector<double>* lo, const model::GroupFlexibility* flex) {
    const double occupied_W = g.design_power_W() * model::Park::occupancy(g, stage);
    const double mean_W = occupied_W * g.utilisation;
    base->resize(N);
    if (hi != nullptr) {
      hi->resize(N);
      lo->resize(N);
    }
    for (std::size_t h = 0; h < N; ++h) {
      const ProfileHour p = profile_hour(g.load_profile, h);
      (*base)[h] = mean_W * p.mean;
      if (hi != nullptr) {
        // Limits hold at every moment of the hour: the hour's power keeps the profile's shape.
        (*hi)[h] = flex->max_power_fraction * occupied_W * p.mean / p.max;
        (*lo)[h] = flex->min_power_fraction * occupied_W * p.mean / p.min;
      }
    }
  };
  std::vector<std::vector<double>> hall_base_W(before.halls.size());
  std::vector<double> hall_cap_W(before.halls.size(), 0.0);
  for (std::size_t i = 0; i < before.halls.size(); ++i) {
    const model::Hall* h = hall_of[i];
    if (h == nullptr || !before.halls[i].ok) {
      continue;
    }
    hall_base_W[i].assign(N, 0.0);
    double design = 0.0;
    for (const auto& g : h->rack_groups) {
      std::vector<double> b;
      group_series(g, &b, nullptr, nullptr, nullptr);
      for (std::size_t t = 0; t < N; ++t) {
        hall_base_W[i][t] += b[t];
      }
      design += g.design_power_W();
    }
    // The cooling plant carries its design IT load (every rack at its design power) with its
    // installed air units, heat rejection and pumps; a group given less than the need caps it.
    const auto& plant = h->cooling.plant;
    const double f = std::min({1.0, plant.air_units.capacity_fraction(), plant.heat_rejection.capacity_fraction(),
                               plant.pumps.capacity_fraction()});
    hall_cap_W[i] = design * f;
  }
  std::vector<dispatch::Load> loads(defs.size());
  for (std::size_t l = 0; l < defs.size(); ++l) {
    const LoadDef& d = defs[l];
    dispatch::Load& L = loads[l];
    L.id = d.group->id + (d.members.size() > 1 ? " (x" + std::to_string(d.members.size()) + ")" : std::string());
    for (const auto& m : d.members) {
      L.halls.push_back(m.hall);
    }
    L.wing = d.wing;
    group_series(*d.group, &L.base_W, &L.max_W, &L.min_W, &d.flex);
    L.flexible_share = d.flex.flexible_share;
    L.window_h = static_cast<std::size_t>(d.flex.window_h);
  }

  // Each wing's substation room, from the year before the dispatch.
  std::vector<std::vector<double>> wing_room(park.wings.size(), std::vector<double>(N, kNoLimit_W));
  std::size_t wing_full_hours = 0;
  for (std::size_t w = 0; w < park.wings.size(); ++w) {
    if (park.wings[w].substations.empty()) {
      continue;
    }
    const double open_VA = park.wings[w].open_capacity_in_VA(stage.year);
    std::vector<double> VA(N, 0.0), W(N, 0.0);
    for (std::size_t i = 0; i < before.halls.size(); ++i) {
      const auto& r = before.halls[i];
      if (wing_of[i] != w || !r.ok || hall_of[i] == nullptr) {
        continue;
      }
      for (std::size_t t = 0; t < N; ++t) {
        const double f = 1e3 * static_cast<double>(r.hourly.facility_kW[t]);
        W[t] += f;
        VA[t] += f / r.power_factor;
      }
    }
    for (std::size_t t = 0; t < N; ++t) {
      const double pf = VA[t] > 0.0 ? W[t] / VA[t] : 1.0;
      wing_room[w][t] = std::max(0.0, open_VA - VA[t]) * pf;
      wing_full_hours += wing_room[w][t] <= 0.0 ? 1 : 0;
    }
  }
  if (wing_full_hours > 0) {
    out.notes.push_back(std::to_string(wing_full_hours) +
                        " wing hours have no substation capacity open beyond the profiled load: no work moves into them");
  }

  const std::vector<double> load0 = supply_before.load_W;
  std::vector<std::vector<char>> locked(before.halls.size());
  ParkResult current = before;
  SupplyYear supply = supply_before;
  double previous_E = park_facility_J(before);
  std::size_t locked_total = 0;
  dispatch::Result plan;
  std::string failed_hall; // a hall that could not be simulated with the dispatched power
  const double limit_C = cfg.inlet_limit_K - 273.15;
  // The problem from the latest simulation: each hall's facility power per IT watt, the position
  // as the profiled load would see it with the storage as it ran, the closed hall hours.
  const auto problem_from = [&](const ParkResult& cur, const SupplyYear& sup) {
    dispatch::Problem p;
    p.objective = cfg.objective == model::DispatchObjective::Cost ? dispatch::Objective::Cost
                                                                   : dispatch::Objective::CarbonFree;
    p.min_gain_fraction = cfg.min_gain_fraction;
    // The position as the profiled load would see it with the storage as it ran last round.
    p.position_W = position_W(sup);
    for (std::size_t t = 0; t < N; ++t) {
      p.position_W[t] -= sup.load_W[t] - load0[t];
      p.fossil_share.push_back(1.0 - sup.grid.cfe_share(t));
    }
    p.price_CNY_per_J = sup.price_CNY_per_J;
    p.halls.resize(before.halls.size());
    for (std::size_t i = 0; i < before.halls.size(); ++i) {
      auto& H = p.halls[i];
      H.facility_per_it.assign(N, 1.0);
      H.it_room_W.assign(N, 0.0);
      const auto& r = cur.halls[i];
      if (!r.ok || hall_of[i] == nullptr) {
        continue;
      }
      for (std::size_t t = 0; t < N; ++t) {
        const double it = static_cast<double>(r.hourly.it_kW[t]);
        H.facility_per_it[t] = it > 0.0 ? static_cast<double>(r.hourly.facility_kW[t]) / it : 1.0;
        const bool closed = !locked[i].empty() && locked[i][t] != 0;
        H.it_room_W[t] = closed ? 0.0 : std::max(0.0, hall_cap_W[i] - hall_base_W[i][t]);
      }
    }
    p.wing_room_W = wing_room;
    p.loads = loads;
    return p;
  };
  // The facility energy a plan adds over another at the latest simulation's facility power per IT
  // W, and the facility energy placed differently (sum of |difference|): how far apart they are.
  const auto plan_difference_J = [&](const dispatch::Problem& p, const dispatch::Result& from, const dispatch::Result& to) {
    std::pair<double, double> d{0.0, 0.0};
    for (std::size_t l = 0; l < loads.size(); ++l) {
      for (std::size_t m : loads[l].halls) {
        for (std::size_t t = 0; t < N; ++t) {
          const double e = p.halls[m].facility_per_it[t] * (to.loads[l].power_W[t] - from.loads[l].power_W[t]) * kHour_s;
          d.first += e;
          d.second += std::abs(e);
        }
      }
    }
    return d;
  };
  plan = dispatch::solve(problem_from(current, supply));
  for (int round = 1; round <= cfg.max_iterations; ++round) {

    // The halls with flexible groups, again, with the dispatched power.
    out.schedules.clear();
    std::set<std::string> ids;
    for (std::size_t l = 0; l < defs.size(); ++l) {
      const auto& x = plan.loads[l].power_W;
      std::vector<double> ratio(N, 1.0);
      for (std::size_t t = 0; t < N; ++t) {
        ratio[t] = loads[l].base_W[t] > 0.0 ? x[t] / loads[l].base_W[t] : 1.0;
      }
      for (const auto& m : defs[l].members) {
        const auto& id = before.halls[m.hall].hall_id;
        auto& s = out.schedules[id];
        s.ratio.resize(hall_of[m.hall]->rack_groups.size());
        s.ratio[m.group] = ratio;
        ids.insert(id);
      }
    }
    ParkRunOptions o = options;
    o.only_hall.clear();
    o.only_halls = &ids;
    o.it_schedules = &out.schedules;
    o.simulation.keep_hourly = true;
    ParkResult again = ids.empty() ? ParkResult{} : simulate_park(park, stage, climate, o);
    for (const auto& r : again.halls) {
      if (!r.ok) {
        failed_hall = r.hall_id + ": " + r.error;
        break;
      }
    }
    if (!failed_hall.empty()) {
      break;
    }
    ParkResult next = before;
    for (auto& r : again.halls) {
      for (auto& h : next.halls) {
        if (h.hall_id == r.hall_id) {
          h = std::move(r);
          break;
        }
      }
    }
    out.simulated_halls += again.simulated_halls;
    SupplyOptions so;
    so.sizing = false;
    supply = simulate_supply(park, stage, next, climate, so);

    // Hall hours the moved work took above the inlet limit take no more work.
    std::size_t new_locks = 0;
    for (std::size_t i = 0; i < next.halls.size(); ++i) {
      const auto& r = next.halls[i];
      const auto& b = before.halls[i];
      if (!r.ok || !b.ok || out.schedules.count(r.hall_id) == 0) {
        continue;
      }
      for (std::size_t t = 0; t < N; ++t) {
        if (static_cast<double>(r.hourly.max_inlet_C[t]) > limit_C &&
            static_cast<double>(b.hourly.max_inlet_C[t]) <= limit_C && r.hourly.it_kW[t] > b.hourly.it_kW[t]) {
          if (locked[i].empty()) {
            locked[i].assign(N, 0);
          }
          if (locked[i][t] == 0) {
            locked[i][t] = 1;
            ++new_locks;
          }
        }
      }
    }
    locked_total += new_locks;
    const double E = park_facility_J(next);
    DispatchRound rd;
    rd.facility_J = E;
    rd.relative_change = E > 0.0 ? std::abs(E - previous_E) / E : 0.0;
    rd.cfe_score = supply.accounts.cfe_score;
    rd.locked_hours = locked_total;
    rd.moves = plan.moves;
    previous_E = E;
    current = std::move(next);
    // Dispatch again on this round's simulation. Converged when the new plan changes the facility
    // energy (at this round's facility power per IT watt) by less than the tolerance and no hall
    // hour had to be closed: the simulated plan is then within the tolerance of the plan its own
    // results call for. Else the new plan is simulated in the next round.
    const dispatch::Problem p2 = problem_from(current, supply);
    dispatch::Result again_plan = dispatch::solve(p2);
    const auto diff = plan_difference_J(p2, plan, again_plan);
    rd.predicted_change = E > 0.0 ? std::abs(diff.first) / E : 0.0;
    rd.plan_change = plan.shifted_J > 0.0 ? 0.5 * diff.second / plan.shifted_J : 0.0;
    out.rounds.push_back(rd);
    if (new_locks == 0 && rd.predicted_change < cfg.tolerance) {
      out.converged = true;
      break;
    }
    if (round < cfg.max_iterations) {
      plan = std::move(again_plan);
    }
  }
  if (!failed_hall.empty()) {
    // The dispatched year is incomplete: show the year as profiled, and say why.
    out.notes.push_back("no dispatch: hall " + failed_hall + " (with the dispatched power); the year is as profiled");
    out.rounds.clear();
    out.schedules.clear();
    plan = dispatch::Result{};
    current = before;
    supply = supply_before;
    out.converged = false;
  } else if (!out.converged && !out.rounds.empty()) {
    out.notes.push_back("the dispatch did not settle within " + std::to_string(cfg.max_iterations) +
                        " rounds (a new dispatch would still change the facility energy by " +
                        fixed_text(100.0 * out.rounds.back().predicted_change, 3) + " %)");
  }
  if (locked_total > 0) {
    out.notes.push_back(std::to_string(locked_total) + " hall hours closed to more work: the moved work took their IT inlet above " +
                        fixed_text(limit_C, 1) + " C");
  }

  out.flexible_J = plan.flexible_J;
  out.shifted_J = plan.shifted_J;
  out.deferred_J = plan.deferred_J;
  out.max_window_imbalance = plan.max_window_imbalance;
  const Totals t0 = totals(before), t1 = totals(current);
  out.cost_CNY = {t0.cost_CNY, t1.cost_CNY};
  out.facility_J = {t0.facility_J, t1.facility_J};
  out.it_J = {t0.it_J, t1.it_J};
  out.cooling_J = {t0.cooling_J, t1.cooling_J};
  out.pue = {t0.it_J > 0.0 ? t0.facility_J / t0.it_J : 0.0, t1.it_J > 0.0 ? t1.facility_J / t1.it_J : 0.0};
  out.cfe_score = {supply_before.accounts.cfe_score, supply.accounts.cfe_score};
  out.green_share = {supply_before.accounts.green_share, supply.accounts.green_share};
  const Carbon c0 = supply_before.carbon(), c1 = supply.carbon();
  out.CO2_location_kg = {c0.location_kg, c1.location_kg};
  out.CO2_market_kg = {c0.market_kg, c1.market_kg};
  out.peak_grid_import_W = {supply_before.peak_grid_import_W, supply.peak_grid_import_W};
  out.grid_cost_CNY = {supply_before.grid_cost_CNY, supply.grid_cost_CNY};
  out.unused_green_J = {supply_before.exported_J + supply_before.curtailed_J, supply.exported_J + supply.curtailed_J};
  for (std::size_t k = 0; k < supply.tenants.size() && k < supply_before.tenants.size(); ++k) {
    const auto& a = supply_before.tenants[k];
    const auto& b = supply.tenants[k];
    DispatchCompany c;
    c.id = b.id;
    c.name = b.name;
    c.name_zh = b.name_zh;
    c.cfe_score = {a.cfe_score(), b.cfe_score()};
    c.green_share = {a.green_share(), b.green_share()};
    c.CO2_location_kg = {a.year.CO2_location_kg, b.year.CO2_location_kg};
    c.CO2_market_kg = {a.year.CO2_market_kg, b.year.CO2_market_kg};
    c.facility_J = {a.year.facility_J, b.year.facility_J};
    out.companies.push_back(c);
  }
  // The companies' flexible work (a load is one company's: its tenant is in the pooling key).
  for (std::size_t l = 0; l < defs.size() && l < plan.loads.size(); ++l) {
    std::string tenant = defs[l].group->tenant_id;
    for (const auto& c : out.companies) {
      if (tenant.empty() && park.find_tenant(c.id) == nullptr) {
        tenant = c.id; // the account of racks of no tenant
      }
    }
    for (auto& c : out.companies) {
      if (c.id == tenant) {
        c.flexible_J += plan.loads[l].flexible_J;
        c.shifted_J += plan.loads[l].shifted_J;
        c.deferred_J += plan.loads[l].deferred_J;
      }
    }
  }
  out.it_before_W = park_it_W(before, N);
  out.it_after_W = park_it_W(current, N);
  out.halls = std::move(current);
  out.halls.simulated_halls = before.simulated_halls;
  out.halls.dispatched_halls = out.simulated_halls;
  out.supply = std::move(supply);
  out.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

OperatedYear simulate_operated_year(const model::Park& park, const model::Stage& stage, const ClimateInput& given_climate,
                                    const ParkRunOptions& options, const SupplyOptions& supply_options) {
  // Made once here for the halls, the supply and the dispatch below (each would otherwise).
  std::optional<ClimateInput> site_climate;
  const ClimateInput& climate = climate_for_site(given_climate, park.site.hot_year_K, site_climate);
  OperatedYear y;
  ParkRunOptions o = options;
  o.simulation.keep_hourly = true; // the supply year is hourly
  y.halls = simulate_park(park, stage, climate, o);
  const bool cancelled = o.simulation.cancel != nullptr && o.simulation.cancel->load();
  if (cancelled) {
    return y;
  }
  if (park.dispatch) {
    std::string failed;
    for (const auto& r : y.halls.halls) {
      if (!r.ok && failed.empty()) {
        failed = r.hall_id;
      }
    }
    if (!failed.empty()) {
      y.dispatch_skipped = "no dispatch: hall " + failed + " was not simulated";
      y.supply = simulate_supply(park, stage, y.halls, climate, supply_options);
      y.supply.notes.push_back(y.dispatch_skipped);
      return y;
    } else {
      SupplyOptions so = supply_options;
      so.sizing = false;
      const SupplyYear profiled = simulate_supply(park, stage, y.halls, climate, so);
      y.dispatch = simulate_dispatch(park, stage, y.halls, profiled, climate, o);
      if (o.simulation.cancel != nullptr && o.simulation.cancel->load()) {
        y.dispatch.reset();
        return y;
      }
      const double plain_s = y.halls.wall_time_s;
      y.halls = std::move(y.dispatch->halls);
      y.dispatch->halls = {};
      y.halls.wall_time_s = plain_s + y.dispatch->wall_time_s;
      if (!supply_options.sizing) {
        y.supply = std::move(y.dispatch->supply);
        y.dispatch->supply = {};
        return y;
      }
      y.dispatch->supply = {};
    }
  }
  y.supply = simulate_supply(park, stage, y.halls, climate, supply_options);
  return y;
}

} // namespace parktwin::physics
