// The hourly balance, the battery's rules and the carbon accounts (docs/physics/storage.md,
// docs/physics/carbon-accounting.md): a day worked by hand, the balance closing every hour, the
// state of charge never outside its limits, "charged by day, used at night", and the accounts'
// limiting cases (no supply: green share 0 and market = location CO2).

#include "parktwin/physics/supply_balance.hpp"

#include <QtTest>

#include <cmath>
#include <random>

namespace supply = parktwin::physics::supply;

namespace {

constexpr double kMWh = 3.6e9;

std::vector<int> months(std::size_t hours) {
  std::vector<int> m(hours);
  const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  std::size_t i = 0;
  for (int month = 1; month <= 12; ++month) {
    for (int d = 0; d < days[month - 1] * 24 && i < hours; ++d) {
      m[i++] = month;
    }
  }
  return m;
}

} // namespace

class TestSupplyBalance : public QObject {
  Q_OBJECT

private slots:
  void twoHoursByHand() {
    // 1 MW of load. Hour 0: 1.5 MW of PV, a 1 MWh / 0.4 MW battery at SOC 0.5 charges 0.4 MW
    // (0.38 MWh stored at 0.95), 0.1 MW curtailed. Hour 1: no PV; it discharges 0.4 MW
    // (0.4/0.95 = 0.42105 MWh taken), of which the green part is the share of green energy in it.
    supply::Battery b;
    b.energy_J = 1.0 * kMWh;
    b.charge_W = b.discharge_W = 0.4e6;
    b.self_discharge_per_h = 0.0;
    b.fade_per_cycle = b.fade_per_year = 0.0;
    const auto r = supply::balance({1e6, 1e6}, {1.5e6, 0.0}, {}, b, supply::Rules());
    const auto& h0 = r.hours[0];
    QCOMPARE(h0.charge_green, 0.4e6);
    QVERIFY(std::abs(h0.curtailed - 0.1e6) < 1e-6);
    QCOMPARE(h0.grid_import, 0.0);
    QVERIFY(std::abs(h0.soc - (0.5 + 0.38)) < 1e-12);
    const auto& h1 = r.hours[1];
    QCOMPARE(h1.discharge(), 0.4e6);
    QVERIFY(std::abs(h1.grid_import - 0.6e6) < 1e-6);
    // Stored: 0.5 MWh of the grid's (the start) and 0.38 MWh green: 0.38/0.88 of it is green.
    QVERIFY(std::abs(h1.discharge_green - 0.4e6 * 0.38 / 0.88) < 1e-6);
    QVERIFY(std::abs(h1.soc - (0.88 - 0.4 / 0.95)) < 1e-12);
    // Losses: 5 % of the charge and 1/0.95 - 1 of the discharge.
    QVERIFY(std::abs(r.storage_losses_J - (0.05 * 0.4 + 0.4 * (1.0 / 0.95 - 1.0)) * kMWh) < 1.0);
    QVERIFY(r.worst_imbalance < 1e-12);
    // The green share: hour 0 uses 1 MW green directly, hour 1 the green part of the discharge.
    const auto a = supply::accounts(r, supply::Grid(), {1, 1});
    QVERIFY(std::abs(a.green_share - (1.0 + 0.4 * 0.38 / 0.88) / 2.0) < 1e-12);
    QVERIFY(std::abs(a.CO2_location_kg - 600.0 * 0.5366) < 1e-9); // 0.6 MWh from the grid
  }

  void theBalanceClosesAndTheLimitsHoldAllYear() {
    // A random year: load 20-40 MW, PV and wind random, a 50 MWh / 20 MW battery with every
    // loss and fade on, valley charging 0-7 h: the state of charge stays within its limits, the
    // limits of power hold, and the storage's own energy audit closes (the hourly balance closes
    // by construction, the grid import being its remainder; the audit is the independent check).
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::vector<double> load(8760), pv(8760), wind(8760);
    for (std::size_t i = 0; i < 8760; ++i) {
      const int hod = static_cast<int>(i % 24);
      load[i] = 20e6 + 20e6 * u(rng);
      pv[i] = hod >= 7 && hod <= 18 ? 60e6 * u(rng) : 0.0;
      wind[i] = 15e6 * u(rng);
    }
    supply::Battery b;
    b.energy_J = 50.0 * kMWh;
    b.charge_W = b.discharge_W = 20e6;
    supply::Rules rules;
    for (int h = 0; h < 7; ++h) {
      rules.grid_charge_hours[static_cast<std::size_t>(h)] = true;
    }
    const auto r = supply::balance(load, pv, wind, b, rules);
    QVERIFY2(r.worst_imbalance < 1e-9, qPrintable(QString::number(r.worst_imbalance)));
    for (const auto& h : r.hours) {
      QVERIFY(h.soc >= b.soc_min - 1e-9 && h.soc <= b.soc_max + 1e-9);
      QVERIFY(h.charge_green >= 0.0 && h.charge_grid >= 0.0 && h.discharge_green >= -1e-9 && h.discharge_grid >= -1e-9);
      QVERIFY(h.charge_green + h.charge_grid <= b.charge_W + 1e-6 && h.discharge() <= b.discharge_W + 1e-6);
      QVERIFY(h.curtailed >= 0.0 && h.grid_import >= 0.0);
      QVERIFY(!(h.discharge() > 0.0 && h.charge_green + h.charge_grid > 0.0)); // never both in one hour
    }
    // Energy: everything in = everything out + what the battery lost or gained.
    double in = 0.0, out = 0.0;
    for (const auto& h : r.hours) {
      in += (h.charge_green + h.charge_grid) * 3600.0;
      out += h.discharge() * 3600.0;
    }
    const double stored_start = b.soc_initial * b.energy_J;
    const double stored_end = r.hours.back().soc * r.capacity_end_J;
    QVERIFY2(std::abs(stored_start + in - out - r.storage_losses_J - stored_end) < 1e-6 * in,
             qPrintable(QString::number(stored_start + in - out - r.storage_losses_J - stored_end)));
    QVERIFY(r.equivalent_full_cycles > 50.0);
    QVERIFY(r.capacity_end_J < b.energy_J); // faded
  }

  void chargedByDayUsedAtNight() {
    // The plan's rule: PV by day charges it; it discharges from 19:00 to 07:00 only.
    std::vector<double> load(48, 10e6), pv(48, 0.0);
    for (int h = 9; h <= 15; ++h) {
      pv[static_cast<std::size_t>(h)] = pv[static_cast<std::size_t>(h + 24)] = 20e6;
    }
    supply::Battery b;
    b.energy_J = 40.0 * kMWh;
    b.charge_W = b.discharge_W = 10e6;
    b.soc_initial = b.soc_min;
    const auto r = supply::balance(load, pv, {}, b, supply::Rules::day_charge_night_use());
    double by_day = 0.0, at_night = 0.0;
    for (std::size_t i = 0; i < r.hours.size(); ++i) {
      const int hod = static_cast<int>(i % 24);
      (hod >= 19 || hod < 7 ? at_night : by_day) += r.hours[i].discharge();
    }
    QCOMPARE(by_day, 0.0);
    QVERIFY(at_night > 0.0);
    QVERIFY(r.hours[15].soc > b.soc_min + 0.5); // charged in the day
  }

  void theAccountsLimitingCases() {
    std::vector<double> load(8760, 10e6);
    const auto m = months(8760);
    // No supply, no battery: green share 0, CFE 0, market = location, all from the grid.
    const auto none = supply::balance(load, {}, {}, supply::Battery(), supply::Rules());
    const auto a = supply::accounts(none, supply::Grid(), m);
    QCOMPARE(a.green_share, 0.0);
    QCOMPARE(a.cfe_score, 0.0);
    QCOMPARE(a.CO2_market_kg, a.CO2_location_kg);
    QVERIFY(std::abs(a.CO2_location_kg - 87600.0e3 * 0.5366) < 1e-3); // 87,600 MWh x 0.5366 t/MWh
    // The grid's carbon-free share counts in the CFE score, not in the green share.
    supply::Grid half;
    half.carbon_free_share = {0.5};
    QVERIFY(std::abs(supply::accounts(none, half, m).cfe_score - 0.5) < 1e-12);
    // Certificates: a month's worth covers that month in the market-based figure and the share
    // with certificates, not the hourly CFE score.
    supply::Grid certified;
    certified.certificates_MWh[0] = 31 * 24 * 10.0; // all of January
    const auto c = supply::accounts(none, certified, m);
    QVERIFY(std::abs(c.CO2_location_kg - c.CO2_market_kg - 31 * 24 * 10.0e3 * 0.5366) < 1e-3);
    QVERIFY(std::abs(c.green_share_with_certificates - 31.0 / 365.0) < 1e-12);
    QCOMPARE(c.cfe_score, 0.0);
    // Supply above the load every hour: green share 1, CFE 1, no grid, no CO2.
    const auto full = supply::balance(load, std::vector<double>(8760, 12e6), {}, supply::Battery(), supply::Rules());
    const auto f = supply::accounts(full, supply::Grid(), m);
    QVERIFY(std::abs(f.green_share - 1.0) < 1e-12);
    QVERIFY(std::abs(f.cfe_score - 1.0) < 1e-12);
    QCOMPARE(f.CO2_location_kg, 0.0);
    double curtailed = 0.0;
    for (const auto& h : full.hours) {
      curtailed += h.curtailed;
    }
    QVERIFY(std::abs(curtailed - 8760 * 2e6) < 1e-3);
  }

  void sizingFindsTheLeastPvForEachStorage() {
    // Worked by hand: 10 MW of load all day, PV producing its DC rating from 06:00 to 18:00, an
    // ideal battery (no losses, SOC 0-1, empty at the start) of four hours' power. Without
    // storage a green share of 0.5 needs exactly 10 MW of PV and 0.75 cannot be reached (the
    // night is half the day). With 60 MWh the night's first 60 MWh can be green: 0.75 needs a
    // daily surplus of 60 MWh, (P - 10 MW) x 12 h, so P = 15 MW; 120 MWh does not lower it.
    supply::SizingProblem p;
    const std::size_t hours = 30 * 24;
    p.load_W.assign(hours, 10e6);
    p.added_pv_W_per_W.assign(hours, 0.0);
    for (std::size_t i = 0; i < hours; ++i) {
      p.added_pv_W_per_W[i] = i % 24 >= 6 && i % 24 < 18 ? 1.0 : 0.0;
    }
    p.month_of_hour.assign(hours, 1);
    auto& b = p.storage_template;
    b.charge_efficiency = b.discharge_efficiency = 1.0;
    b.self_discharge_per_h = b.fade_per_cycle = b.fade_per_year = 0.0;
    b.soc_min = 0.0;
    b.soc_max = 1.0;
    b.soc_initial = 0.0;
    p.power_per_J = 1.0 / (4.0 * supply::kHour_s);
    p.pv_max_W = 100e6;
    p.pv_tolerance_W = 1e4;
    p.storage_max_J = 0.0;
    p.storage_steps = 0;
    auto half = supply::size_pv_and_storage(p, {supply::Target::Measure::GreenShare, 0.5});
    QCOMPARE(half.without_additions, 0.0);
    QVERIFY(half.reached);
    QCOMPARE(half.frontier.size(), std::size_t(1));
    QVERIFY2(half.frontier[0].pv_W >= 10e6 && half.frontier[0].pv_W <= 10e6 + 1e4, qPrintable(QString::number(half.frontier[0].pv_W)));
    p.storage_max_J = 120.0 * kMWh;
    p.storage_steps = 2;
    const auto three_quarters = supply::size_pv_and_storage(p, {supply::Target::Measure::GreenShare, 0.75});
    QCOMPARE(three_quarters.frontier.size(), std::size_t(3));
    QVERIFY(!three_quarters.frontier[0].reached); // no storage: the night stays grey
    QVERIFY(std::abs(three_quarters.frontier[0].achieved - 0.5) < 1e-9);
    for (std::size_t k = 1; k < 3; ++k) {
      const auto& pt = three_quarters.frontier[k];
      QVERIFY(pt.reached);
      QVERIFY2(pt.pv_W >= 15e6 && pt.pv_W <= 15e6 + 1e4, qPrintable(QString::number(pt.pv_W)));
      QVERIFY(pt.achieved >= 0.75);
    }
    QVERIFY(three_quarters.reached);
    // Already there: nothing added.
    const auto none = supply::size_pv_and_storage(p, {supply::Target::Measure::GreenShare, 0.0});
    QCOMPARE(none.frontier[0].pv_W, 0.0);
    QVERIFY(none.frontier[0].reached);
  }
};

QTEST_GUILESS_MAIN(TestSupplyBalance)
#include "tst_supply_balance.moc"
