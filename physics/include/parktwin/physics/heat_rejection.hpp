#pragma once
// Heat rejection of a water loop to outdoor air (docs/physics/heat-rejection.md): a dry cooler
// (optionally with adiabatic pre-cooling) or a closed-circuit cooling tower (a fluid cooler that
// runs dry in cold weather and wet, spraying water over its coil, when the dry coil cannot hold
// the set point). Fans slow down to hold the loop's supply at its set point, and their speed,
// not the load, sets their power.

namespace parktwin::physics {

/// DryCooler: a finned coil in air (adiabatic pre-cooling optional). ClosedCircuitTower: a coil
/// run dry when that suffices, else wetted (not below the freeze limit). OpenTower: water falls
/// through the air (always wet; never colder than kOpenTowerMinWater_K).
enum class RejectionKind { DryCooler, ClosedCircuitTower, OpenTower };

struct RejectionDesign {
  RejectionKind kind = RejectionKind::DryCooler;
  double duty_W = 0.0;          ///< design heat duty (fans at full speed)
  double approach_dry_K = 8.0;  ///< supply above the dry bulb at design duty, dry coil
  double approach_wet_K = 4.0;  ///< supply above the wet bulb at design duty, wet (tower only)
  bool adiabatic_assist = false; ///< dry cooler: pre-cool the air toward its wet bulb when needed
  double fan_design_W = 0.0;    ///< fan power at design speed, standard air density
  double air_flow_design_kg_s = 0.0; ///< air mass flow at design speed (evaporation, spray)
  /// Open tower: design range (K) and the YorkCalc water flow ratio that gives approach_wet_K at
  /// the design wet bulb and range, fans at full speed (calibrate_open_tower); 0: not calibrated.
  double range_design_K = 0.0;
  double york_water_ratio = 0.0;
};

/// Approach (K) of an open counterflow tower by the YorkCalc correlation (York International
/// 1998, as in EnergyPlus's CoolingTower:VariableSpeed and Modelica Buildings'
/// Fluid.HeatExchangers.CoolingTowers.Correlations.yorkCalc): a polynomial in the inlet wet bulb
/// (C), the range (K) and the liquid-to-gas ratio (water flow ratio / air flow ratio), each held
/// to the correlation's bounds (wet bulb -34.4 to 29.4 C, range 1.1 to 22.2 K, liquid-to-gas
/// ratio at most 8).
double yorkcalc_approach_K(double T_wb_K, double range_K, double liquid_to_gas);
/// The YorkCalc water flow ratio at which the tower, fans at full speed, gives approach_K at the
/// design wet bulb and range (what EnergyPlus solves for at sizing); between 0.05 and 8.
double yorkcalc_design_water_ratio(double T_wb_K, double range_K, double approach_K);
/// Calibrates an open tower: design range and water flow ratio at the design wet bulb.
void calibrate_open_tower(RejectionDesign& d, double T_wb_design_K, double range_design_K);
/// Water leaving an open tower at full fan speed that rejects Q_W from a loop of flow capacity
/// m_cp_W_K, by YorkCalc: range Q / m_cp, water flow ratio m_cp / (duty_W / range_design_K) of
/// the rated (more cells than the need share the water, each below its rating); the design
/// approach x Q / duty_W when not calibrated. Never below kOpenTowerMinWater_K.
double open_tower_water_K(const RejectionDesign& d, double T_wb_K, double Q_W, double m_cp_W_K);

/// Outdoor air at the heat rejection.
struct RejectionAir {
  double T_db_K = 0.0;
  double T_wb_K = 0.0;
  double W_kg_kg = 0.0;
  double p_Pa = 0.0;
  double rho_kg_m3 = 1.2;
};

struct RejectionPoint {
  double T_supply_K = 0.0;   ///< water leaving the heat rejection
  double Q_W = 0.0;          ///< heat rejected
  double fan_W = 0.0;
  double fan_speed = 0.0;    ///< fraction of design air mass flow
  double water_kg_s = 0.0;   ///< evaporation, blowdown and drift (or adiabatic spray)
  bool wet = false;          ///< spraying water (tower wet or adiabatic assist)
};

/// Lowest fan speed of the heat-rejection fans (EC fans: ~20 % of design speed).
inline constexpr double kRejectionMinFanSpeed = 0.2;
/// UA of a finned coil with air-side resistance dominating grows with air flow to the power 0.8
/// (turbulent external convection, Incropera ch. 7 / ASHRAE Fundamentals ch. 4).
inline constexpr double kCoilUaExponent = 0.8;
/// Cooling-tower water: cycles of concentration (blowdown = evaporation / (COC - 1)) and drift.
inline constexpr double kTowerCyclesOfConcentration = 4.0;
/// Water an evaporating device draws: its evaporation plus the bleed-off that keeps the sump at
/// kTowerCyclesOfConcentration (bleed-off = evaporation / (COC - 1)).
inline double with_bleed_off_kg_s(double evaporation_kg_s) noexcept {
  return evaporation_kg_s * (1.0 + 1.0 / (kTowerCyclesOfConcentration - 1.0));
}
inline constexpr double kTowerDriftFraction = 5e-5; ///< of the circulating water (0.005 %)
/// Wet operation is allowed only above this dry bulb (freeze protection: below it the spray
/// pumps stop and the sump is drained; the coil runs dry).
inline constexpr double kTowerFreezeLimit_K = 273.15 + 2.0;
/// An open tower's leaving water is held at least this warm (bypass and basin heaters in cold
/// weather; freeze protection).
inline constexpr double kOpenTowerMinWater_K = 273.15 + 5.0;

/// Rejects heat from a loop whose water arrives at T_in_K with flow capacity m_cp_W_K, holding
/// the supply at T_set_K when it can: the heat the loop needs removed is m_cp (T_in - T_set).
/// Fans at speed s give the design approach scaled by duty / s^0.8; the speed is the lowest in
/// [0.2, 1] that holds the set point. When even full speed cannot, the supply floats above the
/// set point and the heat rejected follows from the loop's energy balance.
/// `water`: compute the water use (false: left at 0, for callers that need only temperatures).
RejectionPoint reject_heat(const RejectionDesign& d, double T_in_K, double m_cp_W_K, double T_set_K,
                           const RejectionAir& air, bool water = true);

/// Evaporation of a wet tower rejecting Q through air mass flow m_air (energy balance with the
/// air leaving saturated, EnergyPlus "saturated exit" method), kg/s; at least 0.
double tower_evaporation_kg_s(double Q_W, double m_air_kg_s, const RejectionAir& air);

} // namespace parktwin::physics
