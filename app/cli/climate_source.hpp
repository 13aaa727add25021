#pragma once
// Resolves what the user named on the command line to a climate year: the built-in
// "haidong-park" year, a file of the climate folder by name, or an EPW file by path.

#include "parktwin/climate/adaptation.hpp"
#include "parktwin/climate/hot_year.hpp"
#include "parktwin/climate/catalog.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace parktwin::cli {

struct ResolvedClimate {
  climate::ClimateYear year;
  std::string description;   ///< what it is, one line
  std::string verification;  ///< how its file was checked, one line
  std::string stands_in_for; ///< for catalog files, where known
  std::optional<climate::AdaptationReport> adaptation;
  std::filesystem::path file; ///< the file read (for the park year: its base file)
  std::optional<climate::HotYearReport> hot_year; ///< `climate stats --hot-year`
};

/// `elevation_m` applies to the built-in park year only (the adaptation's site elevation).
ResolvedClimate resolve_climate(const std::string& name_or_path,
                                const std::optional<std::filesystem::path>& climate_dir,
                                std::optional<double> elevation_m);

/// True if the argument names a file rather than a catalog entry.
bool looks_like_path(const std::string& arg);

} // namespace parktwin::cli
