#include "synthetic_climate.hpp"

#include "parktwin/common/units.hpp"

#include <cmath>
#include <numbers>

namespace parktwin::test {
namespace {

template <class F> climate::ClimateYear make_year(const char* name, F weather) {
  climate::ClimateYear y;
  y.name = name;
  y.location.elevation_m = 2150.0;
  static const int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (int m = 1; m <= 12; ++m) {
    for (int d = 1; d <= kDays[m - 1]; ++d) {
      for (int h = 1; h <= 24; ++h) {
        const auto [T_C, rh, p_Pa, ghi] = weather(m, h);
        y.month.push_back(static_cast<std::uint8_t>(m));
        y.day.push_back(static_cast<std::uint8_t>(d));
        y.hour.push_back(static_cast<std::uint8_t>(h));
        y.T_db_K.push_back(units::celsius_to_kelvin(T_C));
        y.T_dp_K.push_back(units::celsius_to_kelvin(T_C - 10.0));
        y.rh.push_back(rh);
        y.p_Pa.push_back(p_Pa);
        y.ghi_W_m2.push_back(ghi);
        y.dni_W_m2.push_back(0.0);
        y.dhi_W_m2.push_back(0.0);
        y.wind_speed_m_s.push_back(1.0);
        y.wind_dir_deg.push_back(0.0);
      }
    }
  }
  return y;
}

struct Weather {
  double T_C, rh, p_Pa, ghi;
};

} // namespace

climate::ClimateYear constant_year(double T_db_C, double rh, double p_Pa) {
  return make_year("constant", [&](int, int) { return Weather{T_db_C, rh, p_Pa, 0.0}; });
}

climate::ClimateYear seasonal_year() {
  return make_year("seasonal", [](int m, int h) {
    const double pi = std::numbers::pi;
    const double T = 5.0 + 12.0 * std::sin(2 * pi * (m - 4) / 12.0) + 4.0 * std::sin(2 * pi * (h - 9) / 24.0);
    return Weather{T, 0.5, 78000.0, h > 7 && h < 19 ? 500.0 : 0.0};
  });
}

climate::ClimateYear diffuse_sun_year() {
  auto year = seasonal_year();
  year.dhi_W_m2 = year.ghi_W_m2;
  return year;
}

} // namespace parktwin::test
