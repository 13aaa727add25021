#pragma once
// The water side of a chilled-water hall (docs/physics/chillers.md): a waterside economizer (open
// tower or dry cooler through a plate exchanger) pre-cools the loop's return, chillers within
// their capacity bring it to the supply set point, and the heat rejection (the same tower or dry
// cooler, also the chillers' condenser water) takes the heat and the compressors' work. The hall
// model assembles it with its coils; the loop's return temperature is the hall's state.

#include "parktwin/model/park.hpp"
#include "parktwin/physics/compressor_plant.hpp"
#include "parktwin/physics/heat_rejection.hpp"

namespace parktwin::physics {

/// Chillers condense this far above the condenser water entering them.
inline constexpr double kChillerCondLift_K = 8.6;

struct ChilledWaterPlantDesign {
  double m_chw_kg_s = 0.0;       ///< chilled water at design flow (the condenser water flows alike)
  double T_chw_supply_K = 0.0;   ///< supply set point
  double plate_hx_approach_K = 0.0;
  model::EconomizerKind economizer = model::EconomizerKind::CoolingTower;
  RejectionDesign rejection;     ///< open tower or dry cooler
  double chw_pump_W = 0.0;       ///< chilled-water pumps at design flow (variable speed)
  double cond_pump_W = 0.0;      ///< condenser-water pumps, constant speed while heat is rejected
  double T_condenser_floor_K = 0.0; ///< coldest condenser water the chillers take (head pressure)
};

/// What the plant runs: the economizer (`economizer`), and whether it alone must make the water
/// (`free`: the supply floats up to the economizer's water), the chillers staged on or not.
struct ChilledWaterPlantState {
  bool economizer = true;
  bool free = true;
  bool chillers_staged = false;
};

struct ChilledWaterPlantPoint {
  double Q_W = 0.0;           ///< heat taken from the loop
  double Q_economizer_W = 0.0;
  double Q_chillers_W = 0.0;
  double chiller_W = 0.0;     ///< compressors' electric power
  double capacity_W = 0.0;    ///< chillers' available capacity at the moment
  double margin_W = 0.0;      ///< that capacity less what the chillers were asked for
  bool limited = false;       ///< the chillers could not give what was asked
  double T_supply_K = 0.0;    ///< water the plant supplies to the coils
  double pump_W = 0.0;
  double rejection_fan_W = 0.0;
  double water_kg_s = 0.0;
};

/// Coldest water the plant's heat rejection gives rejecting Q_W at the loop's design flow, fans
/// at full speed: an open tower by YorkCalc (never below 5 C), a dry cooler T_db + approach x
/// Q / duty (its installed duty: units beyond the need bring the water closer to the air). The
/// same device serves the economizer and the chillers' condensers (a tower when there is no
/// economizer). It depends on the weather and the load only, so callers compute it once per time.
double rejection_water_K(const ChilledWaterPlantDesign& d, double T_db_K, double T_wb_K, double Q_W);
/// The economizer's coldest water, from the heat rejection's: 1e9 K without economizer.
inline double economizer_water_K(const ChilledWaterPlantDesign& d, double rejection_water_K) {
  return d.economizer == model::EconomizerKind::None ? 1e9 : rejection_water_K;
}

/// The plant with `chillers` at one instant: return water T_return_K, flow `flow_fraction` of
/// design, its heat rejection's coldest water `rejection_water_K` (rejection_water_K()), outdoor
/// air. `outputs`: also the heat rejection's fans and water (they do not act on the loop's
/// temperatures).
ChilledWaterPlantPoint run_chilled_water_plant(const ChilledWaterPlantDesign& d, const CompressorPlant& chillers,
                                               const ChilledWaterPlantState& s, double T_return_K,
                                               double flow_fraction, double rejection_water_K,
                                               const RejectionAir& air, bool outputs = true);

} // namespace parktwin::physics
