#include "parktwin/climate/statistics.hpp"

#include "parktwin/climate/psychrometrics.hpp"
#include "parktwin/common/error.hpp"
#include "parktwin/common/units.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace parktwin::climate {
namespace {

std::vector<double> kelvin(std::initializer_list<double> celsius) {
  std::vector<double> out;
  for (double c : celsius) {
    out.push_back(units::celsius_to_kelvin(c));
  }
  return out;
}

std::vector<ThresholdCount> make_counts(const std::vector<double>& thresholds) {
  std::vector<ThresholdCount> out;
  out.reserve(thresholds.size());
  for (double t : thresholds) {
    out.push_back({t, 0});
  }
  return out;
}

void count_below(std::vector<ThresholdCount>& counts, double value) {
  for (auto& c : counts) {
    if (value < c.threshold_K) {
      ++c.count;
    }
  }
}

YearTime at(const ClimateYear& y, std::size_t i) {
  return {y.month[i], y.day[i], y.hour[i]};
}

} // namespace

StatisticsOptions StatisticsOptions::defaults() {
  StatisticsOptions o;
  o.db_hour_thresholds_K = kelvin({10, 15, 18, 20, 25});
  o.db_hour_at_or_above_K = kelvin({25, 30});
  o.wb_hour_thresholds_K = kelvin({10, 15, 18});
  o.daily_max_db_thresholds_K = kelvin({15, 18, 20, 22, 25});
  o.daily_mean_db_thresholds_K = kelvin({15, 18, 20});
  o.daily_max_wb_thresholds_K = kelvin({10, 15, 18});
  return o;
}

std::vector<double> humidity_ratio_series(const ClimateYear& year) {
  std::vector<double> W(year.hours());
  for (std::size_t i = 0; i < year.hours(); ++i) {
    W[i] = psy::humidity_ratio_from_rh(year.T_db_K[i], year.rh[i], year.p_Pa[i]);
  }
  return W;
}

std::vector<double> wet_bulb_series_K(const ClimateYear& year) {
  std::vector<double> wb(year.hours());
  for (std::size_t i = 0; i < year.hours(); ++i) {
    const double W = psy::humidity_ratio_from_rh(year.T_db_K[i], year.rh[i], year.p_Pa[i]);
    wb[i] = psy::wet_bulb_K(year.T_db_K[i], W, year.p_Pa[i]);
  }
  return wb;
}

ClimateStatistics compute_statistics(const ClimateYear& year, const StatisticsOptions& options) {
  const std::size_t n = year.hours();
  if (n == 0) {
    throw InputError(year.name, "the climate year has no hours");
  }
  if (!(options.bin_width_K > 0.0)) {
    throw InputError("bin width", "the dry-bulb bin width must be positive");
  }
  ClimateStatistics s;
  s.hours = n;
  s.bin_width_K = options.bin_width_K;
  const auto [lo_it, hi_it] = std::minmax_element(year.T_db_K.begin(), year.T_db_K.end());
  // Bins aligned on 0 C: [k w, (k+1) w) in Celsius.
  const auto bin_of = [&](double T_K) {
    return static_cast<long>(std::floor(units::kelvin_to_celsius(T_K) / options.bin_width_K));
  };
  const long first_bin = bin_of(*lo_it);
  s.bins.resize(static_cast<std::size_t>(bin_of(*hi_it) - first_bin + 1));
  for (std::size_t b = 0; b < s.bins.size(); ++b) {
    s.bins[b].lower_K = units::celsius_to_kelvin(static_cast<double>(first_bin + static_cast<long>(b)) *
                                                 options.bin_width_K);
  }
  s.heating_base_K = options.heating_base_K;
  s.cooling_base_K = options.cooling_base_K;
  s.sunshine_dni_W_m2 = options.sunshine_dni_W_m2;
  s.rh_clamped_hours = year.rh_clamped_hours;
  s.dew_point_clamped_hours = year.dew_point_clamped_hours;
  s.hours_db_below = make_counts(options.db_hour_thresholds_K);
  s.hours_wb_below = make_counts(options.wb_hour_thresholds_K);
  s.days_max_db_below = make_counts(options.daily_max_db_thresholds_K);
  s.days_mean_db_below = make_counts(options.daily_mean_db_thresholds_K);
  s.days_max_wb_below = make_counts(options.daily_max_wb_thresholds_K);
  s.hours_db_at_or_above = make_counts(options.db_hour_at_or_above_K);

  constexpr double kBig = std::numeric_limits<double>::max();
  s.max_db_K.value = s.max_wb_K.value = s.max_dp_K.value = -kBig;
  s.min_db_K.value = kBig;
  s.min_p_Pa = kBig;
  s.max_p_Pa = -kBig;
  for (auto& m : s.months) {
    m.max_db_K.value = -kBig;
    m.min_db_K.value = kBig;
  }
  std::array<std::size_t, 12> days_in_month{};

  double day_max_db = -kBig;
  double day_min_db = kBig;
  double day_max_wb = -kBig;
  double day_sum_db = 0.0;
  std::size_t day_hours = 0;

  for (std::size_t i = 0; i < n; ++i) {
    const double T = year.T_db_K[i];
    const double p = year.p_Pa[i];
    const double W = psy::humidity_ratio_from_rh(T, year.rh[i], p);
    const double wb = psy::wet_bulb_K(T, W, p);
    const auto mi = static_cast<std::size_t>(year.month[i] - 1);
    MonthStatistics& m = s.months[mi];

    s.mean_db_K += T;
    s.mean_wb_K += wb;
    s.mean_dp_K += year.T_dp_K[i];
    s.mean_rh += year.rh[i];
    s.mean_W_kg_kg += W;
    s.mean_p_Pa += p;
    s.min_p_Pa = std::min(s.min_p_Pa, p);
    s.max_p_Pa = std::max(s.max_p_Pa, p);
    s.mean_wind_speed_m_s += year.wind_speed_m_s[i];
    s.max_wind_speed_m_s = std::max(s.max_wind_speed_m_s, year.wind_speed_m_s[i]);
    if (T > s.max_db_K.value) {
      s.max_db_K = {T, at(year, i)};
    }
    if (T < s.min_db_K.value) {
      s.min_db_K = {T, at(year, i)};
    }
    if (wb > s.max_wb_K.value) {
      s.max_wb_K = {wb, at(year, i)};
    }
    if (year.T_dp_K[i] > s.max_dp_K.value) {
      s.max_dp_K = {year.T_dp_K[i], at(year, i)};
    }
    DryBulbBin& bin = s.bins[static_cast<std::size_t>(bin_of(T) - first_bin)];
    ++bin.hours;
    bin.mean_coincident_wb_K += wb;
    bin.mean_coincident_W_kg_kg += W;
    count_below(s.hours_db_below, T);
    count_below(s.hours_wb_below, wb);
    for (auto& c : s.hours_db_at_or_above) {
      if (T >= c.threshold_K) {
        ++c.count;
      }
    }
    s.heating_degree_hours_K_h += std::max(0.0, options.heating_base_K - T);
    s.cooling_degree_hours_K_h += std::max(0.0, T - options.cooling_base_K);
    // Irradiance is the mean over the hour in W/m2, so one hour carries value * 3600 J/m2.
    s.ghi_J_m2 += year.ghi_W_m2[i] * units::kSecondsPerHour;
    s.dni_J_m2 += year.dni_W_m2[i] * units::kSecondsPerHour;
    s.dhi_J_m2 += year.dhi_W_m2[i] * units::kSecondsPerHour;
    if (year.dni_W_m2[i] >= options.sunshine_dni_W_m2) {
      ++s.sunshine_proxy_hours;
    }

    ++m.hours;
    m.month = static_cast<int>(mi + 1);
    m.mean_db_K += T;
    m.mean_wb_K += wb;
    m.mean_dp_K += year.T_dp_K[i];
    m.mean_rh += year.rh[i];
    m.mean_W_kg_kg += W;
    m.ghi_J_m2 += year.ghi_W_m2[i] * units::kSecondsPerHour;
    if (T > m.max_db_K.value) {
      m.max_db_K = {T, at(year, i)};
    }
    if (T < m.min_db_K.value) {
      m.min_db_K = {T, at(year, i)};
    }

    day_max_db = std::max(day_max_db, T);
    day_min_db = std::min(day_min_db, T);
    day_max_wb = std::max(day_max_wb, wb);
    day_sum_db += T;
    ++day_hours;
    const bool day_ends = i + 1 == n || year.day[i + 1] != year.day[i] ||
                          year.month[i + 1] != year.month[i];
    if (day_ends) {
      ++s.days;
      ++days_in_month[mi];
      m.mean_daily_max_db_K += day_max_db;
      m.mean_daily_min_db_K += day_min_db;
      count_below(s.days_max_db_below, day_max_db);
      count_below(s.days_max_wb_below, day_max_wb);
      count_below(s.days_mean_db_below, day_sum_db / static_cast<double>(day_hours));
      day_max_db = -kBig;
      day_min_db = kBig;
      day_max_wb = -kBig;
      day_sum_db = 0.0;
      day_hours = 0;
    }
  }
  const auto dn = static_cast<double>(n);
  s.mean_db_K /= dn;
  s.mean_wb_K /= dn;
  s.mean_dp_K /= dn;
  s.mean_rh /= dn;
  s.mean_W_kg_kg /= dn;
  s.mean_p_Pa /= dn;
  s.mean_wind_speed_m_s /= dn;
  for (std::size_t k = 0; k < 12; ++k) {
    MonthStatistics& m = s.months[k];
    if (m.hours == 0) {
      continue;
    }
    const auto h = static_cast<double>(m.hours);
    m.mean_db_K /= h;
    m.mean_wb_K /= h;
    m.mean_dp_K /= h;
    m.mean_rh /= h;
    m.mean_W_kg_kg /= h;
    const auto d = static_cast<double>(days_in_month[k]);
    m.mean_daily_max_db_K /= d;
    m.mean_daily_min_db_K /= d;
  }
  for (auto& bin : s.bins) {
    if (bin.hours > 0) {
      bin.mean_coincident_wb_K /= static_cast<double>(bin.hours);
      bin.mean_coincident_W_kg_kg /= static_cast<double>(bin.hours);
    }
  }
  s.warmest_month = 1;
  s.coldest_month = 1;
  for (const auto& m : s.months) {
    if (m.hours == 0) {
      continue;
    }
    if (m.mean_db_K > s.months[static_cast<std::size_t>(s.warmest_month - 1)].mean_db_K) {
      s.warmest_month = m.month;
    }
    if (m.mean_db_K < s.months[static_cast<std::size_t>(s.coldest_month - 1)].mean_db_K) {
      s.coldest_month = m.month;
    }
  }
  return s;
}

} // namespace parktwin::climate
