#pragma once
// Site adaptation: moves a station's climate year to a nearby site (docs/climate/site-adaptation.md).
// The dry bulb is shifted by a constant so the annual mean matches the site's; the humidity ratio
// of each hour is kept (the air mass is the same, only warmer or colder), so relative humidity,
// dew point and wet bulb are recomputed; the station pressure of each hour is scaled by the ratio
// of standard-atmosphere pressures at the site and station elevations, which keeps its
// day-to-day weather variation.

#include "parktwin/climate/epw.hpp"

#include <optional>
#include <string>

namespace parktwin::climate {

struct SiteAdaptation {
  std::string name;                       ///< name of the adapted year, e.g. "haidong-park"
  std::string description;                ///< one line for listings and result metadata
  std::optional<double> target_mean_db_K; ///< annual mean dry bulb to reach; or
  std::optional<double> shift_K;          ///< a given dry-bulb shift (exactly one of the two)
  double elevation_m = 0.0;               ///< site elevation
};

struct AdaptationReport {
  std::string source_name;
  double shift_K = 0.0;
  double source_mean_db_K = 0.0;
  double result_mean_db_K = 0.0;
  double source_elevation_m = 0.0;
  double site_elevation_m = 0.0;
  double pressure_ratio = 1.0;     ///< p_site / p_station (standard atmosphere)
  double source_mean_p_Pa = 0.0;
  double result_mean_p_Pa = 0.0;
  std::size_t saturated_hours = 0; ///< hours where the kept humidity ratio exceeded saturation
                                   ///< after the shift and was reduced to it
};

/// Applies the adaptation. Throws InputError for an inconsistent specification.
ClimateYear adapt_climate(const ClimateYear& source, const SiteAdaptation& adaptation,
                          AdaptationReport* report = nullptr);

} // namespace parktwin::climate
