#include "parktwin/physics/supply_balance.hpp"

#include <algorithm>
#include <cmath>

namespace parktwin::physics::supply {

Rules Rules::day_charge_night_use() {
  Rules r;
  for (int h = 0; h < 24; ++h) {
    r.discharge_hours[static_cast<std::size_t>(h)] = h >= 19 || h < 7;
  }
  return r;
}

double Hour::green_used() const noexcept { return pv + wind - charge_green - curtailed + discharge_green; }

double Hour::carbon_free_W(double grid_share) const noexcept {
  const double grid_to_load = grid_import - charge_grid + discharge_grid;
  return std::min(load, green_used() + grid_share * std::max(grid_to_load, 0.0));
}

Balance balance(const std::vector<double>& load_W, const std::vector<double>& pv_W, const std::vector<double>& wind_W,
                const Battery& b, const Rules& r, int first_hour_of_day) {
  Balance out;
  out.hours.resize(load_W.size());
  double cap = std::max(b.energy_J, 0.0);
  // The energy stored at the start is counted as the grid's (its origin is not known).
  double E_green = 0.0, E_grid = std::clamp(b.soc_initial, b.soc_min, b.soc_max) * cap;
  const double dt = kHour_s;
  const double eta_c = b.charge_efficiency, eta_d = b.discharge_efficiency;
  const double hours_per_year = load_W.size() == 8784 ? 8784.0 : 8760.0; // calendar fade per hour of the year
  for (std::size_t i = 0; i < load_W.size(); ++i) {
    Hour& h = out.hours[i];
    h.load = std::max(load_W[i], 0.0);
    h.pv = i < pv_W.size() ? std::max(pv_W[i], 0.0) : 0.0;
    h.wind = i < wind_W.size() ? std::max(wind_W[i], 0.0) : 0.0;
    const std::size_t hod = static_cast<std::size_t>((first_hour_of_day + static_cast<long long>(i)) % 24);
    // Self-discharge, from both origins alike.
    const double kept = 1.0 - b.self_discharge_per_h;
    out.storage_losses_J += (E_green + E_grid) * b.self_discharge_per_h;
    E_green *= kept;
    E_grid *= kept;
    const double E_min = b.soc_min * cap, E_max = b.soc_max * cap;
    const double green = h.pv + h.wind;
    double surplus = green - h.load;
    // Self-discharge never takes it below its floor: the battery's own management tops it up
    // (a standby charge), from green surplus first, else from the grid.
    double standby_W = 0.0, standby_green_W = 0.0;
    if (cap > 0.0 && E_green + E_grid < E_min) {
      const double need_W = (E_min - E_green - E_grid) / (eta_c * dt);
      standby_green_W = std::clamp(surplus, 0.0, need_W);
      standby_W = need_W - standby_green_W;
      E_green += eta_c * standby_green_W * dt;
      E_grid += eta_c * standby_W * dt;
      out.storage_losses_J += (1.0 - eta_c) * need_W * dt;
      surplus -= standby_green_W;
    }
    const bool topped_up = standby_W + standby_green_W > 0.0;
    double discharged_J = 0.0;
    if (surplus >= 0.0) {
      double c = 0.0;
      if (r.charge_from_surplus && cap > 0.0) {
        c = std::clamp(std::min({surplus, b.charge_W - standby_W - standby_green_W, (E_max - E_green - E_grid) / (eta_c * dt)}),
                       0.0, surplus);
      }
      E_green += eta_c * c * dt;
      out.storage_losses_J += (1.0 - eta_c) * c * dt;
      h.charge_green = c + standby_green_W;
      h.curtailed = surplus - c;
    } else {
      const double deficit = -surplus;
      double d = 0.0;
      const double E = E_green + E_grid;
      // Not in a valley hour (it would charge from the grid and discharge again, losing each way).
      if (r.discharge_hours[hod] && !r.grid_charge_hours[hod] && cap > 0.0 && !topped_up && E - E_min > 1e-12 * cap) {
        d = std::clamp(std::min({deficit, b.discharge_W, (E - E_min) * eta_d / dt}), 0.0, deficit);
        const double green_fraction = E_green / E;
        h.discharge_green = d * green_fraction;
        h.discharge_grid = d - h.discharge_green;
        E_green -= green_fraction * d * dt / eta_d;
        E_grid -= (1.0 - green_fraction) * d * dt / eta_d;
        out.storage_losses_J += d * dt * (1.0 / eta_d - 1.0);
        discharged_J = d * dt;
      }
      h.grid_import = deficit - d;
    }
    h.charge_grid = standby_W;
    h.grid_import += standby_W;
    // Valley hours: charge from the grid with what the charger has left (not while discharging).
    if (r.grid_charge_hours[hod] && cap > 0.0 && h.discharge() == 0.0) {
      const double cg = std::clamp(std::min(b.charge_W - h.charge_green - h.charge_grid, (E_max - E_green - E_grid) / (eta_c * dt)),
                                   0.0, b.charge_W);
      E_grid += eta_c * cg * dt;
      out.storage_losses_J += (1.0 - eta_c) * cg * dt;
      h.charge_grid += cg;
      h.grid_import += cg;
    }
    // Fade: by the cycles this hour and the calendar; what no longer fits is lost.
    if (cap > 0.0) {
      const double usable = cap * (b.soc_max - b.soc_min);
      const double cycles = usable > 0.0 ? discharged_J / usable : 0.0;
      out.equivalent_full_cycles += cycles;
      cap *= (1.0 - b.fade_per_cycle * cycles) * (1.0 - b.fade_per_year / hours_per_year);
      const double over = E_green + E_grid - b.soc_max * cap;
      if (over > 0.0) {
        const double f = (E_green + E_grid - over) / (E_green + E_grid);
        out.storage_losses_J += over;
        E_green *= f;
        E_grid *= f;
      }
      h.soc = (E_green + E_grid) / cap;
    }
    const double in = h.pv + h.wind + h.discharge() + h.grid_import;
    const double used = h.load + h.charge_green + h.charge_grid + h.curtailed;
    out.worst_imbalance = std::max(out.worst_imbalance, std::abs(in - used) / std::max(h.load, 1.0));
  }
  out.capacity_end_J = cap;
  return out;
}

double Grid::factor(std::size_t hour) const noexcept {
  if (location_factor_kg_per_kWh.empty()) {
    return 0.0;
  }
  return location_factor_kg_per_kWh.size() == 1 ? location_factor_kg_per_kWh[0]
                                                 : location_factor_kg_per_kWh[std::min(hour, location_factor_kg_per_kWh.size() - 1)];
}

double Grid::cfe_share(std::size_t hour) const noexcept {
  if (carbon_free_share.empty()) {
    return 0.0;
  }
  return carbon_free_share.size() == 1 ? carbon_free_share[0] : carbon_free_share[std::min(hour, carbon_free_share.size() - 1)];
}

Accounts accounts(const Balance& b, const Grid& g, const std::vector<int>& month_of_hour) {
  Accounts a;
  constexpr double dt = kHour_s;
  constexpr double J_per_kWh = 3.6e6;
  // Certificates retire against the month's grid energy (at most all of it).
  std::array<double, 12> grid_month_J{};
  for (std::size_t i = 0; i < b.hours.size() && i < month_of_hour.size(); ++i) {
    const int m = month_of_hour[i];
    if (m >= 1 && m <= 12) {
      grid_month_J[static_cast<std::size_t>(m - 1)] += b.hours[i].grid_import * dt;
    }
  }
  std::array<double, 12> retired_fraction{};
  for (std::size_t m = 0; m < 12; ++m) {
    const double retired = std::min(std::max(g.certificates_MWh[m], 0.0) * 3.6e9, grid_month_J[m]);
    a.certificates_J += retired;
    retired_fraction[m] = grid_month_J[m] > 0.0 ? retired / grid_month_J[m] : 0.0;
  }
  double cfe_J = 0.0;
  for (std::size_t i = 0; i < b.hours.size(); ++i) {
    const Hour& h = b.hours[i];
    a.load_J += h.load * dt;
    a.green_used_J += h.green_used() * dt;
    a.grid_import_J += h.grid_import * dt;
    cfe_J += h.carbon_free_W(g.cfe_share(i)) * dt;
    const double kWh = h.grid_import * dt / J_per_kWh;
    a.CO2_location_kg += kWh * g.factor(i);
    const int m = i < month_of_hour.size() ? month_of_hour[i] : 0;
    const double covered = m >= 1 && m <= 12 ? retired_fraction[static_cast<std::size_t>(m - 1)] : 0.0;
    const double residual = g.residual_factor_kg_per_kWh >= 0.0 ? g.residual_factor_kg_per_kWh : g.factor(i);
    a.CO2_market_kg += kWh * (1.0 - covered) * residual;
  }
  if (a.load_J > 0.0) {
    a.green_share = a.green_used_J / a.load_J;
    a.green_share_with_certificates = std::min(1.0, (a.green_used_J + a.certificates_J) / a.load_J);
    a.cfe_score = cfe_J / a.load_J;
  }
  return a;
}

namespace {

double measure_at(const SizingProblem& p, const Target& t, double pv_W, double storage_J, int& evaluations) {
  std::vector<double> pv(p.load_W.size(), 0.0);
  for (std::size_t i = 0; i < pv.size(); ++i) {
    pv[i] = (i < p.existing_pv_W.size() ? p.existing_pv_W[i] : 0.0) +
            (i < p.added_pv_W_per_W.size() ? pv_W * p.added_pv_W_per_W[i] : 0.0);
  }
  Battery b = p.storage_template;
  b.energy_J = p.existing_storage_J + storage_J;
  b.charge_W = b.discharge_W = p.existing_storage_W + storage_J * p.power_per_J;
  ++evaluations;
  const Accounts a = accounts(balance(p.load_W, pv, p.wind_W, b, p.rules), p.grid, p.month_of_hour);
  return t.measure == Target::Measure::Cfe ? a.cfe_score : a.green_share;
}

} // namespace

SizingAnswer size_pv_and_storage(const SizingProblem& p, const Target& t) {
  SizingAnswer out;
  out.without_additions = measure_at(p, t, 0.0, 0.0, out.evaluations);
  const int steps = std::max(p.storage_steps, 0);
  for (int k = 0; k <= steps; ++k) {
    SizingPoint pt;
    pt.storage_J = steps > 0 ? p.storage_max_J * k / steps : 0.0;
    const double at_zero = k == 0 ? out.without_additions : measure_at(p, t, 0.0, pt.storage_J, out.evaluations);
    if (at_zero >= t.value) {
      pt = {pt.storage_J, 0.0, true, at_zero};
    } else {
      const double at_max = measure_at(p, t, p.pv_max_W, pt.storage_J, out.evaluations);
      if (at_max < t.value) {
        pt.pv_W = p.pv_max_W;
        pt.achieved = at_max;
      } else {
        // Bisection: lo does not reach the target, hi does.
        double lo = 0.0, hi = p.pv_max_W, at_hi = at_max;
        while (hi - lo > p.pv_tolerance_W) {
          const double mid = 0.5 * (lo + hi);
          const double m = measure_at(p, t, mid, pt.storage_J, out.evaluations);
          (m >= t.value ? hi : lo) = mid;
          at_hi = m >= t.value ? m : at_hi;
        }
        pt.pv_W = hi;
        pt.reached = true;
        pt.achieved = at_hi;
      }
    }
    out.reached = out.reached || pt.reached;
    out.frontier.push_back(pt);
  }
  return out;
}

} // namespace parktwin::physics::supply
