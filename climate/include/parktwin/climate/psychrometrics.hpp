#pragma once
// Moist-air psychrometrics at any total pressure, following ASHRAE Handbook Fundamentals (2017 and
// 2021), chapter 1. SI throughout: temperatures in K, pressures in Pa, humidity ratio in kg of
// water per kg of dry air, enthalpy in J per kg of dry air. Equations, ranges and sources:
// docs/physics/psychrometrics.md.

namespace parktwin::climate::psy {

/// Specific gas constant of dry air, J/(kg K) (ASHRAE 2017 ch.1 eq. 1).
inline constexpr double kRda_J_kgK = 287.042;
/// Ratio of the molar masses of water and dry air, kg/kg (ASHRAE eq. 20).
inline constexpr double kMolarMassRatio = 0.621945;
/// Sea-level standard pressure, Pa.
inline constexpr double kStandardPressure_Pa = 101325.0;
/// Valid temperature range of the Hyland-Wexler fits: -100 C to 200 C.
inline constexpr double kTmin_K = 173.15;
inline constexpr double kTmax_K = 473.15;

/// Standard-atmosphere pressure at an elevation above sea level (ASHRAE eq. 3), Pa.
/// Valid from -5000 m to 11000 m.
double standard_pressure_Pa(double elevation_m);

/// Standard-atmosphere temperature at an elevation (ASHRAE eq. 4), K.
double standard_temperature_K(double elevation_m);

/// Saturation pressure of water vapour, Pa (Hyland-Wexler, ASHRAE eq. 5 over ice below the
/// triple point 273.16 K, eq. 6 over liquid water above). Valid 173.15-473.15 K.
double saturation_pressure_Pa(double T_K);

/// Derivative of ln(saturation pressure) with respect to temperature, 1/K.
double dlnpws_dT_1_K(double T_K);

/// Humidity ratio from the partial pressure of water vapour (ASHRAE eq. 20), kg/kg.
double humidity_ratio_from_vapour_pressure(double p_w_Pa, double p_Pa);

/// Partial pressure of water vapour from the humidity ratio (inverse of eq. 20), Pa.
double vapour_pressure_from_humidity_ratio_Pa(double W_kg_kg, double p_Pa);

/// Humidity ratio at saturation (ASHRAE eq. 23), kg/kg.
double saturation_humidity_ratio(double T_K, double p_Pa);

/// Humidity ratio from relative humidity (0-1) (ASHRAE eqs. 20, 24), kg/kg.
double humidity_ratio_from_rh(double T_K, double rh, double p_Pa);

/// Relative humidity (0-1, may exceed 1 for supersaturated input) from humidity ratio.
double rh_from_humidity_ratio(double T_K, double W_kg_kg, double p_Pa);

/// Humidity ratio from dry bulb and thermodynamic wet bulb (ASHRAE eq. 33 for a wet bulb at or
/// above 0 C, eq. 35 below), kg/kg. Never below 1e-7.
double humidity_ratio_from_wet_bulb(double T_K, double T_wb_K, double p_Pa);

/// Thermodynamic wet-bulb temperature, K: solves eqs. 33/35 for the wet bulb by a safeguarded
/// Newton iteration between the dew point and the dry bulb (tolerance 1e-6 K).
double wet_bulb_K(double T_K, double W_kg_kg, double p_Pa);

/// Dew-point temperature from the partial pressure of water vapour, K: inverts eqs. 5/6 by Newton
/// iteration on ln(p_ws) (tolerance 1e-7 K). Throws InputError outside the valid range.
double dew_point_from_vapour_pressure_K(double p_w_Pa);

/// Dew-point temperature from humidity ratio and total pressure, K.
double dew_point_K(double W_kg_kg, double p_Pa);

/// Specific enthalpy of moist air per kg of dry air (ASHRAE eq. 30), J/kg, zero for dry air at 0 C.
double enthalpy_J_kg(double T_K, double W_kg_kg);

/// Specific volume of moist air per kg of dry air (ASHRAE eq. 26), m3/kg.
double specific_volume_m3_kg(double T_K, double W_kg_kg, double p_Pa);

/// Density of moist air, kg of moist air per m3: (1 + W) / v (ASHRAE eq. 11 with eq. 26).
double moist_air_density_kg_m3(double T_K, double W_kg_kg, double p_Pa);

/// A complete moist-air state.
struct State {
  double T_db_K = 0.0;
  double T_wb_K = 0.0;
  double T_dp_K = 0.0;
  double rh = 0.0;                ///< relative humidity, 0-1
  double W_kg_kg = 0.0;           ///< humidity ratio
  double p_Pa = 0.0;              ///< total pressure
  double p_w_Pa = 0.0;            ///< partial pressure of water vapour
  double p_ws_Pa = 0.0;           ///< saturation pressure at the dry bulb
  double h_J_kg = 0.0;            ///< enthalpy per kg dry air
  double v_m3_kg = 0.0;           ///< specific volume per kg dry air
  double rho_kg_m3 = 0.0;         ///< moist-air density
  double degree_of_saturation = 0.0;
};

/// State from dry bulb and a humidity ratio. Throws InputError for non-physical input.
State state_from_humidity_ratio(double T_K, double W_kg_kg, double p_Pa);
/// State from dry bulb and relative humidity (0-1).
State state_from_rh(double T_K, double rh, double p_Pa);
/// State from dry bulb and thermodynamic wet bulb.
State state_from_wet_bulb(double T_K, double T_wb_K, double p_Pa);
/// State from dry bulb and dew point.
State state_from_dew_point(double T_K, double T_dp_K, double p_Pa);

} // namespace parktwin::climate::psy
