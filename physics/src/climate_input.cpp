#include "parktwin/physics/climate_input.hpp"

#include "parktwin/climate/hot_year.hpp"
#include "parktwin/climate/psychrometrics.hpp"
#include "parktwin/climate/statistics.hpp"
#include "parktwin/common/error.hpp"

#include <atomic>
#include <cmath>

namespace parktwin::physics {

namespace {
std::atomic<std::uint64_t> g_next_serial{1};
} // namespace

ClimateInput::ClimateInput(const climate::ClimateYear& year, double hot_year_K)
    : serial_(g_next_serial++), base_serial_(serial_), hot_year_K_(0.0),
      base_(std::make_shared<const climate::ClimateYear>(year)) {
  year_ = base_;
  n_ = year.hours();
  if (n_ < 48 || n_ % 24 != 0) {
    throw InputError(year.name, "a climate year of whole days is needed");
  }
  auto wb = std::make_shared<std::vector<double>>(climate::wet_bulb_series_K(year));
  auto W = std::make_shared<std::vector<double>>(climate::humidity_ratio_series(year));
  base_wb_ = wb;
  base_W_ = W;
  // The design days are the year's as it is: a hot year changes the weather, not the plant.
  design_days_ = climate::climate_design_days(year, wb.get());
  if (hot_year_K == 0.0) {
    fill(*year_, *wb, *W);
  } else {
    *this = for_hot_year(hot_year_K);
  }
}

ClimateInput::ClimateInput(const ClimateInput& from, double hot_year_K)
    : serial_(g_next_serial++), base_serial_(from.base_serial_), hot_year_K_(hot_year_K), n_(from.n_),
      design_days_(from.design_days_), base_(from.base_), base_wb_(from.base_wb_), base_W_(from.base_W_) {
  year_ = hot_year_K == 0.0
              ? base_
              : std::make_shared<const climate::ClimateYear>(climate::hot_year(*base_, hot_year_K, "site.hot_year_K"));
  if (year_ == base_) {
    fill(*year_, *base_wb_, *base_W_);
    return;
  }
  // Only the hours the hot year moved need their psychrometrics again (the others are the same
  // function of the same values).
  std::vector<double> wb = *base_wb_, W = *base_W_;
  const climate::ClimateYear& y = *year_;
  for (std::size_t i = 0; i < n_; ++i) {
    if (y.T_db_K[i] != base_->T_db_K[i] || y.rh[i] != base_->rh[i]) {
      W[i] = climate::psy::humidity_ratio_from_rh(y.T_db_K[i], y.rh[i], y.p_Pa[i]);
      wb[i] = climate::psy::wet_bulb_K(y.T_db_K[i], W[i], y.p_Pa[i]);
    }
  }
  fill(y, wb, W);
}

void ClimateInput::fill(const climate::ClimateYear& year, const std::vector<double>& wb, const std::vector<double>& W) {
  T_db_ = year.T_db_K;
  T_wb_ = wb;
  W_ = W;
  p_ = year.p_Pa;
  ghi_ = year.ghi_W_m2;
  daily_mean_.assign(n_, 0.0);
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

ClimateInput ClimateInput::for_hot_year(double hot_year_K) const { return ClimateInput(*this, hot_year_K); }

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
