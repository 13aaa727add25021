#pragma once
// Algebraic component models used inside the hall right-hand side. SI throughout. Each has its
// page in docs/physics/ and a validation test in tests/unit/tst_components.cpp.

#include "parktwin/model/park.hpp"

namespace parktwin::physics {

/// Standard air density at which specific fan powers are quoted (20 C, 101.325 kPa), kg/m3.
inline constexpr double kStandardAirDensity_kg_m3 = 1.2;
/// Specific heat of dry air, J/(kg K), and of liquid water.
inline constexpr double kCpAir_J_kgK = 1006.0;
inline constexpr double kCpWater_J_kgK = 4186.0;
/// Latent heat of vaporisation of water near 20-30 C, J/kg.
inline constexpr double kLatentHeat_J_kg = 2.45e6;

// --- IT load (docs/physics/it-load.md) ------------------------------------------------------

/// Multiplier of a load profile at time t (s from January 1, 00:00); each profile averages 1
/// over every day.
double profile_factor(model::LoadProfile profile, double t_s) noexcept;

/// A profile over one hour of the year, (3600 h, 3600 (h + 1)] s: its mean (exact), highest and
/// lowest value (for the dispatch's limits on the hourly mean).
struct ProfileHour {
  double mean = 1.0, max = 1.0, min = 1.0;
};
ProfileHour profile_hour(model::LoadProfile profile, std::size_t hour) noexcept;

/// Server power relative to its power at low inlet temperature: fans speed up above 25 C inlet
/// (1 + 0.001 (T - 25 C)^2 per K^2: +0.4 % at 27 C, +4.9 % at 32 C, +10 % at 35 C), and no
/// higher above 35 C, where the fans are at full speed (bounded: at most x1.10).
double server_power_multiplier(double T_inlet_K) noexcept;

/// Share of its power a server still draws when its inlet is too hot: 1 up to 45 C (the top of
/// ASHRAE's A4 allowable range), falling linearly to 0 at 50 C (thermal throttling, then
/// protective shutdown). Keeps a hall whose plant cannot hold it physically bounded.
double it_thermal_protection_factor(double T_inlet_K) noexcept;

// --- Fans (docs/physics/fans.md) ------------------------------------------------------------

/// Electrical power of a variable-speed fan moving `mass_flow_ratio` of its design mass flow
/// through a fixed system at air density rho: P = P_design (m/m_d)^3 (rho_std/rho)^2, where
/// P_design is its power at the design mass flow at standard density (fan laws).
double fan_power_W(double design_power_at_standard_density_W, double mass_flow_ratio,
                   double rho_kg_m3) noexcept;

// --- Indirect evaporative cooler (docs/physics/indirect-evaporative.md) ----------------------

/// Lowest primary-air outlet temperature: dry mode T_r - eps_dry (T_r - T_db); wet mode
/// T_r - eps_wb (T_r - T_wb). Never warmer than the return air.
double iec_outlet_min_K(double T_return_K, double T_db_out_K, double T_wb_out_K, bool wet,
                        double eps_dry, double eps_wb) noexcept;

// --- Vapour-compression (docs/physics/chillers.md) ------------------------------------------

/// (COP, capacity and staging: compressor_plant.hpp.)

/// Part-load factor of compressor power (fraction of full-load power per fraction of load):
/// EIR(PLR) / EIR(1) for a screw/scroll machine with variable-speed drive,
/// 0.1 + 0.9 PLR^... simplified to a quadratic through (0.25, 0.33), (1, 1) (docs).
double part_load_power_fraction(double plr) noexcept;

// --- Adiabatic pre-cooling (docs/physics/heat-rejection.md) --------------------------------

/// Air temperature after adiabatic pre-cooling with saturation effectiveness eps (0.7 typical).
double adiabatic_precool_K(double T_db_K, double T_wb_K, double eps) noexcept;

// --- Electrical chain (docs/physics/electrical.md) ------------------------------------------

struct ElectricalLosses {
  double ups_W = 0.0;
  double distribution_W = 0.0;
  double transformer_W = 0.0;
  double total() const noexcept { return ups_W + distribution_W + transformer_W; }
};

/// Cooling loads fed through the UPS (the ride-through option Electrical::*_on_ups): their power
/// now and their design power, which adds to the UPS's rating.
struct MechanicalUpsLoad {
  double W = 0.0;
  double design_W = 0.0;
};

/// Losses of UPS, distribution and transformer for an IT load and the other loads behind the
/// transformer (cooling, lighting, auxiliaries). Transformer rating = design kVA / loading.
/// `design_it_W`: the hall's design IT power; the UPS's design load is its share on the UPS plus
/// the design power of the cooling loads on it (`mechanical`, part of other_W).
ElectricalLosses electrical_losses(const model::Electrical& e, double it_W, double other_W,
                                   double design_VA, double design_it_W,
                                   MechanicalUpsLoad mechanical = {}) noexcept;

/// UPS losses at a load fraction x of its design load (output), W per W of design load: the
/// design-load loss L = 1/eta - 1 split into a no-load, a proportional and a square-law part,
/// L (a + b x + c x^2) (the three-term model of Rasmussen, APC White Paper 113): double
/// conversion a, b, c = 0.3, 0.5, 0.2; eco mode (on the bypass, inverter idling) 0.6, 0.4, 0.
double ups_loss_fraction(double efficiency_at_design, double x, bool eco) noexcept;

/// Power of a variable-speed pump at flow fraction x of design, per unit of design power, with a
/// differential-pressure set point holding `static_head_fraction` of the design head:
/// x (s + (1 - s) x^2).
double pump_power_fraction(double x, double static_head_fraction) noexcept;
/// The differential-pressure set point of the project's variable-speed pumps: 30 % of the head.
inline constexpr double kPumpStaticHead = 0.3;

// --- Heat demand of a district-heating network (docs/physics/heat-recovery.md) ---------------

/// Heat the network takes in from its sources: space heating from the daily mean outdoor
/// temperature (degree-day method: design flux x area x (T_limit - T_mean) / (T_limit -
/// T_design), zero when T_mean >= T_limit) plus domestic hot water all year, divided by
/// (1 - network loss fraction).
double district_heat_demand_W(const model::HeatNetwork& n, double T_daily_mean_K) noexcept;

/// Heat pumps: lifts below 10 K are taken as 10 K (compressors' minimum pressure ratio) and the
/// COP is at most 10.
inline constexpr double kHeatPumpMinLift_K = 10.0;
inline constexpr double kHeatPumpMaxCop = 10.0;

/// Heat-pump COP for heating between condensing T_hot and evaporating T_cold:
/// eta_carnot x T_hot / (T_hot - T_cold).
double heat_pump_cop(double T_hot_K, double T_cold_K, double carnot_efficiency) noexcept;

} // namespace parktwin::physics
