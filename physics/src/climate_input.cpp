#include "parktwin/physics/climate_input.hpp"

#include "parktwin/climate/statistics.hpp"
#include "parktwin/common/error.hpp"

#include <cmath>

namespace parktwin::physics {

ClimateInput::ClimateInput(const climate::ClimateYear& year)
    : n_(year.hours()), T_db_(year.T_db_K), T_wb_(climate::wet_bulb_series_K(year)),
      W_(climate::humidity_ratio_series(year)), p_(year.p_Pa), ghi_(year.ghi_W_m2),
      daily_mean_(year.hours()) {
  if (n_ < 48 || n_ % 24 != 0) {
    throw InputError(year.name, "a climate year of whole days is needed");
  }
  for (std::size_t d = 0; d < n_ / 24; ++d) {
    double sum = 0.0;
    for (std::size_t h = 0; h < 24; ++h) {
      sum += T_db_[d * 24 + h];
    }
    for (std::size_t h = 0; h < 24; ++h) {
      daily_mean_[d * 24 + h] = sum / 24.0;
    }
  }
}

ClimateInput::Sample ClimateInput::at(double t_s) const noexcept {
  const double period = duration_s();
  double t = std::fmod(t_s, period);
  if (t < 0.0) {
    t += period;
  }
  // Instantaneous values stand at the end of hour i: t_i = (i + 1) h.
  const double x = t / 3600.0 - 1.0;
  const double fl = std::floor(x);
  const double w = x - fl;
  const auto i0 = static_cast<std::size_t>((static_cast<long>(fl) + static_cast<long>(n_)) %
                                           static_cast<long>(n_));
  const std::size_t i1 = (i0 + 1) % n_;
  const auto lerp = [&](const std::vector<double>& v) { return v[i0] + w * (v[i1] - v[i0]); };
  // Hour means stand at mid-hour: t_i = (i + 0.5) h.
  const double xs = t / 3600.0 - 0.5;
  const double fs = std::floor(xs);
  const double ws = xs - fs;
  const auto j0 = static_cast<std::size_t>((static_cast<long>(fs) + static_cast<long>(n_)) %
                                           static_cast<long>(n_));
  const std::size_t j1 = (j0 + 1) % n_;
  const auto day = static_cast<std::size_t>(t / 3600.0) % n_;
  return {lerp(T_db_), lerp(T_wb_), lerp(W_), lerp(p_), ghi_[j0] + ws * (ghi_[j1] - ghi_[j0]),
          daily_mean_[day]};
}

} // namespace parktwin::physics
