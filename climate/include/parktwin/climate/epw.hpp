#pragma once
// EnergyPlus weather (EPW) files: a checked reader and a writer. Format reference: EnergyPlus
// "Auxiliary Programs", chapter "Weather Converter Program", section "EnergyPlus Weather File
// (EPW) Data Dictionary". The reader checks every row and every field and reports the file, line
// and field of the problems it finds (docs/climate/epw.md).

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace parktwin::climate {

/// The LOCATION header line of an EPW file.
struct Location {
  std::string city;
  std::string region;
  std::string country;
  std::string source;
  std::string wmo;
  double latitude_deg = 0.0;  ///< north positive
  double longitude_deg = 0.0; ///< east positive
  double timezone_h = 0.0;    ///< hours from GMT
  double elevation_m = 0.0;
};

/// One hourly climate year, SI inside. Hour h of a day is the hour ending at h (EPW convention).
struct ClimateYear {
  std::string name;             ///< short name, e.g. "Xining" or "haidong-park"
  std::filesystem::path source; ///< file it was read from (empty if derived in memory)
  Location location;
  std::vector<std::string> header_lines; ///< the eight header lines, as read (for writing back)

  // Hourly series, all of the same length (8760, or 8784 in a leap year).
  std::vector<std::uint8_t> month; ///< 1-12
  std::vector<std::uint8_t> day;   ///< 1-31
  std::vector<std::uint8_t> hour;  ///< 1-24, hour ending
  std::vector<double> T_db_K;      ///< dry bulb
  std::vector<double> T_dp_K;      ///< dew point (clamped to the dry bulb)
  std::vector<double> rh;          ///< relative humidity 0-1 (clamped)
  std::vector<double> p_Pa;        ///< station pressure
  std::vector<double> ghi_W_m2;    ///< global horizontal irradiance (hourly mean)
  std::vector<double> dni_W_m2;    ///< direct normal irradiance
  std::vector<double> dhi_W_m2;    ///< diffuse horizontal irradiance
  std::vector<double> wind_speed_m_s;
  std::vector<double> wind_dir_deg;
  std::vector<std::string> raw_rows; ///< data rows as read, for the writer

  std::size_t rh_clamped_hours = 0;        ///< hours whose RH was outside 0-100 % and clamped
  std::size_t dew_point_clamped_hours = 0; ///< hours whose dew point exceeded the dry bulb

  std::size_t hours() const noexcept { return T_db_K.size(); }
  bool leap() const noexcept { return hours() == 8784; }
};

/// Options of the reader.
struct EpwReadOptions {
  /// Stop and report after this many problems.
  std::size_t max_problems = 20;
};

/// Reads and checks an EPW file. Throws InputErrors listing the first problems, each as
/// "<file>:<line>: field <n> (<name>): <what>", or IoError if the file cannot be read.
ClimateYear read_epw(const std::filesystem::path& path, const EpwReadOptions& options = {});

/// Same, from text already in memory; `source_name` is used in messages.
ClimateYear parse_epw(std::string_view text, const std::string& source_name,
                      const EpwReadOptions& options = {});

/// Reads only the LOCATION line of an EPW file (cheap, for listings).
Location read_epw_location(const std::filesystem::path& path);

/// Serialises a climate year as EPW text. Dry bulb, dew point, RH and pressure come from the
/// hourly series (rounded as EPW prints them); every other field is kept from raw_rows.
std::string format_epw(const ClimateYear& year);

/// Writes format_epw(year) atomically to `path`.
void write_epw(const ClimateYear& year, const std::filesystem::path& path);

} // namespace parktwin::climate
