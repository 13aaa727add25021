#pragma once
// The Haidong Zero-Carbon Computing Park as a site: the figures of its development plan that the
// climate depends on, and the built-in "haidong-park" climate year derived from the Xining CSWD
// year (docs/climate/site-adaptation.md). Source: 《海东零碳算力产业园发展规划》 (Haidong municipal
// government, 2025-04-22), section 一、(一) 2. 自然条件; figures transcribed in PARK_FACTS.md.

#include "parktwin/climate/adaptation.hpp"
#include "parktwin/climate/catalog.hpp"

#include <string>

namespace parktwin::model::haidong {

/// Name of the built-in park climate year on the command line and in results.
inline constexpr const char* kParkClimateName = "haidong-park";
/// Park elevation used for the built-in year. The plan gives "about 2,100-2,200 m".
inline constexpr double kParkElevation_m = 2150.0;
/// WMO number of the station the park year is derived from (Xining, CSWD).
inline constexpr const char* kBaseStationWmo = "528660";

/// The plan's climate figures (SI: K).
struct PlanClimate {
  double annual_mean_K;
  double warmest_month_mean_K;
  double coldest_month_mean_K;
  double extreme_high_K;
  double extreme_low_K;
  const char* source;
};

/// 7.6 C annual mean, 19.2 / -5.6 C warmest / coldest month means, 31.5 / -16.7 C extremes.
const PlanClimate& plan_climate() noexcept;

/// The adaptation that makes the park year: annual mean 7.6 C, humidity ratio kept, pressure
/// for `elevation_m`.
climate::SiteAdaptation park_adaptation(double elevation_m = kParkElevation_m);

/// Derives the park year from the Xining file of `catalog` (verified against PROVENANCE.md).
climate::ClimateYear park_climate_year(const climate::ClimateCatalog& catalog,
                                       double elevation_m = kParkElevation_m,
                                       climate::AdaptationReport* report = nullptr);

/// What a station of the catalog stands for with respect to the park, for the two Qinghai
/// stations PROVENANCE.md describes in prose; empty for others.
std::string station_role(const std::string& wmo);

} // namespace parktwin::model::haidong
