#include "parktwin/physics/climate_input.hpp"

#include "parktwin/climate/hot_year.hpp"
#include "parktwin/climate/statistics.hpp"
#include "parktwin/common/error.hpp"

#include <atomic>
#include <cmath>

namespace parktwin::physics {

namespace {
std::atomic<std::uint64_t> g_next_serial{1};
} // namespace

ClimateInput::ClimateInput(const climate::ClimateYear& year, double hot_year_K)
    : ClimateInput(std::make_shared<const climate::ClimateYear>(year), hot_year_K, 0) {}

ClimateInput::ClimateInput(std::shared_ptr<const climate::ClimateYear> base, double hot_year_K,
                           std::uint64_t base_serial)
    : serial_(g_next_serial++), base_serial_(base_serial == 0 ? serial_ : base_serial), hot_year_K_(hot_year_K),
      base_(std::move(base)) {
  year_ = hot_year_K == 0.0
              ? base_
              : std::make_shared<const climate::ClimateYear>(climate::hot_year(*base_, hot_year_K, "site.hot_year_K"));
  const climate::ClimateYear& year = *year_;
  n_ = year.hours();
  if (n_ < 48 || n_ % 24 != 0) {
    throw InputError(year.name, "a climate year of whole days is needed");
  }
  T_db_ = year.T_db_K;
  T_wb_ = climate::wet_bulb_series_K(year);
  W_ = climate::humidity_ratio_series(year);
  p_ = year.p_Pa;
  ghi_ = year.ghi_W_m2;
  daily_mean_.resize(n_);
  for (std::size_t d = 0; d < n_ / 24; ++d) {
    double sum = 0.0;
    for (std::size_t h = 0; h < 24; ++h) {
      sum += T_db_[d * 24 + h];
    }
    for (std::size_t h = 0; h < 24; ++h) {
      daily_mean_[d * 24 + h] = sum / 24.0;
    }
  }
  // The design days are the year's as it is: a hot year changes the weather, not the plant.
  if (year_ == base_) {
    design_days_ = climate::climate_design_days(*base_, &T_wb_);
  } else {
    const std::vector<double> base_wb = climate::wet_bulb_series_K(*base_);
    design_days_ = climate::climate_design_days(*base_, &base_wb);
  }
}

ClimateInput ClimateInput::for_hot_year(double hot_year_K) const {
  return ClimateInput(base_, hot_year_K, base_serial_);
}

const ClimateInput& climate_for_site(const ClimateInput& climate, double site_hot_year_K,
                                     std::optional<ClimateInput>& storage) {
  if (climate.hot_year_K() == site_hot_year_K) {
    return climate;
  }
  storage.emplace(climate.for_hot_year(site_hot_year_K));
  return *storage;
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
