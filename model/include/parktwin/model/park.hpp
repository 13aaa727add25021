#pragma once
// The park description in SI (docs/model/park-model.md). Built from a validated scenario
// document (scenario.hpp); the file's engineering units (C, kW, MVA, m3/day) are converted once,
// there. Every quantity's unit is in its name.

#include "parktwin/model/geometry.hpp"
#include "parktwin/model/supply.hpp"

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace parktwin::model {

/// One "standard rack" of the Chinese statistics: 2.5 kW of design IT power.
inline constexpr double kStandardRack_W = 2500.0;

struct Stage {
  std::string id;
  int year = 0;
  double default_occupancy = 0.0;
  std::optional<double> green_share_target; ///< the plan's green-energy share for the stage (none: no target)
  std::string description;
  std::string source;
};

struct HeatNetwork {
  std::string id;
  std::string name;
  double served_floor_area_m2 = 0.0;
  double design_heat_flux_W_m2 = 0.0;
  double T_design_outdoor_K = 0.0;
  double T_heating_limit_K = 0.0;
  double T_supply_K = 0.0;
  double T_return_K = 0.0;
  double hot_water_W_m2 = 0.0;      ///< domestic hot water, mean, all year
  double network_loss_fraction = 0.0; ///< of the heat the network takes in
  std::string source;
};

struct Accelerator {
  std::string id;
  std::string name;
  double fp16_dense_FLOPS = 0.0; ///< per accelerator, FLOP/s
  int accelerators_per_server = 0;
  double server_max_power_W = 0.0;
  std::string source;
};

enum class LoadProfile { Flat, EnterpriseDiurnal, AiTraining, AiInferenceDiurnal };

/// How a rack group's compute may move in time (docs/physics/dispatch.md); a value left out
/// takes the park's (ComputeDispatch).
struct Flexibility {
  std::optional<double> flexible_share;     ///< of its energy in each window
  std::optional<int> window_h;
  std::optional<double> max_power_fraction; ///< of the design power of its occupied racks
  std::optional<double> min_power_fraction;
  std::string source;
};

struct RackGroup {
  std::string id;
  std::string name;
  double count = 0.0;               ///< racks (derived when given as compute)
  double design_power_W_per_rack = 0.0;
  std::optional<double> compute_FLOPS; ///< when given as compute (FP16 dense)
  std::string accelerator_id;
  int servers_per_rack = 0;
  std::optional<double> occupancy;  ///< none: the default of the stage the park is viewed at
  LoadProfile load_profile = LoadProfile::Flat;
  double utilisation = 0.0;
  double liquid_fraction = 0.0;
  std::string tenant_id; ///< "": the park's own
  Flexibility flexibility;
  std::string source;

  double design_power_W() const noexcept { return count * design_power_W_per_rack; }
  double standard_racks() const noexcept { return design_power_W() / kStandardRack_W; }
};

struct AirSide {
  double T_supply_K = 0.0;
  double T_return_K = 0.0;
  double bypass_fraction = 0.0;
  double recirculation_fraction = 0.0;
  double fan_specific_power_W_per_m3_s = 0.0;
  std::string source;
};

enum class EconomizerKind { CoolingTower, DryCooler, None };

struct ChilledWater {
  double T_chw_supply_K = 0.0;
  double T_chw_return_K = 0.0;
  double chiller_COP_nominal = 0.0;
  EconomizerKind economizer = EconomizerKind::CoolingTower;
  double tower_approach_K = 0.0;
  double dry_cooler_approach_K = 0.0;
  double plate_hx_approach_K = 0.0;
  double pump_head_Pa = 0.0;
  double storage_m3 = 0.0; ///< buffer tank in the chilled-water loop
  std::string source;
  bool storage_stratified = false; ///< storage_kind: stratified (else fully mixed in the loop)
};

enum class Humidifier { Adiabatic, Steam, None };

struct DirectAirEconomizer {
  double T_dew_point_min_K = 0.0;
  double T_dew_point_max_K = 0.0;
  double rh_max = 0.0;
  Humidifier humidifier = Humidifier::Adiabatic;
  double trim_chiller_COP = 0.0;
  std::string source;
};

struct IndirectEvaporative {
  double wet_bulb_effectiveness = 0.0;
  double dry_effectiveness = 0.0;
  double secondary_fan_specific_power_W_per_m3_s = 0.0;
  double trim_chiller_COP = 0.0;
  std::string source;
};

using AirSystem = std::variant<ChilledWater, DirectAirEconomizer, IndirectEvaporative>;

enum class LiquidTechnology { ColdPlate, Immersion };
enum class LiquidRejection { DryCooler, CoolingTower };

struct LiquidCooling {
  LiquidTechnology technology = LiquidTechnology::ColdPlate;
  double T_facility_supply_K = 0.0;
  double T_facility_return_K = 0.0;
  LiquidRejection rejection = LiquidRejection::DryCooler;
  double dry_cooler_approach_K = 0.0;
  double tower_approach_K = 0.0;  ///< closed-circuit tower, wet, to the wet bulb at design
  bool adiabatic_assist = true;
  double pump_head_Pa = 0.0;
  double storage_m3 = 0.0; ///< buffer tank in the facility-water loop
  std::string source;
  bool storage_stratified = false; ///< storage_kind: stratified (else fully mixed in the loop)
};

enum class HeatRecoveryMode { Direct, HeatPump };

struct HeatRecovery {
  std::string network_id;
  HeatRecoveryMode mode = HeatRecoveryMode::HeatPump;
  double heat_pump_carnot_efficiency = 0.0;
  double max_recovered_fraction = 0.0;
  std::string source;
};

enum class Redundancy { N, NPlus1, NPlus2, TwoN };

/// Units of one kind of equipment with a capacity relative to the design need: air-moving units,
/// heat-rejection units, pumps (docs/physics/plant-capacity.md).
struct UnitGroup {
  int units = 2;                                 ///< N: units that carry the design need
  Redundancy redundancy = Redundancy::N;
  double sizing_margin = 0.0;
  std::optional<double> unit_capacity_fraction;  ///< of the design need; none: (1 + margin) / N
  std::string source;

  /// Units installed: N plus the redundant ones.
  int installed_units() const noexcept;
  /// What the installed units deliver together, as a fraction of the design need.
  double capacity_fraction() const noexcept;
};

/// Capacity of a hall's cooling plant (docs/physics/chillers.md, docs/physics/plant-capacity.md).
struct Plant {
  int units = 4;                                 ///< N: units that carry the design capacity
  Redundancy redundancy = Redundancy::NPlus1;
  std::optional<double> unit_capacity_W;         ///< none: sized from the design condition
  double sizing_margin = 0.15;
  double minimum_air_trim_fraction = 0.3;        ///< IEC halls: smallest DX trim / air-side IT
  double minimum_unloading_ratio = 0.25;
  std::optional<double> liquid_trim_capacity_W;  ///< none: sized
  UnitGroup air_units{4, Redundancy::NPlus1, 0.1, std::nullopt, {}};
  UnitGroup heat_rejection{2, Redundancy::N, 0.0, std::nullopt, {}};
  UnitGroup pumps{2, Redundancy::NPlus1, 0.0, std::nullopt, {}};
  std::string source;
  /// After power returns, until the compressors (chillers, DX, the liquid trim) cool again.
  double compressor_restart_s = 300.0;

  /// Units installed: N plus the redundant ones.
  int installed_units() const noexcept;
};

struct Cooling {
  AirSystem air_system;
  std::optional<LiquidCooling> liquid;
  std::optional<HeatRecovery> heat_recovery;
  Plant plant;
  std::string source;
};

enum class UpsMode { DoubleConversion, Eco };

struct Electrical {
  double transformer_no_load_loss_fraction = 0.0;
  double transformer_load_loss_fraction = 0.0;
  double transformer_loading = 0.0;
  double ups_efficiency = 0.0;
  double it_on_ups_fraction = 0.0;
  double distribution_loss_fraction = 0.0;
  double lighting_W_per_m2 = 0.0;
  double auxiliaries_W_per_m2 = 0.0;
  double power_factor = 0.0;
  double design_peak_PUE = 0.0;
  UpsMode ups_mode = UpsMode::DoubleConversion;
  double ups_eco_efficiency = 0.99;
  std::string source;
  // Behaviour in a utility outage (docs/physics/ride-through.md).
  double ups_autonomy_s = 900.0;      ///< battery time at the UPS's rated load
  bool air_units_on_ups = false;      ///< mechanical_on_ups: the air units' fans (IEC units whole)
  bool pumps_on_ups = false;          ///< mechanical_on_ups: chilled-water, facility-water and CDU pumps
  bool heat_rejection_on_ups = false; ///< mechanical_on_ups: dry-cooler and tower fans
  bool generators = true;             ///< standby generators pick up the hall's loads
  double generator_start_s = 10.0;    ///< utility failure to the generators at voltage
  double load_transfer_s = 5.0;       ///< transfer and load steps until the mechanical loads run
  bool any_mechanical_on_ups() const noexcept { return air_units_on_ups || pumps_on_ups || heat_rejection_on_ups; }
};

enum class Containment { HotAisle, ColdAisle, None };
enum class RowOrientation { EastWest, NorthSouth };
enum class CoolingUnitKind { Crah, FanWall, Iec, InRow, Cdu };
enum class Side { North, South, East, West };

/// A block of parallel rack rows (docs/model/park-model.md, "Hall layout"), park coordinates.
struct RackRows {
  std::string rack_group;
  int rows = 1;
  int racks_per_row = 1;
  Point origin;                 ///< south-west corner of the block
  RowOrientation orientation = RowOrientation::EastWest;
  double rack_width_m = 0.6;
  double rack_depth_m = 1.2;
  double aisle_width_m = 1.2;

  int racks() const noexcept { return rows * racks_per_row; }
  /// The block: its rows and an aisle before the first row and after each.
  Polygon outline() const;
  /// Row k (0-based): a rectangle of racks_per_row racks.
  Polygon row(int k) const;
};

struct CoolingUnits {
  CoolingUnitKind kind = CoolingUnitKind::Crah;
  int count = 1;            ///< resolved: given, or the schema's default
  bool count_given = false; ///< the file gives the count
  Side side = Side::South;
};

/// Geometry of a hall on its floor (schema hall_layout); the physics stays lumped.
struct HallLayout {
  int floor = 1;
  Polygon outline; ///< park coordinates
  Containment containment = Containment::HotAisle;
  std::vector<RackRows> rows;
  std::vector<CoolingUnits> cooling_units;
  std::string source;
};

struct Hall {
  std::string id;
  std::string name;
  std::string name_zh;
  std::string stage_id;
  double floor_area_m2 = 0.0;
  std::vector<RackGroup> rack_groups;
  AirSide air;
  Cooling cooling;
  Electrical electrical;
  std::optional<HallLayout> layout; ///< none: drawn schematically
  std::string source;
  std::string path; ///< where it is in the scenario, e.g. "wings[1].buildings[0].halls[2]"

  double design_it_power_W() const noexcept;
  double standard_racks() const noexcept;
  double racks() const noexcept;
  /// Apparent power the hall draws from the grid at design: IT design x design peak PUE / power
  /// factor, VA.
  double design_apparent_power_VA() const noexcept;
};

struct Building {
  std::string id;
  std::string name;
  std::string name_zh;
  Point position;
  Polygon footprint; ///< in park coordinates (position added)
  double height_m = 0.0;
  int floors = 0;
  std::vector<Hall> halls;
  std::string source;
};

struct YearValue {
  int year = 0;
  double value = 0.0;
  std::string source;
};

struct Substation {
  std::string id;
  std::string name;
  std::string name_zh;
  double voltage_V = 0.0;
  double capacity_VA = 0.0;
  std::vector<YearValue> open_capacity_VA; ///< in force from each year until the next
  std::string source;

  /// Capacity open to compute in `year` (0 before the first entry).
  double open_capacity_in_VA(int year) const noexcept;
};

/// A figure the plan gives for a wing in a year (for comparison with the model's own).
struct PlanDemand {
  int year = 0;
  std::optional<double> apparent_power_VA;
  std::optional<double> water_m3_s;
  std::string source;
};

struct Wing {
  std::string id;
  std::string name;
  std::string name_zh;
  std::string role;
  Polygon boundary;
  std::optional<double> plan_area_m2;
  std::vector<Substation> substations;
  std::vector<YearValue> water_supply_m3_s;
  std::vector<PlanDemand> plan_demand;
  std::vector<Building> buildings;
  std::string source;

  double open_capacity_in_VA(int year) const noexcept;
};

/// A period of the day with its own price.
struct TimeOfUse {
  int start_hour = 0;
  int end_hour = 0;
  double price_CNY_per_J = 0.0;
};

struct Site {
  std::string name;
  double latitude_deg = 0.0;
  double longitude_deg = 0.0;
  double elevation_m = 0.0;
  std::string climate;
  double electricity_price_CNY_per_J = 0.0;
  std::vector<TimeOfUse> time_of_use;
  double grid_co2_kg_per_J = 0.0;
  std::optional<double> T_cooling_design_db_K; ///< none: from the climate year simulated
  std::optional<double> T_cooling_design_wb_K;
  double hot_year_K = 0.0; ///< shift of the climate year's annual maximum (climate::hot_year)
  std::string source;

  /// Price at an hour of the day (0-23): the time-of-use period's, else the average.
  double price_CNY_per_J_at(int hour_of_day) const noexcept;
};

enum class DispatchObjective { CarbonFree, Cost };

/// A rack group's flexibility with the park's values filled in.
struct GroupFlexibility {
  double flexible_share = 0.0;
  int window_h = 24;
  double max_power_fraction = 1.0;
  double min_power_fraction = 0.0;
};

/// The park's power-compute dispatch (docs/physics/dispatch.md).
struct ComputeDispatch {
  DispatchObjective objective = DispatchObjective::CarbonFree;
  GroupFlexibility flexibility; ///< every rack group's unless it sets its own
  double min_gain_fraction = 0.005;
  double tolerance = 1e-3;      ///< relative change of the facility energy between rounds
  int max_iterations = 6;
  double inlet_limit_K = 300.15;
  std::string source;

  GroupFlexibility of(const RackGroup& group) const noexcept;
};

/// What `parktwin calibrate` changed (docs/calibration.md): a record, shown with the results; the
/// values themselves are in their fields.
struct CalibrationRecord {
  struct Change {
    std::string path, parameter;
    double from = 0.0, to = 0.0, sd = 0.0;
    bool at_bound = false, identified = false;
  };
  std::string hall, method, data;
  std::vector<Change> changes;
};

struct Park {
  std::string name;
  std::string name_zh;
  std::string description;
  std::string layout_note;
  Site site;
  std::vector<Stage> stages;
  std::string default_stage_id; ///< "": the last stage
  std::vector<HeatNetwork> heat_networks;
  std::vector<Accelerator> accelerators;
  std::vector<Wing> wings;
  std::vector<Tenant> tenants;
  Supply supply;
  std::optional<ComputeDispatch> dispatch; ///< none: no dispatch
  std::optional<CalibrationRecord> calibration; ///< written by `parktwin calibrate`
  std::string source;

  const Stage* find_stage(const std::string& id) const noexcept;
  /// The stage every command and view shows when none is chosen: `default_stage`, else the last.
  const Stage* default_stage() const noexcept;
  /// The year a hall comes into service (its stage's year).
  int service_year(const Hall& hall) const noexcept;
  /// Occupancy of a rack group when the park is looked at in stage `at`: the group's own if it
  /// sets one, else the stage's default (the plan's 上架率 targets are park-wide, per stage).
  static double occupancy(const RackGroup& group, const Stage& at) noexcept;
  /// True if an element of stage `stage_id` ("": the first) is in service at stage `at`.
  bool in_service(const std::string& stage_id, const Stage& at) const noexcept;
  /// Installed AI compute of a rack group (FP16 dense, FLOP/s): given as compute, or its
  /// servers' accelerators; 0 for racks of neither.
  double compute_FLOPS(const RackGroup& group) const noexcept;
  const Tenant* find_tenant(const std::string& id) const noexcept;
  const Building* find_building(const std::string& id) const noexcept;
  const Hall* find_hall(const std::string& id) const noexcept;
};

} // namespace parktwin::model
