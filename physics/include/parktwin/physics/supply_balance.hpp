#pragma once
// The park's hourly electricity balance and its carbon accounts (docs/physics/storage.md,
// docs/physics/carbon-accounting.md): on-site green supply (PV, wind) against the facility's
// load, a battery run by documented rules, the grid for the rest, curtailment for what is left;
// then the green share, the hourly-matched carbon-free-energy score (Google's CFE), and Scope 2
// CO2 by the GHG Protocol's location-based and market-based methods. SI: W for power, J for
// energy, per hour of 3600 s.

#include <array>
#include <vector>

namespace parktwin::physics::supply {

inline constexpr double kHour_s = 3600.0;

/// A battery (an energy store with one power limit each way).
struct Battery {
  double energy_J = 0.0;              ///< nameplate capacity (0: no battery)
  double charge_W = 0.0, discharge_W = 0.0;
  double charge_efficiency = 0.95;    ///< each way (round trip 0.9025; assumed, lithium iron phosphate)
  double discharge_efficiency = 0.95;
  double self_discharge_per_h = 3e-5; ///< of the stored energy (about 2 % a month; assumed)
  double soc_min = 0.10, soc_max = 0.95, soc_initial = 0.50; ///< of the (faded) capacity
  double fade_per_cycle = 9.83e-5;    ///< capacity lost per equivalent full cycle (assumed, linear; REopt's coefficient in another model: storage.md)
  double fade_per_year = 2.55e-3;     ///< calendar fade per year (assumed, linear; likewise)
};

/// When the battery may charge and discharge (hours of the day 0-23, local).
struct Rules {
  bool charge_from_surplus = true;           ///< green supply above the load charges it
  std::array<bool, 24> grid_charge_hours{};  ///< valley hours: charge from the grid up to the limit (none by default)
  std::array<bool, 24> discharge_hours{};    ///< discharge into a deficit then
  Rules() { discharge_hours.fill(true); }    // load following by default
  /// The plan's "storage charged by day and used at night": discharge only from 19:00 to 07:00.
  static Rules day_charge_night_use();
};

/// One hour of the balance (W, mean over the hour); charge_grid includes the standby charge that
/// keeps a self-discharging battery at its floor. Always
///   load + charge_green + charge_grid + curtailed = pv + wind + discharge + grid_import
/// with discharge = discharge_green + discharge_grid (by where the stored energy came from).
struct Hour {
  double load = 0.0, pv = 0.0, wind = 0.0;
  double charge_green = 0.0, charge_grid = 0.0, discharge_green = 0.0, discharge_grid = 0.0;
  double grid_import = 0.0, curtailed = 0.0;
  double soc = 0.0; ///< at the end of the hour, of the faded capacity
  double discharge() const noexcept { return discharge_green + discharge_grid; }
  /// Green supply used by the load this hour: direct and from storage charged green.
  double green_used() const noexcept;
  /// Carbon-free supply reaching the load this hour, counted up to the load (Google's hourly
  /// matching): green used plus `grid_share` of the grid energy that reaches the load.
  double carbon_free_W(double grid_share) const noexcept;
};

struct Balance {
  std::vector<Hour> hours;
  double equivalent_full_cycles = 0.0; ///< energy discharged / usable capacity
  double capacity_end_J = 0.0;         ///< after fade
  double storage_losses_J = 0.0;       ///< charge, discharge and self-discharge losses
  /// The largest |imbalance| of any hour relative to its load (or 1 W): 0 up to rounding.
  double worst_imbalance = 0.0;
};

/// The year's balance: `load_W`, `pv_W`, `wind_W` hourly (the same length; pv and wind may be
/// empty for none), the hour of the day of hour 0 (`first_hour_of_day`, 0 for January 1 00:00).
Balance balance(const std::vector<double>& load_W, const std::vector<double>& pv_W, const std::vector<double>& wind_W,
                const Battery& b, const Rules& r, int first_hour_of_day = 0);

/// The grid as data: emission factors (kg CO2 per kWh) and its carbon-free share, hourly or
/// one value for every hour.
struct Grid {
  std::vector<double> location_factor_kg_per_kWh{0.5366}; ///< China's national average 2022 (MEE); Qinghai 2022: 0.1567
  double residual_factor_kg_per_kWh = -1.0; ///< market-based factor for grid energy not covered by instruments (< 0: the location factor)
  std::vector<double> carbon_free_share{0.0}; ///< of grid energy, for the CFE score (0: none counted)
  std::array<double, 12> certificates_MWh{};  ///< green certificates (GEC, 1 per MWh) retired per month
  double factor(std::size_t hour) const noexcept;
  double cfe_share(std::size_t hour) const noexcept;
};

/// What the balance means for carbon and the green share.
struct Accounts {
  double load_J = 0.0, green_used_J = 0.0, grid_import_J = 0.0, certificates_J = 0.0;
  double green_share = 0.0;                   ///< green used / load
  double green_share_with_certificates = 0.0; ///< (green used + certificates retired) / load, at most 1
  double cfe_score = 0.0;                     ///< sum over hours of min(load, carbon-free supply) / load
  double CO2_location_kg = 0.0, CO2_market_kg = 0.0;
};

/// The accounts of a year's balance; `month_of_hour` gives each hour's month (1-12) for the
/// monthly certificates (empty: none retired).
Accounts accounts(const Balance& b, const Grid& g, const std::vector<int>& month_of_hour);

// --- Sizing (docs/physics/storage.md, "Sizing") ---------------------------------------------

/// What a supply must reach over the year.
struct Target {
  enum class Measure { GreenShare, Cfe };
  Measure measure = Measure::GreenShare;
  double value = 0.8;
};

/// The inputs a sizing varies: added PV as a profile per W of DC installed, added storage by
/// energy with the template's other properties (its power limits scale with its energy by
/// `power_per_J`, W per J: e.g. 1/(2 h) for a two-hour battery).
struct SizingProblem {
  std::vector<double> load_W, existing_pv_W, wind_W;
  std::vector<double> added_pv_W_per_W; ///< AC output of one W of DC added, every hour
  Battery storage_template;             ///< energy and power ignored; efficiencies, SOC, fade used
  double existing_storage_J = 0.0;      ///< storage there already (added to every size tried)
  double existing_storage_W = 0.0;      ///< its power limit
  double power_per_J = 1.0 / (2.0 * kHour_s);
  Rules rules;
  Grid grid;
  std::vector<int> month_of_hour;
  double pv_max_W = 2e9, storage_max_J = 4000.0 * 3.6e9; ///< the search's bounds
  int storage_steps = 8;                ///< storage sizes tried: 0 and `storage_steps` up to the bound
  double pv_tolerance_W = 1e5;          ///< the bisection stops within this (0.1 MW)
};

/// One point of the answer: with this much storage added, the least PV added that reaches the
/// target (or none that does within the bound).
struct SizingPoint {
  double storage_J = 0.0;
  double pv_W = 0.0;
  bool reached = false;
  double achieved = 0.0; ///< the measure at (pv_W, storage_J); at the PV bound if not reached
};

struct SizingAnswer {
  std::vector<SizingPoint> frontier; ///< storage increasing
  bool reached = false;              ///< at some point of the frontier
  double without_additions = 0.0;    ///< the measure with nothing added
  int evaluations = 0;               ///< balances computed
};

/// The least added PV for each added storage size, by bisection on PV, over storage sizes 0 to
/// the bound in equal steps. The green share never falls as PV is added under these rules, so
/// for it the least PV is found; a CFE score with hourly grid shares can fall slightly, and then
/// the PV found reaches the target but may not be the least. Costs are not part of it.
SizingAnswer size_pv_and_storage(const SizingProblem& p, const Target& t);

} // namespace parktwin::physics::supply
