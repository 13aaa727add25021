#pragma once
// Photovoltaic arrays hour by hour from a climate year (docs/physics/pv.md), a PVWatts-class
// chain: the sun's position, the irradiance on the tilted array (Hay-Davies), the cover's
// incidence-angle loss (Fresnel and absorption in the glass), the cell temperature (Faiman), the
// temperature coefficient, DC losses and the inverter's efficiency curve and clipping (PVWatts
// v5). SI inside: angles in radians unless the name says deg, power in W, irradiance in W/m2.

#include "parktwin/climate/epw.hpp"

#include <vector>

namespace parktwin::physics::pv {

/// Where the sun is, seen from a place on the ground.
struct SunPosition {
  double zenith_rad = 0.0;  ///< from the vertical, refraction included
  double azimuth_rad = 0.0; ///< clockwise from north (east pi/2, south pi)
  /// Extraterrestrial irradiance on a surface normal to the sun's rays that day, W/m2.
  double extraterrestrial_normal_W_m2 = 1361.0;
};

/// The sun's position at a time (UTC, as a Julian date) from a place (latitude and longitude in
/// degrees, north and east positive): the Astronomical Almanac's low-precision formulae as
/// Michalsky (1988) gives them, about 0.01 degree in 1950-2050, with his refraction correction.
SunPosition sun_position(double julian_date_utc, double latitude_deg, double longitude_deg) noexcept;

/// The Julian date of a civil time (year, month 1-12, day, hours of the day, possibly fractional)
/// in a time zone `timezone_h` hours east of UTC.
double julian_date(int year, int month, int day, double hours, double timezone_h) noexcept;

/// An array's orientation and its cover.
struct Orientation {
  double tilt_deg = 30.0;     ///< from the horizontal
  double azimuth_deg = 180.0; ///< the direction it faces, clockwise from north (south 180)
  double albedo = 0.2;        ///< of the ground in front of it
};

/// Irradiance on the plane of the array, W/m2, by component, before the cover's losses.
struct PlaneIrradiance {
  double beam = 0.0, sky_diffuse = 0.0, ground_reflected = 0.0;
  double circumsolar = 0.0;   ///< the part of sky_diffuse that comes from the sun's direction
  double incidence_rad = 0.0; ///< angle between the sun and the array's normal
  double total() const noexcept { return beam + sky_diffuse + ground_reflected; }
};

/// Hay and Davies (1980) transposition: beam DNI cos(theta); the sky's diffuse split into a
/// circumsolar part (the anisotropy index DNI/I0) that falls as beam does and an isotropic rest;
/// ground reflection isotropic with the albedo. No sun (zenith >= 90 degrees): diffuse only.
PlaneIrradiance plane_of_array(const SunPosition& sun, double ghi_W_m2, double dni_W_m2, double dhi_W_m2,
                               const Orientation& o) noexcept;

/// The cover's transmittance at an angle of incidence relative to normal incidence (De Soto et
/// al. 2006 after Duffie and Beckman: Fresnel reflection and absorption in glass of refractive
/// index 1.526, extinction 4 /m, thickness 2 mm, as PVWatts v5). 0 at and beyond 90 degrees.
double incidence_angle_modifier(double incidence_rad) noexcept;

/// Effective incidence angles of isotropic sky diffuse and ground-reflected light on a plane
/// tilted by `tilt_rad` (Brandemuehl and Beckman 1980, as Duffie and Beckman eq. 5.4.2).
double sky_diffuse_incidence_rad(double tilt_rad) noexcept;
double ground_reflected_incidence_rad(double tilt_rad) noexcept;

/// Module temperature by Faiman (2008), taken for the cells: T = T_a + E / (U0 + U1 v), with E the
/// irradiance on the plane (W/m2) and v the wind speed (m/s); U0 = 25 W/(m2 K), U1 = 6.84
/// W s/(m3 K), Faiman's fit to seven silicon modules in the Negev (pvlib's defaults).
double cell_temperature_K(double T_air_K, double poa_W_m2, double wind_m_s, double U0_W_m2K = 25.0,
                          double U1_W_s_m3K = 6.84) noexcept;

/// An array: its DC rating, modules, DC losses and inverters.
struct Array {
  double dc_rating_W = 1e6;          ///< at 1000 W/m2 and a 25 C cell (STC)
  Orientation orientation;
  double temperature_coefficient_per_K = -0.0035; ///< of DC power (PVWatts v5's "premium" module, typical of current mono-crystalline modules; its "standard" is -0.0047)
  double dc_loss_fraction = 0.1408;  ///< soiling, shading, mismatch, wiring, connections, LID, nameplate, availability (PVWatts v5 defaults)
  double dc_ac_ratio = 1.2;          ///< DC rating / inverter AC rating (PVWatts v7/v8's default; v5's is 1.1)
  double inverter_nominal_efficiency = 0.96; ///< PVWatts v5 default
};

/// One hour of an array.
struct Hour {
  PlaneIrradiance poa;       ///< before the cover
  double transmitted_W_m2 = 0.0; ///< what reaches the cells (the cover's angle losses taken off)
  double T_cell_K = 0.0;
  double dc_W = 0.0;         ///< after the DC losses
  double ac_W = 0.0;         ///< after the inverter, clipped at its AC rating
  bool clipped = false;
};

/// DC power from the irradiance reaching the cells and their temperature (PVWatts v5):
/// P_dc = P_dc0 E/1000 (1 + gamma (T_c - 25 C)) (1 - losses), never below 0.
double dc_power_W(const Array& a, double transmitted_W_m2, double T_cell_K) noexcept;

/// AC power from DC by PVWatts v5's inverter curve: eta = eta_nom/eta_ref (-0.0162 z - 0.0059/z +
/// 0.9858), z = P_dc/P_dc0 with P_dc0 = P_ac0/eta_nom, eta_ref = 0.9637; clipped at P_ac0.
double ac_power_W(const Array& a, double dc_W, bool* clipped = nullptr) noexcept;

/// One hour: sun, plane irradiance, cover, temperature, DC and AC.
Hour array_hour(const Array& a, const SunPosition& sun, double ghi_W_m2, double dni_W_m2, double dhi_W_m2,
                double T_air_K, double wind_m_s) noexcept;

/// The sun's position at the middle of every hour of a climate year (EPW hours end at their
/// label: hour 13 is 12:00-13:00, its sun taken at 12:30 local standard time), in a
/// non-leap reference year (2025) unless the year has 8784 hours (2024).
std::vector<SunPosition> sun_positions(const climate::ClimateYear& year);

/// AC power of an array every hour of the year, W.
std::vector<double> array_ac_W(const Array& a, const climate::ClimateYear& year, const std::vector<SunPosition>& sun);

} // namespace parktwin::physics::pv
