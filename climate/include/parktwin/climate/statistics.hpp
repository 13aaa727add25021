#pragma once
// Climate statistics a user expects from a climate panel (docs/climate/statistics.md).
// Wet bulb is the psychrometric wet bulb from dry bulb, relative humidity and station pressure.

#include "parktwin/climate/epw.hpp"

#include <array>
#include <vector>

namespace parktwin::climate {

/// Thresholds for the counts, in K (SI inside; the command line converts from Celsius).
struct StatisticsOptions {
  std::vector<double> db_hour_thresholds_K;      ///< hours with dry bulb below each
  std::vector<double> db_hour_at_or_above_K;     ///< hours with dry bulb at or above each
  std::vector<double> wb_hour_thresholds_K;      ///< hours with wet bulb below each
  std::vector<double> daily_max_db_thresholds_K; ///< days whose maximum dry bulb stays below each
  std::vector<double> daily_mean_db_thresholds_K;
  std::vector<double> daily_max_wb_thresholds_K; ///< days whose maximum wet bulb stays below each
  double heating_base_K = 291.15;                ///< base of heating degree-hours (18 C)
  double cooling_base_K = 291.15;                ///< base of cooling degree-hours (18 C)
  double sunshine_dni_W_m2 = 120.0;              ///< WMO sunshine threshold on direct normal
  double bin_width_K = 2.0;                      ///< width of the dry-bulb bins

  /// The defaults used by `parktwin climate stats` (those of climate/PROVENANCE.md).
  static StatisticsOptions defaults();
};

/// A time within the year.
struct YearTime {
  int month = 0;
  int day = 0;
  int hour = 0; ///< hour ending, 1-24
};

struct Extreme {
  double value = 0.0;
  YearTime when;
};

struct ThresholdCount {
  double threshold_K = 0.0;
  std::size_t count = 0;
};

/// Dry-bulb bin (ASHRAE bin method): hours with lower_K <= T_db < lower_K + width, and the mean
/// coincident wet bulb and humidity ratio of those hours.
struct DryBulbBin {
  double lower_K = 0.0;
  std::size_t hours = 0;
  double mean_coincident_wb_K = 0.0;
  double mean_coincident_W_kg_kg = 0.0;
};

struct MonthStatistics {
  int month = 0;
  std::size_t hours = 0;
  double mean_db_K = 0.0;
  double mean_daily_max_db_K = 0.0;
  double mean_daily_min_db_K = 0.0;
  double mean_wb_K = 0.0;
  double mean_dp_K = 0.0;
  double mean_rh = 0.0;
  double mean_W_kg_kg = 0.0;
  double ghi_J_m2 = 0.0;
  Extreme max_db_K;
  Extreme min_db_K;
};

struct ClimateStatistics {
  std::size_t hours = 0;
  std::size_t days = 0;
  double mean_db_K = 0.0;
  double mean_wb_K = 0.0;
  double mean_dp_K = 0.0;
  double mean_rh = 0.0;
  double mean_W_kg_kg = 0.0;
  double mean_p_Pa = 0.0;
  double min_p_Pa = 0.0;
  double max_p_Pa = 0.0;
  double mean_wind_speed_m_s = 0.0;
  double max_wind_speed_m_s = 0.0;
  Extreme max_db_K;
  Extreme min_db_K;
  Extreme max_wb_K;
  Extreme max_dp_K;
  std::array<MonthStatistics, 12> months{};
  int warmest_month = 0; ///< 1-12, by mean dry bulb
  int coldest_month = 0;
  std::vector<ThresholdCount> hours_db_below;
  std::vector<ThresholdCount> hours_db_at_or_above;
  std::vector<ThresholdCount> hours_wb_below;
  std::vector<ThresholdCount> days_max_db_below;
  std::vector<ThresholdCount> days_mean_db_below;
  std::vector<ThresholdCount> days_max_wb_below;
  double heating_base_K = 0.0;
  double heating_degree_hours_K_h = 0.0; ///< sum over hours of max(0, base - T_db), K h
  double cooling_base_K = 0.0;
  double cooling_degree_hours_K_h = 0.0;
  double ghi_J_m2 = 0.0; ///< annual global horizontal irradiation
  double dni_J_m2 = 0.0;
  double dhi_J_m2 = 0.0;
  double sunshine_dni_W_m2 = 0.0;
  std::size_t sunshine_proxy_hours = 0; ///< hours with DNI at or above the threshold
  double bin_width_K = 0.0;
  std::vector<DryBulbBin> bins; ///< from the bin holding the coldest hour to the warmest, 0 C aligned
  std::size_t rh_clamped_hours = 0;
  std::size_t dew_point_clamped_hours = 0;
};

/// Hourly wet bulb of a climate year, K (from dry bulb, RH and station pressure).
std::vector<double> wet_bulb_series_K(const ClimateYear& year);

/// Hourly humidity ratio of a climate year, kg/kg (from dry bulb, RH and station pressure).
std::vector<double> humidity_ratio_series(const ClimateYear& year);

/// Computes the statistics of a climate year.
ClimateStatistics compute_statistics(const ClimateYear& year,
                                     const StatisticsOptions& options = StatisticsOptions::defaults());

} // namespace parktwin::climate
