#include "parktwin/physics/climate_input.hpp"

#include "parktwin/climate/statistics.hpp"
#include "parktwin/common/error.hpp"

#include <atomic>
#include <cmath>

namespace parktwin::physics {

namespace {
std::atomic<std::uint64_t> g_next_serial{1};
} // namespace

ClimateInput::ClimateInput(const climate::ClimateYear& year)
    : serial_(g_next_serial++), n_(year.hours()), T_db_(year.T_db_K), T_wb_(climate::wet_bulb_series_K(year)),
      W_(climate::humidity_ratio_series(year)), p_(year.p_Pa), ghi_(year.ghi_W_m2),
      daily_mean_(year.hours()), year_(year) {
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
  design_days_ = climate::climate_design_days(year, &T_wb_);
}

ClimateInput::Sample ClimateInput::at(double t_s) const noexcept {
  const double period = duration_s();
  // (Within the year fmod returns t_s itself, exactly: skipped there, it is a tenth of the call.)
  double t = t_s >= 0.0 && t_s < period ? t_s : std::fmod(t_s, period);
  if (t < 0.0) {
    t += period;
  }
  // Linear interpolation in a periodic hourly series whose value i stands at (i + offset) h.
  const auto interpolator = [&](double offset_h) {
    const double x = t / 3600.0 - offset_h;
    const double fl = std::floor(x);
    const auto i0 = static_cast<std::size_t>((static_cast<long>(fl) + static_cast<long>(n_)) %
                                             static_cast<long>(n_));
    return [this, i0, w = x - fl](const std::vector<double>& v) {
      return v[i0] + w * (v[(i0 + 1) % n_] - v[i0]);
    };
  };
  const auto lerp = interpolator(1.0);    // instantaneous values: end of each hour
  const auto mid_hour = interpolator(0.5); // hour means: mid-hour
  const auto day = static_cast<std::size_t>(t / 3600.0) % n_;
  return {lerp(T_db_), lerp(T_wb_), lerp(W_), lerp(p_), mid_hour(ghi_),
          daily_mean_[day]};
}

} // namespace parktwin::physics
