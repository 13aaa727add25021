#pragma once
// Hot and cool years (docs/climate/hot-years.md): the warm half of a typical year stretched so
// that its highest dry bulb moves by a given amount, the year-to-year variability of the summer
// that a typical year leaves out. Hours at or below the year's median dry bulb (the lower median,
// the value of rank ceil(n / 2)) are kept; an hour
// above it is moved in proportion to its height above the median, so the annual maximum moves by
// exactly the given amount and the order of the hours is kept. The humidity ratio of every hour
// is kept (the same air mass, warmer or cooler, as in the site adaptation), so relative humidity,
// dew point and wet bulb follow; pressure, radiation and wind are the year's own.

#include "parktwin/climate/epw.hpp"

namespace parktwin::climate {

struct HotYearReport {
  double shift_K = 0.0;           ///< the move of the annual maximum asked for
  double median_db_K = 0.0;       ///< the year's median dry bulb: hours at or below it are kept
  double source_max_db_K = 0.0;   ///< the year's maximum before
  double result_max_db_K = 0.0;   ///< and after (source_max_db_K + shift_K)
  double source_mean_db_K = 0.0;  ///< annual mean before
  double result_mean_db_K = 0.0;  ///< and after
  std::size_t hours_moved = 0;    ///< hours above the median
  std::size_t saturated_hours = 0; ///< hours whose kept humidity ratio exceeded saturation after
                                   ///< a cooling and was reduced to it
};

/// The year with its warm half stretched by shift_K (0: the year itself, unchanged). Throws
/// InputError (where: `where`) for a non-finite shift, for a cooling that would bring the maximum
/// to the median or below (|shift| must stay under max - median), or for more than 10 K either way.
ClimateYear hot_year(const ClimateYear& source, double shift_K, const std::string& where,
                     HotYearReport* report = nullptr);

} // namespace parktwin::climate
