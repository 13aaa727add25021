#pragma once
// The park's supply year (docs/physics/park-supply.md): every PV array, wind farm and contract
// of a scenario hour by hour from the climate year, the battery and the grid against the halls'
// facility load from the thermal simulation, then the accounts of the park, of every tenant
// (the carbon ledger) and of every hall, and the sizing answer for the stage's target. SI.

#include "parktwin/climate/epw.hpp"
#include "parktwin/model/park.hpp"
#include "parktwin/physics/metrics.hpp"
#include "parktwin/physics/park_simulation.hpp"
#include "parktwin/physics/supply_balance.hpp"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace parktwin::physics {

/// One source of green supply and what it gave over the year.
struct SupplySource {
  enum class Kind { PvRoof, PvGround, PvPlanRule, Wind, ContractShare, ContractPv, ContractWind };
  Kind kind = Kind::PvGround;
  std::string id;      ///< the scenario's (plan-rule arrays: "plan-pv-<tenant>")
  std::string owner;   ///< tenant id ("": the park's common supply)
  double capacity_W = 0.0; ///< DC for PV, rated for wind, 0 for a share contract
  bool export_allowed = false;
  std::vector<double> power_W; ///< hourly mean
  double energy_J = 0.0;
};
const char* kind_name(SupplySource::Kind k) noexcept;

/// A tenant's (or a hall's) share of the park's year, by the hourly share of the load.
struct LedgerMonth {
  double it_J = 0.0, facility_J = 0.0, green_used_J = 0.0, grid_J = 0.0, certificates_J = 0.0, cfe_J = 0.0;
  double CO2_location_kg = 0.0, CO2_market_kg = 0.0;
};
struct LedgerAccount {
  std::string id;
  std::string name;
  std::string name_zh;
  std::array<LedgerMonth, 12> months{};
  LedgerMonth year;
  std::vector<double> it_W, facility_W; ///< hourly (tenants only)
  double green_share() const noexcept;
  double green_share_with_certificates() const noexcept;
  double cfe_score() const noexcept;
  Carbon carbon() const noexcept { return {year.CO2_location_kg, year.CO2_market_kg}; }
};

struct SupplyYear {
  std::vector<SupplySource> sources;
  std::vector<double> load_W, pv_W, wind_W, contract_W; ///< hourly, the green supply by kind
  std::vector<double> exported_W, curtailed_W;          ///< curtailed: after export
  std::vector<double> price_CNY_per_J;                  ///< the tariff each hour
  supply::Balance balance;   ///< its `curtailed` is before export
  supply::Accounts accounts; ///< the park's (certificates: those the tenants retire, purchased and earned by export)
  supply::Grid grid;
  double pv_dc_W = 0.0;
  double exported_J = 0.0, curtailed_J = 0.0, export_certificates_J = 0.0;
  double grid_cost_CNY = 0.0;
  double peak_grid_import_W = 0.0;
  std::vector<LedgerAccount> tenants; ///< the scenario's, then "unassigned" for racks of none
  std::vector<LedgerAccount> halls;   ///< in the order of the park result
  std::optional<double> target;       ///< the stage's green-share target (or the sizing's own)
  model::SizingMeasure measure = model::SizingMeasure::GreenShare;
  std::optional<supply::SizingAnswer> sizing; ///< when there is a target
  std::vector<std::string> notes;     ///< what the user should know (e.g. station wind)
  double wall_time_s = 0.0;

  double pv_J() const noexcept;
  double wind_J() const noexcept;
  double contract_J() const noexcept;
  /// PV energy per kW of DC installed, kWh/kWp (0 without PV).
  double pv_specific_yield_kWh_per_kWp() const noexcept;
  /// CO2 of a group of halls (a wing): the sum of theirs.
  Carbon carbon_of_halls(const std::vector<std::string>& hall_ids) const;
  /// CO2 of the park: the sum of the tenants' (equal to the halls' sum).
  Carbon carbon() const noexcept;
  const LedgerAccount* hall(const std::string& id) const noexcept;
};



struct SupplyOptions {
  bool sizing = true; ///< search the sizing answer when there is a target (sweeps leave it out)
};

/// Every series of a park's supply year at a stage from the halls' results (which need their
/// hourly series) and the climate year that drove them.
SupplyYear simulate_supply(const model::Park& park, const model::Stage& stage, const ParkResult& halls,
                           const ClimateInput& climate, const SupplyOptions& options = {});

} // namespace parktwin::physics
