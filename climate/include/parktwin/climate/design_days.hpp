#pragma once
// Cooling design days (docs/climate/design-days.md): read from the EnergyPlus .ddy file beside a
// climate file (ASHRAE's annual cooling conditions), or, where there is none, taken from the
// climate year's own extremes by the same percentile definitions; and turned into a 24-hour
// climate with ASHRAE's daily temperature profile.

#include "parktwin/climate/epw.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace parktwin::climate {

struct DesignDay {
  std::string name;          ///< e.g. "Xining Ann Clg .4% Condns DB=>MWB"
  int month = 7;
  int day = 21;
  double T_db_max_K = 0.0;   ///< maximum dry bulb of the day
  double daily_range_K = 0.0; ///< dry-bulb range of the day
  double T_wb_K = 0.0;       ///< wet bulb coincident with the maximum dry bulb
  double p_Pa = 0.0;         ///< barometric pressure
  std::string source;        ///< the file and line, or "climate year"
};

/// Every SizingPeriod:DesignDay of a .ddy file whose day type is SummerDesignDay and whose
/// humidity is given as a wet bulb. Throws InputError naming the file and line for a malformed
/// object (a number that is not one, a missing field).
std::vector<DesignDay> read_ddy(const std::filesystem::path& file);

/// The cooling design days a hall is checked against, from a .ddy file's days: the annual 0.4 %
/// and 1 % dry bulb with mean coincident wet bulb, and the 0.4 % wet bulb with mean coincident dry
/// bulb (those present).
std::vector<DesignDay> cooling_design_days(const std::vector<DesignDay>& all);

/// The same three days from a climate year itself, for a climate without a .ddy file: the 0.4 %
/// (35th warmest of 8,760 hours) and 1 % (88th) dry bulb with the mean wet bulb of the hours at or
/// above it, the 0.4 % wet bulb with the mean dry bulb of the hours at or above it; daily range
/// the mean range of the days holding those hours; the year's mean pressure.
/// `wet_bulb_K`: the year's hourly wet bulbs if already computed (else computed here).
std::vector<DesignDay> design_days_from_year(const ClimateYear& year,
                                             const std::vector<double>* wet_bulb_K = nullptr);

/// The cooling design days of a climate: from the .ddy file beside the file it was read from,
/// when there is one with cooling days; else (an adapted or derived year, or no .ddy) from the
/// year itself.
std::vector<DesignDay> climate_design_days(const ClimateYear& year,
                                           const std::vector<double>* wet_bulb_K = nullptr);

/// The .ddy file beside a climate file (same stem), or an empty path if there is none.
std::filesystem::path ddy_beside(const std::filesystem::path& epw);

/// A climate of the design day repeated twice (48 hours, the shortest climate the hall model
/// takes): dry bulb T_max - range x ASHRAE's fraction of the daily
/// range by hour (Fundamentals ch. 14, the profile EnergyPlus's DefaultMultipliers use), the
/// humidity ratio of the wet bulb at the maximum held all day, constant pressure, no sun.
ClimateYear design_day_year(const DesignDay& d);

} // namespace parktwin::climate
