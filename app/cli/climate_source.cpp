#include "climate_source.hpp"

#include "parktwin/common/error.hpp"
#include "parktwin/common/text.hpp"
#include "parktwin/model/haidong_site.hpp"

namespace parktwin::cli {

bool looks_like_path(const std::string& arg) {
  return arg.find('/') != std::string::npos ||
         (arg.size() > 4 && to_lower(arg.substr(arg.size() - 4)) == ".epw");
}

ResolvedClimate resolve_climate(const std::string& name, const std::optional<std::filesystem::path>& dir,
                                std::optional<double> elevation_m) {
  namespace haidong = model::haidong;
  ResolvedClimate r;
  const bool is_park = to_lower(name) == haidong::kParkClimateName;
  if (elevation_m && !is_park) {
    throw UsageError("--elevation", "applies to the built-in '" +
                                        std::string(haidong::kParkClimateName) +
                                        "' year only; use 'parktwin climate adapt' for others");
  }
  if (looks_like_path(name) && !is_park) {
    r.year = climate::read_epw(name);
    r.year.name = std::filesystem::path(name).stem().string();
    r.file = name;
    r.description = "EPW file " + name + " (" + r.year.location.city + ", " +
                    r.year.location.source + ")";
    r.verification = "file given by path: not checked against a PROVENANCE.md";
    return r;
  }
  const climate::ClimateCatalog catalog(climate::resolve_climate_dir(dir));
  if (is_park) {
    climate::AdaptationReport report;
    const double z = elevation_m.value_or(haidong::kParkElevation_m);
    r.year = haidong::park_climate_year(catalog, z, &report);
    r.adaptation = report;
    r.description = haidong::park_adaptation(z).description;
    const auto* base = catalog.find_wmo(haidong::kBaseStationWmo);
    r.file = base->path;
    r.verification = "derived at run time from " + base->path.string() +
                     " (sha256 verified against PROVENANCE.md)";
    r.stands_in_for = "Haidong Zero-Carbon Computing Park (Hehuang New Area)";
    return r;
  }
  const climate::CatalogEntry& entry = catalog.find(name);
  r.year = catalog.load(entry); // refuses a file whose digest does not match
  r.file = entry.path;
  r.description = entry.location.city + ", " + entry.location.region + " (" +
                  entry.location.source + ", WMO " + entry.location.wmo + ")";
  r.verification = entry.expected_sha256.empty()
                       ? "not listed in PROVENANCE.md: not verified"
                       : "sha256 verified against " + (catalog.directory() / "PROVENANCE.md").string();
  r.stands_in_for = entry.stands_in_for.empty() ? haidong::station_role(entry.location.wmo)
                                                : entry.stands_in_for;
  return r;
}

} // namespace parktwin::cli
