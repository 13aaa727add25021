#pragma once
// The park's electricity supply as described by a scenario (schema `supply` and `tenants`; docs
// /model/park-model.md, "Supply"): PV arrays on roofs and in fields, wind farms, batteries,
// direct-supply contracts, the grid as data, the plan's PV rule and what the sizing answer
// searches. SI throughout (W, J, rad, s); the file's MW, MWh, degrees and days are converted
// once, when the Park is built. The physics that turns these into hourly power is in
// physics/park_supply.hpp.

#include "parktwin/model/geometry.hpp"

#include <optional>
#include <string>
#include <vector>

namespace parktwin::model {

/// A company whose rack groups are accounted together in the carbon ledger.
struct Tenant {
  std::string id;
  std::string name;
  std::string name_zh;
  bool plan_pv_rule = false;             ///< the plan's PV policy applies to this project
  double certificates_J_per_month = 0.0; ///< green certificates retired each month
  std::string source;
};

enum class PvMount { Roof, Ground };

struct PvArray {
  std::string id;
  std::string name;
  std::string name_zh;
  PvMount mount = PvMount::Ground;
  std::string building_id; ///< roof arrays
  std::string wing_id;     ///< ground fields inside a wing ("": outside the park)
  std::optional<Point> position; ///< a ground field's centre, park coordinates (none: not placed)
  std::string stage_id;    ///< "": from the first stage
  std::optional<double> dc_rating_W; ///< none (roofs only): what the usable roof carries
  double tilt_rad = 30.0 * 3.14159265358979323846 / 180.0;
  double azimuth_rad = 3.14159265358979323846; ///< clockwise from north (south)
  double roof_setback_m = 2.0;
  std::optional<double> row_pitch_m; ///< none: no shade at winter-solstice noon
  double module_length_m = 2.28;
  double module_efficiency = 0.21;
  double temperature_coefficient_per_K = -0.0035;
  double dc_loss_fraction = 0.1408;
  double dc_ac_ratio = 1.2;
  double inverter_efficiency = 0.96;
  bool export_allowed = false;
  std::string owner; ///< tenant id ("": the park's common supply)
  std::string source;
};

struct PowerCurvePoint {
  double speed_m_s = 0.0;
  double power_W = 0.0;
};

struct WindFarm {
  std::string id;
  std::string name;
  std::string name_zh;
  std::string stage_id;
  int turbines = 1;
  double rated_W = 3.37e6;
  double rotor_diameter_m = 130.0;
  std::vector<PowerCurvePoint> power_curve; ///< empty: the generic curve of rated_W and the rotor
  double hub_height_m = 110.0;
  double measurement_height_m = 10.0;
  double shear_exponent = 1.0 / 7.0;
  std::optional<double> mean_wind_speed_m_s; ///< scale the climate year's wind to this mean
  double loss_fraction = 0.1;
  bool export_allowed = false;
  std::string owner;
  std::string source;
};

enum class Dispatch { LoadFollowing, DayChargeNightUse, Custom };

struct BatteryStore {
  std::string id;
  std::string name;
  std::string name_zh;
  std::string stage_id;
  double energy_J = 0.0;
  double power_W = 0.0;
  double charge_efficiency = 0.95;
  double discharge_efficiency = 0.95;
  double self_discharge_per_s = 0.00072 / 86400.0;
  double soc_min = 0.1;
  double soc_max = 0.95;
  double fade_per_cycle = 9.83e-5;
  double fade_per_s = 0.00255 / (365.0 * 86400.0);
  Dispatch dispatch = Dispatch::LoadFollowing;
  bool charge_from_surplus = true;   ///< Custom only
  std::vector<int> discharge_hours;  ///< Custom only: hours of the day 0-23
  std::vector<int> grid_charge_hours; ///< Custom only
  std::string source;
};

enum class ContractKind { Share, Pv, Wind };

struct Contract {
  std::string id;
  std::string name;
  std::string name_zh;
  std::string stage_id;
  ContractKind kind = ContractKind::Share;
  std::optional<double> share;      ///< Share: of every hour's load
  std::optional<double> capacity_W; ///< Pv (DC) and Wind
  std::string owner;
  std::string source;
};

struct GridSupply {
  std::optional<double> location_factor_kg_per_J; ///< none: site.grid_co2_kg_per_J
  std::optional<double> residual_factor_kg_per_J; ///< none: the location factor
  double carbon_free_share = 0.0;
  std::optional<double> export_limit_W;           ///< none: no limit
  std::string source;
};

/// The plan's PV policy (3.(2)): 200 MW per 1,000 PFLOPS for projects of 3,000 PFLOPS and more.
struct PlanPvRule {
  double W_per_FLOPS = 200e6 / 1000e15;
  double min_project_FLOPS = 3000e15;
  double tilt_rad = 30.0 * 3.14159265358979323846 / 180.0;
  double azimuth_rad = 3.14159265358979323846;
  std::string source;
};

enum class SizingMeasure { GreenShare, CfeScore };

struct Sizing {
  SizingMeasure measure = SizingMeasure::GreenShare;
  std::optional<double> target; ///< none: the stage's green-share target
  double max_pv_W = 5e9;
  double max_storage_J = 8000.0 * 3.6e9;
  int storage_steps = 8;
  double storage_duration_s = 2.0 * 3600.0;
  std::string source;
};

struct Supply {
  std::vector<PvArray> pv_arrays;
  std::vector<WindFarm> wind_farms;
  std::vector<BatteryStore> batteries;
  std::vector<Contract> contracts;
  GridSupply grid;
  PlanPvRule plan_pv_rule;
  Sizing sizing;
  std::string source;
};

} // namespace parktwin::model

