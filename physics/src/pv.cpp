#include "parktwin/physics/pv.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace parktwin::physics::pv {
namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kDeg = kPi / 180.0;
/// Solar constant (total solar irradiance at 1 au), W/m2: Kopp and Lean (2011).
constexpr double kSolarConstant_W_m2 = 1361.0;

double wrap(double x, double period) {
  const double r = std::fmod(x, period);
  return r < 0.0 ? r + period : r;
}

/// Transmittance of the cover at incidence theta (rad): Fresnel reflection (unpolarised, the two
/// polarisations averaged) and absorption over the refracted path.
double cover_transmittance(double theta) noexcept {
  constexpr double n = 1.526, K_per_m = 4.0, L_m = 0.002;
  if (theta < 1e-6) {
    const double r = (n - 1.0) / (n + 1.0);
    return std::exp(-K_per_m * L_m) * (1.0 - r * r);
  }
  const double theta_r = std::asin(std::sin(theta) / n);
  const double s = std::sin(theta_r - theta) / std::sin(theta_r + theta);
  const double t = std::tan(theta_r - theta) / std::tan(theta_r + theta);
  return std::exp(-K_per_m * L_m / std::cos(theta_r)) * (1.0 - 0.5 * (s * s + t * t));
}

} // namespace

double julian_date(int year, int month, int day, double hours, double timezone_h) noexcept {
  // Meeus, Astronomical Algorithms (1998), eq. 7.1, Gregorian calendar.
  int y = year, m = month;
  if (m <= 2) {
    y -= 1;
    m += 12;
  }
  const int A = y / 100;
  const int B = 2 - A + A / 4;
  return std::floor(365.25 * (y + 4716)) + std::floor(30.6001 * (m + 1)) + day + B - 1524.5 +
         (hours - timezone_h) / 24.0;
}

SunPosition sun_position(double jd, double latitude_deg, double longitude_deg) noexcept {
  // Michalsky (1988), Solar Energy 40(3) 227-235: the Astronomical Almanac's formulae.
  const double n = jd - 2451545.0; // days from J2000.0
  const double L_deg = wrap(280.460 + 0.9856474 * n, 360.0);
  const double g = wrap(357.528 + 0.9856003 * n, 360.0) * kDeg;
  const double lambda = (L_deg + 1.915 * std::sin(g) + 0.020 * std::sin(2.0 * g)) * kDeg;
  const double eps = (23.439 - 0.0000004 * n) * kDeg;
  const double ra = wrap(std::atan2(std::cos(eps) * std::sin(lambda), std::cos(lambda)), 2.0 * kPi);
  const double dec = std::asin(std::sin(eps) * std::sin(lambda));
  const double hour_ut = (jd + 0.5 - std::floor(jd + 0.5)) * 24.0;
  const double gmst_h = wrap(6.697375 + 0.0657098242 * n + hour_ut, 24.0);
  const double lmst = wrap(gmst_h + longitude_deg / 15.0, 24.0) * 15.0 * kDeg;
  double ha = lmst - ra;
  ha = ha < -kPi ? ha + 2.0 * kPi : (ha > kPi ? ha - 2.0 * kPi : ha);
  const double lat = latitude_deg * kDeg;
  const double sin_el = std::sin(dec) * std::sin(lat) + std::cos(dec) * std::cos(lat) * std::cos(ha);
  double el_deg = std::asin(std::clamp(sin_el, -1.0, 1.0)) / kDeg;
  const double az = wrap(std::atan2(-std::cos(dec) * std::sin(ha),
                                    std::sin(dec) * std::cos(lat) - std::cos(dec) * std::cos(ha) * std::sin(lat)),
                         2.0 * kPi);
  // Refraction at standard pressure and temperature (Michalsky's correction, in degrees).
  if (el_deg > -0.56) {
    el_deg += 3.51561 * (0.1594 + 0.0196 * el_deg + 0.00002 * el_deg * el_deg) /
              (1.0 + 0.505 * el_deg + 0.0845 * el_deg * el_deg);
  } else {
    el_deg += 0.56;
  }
  SunPosition s;
  s.zenith_rad = (90.0 - std::min(el_deg, 90.0)) * kDeg;
  s.azimuth_rad = az;
  // The earth-sun distance through the year (Duffie and Beckman eq. 1.4.1a); the day of the year
  // from n (J2000.0 is January 1, 12:00), within a day over 1950-2050: enough for a 3.3 % term.
  const double day_of_year = wrap(n + 0.5, 365.25) + 1.0;
  s.extraterrestrial_normal_W_m2 = kSolarConstant_W_m2 * (1.0 + 0.033 * std::cos(2.0 * kPi * day_of_year / 365.0));
  return s;
}

PlaneIrradiance plane_of_array(const SunPosition& sun, double ghi, double dni, double dhi, const Orientation& o) noexcept {
  PlaneIrradiance p;
  const double beta = o.tilt_deg * kDeg, gamma = o.azimuth_deg * kDeg;
  const double cos_z = std::cos(sun.zenith_rad);
  const double cos_theta = cos_z * std::cos(beta) + std::sin(sun.zenith_rad) * std::sin(beta) * std::cos(sun.azimuth_rad - gamma);
  p.incidence_rad = std::acos(std::clamp(cos_theta, -1.0, 1.0));
  const bool sun_up = cos_z > 0.0;
  const double beam_dni = sun_up ? std::max(dni, 0.0) : 0.0;
  p.beam = beam_dni * std::max(cos_theta, 0.0);
  // Anisotropy index and the beam's ratio of tilted to horizontal (the horizontal's cosine
  // bounded at 85 degrees of zenith, where the hourly beam is small and the ratio unstable).
  const double Ai = std::clamp(beam_dni / sun.extraterrestrial_normal_W_m2, 0.0, 1.0);
  const double Rb = sun_up ? std::max(cos_theta, 0.0) / std::max(cos_z, std::cos(85.0 * kDeg)) : 0.0;
  const double diffuse = std::max(dhi, 0.0);
  p.circumsolar = diffuse * Ai * Rb;
  p.sky_diffuse = p.circumsolar + diffuse * (1.0 - Ai) * 0.5 * (1.0 + std::cos(beta));
  p.ground_reflected = std::max(ghi, 0.0) * o.albedo * 0.5 * (1.0 - std::cos(beta));
  return p;
}

double incidence_angle_modifier(double theta) noexcept {
  if (theta >= 0.5 * kPi) {
    return 0.0;
  }
  static const double at_normal = cover_transmittance(0.0);
  return std::clamp(cover_transmittance(std::max(theta, 0.0)) / at_normal, 0.0, 1.0);
}

double sky_diffuse_incidence_rad(double tilt_rad) noexcept {
  const double b = tilt_rad / kDeg;
  return (59.7 - 0.1388 * b + 0.001497 * b * b) * kDeg;
}

double ground_reflected_incidence_rad(double tilt_rad) noexcept {
  const double b = tilt_rad / kDeg;
  return (90.0 - 0.5788 * b + 0.002693 * b * b) * kDeg;
}

double cell_temperature_K(double T_air_K, double poa_W_m2, double wind_m_s, double U0, double U1) noexcept {
  return T_air_K + std::max(poa_W_m2, 0.0) / (U0 + U1 * std::max(wind_m_s, 0.0));
}

double dc_power_W(const Array& a, double transmitted_W_m2, double T_cell_K) noexcept {
  const double p = a.dc_rating_W * transmitted_W_m2 / 1000.0 *
                   (1.0 + a.temperature_coefficient_per_K * (T_cell_K - 298.15)) * (1.0 - a.dc_loss_fraction);
  return std::max(p, 0.0);
}

double ac_power_W(const Array& a, double dc_W, bool* clipped) noexcept {
  if (clipped != nullptr) {
    *clipped = false;
  }
  if (dc_W <= 0.0) {
    return 0.0;
  }
  constexpr double eta_ref = 0.9637;
  const double ac_rating = a.dc_rating_W / a.dc_ac_ratio;
  const double dc_at_rating = ac_rating / a.inverter_nominal_efficiency;
  const double z = dc_W / dc_at_rating;
  const double eta = a.inverter_nominal_efficiency / eta_ref * (-0.0162 * z - 0.0059 / z + 0.9858);
  const double ac = std::max(eta * dc_W, 0.0);
  if (ac > ac_rating) {
    if (clipped != nullptr) {
      *clipped = true;
    }
    return ac_rating;
  }
  return ac;
}

namespace {

/// The cover's modifiers of an array's diffuse light: constant for its tilt.
struct DiffuseModifiers {
  double sky, ground;
  explicit DiffuseModifiers(const Array& a)
      : sky(incidence_angle_modifier(sky_diffuse_incidence_rad(a.orientation.tilt_deg * kDeg))),
        ground(incidence_angle_modifier(ground_reflected_incidence_rad(a.orientation.tilt_deg * kDeg))) {}
};

Hour hour_of(const Array& a, const DiffuseModifiers& m, const SunPosition& sun, double ghi, double dni, double dhi,
             double T_air_K, double wind_m_s) noexcept {
  Hour h;
  h.poa = plane_of_array(sun, ghi, dni, dhi, a.orientation);
  if (h.poa.total() <= 0.0) {
    h.T_cell_K = T_air_K;
    return h; // night: nothing to transmit
  }
  // Beam and circumsolar light come from the sun's direction; the isotropic sky and the ground
  // at their effective angles.
  h.transmitted_W_m2 = (h.poa.beam + h.poa.circumsolar) * incidence_angle_modifier(h.poa.incidence_rad) +
                       (h.poa.sky_diffuse - h.poa.circumsolar) * m.sky + h.poa.ground_reflected * m.ground;
  h.T_cell_K = cell_temperature_K(T_air_K, h.poa.total(), wind_m_s);
  h.dc_W = dc_power_W(a, h.transmitted_W_m2, h.T_cell_K);
  h.ac_W = ac_power_W(a, h.dc_W, &h.clipped);
  return h;
}

} // namespace

Hour array_hour(const Array& a, const SunPosition& sun, double ghi, double dni, double dhi, double T_air_K,
                double wind_m_s) noexcept {
  return hour_of(a, DiffuseModifiers(a), sun, ghi, dni, dhi, T_air_K, wind_m_s);
}

std::vector<SunPosition> sun_positions(const climate::ClimateYear& year) {
  const int reference_year = year.leap() ? 2024 : 2025;
  std::vector<SunPosition> out;
  out.reserve(year.hours());
  for (std::size_t i = 0; i < year.hours(); ++i) {
    const double jd = julian_date(reference_year, year.month[i], year.day[i], year.hour[i] - 0.5, year.location.timezone_h);
    out.push_back(sun_position(jd, year.location.latitude_deg, year.location.longitude_deg));
  }
  return out;
}

std::vector<double> array_ac_W(const Array& a, const climate::ClimateYear& year, const std::vector<SunPosition>& sun) {
  std::vector<double> out(year.hours(), 0.0);
  const DiffuseModifiers m(a);
  for (std::size_t i = 0; i < year.hours() && i < sun.size(); ++i) {
    out[i] = hour_of(a, m, sun[i], year.ghi_W_m2[i], year.dni_W_m2[i], year.dhi_W_m2[i], year.T_db_K[i],
                     year.wind_speed_m_s[i])
                 .ac_W;
  }
  return out;
}

} // namespace parktwin::physics::pv
