#include "parktwin/physics/dispatch.hpp"

#include "parktwin/common/error.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <numeric>

namespace parktwin::physics::dispatch {

namespace {

constexpr double kHour_s = 3600.0;
constexpr double kInf = std::numeric_limits<double>::infinity();

/// What a watt moved costs or saves in an hour, compared objective first, then the other.
struct Worth {
  double primary = 0.0, secondary = 0.0;
};

/// The shared state: the park's position and the halls' and wings' rooms, as loads are moved.
struct State {
  std::vector<double> position_W;
  std::vector<std::vector<double>> hall_room_W;
  std::vector<std::vector<double>> wing_room_W;
};

class Dispatcher {
public:
  explicit Dispatcher(const Problem& p) : p_(p) {
    s_.position_W = p.position_W;
    for (const auto& h : p.halls) {
      s_.hall_room_W.push_back(h.it_room_W);
    }
    s_.wing_room_W = p.wing_room_W;
  }

  /// Facility W per member-W of the load in hour h.
  double k(const Load& l, std::size_t h) const {
    double sum = 0.0;
    for (std::size_t m : l.halls) {
      sum += p_.halls[m].facility_per_it[h];
    }
    return sum;
  }

  Worth worth(double k_h, std::size_t h, bool adding) const {
    const double P = s_.position_W[h];
    const double fossil = (adding ? P >= 0.0 : P > 0.0) ? p_.fossil_share[h] : 0.0;
    const double carbon = k_h * fossil;
    const double cost = k_h * p_.price_CNY_per_J[h];
    return p_.objective == Objective::CarbonFree ? Worth{carbon, cost} : Worth{cost, carbon};
  }

  /// Whether moving from an hour worth `save` to one costing `cost` gains enough.
  bool gains(const Worth& save, const Worth& cost) const {
    const double tiny = 1e-15;
    const double dp = save.primary - cost.primary;
    if (dp > p_.min_gain_fraction * save.primary + tiny * std::abs(save.primary) && dp > 0.0) {
      return true;
    }
    if (std::abs(dp) <= tiny * std::max(std::abs(save.primary), std::abs(cost.primary))) {
      const double ds = save.secondary - cost.secondary;
      return ds > p_.min_gain_fraction * save.secondary && ds > 0.0;
    }
    return false;
  }

  static bool better(const Worth& a, const Worth& b) { // a worth more than b
    return a.primary > b.primary || (a.primary == b.primary && a.secondary > b.secondary);
  }

  /// Room for more of the load in hour h, per member.
  double room(const Load& l, const std::vector<double>& x, std::size_t h, double k_h) const {
    double r = l.max_W[h] - x[h];
    for (std::size_t m : l.halls) {
      r = std::min(r, s_.hall_room_W[m][h]);
    }
    if (k_h > 0.0) {
      r = std::min(r, s_.wing_room_W[l.wing][h] / k_h);
    }
    return r;
  }

  /// One load over one window [a, b) from its present power x; returns the moves made.
  std::size_t window(const Load& l, const std::vector<double>& lo, const std::vector<double>& hi,
                     std::vector<double>& x, std::size_t a, std::size_t b, double eps, Result& out) {
    std::size_t moves = 0;
    const std::size_t n = b - a;
    std::vector<double> kh(n);
    for (std::size_t i = 0; i < n; ++i) {
      kh[i] = k(l, a + i);
    }
    const std::size_t limit = 8 * n * n + 64;
    for (std::size_t it = 0; it < limit; ++it) {
      std::size_t s = b, d = b;
      Worth best_save{-kInf, -kInf}, best_cost{kInf, kInf};
      for (std::size_t h = a; h < b; ++h) {
        const double k_h = kh[h - a];
        if (x[h] - lo[h] > eps) {
          const Worth w = worth(k_h, h, false);
          if (s == b || better(w, best_save)) {
            best_save = w;
            s = h;
          }
        }
        if (std::min(hi[h] - x[h], room(l, x, h, k_h)) > eps) {
          const Worth w = worth(k_h, h, true);
          if (d == b || better(best_cost, w)) {
            best_cost = w;
            d = h;
          }
        }
      }
      if (s == b || d == b || s == d || !gains(best_save, best_cost)) {
        break;
      }
      const double ks = kh[s - a], kd = kh[d - a];
      double amount = std::min(x[s] - lo[s], std::min(hi[d] - x[d], room(l, x, d, kd)));
      // Stay on one piece of each hour's cost: up to where the source stops importing, and up
      // to where the destination's unused green supply runs out.
      const double Ps = s_.position_W[s], Pd = s_.position_W[d];
      const double bp_s = Ps > 0.0 && ks > 0.0 ? Ps / ks : kInf;
      const double bp_d = Pd < 0.0 && kd > 0.0 ? -Pd / kd : kInf;
      amount = std::min(amount, std::min(bp_s, bp_d));
      if (!(amount > eps)) {
        // A position within rounding of zero: it is zero (the hour's next watt is priced as at
        // zero), and the search goes on; anything else too small to move ends the window.
        if (bp_s <= eps || bp_d <= eps) {
          if (bp_s <= eps) {
            s_.position_W[s] = 0.0;
          }
          if (bp_d <= eps) {
            s_.position_W[d] = 0.0;
          }
          continue;
        }
        break;
      }
      const Worth ws = worth(ks, s, false), wd = worth(kd, d, true);
      const double carbon = (p_.objective == Objective::CarbonFree ? wd.primary - ws.primary
                                                                   : wd.secondary - ws.secondary);
      const double cost = (p_.objective == Objective::CarbonFree ? wd.secondary - ws.secondary
                                                                 : wd.primary - ws.primary);
      // (k already sums over the members.)
      out.predicted_fossil_change_J += carbon * amount * kHour_s;
      out.predicted_cost_change_CNY += cost * amount * kHour_s;
      x[s] -= amount;
      x[d] += amount;
      s_.position_W[s] = amount == bp_s ? 0.0 : Ps - ks * amount;
      s_.position_W[d] = amount == bp_d ? 0.0 : Pd + kd * amount;
      for (std::size_t m : l.halls) {
        s_.hall_room_W[m][s] += amount;
        s_.hall_room_W[m][d] -= amount;
      }
      s_.wing_room_W[l.wing][s] += ks * amount;
      s_.wing_room_W[l.wing][d] -= kd * amount;
      ++moves;
    }
    return moves;
  }

  Result run() {
    Result out;
    const std::size_t N = p_.position_W.size();
    struct Work {
      std::vector<double> lo, hi, x;
      double flexible_J = 0.0;
    };
    std::vector<Work> work(p_.loads.size());
    for (std::size_t i = 0; i < p_.loads.size(); ++i) {
      const Load& l = p_.loads[i];
      Work& w = work[i];
      w.x = l.base_W;
      w.lo.resize(N);
      w.hi.resize(N);
      const double share = std::clamp(l.flexible_share, 0.0, 1.0);
      for (std::size_t h = 0; h < N; ++h) {
        const double base = l.base_W[h];
        w.lo[h] = std::min(base, std::max(l.min_W[h], (1.0 - share) * base));
        w.hi[h] = std::max(base, l.max_W[h]);
        w.flexible_J += share * base * kHour_s * static_cast<double>(l.halls.size());
      }
    }
    // Largest flexible energy first (ties by id), so the order does not depend on the file's.
    std::vector<std::size_t> order(p_.loads.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      if (work[a].flexible_J != work[b].flexible_J) {
        return work[a].flexible_J > work[b].flexible_J;
      }
      return p_.loads[a].id < p_.loads[b].id;
    });
    for (int pass = 0; pass < 4; ++pass) {
      std::size_t moves = 0;
      for (std::size_t i : order) {
        const Load& l = p_.loads[i];
        if (l.flexible_share <= 0.0 || l.halls.empty()) {
          continue;
        }
        Work& w = work[i];
        const double scale = *std::max_element(l.base_W.begin(), l.base_W.end());
        const double eps = 1e-9 * std::max(scale, 1.0);
        const std::size_t W = std::max<std::size_t>(l.window_h, 1);
        for (std::size_t a = 0; a < N; a += W) {
          moves += window(l, w.lo, w.hi, w.x, a, std::min(N, a + W), eps, out);
        }
      }
      out.moves += moves;
      if (moves == 0) {
        break;
      }
    }
    out.loads.resize(p_.loads.size());
    for (std::size_t i = 0; i < p_.loads.size(); ++i) {
      const Load& l = p_.loads[i];
      LoadResult& r = out.loads[i];
      r.power_W = std::move(work[i].x);
      r.flexible_J = work[i].flexible_J;
      const double members = static_cast<double>(l.halls.size());
      const std::size_t W = std::max<std::size_t>(l.window_h, 1);
      for (std::size_t a = 0; a < N; a += W) {
        const std::size_t b = std::min(N, a + W);
        double before = 0.0, after = 0.0;
        // Deferred: the profiled work matched in time order to where it runs (the optimal plan of
        // a move along a line), counted where it runs later.
        std::deque<std::pair<std::size_t, double>> sources; // hour, energy not yet placed
        std::deque<std::pair<std::size_t, double>> sinks;
        for (std::size_t h = a; h < b; ++h) {
          before += l.base_W[h];
          after += r.power_W[h];
          const double diff = l.base_W[h] - r.power_W[h];
          if (diff > 0.0) {
            r.shifted_J += diff * kHour_s * members;
            sources.emplace_back(h, diff);
          } else if (diff < 0.0) {
            sinks.emplace_back(h, -diff);
          }
        }
        while (!sources.empty() && !sinks.empty()) {
          const double m = std::min(sources.front().second, sinks.front().second);
          if (sinks.front().first > sources.front().first) {
            r.deferred_J += m * kHour_s * members;
          }
          if ((sources.front().second -= m) <= 0.0) {
            sources.pop_front();
          }
          if ((sinks.front().second -= m) <= 0.0) {
            sinks.pop_front();
          }
        }
        if (before > 0.0) {
          out.max_window_imbalance = std::max(out.max_window_imbalance, std::abs(after - before) / before);
        }
      }
      out.flexible_J += r.flexible_J;
      out.shifted_J += r.shifted_J;
      out.deferred_J += r.deferred_J;
    }
    return out;
  }

private:
  const Problem& p_;
  State s_;
};

} // namespace

void check(const Problem& p) {
  const std::size_t N = p.position_W.size();
  if (N == 0) {
    throw InputError("dispatch", "no hours");
  }
  if (p.fossil_share.size() != N || p.price_CNY_per_J.size() != N) {
    throw InputError("dispatch", "the grid's series do not have one value per hour");
  }
  for (const auto& h : p.halls) {
    if (h.facility_per_it.size() != N || h.it_room_W.size() != N) {
      throw InputError("dispatch", "a hall's series do not have one value per hour");
    }
    for (double k : h.facility_per_it) {
      if (!(k >= 0.0) || !std::isfinite(k)) {
        throw InputError("dispatch", "a hall's facility power per IT watt is not a finite non-negative number");
      }
    }
  }
  for (const auto& w : p.wing_room_W) {
    if (w.size() != N) {
      throw InputError("dispatch", "a wing's room does not have one value per hour");
    }
  }
  if (!(p.min_gain_fraction >= 0.0 && p.min_gain_fraction < 1.0)) {
    throw InputError("dispatch", "min_gain_fraction must lie in [0, 1)");
  }
  for (const auto& l : p.loads) {
    const std::string where = "dispatch load " + l.id;
    if (l.base_W.size() != N || l.max_W.size() != N || l.min_W.size() != N) {
      throw InputError(where, "its series do not have one value per hour");
    }
    if (l.wing >= p.wing_room_W.size()) {
      throw InputError(where, "its wing is not in the problem");
    }
    for (std::size_t m : l.halls) {
      if (m >= p.halls.size()) {
        throw InputError(where, "a member's hall is not in the problem");
      }
    }
    if (!(l.flexible_share >= 0.0 && l.flexible_share <= 1.0)) {
      throw InputError(where, "flexible share outside [0, 1]");
    }
    if (l.window_h == 0) {
      throw InputError(where, "window of 0 hours");
    }
    for (std::size_t h = 0; h < N; ++h) {
      if (!(l.base_W[h] >= 0.0) || !std::isfinite(l.base_W[h]) || !std::isfinite(l.max_W[h]) ||
          !std::isfinite(l.min_W[h])) {
        throw InputError(where, "power not a finite non-negative number in hour " + std::to_string(h + 1));
      }
    }
  }
}

Result solve(const Problem& problem) {
  check(problem);
  return Dispatcher(problem).run();
}

} // namespace parktwin::physics::dispatch
