#pragma once
// Wind turbines hour by hour from a climate year (docs/physics/wind.md): the weather station's
// wind carried to hub height by the power law, normalised to standard air density for the
// site's pressure and temperature (IEC 61400-12-1), and read off the turbine's power curve. SI.

#include "parktwin/climate/epw.hpp"

#include <vector>

namespace parktwin::physics::wind {

/// Air density at which power curves are quoted (IEC 61400-12-1: 15 C at sea level), kg/m3.
inline constexpr double kStandardDensity_kg_m3 = 1.225;

/// A turbine's power curve at standard density: electrical power (W) at hub-height wind speeds
/// (m/s, increasing), linear between points, 0 below the first and above the last point.
struct PowerCurve {
  std::vector<double> speed_m_s;
  std::vector<double> power_W;
  /// Power at standard density (W).
  double at(double v_m_s) const noexcept;
  double rated_W() const noexcept;
};

/// A generic pitch-regulated curve: 0.5 rho0 A Cp v^3 up to the rating, between cut-in and
/// cut-out, at 0.5 m/s steps (assumed; docs/physics/wind.md). The defaults are the IEA Wind
/// 3.4 MW land-based reference turbine's rating and rotor (Bortolotti et al. 2019,
/// NREL/TP-5000-73492: 3.37 MW, rotor 130 m, cut-in 4 m/s, cut-out 25 m/s) with Cp 0.45.
PowerCurve generic_curve(double rated_W = 3.37e6, double rotor_diameter_m = 130.0, double cp = 0.45,
                         double cut_in_m_s = 4.0, double cut_out_m_s = 25.0);

/// A wind farm.
struct Farm {
  PowerCurve curve = generic_curve();
  int turbines = 1;
  double hub_height_m = 110.0;           ///< IEA 3.4 MW reference turbine
  double measurement_height_m = 10.0;    ///< the EPW's wind is at 10 m (WMO standard)
  double shear_exponent = 1.0 / 7.0;     ///< power law over open, flat terrain (assumed; docs/physics/wind.md)
  double loss_fraction = 0.10;           ///< wakes, availability, electrical losses (assumed)
};

/// Wind speed at hub height by the power law v_hub = v (z_hub/z_ref)^alpha.
double hub_speed_m_s(double v_ref_m_s, double z_ref_m, double z_hub_m, double alpha) noexcept;

/// Moist air is near enough dry for this: rho = p/(R_d T), R_d = 287.05 J/(kg K).
double air_density_kg_m3(double p_Pa, double T_K) noexcept;

/// IEC 61400-12-1's normalisation for pitch-regulated turbines: the speed at standard density
/// that carries the same power, v_n = v (rho/rho0)^(1/3).
double normalised_speed_m_s(double v_m_s, double rho_kg_m3) noexcept;

/// Electrical power of the farm in one hour (W), after its losses.
double farm_power_W(const Farm& f, double v_ref_m_s, double p_Pa, double T_K) noexcept;

/// The farm's power every hour of a climate year (W).
std::vector<double> farm_power_W(const Farm& f, const climate::ClimateYear& year);

} // namespace parktwin::physics::wind
