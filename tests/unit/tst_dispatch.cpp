// The dispatcher (docs/physics/dispatch.md) on hourly series: a two-day case worked by hand,
// nothing moves without flexibility or on a flat supply, the cost objective on a time-of-use
// tariff, the cooling coupling (cheaper hours to cool take the work), an exhaustive search of a
// small case for the optimum, and random problems for conservation per window and limits.

#include "parktwin/common/error.hpp"
#include "parktwin/physics/dispatch.hpp"

#include <QtTest>

#include <cmath>
#include <functional>
#include <random>

namespace dispatch = parktwin::physics::dispatch;

namespace {

constexpr double kHour_s = 3600.0;

/// One load of one member in one hall of one wing, flat base, a roomy hall and wing.
dispatch::Problem one_load(std::size_t hours, double base_W, double share, double max_W,
                           double k, double position_W) {
  dispatch::Problem p;
  p.position_W.assign(hours, position_W);
  p.fossil_share.assign(hours, 0.16);
  p.price_CNY_per_J.assign(hours, 0.405 / 3.6e6);
  p.halls.push_back({std::vector<double>(hours, k), std::vector<double>(hours, 1e9)});
  p.wing_room_W.push_back(std::vector<double>(hours, 1e9));
  dispatch::Load l;
  l.id = "g";
  l.halls = {0};
  l.base_W.assign(hours, base_W);
  l.max_W.assign(hours, max_W);
  l.min_W.assign(hours, 0.0);
  l.flexible_share = share;
  p.loads.push_back(l);
  return p;
}

/// The linearised objective of a schedule of the single load: fossil J, then CNY.
std::pair<double, double> objective(const dispatch::Problem& p, const std::vector<double>& x) {
  double fossil = 0.0, cost = 0.0;
  const auto& l = p.loads[0];
  for (std::size_t h = 0; h < x.size(); ++h) {
    double k = 0.0;
    for (std::size_t m : l.halls) {
      k += p.halls[m].facility_per_it[h];
    }
    const double P = p.position_W[h] + k * (x[h] - l.base_W[h]);
    const double P0 = p.position_W[h];
    fossil += (std::max(P, 0.0) - std::max(P0, 0.0)) * p.fossil_share[h] * kHour_s;
    cost += k * (x[h] - l.base_W[h]) * p.price_CNY_per_J[h] * kHour_s;
  }
  return {fossil, cost};
}

} // namespace

class TestDispatch : public QObject {
  Q_OBJECT

private slots:
  void twoDaysByHand() {
    // 10 W of IT for 48 h, 30 % flexible in daily windows, at most 15 W; facility 1.2 W per IT
    // W. Day 1 imports except hours 10-13, where 6 W of green supply go unused; day 2 imports
    // all day. Each green hour takes min(15 - 10, 6 / 1.2) = 5 W: 20 Wh come in from the import
    // hours, each of which can give its flexible 3 W (floor 7 W); the earliest go first (equal
    // worth): hours 0-5 give 3 W, hour 6 gives 2 W. Day 2 moves nothing.
    auto p = one_load(48, 10.0, 0.3, 15.0, 1.2, 100.0);
    for (std::size_t h = 10; h < 14; ++h) {
      p.position_W[h] = -6.0;
    }
    const auto r = dispatch::solve(p);
    const auto& x = r.loads[0].power_W;
    for (std::size_t h = 0; h < 48; ++h) {
      double want = 10.0;
      if (h < 6) {
        want = 7.0;
      } else if (h == 6) {
        want = 8.0;
      } else if (h >= 10 && h < 14) {
        want = 15.0;
      }
      QVERIFY2(std::abs(x[h] - want) < 1e-9, qPrintable(QString("hour %1: %2 W, want %3").arg(h).arg(x[h]).arg(want)));
    }
    QVERIFY(std::abs(r.flexible_J - 0.3 * 10.0 * 48 * kHour_s) < 1e-6);
    QVERIFY(std::abs(r.shifted_J - 20.0 * kHour_s) < 1e-6);
    QVERIFY(std::abs(r.deferred_J - 20.0 * kHour_s) < 1e-6); // all of it runs later than profiled
    // The import saved: 20 Wh of IT at 1.2 = 24 Wh of facility energy, 16 % fossil.
    QVERIFY(std::abs(r.predicted_fossil_change_J + 24.0 * 0.16 * kHour_s) < 1e-6);
    QVERIFY(r.max_window_imbalance < 1e-12);
  }

  void noFlexibilityMovesNothing() {
    auto p = one_load(72, 10.0, 0.0, 20.0, 1.1, 5.0);
    for (std::size_t h = 0; h < 72; h += 3) {
      p.position_W[h] = -50.0;
    }
    const auto r = dispatch::solve(p);
    QCOMPARE(r.loads[0].power_W, p.loads[0].base_W);
    QCOMPARE(r.shifted_J, 0.0);
    QCOMPARE(r.moves, std::size_t{0});
  }

  void aFlatSupplyMovesNothing() {
    // Importing all the time (or with unused green supply all the time) at one price and one
    // facility power per IT watt: no hour is better than another.
    for (double position : {80.0, -500.0}) {
      auto p = one_load(48, 10.0, 0.5, 20.0, 1.15, position);
      const auto r = dispatch::solve(p);
      QCOMPARE(r.loads[0].power_W, p.loads[0].base_W);
      QCOMPARE(r.moves, std::size_t{0});
    }
    // Nor do differences in the cost of cooling below the gain a move must make (0.5 %).
    auto p = one_load(24, 10.0, 0.5, 20.0, 1.15, 80.0);
    p.halls[0].facility_per_it[3] = 1.15 * (1.0 - 0.004);
    QCOMPARE(dispatch::solve(p).moves, std::size_t{0});
  }

  void coolingCheaperHoursTakeTheWork() {
    // Flat supply, but hours 0-5 (a cold night) need 1.05 W of facility per IT W and the rest
    // 1.20: the fossil energy is least with the work at night, up to the racks' limit.
    auto p = one_load(24, 10.0, 0.2, 12.0, 1.20, 80.0);
    for (std::size_t h = 0; h < 6; ++h) {
      p.halls[0].facility_per_it[h] = 1.05;
    }
    const auto r = dispatch::solve(p);
    const auto& x = r.loads[0].power_W;
    double moved_in = 0.0;
    for (std::size_t h = 0; h < 6; ++h) {
      QVERIFY(std::abs(x[h] - 12.0) < 1e-9);
      moved_in += x[h] - 10.0;
    }
    QVERIFY(std::abs(moved_in - 12.0) < 1e-9);
    // Saved: 12 Wh of IT at 1.20 - 1.05, 16 % fossil.
    QVERIFY(std::abs(r.predicted_fossil_change_J + 12.0 * 0.15 * 0.16 * kHour_s) < 1e-6);
  }

  void costObjectiveFollowsTheTariff() {
    // Peak 08:00-22:00 at 0.60, valley otherwise at 0.30 CNY/kWh; 25 % flexible, at most 12 W:
    // the 10 valley hours take 2 W each (20 Wh) from the peak hours; the green supply is ignored.
    auto p = one_load(24, 10.0, 0.25, 12.0, 1.1, 30.0);
    p.objective = dispatch::Objective::Cost;
    for (std::size_t h = 0; h < 24; ++h) {
      p.price_CNY_per_J[h] = (h >= 8 && h < 22 ? 0.60 : 0.30) / 3.6e6;
    }
    const auto r = dispatch::solve(p);
    const auto& x = r.loads[0].power_W;
    double valley = 0.0;
    for (std::size_t h = 0; h < 24; ++h) {
      if (h < 8 || h >= 22) {
        QVERIFY(std::abs(x[h] - 12.0) < 1e-9);
        valley += x[h];
      } else {
        QVERIFY(x[h] >= 7.5 - 1e-9 && x[h] <= 10.0 + 1e-9);
      }
    }
    QVERIFY(std::abs(valley - 120.0) < 1e-9);
    // 20 Wh of IT (22 Wh facility) from 0.60 to 0.30 CNY/kWh.
    QVERIFY(std::abs(r.predicted_cost_change_CNY + 22.0e-3 * 0.30) < 1e-12);
  }

  void aSingleLoadReachesTheOptimum() {
    // Exhaustive search over every schedule in 0.5 W steps of a 5-hour window: the dispatcher's
    // objective is the least (fossil first, then cost), with no gain threshold.
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> pos(-8.0, 8.0), kk(1.05, 1.3), price(0.2, 0.7);
    for (int trial = 0; trial < 20; ++trial) {
      auto p = one_load(5, 4.0, 0.5, 6.0, 1.1, 0.0);
      p.loads[0].window_h = 5;
      p.min_gain_fraction = 0.0;
      for (std::size_t h = 0; h < 5; ++h) {
        p.position_W[h] = std::round(pos(rng));
        p.halls[0].facility_per_it[h] = kk(rng);
        p.price_CNY_per_J[h] = price(rng) / 3.6e6;
      }
      const auto r = dispatch::solve(p);
      const auto got = objective(p, r.loads[0].power_W);
      // Schedules: each hour 2-6 W in 0.5 W steps, summing to 20 W.
      double best = 1e300;
      std::vector<double> x(5);
      std::function<void(std::size_t, double)> search = [&](std::size_t h, double left) {
        if (h == 4) {
          if (left >= 2.0 - 1e-12 && left <= 6.0 + 1e-12) {
            x[4] = left;
            best = std::min(best, objective(p, x).first);
          }
          return;
        }
        for (double v = 2.0; v <= 6.0 + 1e-12; v += 0.5) {
          x[h] = v;
          search(h + 1, left - v);
        }
      };
      search(0, 20.0);
      // The grid search can only be as good as the continuous optimum.
      QVERIFY2(got.first <= best + 1e-9, qPrintable(QString("trial %1: %2 J, search %3 J").arg(trial).arg(got.first).arg(best)));
    }
  }

  void randomProblemsConserveEnergyAndKeepEveryLimit() {
    std::mt19937 rng(2026);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (int trial = 0; trial < 30; ++trial) {
      const std::size_t N = 24 * 4;
      dispatch::Problem p;
      p.objective = trial % 2 == 0 ? dispatch::Objective::CarbonFree : dispatch::Objective::Cost;
      for (std::size_t h = 0; h < N; ++h) {
        p.position_W.push_back(400.0 * (u(rng) - 0.6));
        p.fossil_share.push_back(0.1 + 0.8 * u(rng));
        p.price_CNY_per_J.push_back((0.2 + 0.5 * u(rng)) / 3.6e6);
      }
      for (int hall = 0; hall < 4; ++hall) {
        dispatch::Hall H;
        for (std::size_t h = 0; h < N; ++h) {
          H.facility_per_it.push_back(1.03 + 0.3 * u(rng));
          H.it_room_W.push_back(30.0 * u(rng));
        }
        p.halls.push_back(H);
      }
      for (int w = 0; w < 2; ++w) {
        std::vector<double> room;
        for (std::size_t h = 0; h < N; ++h) {
          room.push_back(60.0 * u(rng));
        }
        p.wing_room_W.push_back(room);
      }
      for (int g = 0; g < 5; ++g) {
        dispatch::Load l;
        l.id = "g" + std::to_string(g);
        l.wing = static_cast<std::size_t>(g % 2);
        l.halls = g % 2 == 0 ? std::vector<std::size_t>{0, 2} : std::vector<std::size_t>{1, 3};
        if (g == 4) {
          l.halls = {3};
        }
        l.flexible_share = 0.1 + 0.5 * u(rng);
        l.window_h = g == 2 ? 48 : (g == 3 ? 7 : 24);
        for (std::size_t h = 0; h < N; ++h) {
          const double base = 5.0 + 10.0 * u(rng);
          l.base_W.push_back(base);
          l.max_W.push_back(base * (1.0 + 0.5 * u(rng)));
          l.min_W.push_back(base * 0.3 * u(rng));
        }
        p.loads.push_back(l);
      }
      const auto r = dispatch::solve(p);
      QVERIFY(r.max_window_imbalance < 1e-9);
      std::vector<std::vector<double>> hall_added(p.halls.size(), std::vector<double>(N, 0.0));
      std::vector<std::vector<double>> wing_added(p.wing_room_W.size(), std::vector<double>(N, 0.0));
      for (std::size_t i = 0; i < p.loads.size(); ++i) {
        const auto& l = p.loads[i];
        const auto& x = r.loads[i].power_W;
        for (std::size_t a = 0; a < N; a += l.window_h) {
          double before = 0.0, after = 0.0;
          for (std::size_t h = a; h < std::min(N, a + l.window_h); ++h) {
            before += l.base_W[h];
            after += x[h];
          }
          QVERIFY(std::abs(after - before) <= 1e-9 * before);
        }
        for (std::size_t h = 0; h < N; ++h) {
          const double lo = std::min(l.base_W[h], std::max(l.min_W[h], (1.0 - l.flexible_share) * l.base_W[h]));
          const double hi = std::max(l.base_W[h], l.max_W[h]);
          QVERIFY2(x[h] >= lo - 1e-9 && x[h] <= hi + 1e-9, qPrintable(QString("load %1 hour %2").arg(i).arg(h)));
          for (std::size_t m : l.halls) {
            hall_added[m][h] += x[h] - l.base_W[h];
            wing_added[l.wing][h] += p.halls[m].facility_per_it[h] * (x[h] - l.base_W[h]);
          }
        }
      }
      for (std::size_t m = 0; m < p.halls.size(); ++m) {
        for (std::size_t h = 0; h < N; ++h) {
          QVERIFY(hall_added[m][h] <= p.halls[m].it_room_W[h] + 1e-9);
        }
      }
      for (std::size_t w = 0; w < p.wing_room_W.size(); ++w) {
        for (std::size_t h = 0; h < N; ++h) {
          QVERIFY(wing_added[w][h] <= p.wing_room_W[w][h] + 1e-9);
        }
      }
      QVERIFY(r.predicted_fossil_change_J <= 1e-9 || p.objective == dispatch::Objective::Cost);
      QVERIFY(r.predicted_cost_change_CNY <= 1e-12 || p.objective == dispatch::Objective::CarbonFree);
    }
  }

  void badProblemsAreRefusedByName() {
    auto p = one_load(24, 10.0, 0.2, 12.0, 1.1, 0.0);
    p.loads[0].base_W.pop_back();
    try {
      dispatch::solve(p);
      QFAIL("a short series was accepted");
    } catch (const parktwin::InputError& e) {
      QVERIFY(QString(e.what()).contains("load g"));
    }
    p = one_load(24, 10.0, 1.5, 12.0, 1.1, 0.0);
    QVERIFY_THROWS_EXCEPTION(parktwin::InputError, dispatch::solve(p));
  }
};

QTEST_APPLESS_MAIN(TestDispatch)
#include "tst_dispatch.moc"
