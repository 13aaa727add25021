#pragma once
// A plant of vapour-compression units (chillers or DX modules) with a finite capacity, a unit
// count and redundancy, staged by load, with part-load and lift curves (docs/physics/chillers.md).

namespace parktwin::physics {

struct CompressorPlant {
  double unit_capacity_W = 0.0; ///< cooling capacity of one unit at its rating point
  int units_available = 0;      ///< installed units that can run (N + redundant, less failed)
  double cop_rated = 4.0;       ///< at the rating point
  double T_evap_rated_K = 0.0;
  double T_cond_rated_K = 0.0;
  double min_unloading_ratio = 0.25; ///< below it a running unit false-loads (hot-gas bypass)

  double capacity_rated_W() const noexcept { return unit_capacity_W * units_available; }
};

struct CompressorPoint {
  double Q_W = 0.0;       ///< cooling delivered (at most the available capacity)
  double power_W = 0.0;   ///< electrical
  int units_on = 0;
  double plr = 0.0;       ///< part-load ratio of each running unit
  bool limited = false;   ///< the demand exceeded the available capacity
  double capacity_W = 0.0; ///< what the installed units could deliver at these temperatures
};

/// Air-cooled condensers (DX trim, the liquid loop's trim chiller) condense this far above the
/// outdoor dry bulb.
inline constexpr double kCondenserApproach_K = 10.0;
/// Lowest condensing temperature relative to the rating point: head-pressure control keeps the
/// condenser this far below its rated temperature at most, which bounds the COP at low lift.
inline constexpr double kHeadPressureFloor_K = 15.0;
/// The Carnot factor T_e / (T_c - T_e) counts at most twice its rated value.
inline constexpr double kMaxCarnotGain = 2.0;

/// Capacity of one unit relative to its rating at evaporating / condensing temperatures:
/// +2.5 %/K of evaporating and -1 %/K of condensing temperature, within [0.5, 1.3].
double capacity_fraction(const CompressorPlant& p, double T_evap_K, double T_cond_K) noexcept;

/// COP at full load: rated COP x Carnot(T_e, T_c') / Carnot(rated), T_c' = max(T_c, T_c,rated
/// - 15 K), the Carnot ratio at most 2: the COP is bounded (at most 2 x rated) and at least 1.
double full_load_cop(const CompressorPlant& p, double T_evap_K, double T_cond_K) noexcept;

/// Runs the plant for a cooling demand: as many units as the demand needs (each at most its
/// capacity at these temperatures), each at the same part-load ratio, with power = units x
/// capacity / COP x part_load_power_fraction(plr); a unit below its minimum unloading ratio
/// false-loads at that ratio's power. `enabled`: the controller has staged compressors on (at
/// least one unit runs, even with no demand). Not enabled or no units: nothing runs (the
/// capacity the units would have is reported all the same).
CompressorPoint run_compressors(const CompressorPlant& p, double demand_W, double T_evap_K,
                                double T_cond_K, bool enabled) noexcept;

} // namespace parktwin::physics
