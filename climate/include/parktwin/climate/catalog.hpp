#pragma once
// The climate files the project may use but must not copy (docs/climate/data.md): EPW files in
// a folder (by default ../shared/climate beside the checkout), checked against the sha256 digests
// listed in that folder's PROVENANCE.md.

#include "parktwin/climate/epw.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parktwin::climate {

/// Environment variable that overrides the default climate folder.
inline constexpr const char* kClimateDirEnv = "PARKTWIN_CLIMATE_DIR";

enum class Verification {
  Verified, ///< digest matches PROVENANCE.md (full digest, or the listed leading hex digits)
  Mismatch, ///< digest differs from PROVENANCE.md: the file is not the documented one
  Unlisted, ///< the file is not listed in PROVENANCE.md (or there is none)
};

const char* to_string(Verification v) noexcept;

struct CatalogEntry {
  std::filesystem::path path;
  std::string file_name;
  std::string key;            ///< short name used on the command line, e.g. "xining"
  Location location;
  std::string stands_in_for;  ///< from PROVENANCE.md, where it says
  std::string expected_sha256; ///< full or leading digits, lower case; empty if unlisted
};

/// Where the climate folder is: the explicit option if given, else $PARKTWIN_CLIMATE_DIR, else
/// the folder configured at build time (../shared/climate beside the source tree), else the
/// installed data folder. Returns the first candidate even when it does not exist, so that the
/// caller can name it in an error.
std::filesystem::path resolve_climate_dir(const std::optional<std::filesystem::path>& option);

/// Every candidate resolve_climate_dir() considers, in order, with where each comes from.
std::vector<std::pair<std::string, std::filesystem::path>>
climate_dir_candidates(const std::optional<std::filesystem::path>& option);

class ClimateCatalog {
public:
  /// Scans `dir` and its direct sub-folders for *.epw files and reads PROVENANCE.md if present.
  /// Throws InputError if `dir` is not a folder.
  explicit ClimateCatalog(std::filesystem::path dir);

  const std::filesystem::path& directory() const noexcept { return dir_; }
  const std::vector<CatalogEntry>& entries() const noexcept { return entries_; }
  bool has_provenance() const noexcept { return has_provenance_; }

  /// Finds an entry by key, station name, WMO number, file name or file stem (case-insensitive).
  /// Throws InputError listing the known names (closest first) if there is none.
  const CatalogEntry& find(std::string_view name) const;
  /// Finds an entry by WMO number; nullptr if absent.
  const CatalogEntry* find_wmo(std::string_view wmo) const;

  /// Computes the file's digest and compares it with PROVENANCE.md.
  Verification verify(const CatalogEntry& entry, std::string* actual_sha256 = nullptr) const;

  /// Verifies then reads an entry. A file whose digest does not match is refused.
  ClimateYear load(const CatalogEntry& entry) const;

private:
  std::filesystem::path dir_;
  std::vector<CatalogEntry> entries_;
  bool has_provenance_ = false;
};

/// Parses the tables of a PROVENANCE.md: for each *.epw file name, its digest (full or leading
/// digits) and, where the table has that column, what it stands in for.
struct ProvenanceRow {
  std::string file_name;
  std::string sha256;
  std::string stands_in_for;
};
std::vector<ProvenanceRow> parse_provenance(std::string_view markdown);

} // namespace parktwin::climate
