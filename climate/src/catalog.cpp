#include "parktwin/climate/catalog.hpp"

#include "parktwin/common/error.hpp"
#include "parktwin/common/sha256.hpp"
#include "parktwin/common/text.hpp"
#include "parktwin/config.hpp"

#include <algorithm>
#include <cstdlib>

namespace parktwin::climate {
namespace fs = std::filesystem;

const char* to_string(Verification v) noexcept {
  switch (v) {
  case Verification::Verified:
    return "verified";
  case Verification::Mismatch:
    return "MISMATCH";
  case Verification::Unlisted:
    return "unlisted";
  }
  return "?";
}

std::vector<std::pair<std::string, fs::path>>
climate_dir_candidates(const std::optional<fs::path>& option) {
  std::vector<std::pair<std::string, fs::path>> out;
  if (option) {
    out.emplace_back("--climate-dir", *option);
  }
  if (const char* env = std::getenv(kClimateDirEnv); env != nullptr && *env != '\0') {
    out.emplace_back(kClimateDirEnv, fs::path(env));
  }
  out.emplace_back("build default", fs::path(PARKTWIN_DEFAULT_CLIMATE_DIR).lexically_normal());
  out.emplace_back("installed data", fs::path(PARKTWIN_INSTALL_DATADIR) / "climate");
  return out;
}

fs::path resolve_climate_dir(const std::optional<fs::path>& option) {
  const auto candidates = climate_dir_candidates(option);
  // An explicit choice (option or environment) is final, even if wrong: silently falling back
  // would run on data the user did not ask for.
  if (candidates.front().first != "build default") {
    return candidates.front().second;
  }
  for (const auto& [origin, dir] : candidates) {
    std::error_code ec;
    if (fs::is_directory(dir, ec)) {
      return dir;
    }
  }
  return candidates.front().second;
}

std::vector<ProvenanceRow> parse_provenance(std::string_view markdown) {
  std::vector<ProvenanceRow> rows;
  std::vector<std::string> header;
  bool in_table = false;
  for (std::string_view line : split(markdown, '\n')) {
    line = trim(line);
    if (line.empty() || line.front() != '|') {
      in_table = false;
      header.clear();
      continue;
    }
    auto cells_view = split(line.substr(1, line.size() > 1 && line.back() == '|' ? line.size() - 2
                                                                                 : line.size() - 1),
                            '|');
    std::vector<std::string> cells;
    for (auto c : cells_view) {
      cells.push_back(to_lower(trim(c)) == "" ? std::string() : std::string(trim(c)));
    }
    if (!in_table) {
      header.clear();
      for (const auto& c : cells) {
        header.push_back(to_lower(c));
      }
      in_table = true;
      continue;
    }
    if (!cells.empty() && cells.front().find("---") != std::string::npos) {
      continue; // separator row
    }
    const auto col = [&](auto pred) -> std::optional<std::size_t> {
      for (std::size_t i = 0; i < header.size(); ++i) {
        if (pred(header[i])) {
          return i;
        }
      }
      return std::nullopt;
    };
    const auto file_col = col([](const std::string& h) { return h == "file"; });
    const auto sha_col = col([](const std::string& h) { return h.rfind("sha256", 0) == 0; });
    if (!file_col || !sha_col || *file_col >= cells.size() || *sha_col >= cells.size()) {
      continue;
    }
    ProvenanceRow row;
    row.file_name = cells[*file_col];
    if (row.file_name.size() < 4 || to_lower(row.file_name).substr(row.file_name.size() - 4) != ".epw") {
      continue;
    }
    row.sha256 = to_lower(cells[*sha_col]);
    if (const auto stand = col([](const std::string& h) { return h == "stands in for"; });
        stand && *stand < cells.size()) {
      row.stands_in_for = cells[*stand];
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

namespace {

std::string key_of(const Location& loc, const std::string& stem) {
  std::string key = to_lower(loc.city.empty() ? stem : loc.city);
  std::replace(key.begin(), key.end(), ' ', '-');
  std::replace(key.begin(), key.end(), '_', '-');
  return key;
}

bool is_hex(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
}

} // namespace

ClimateCatalog::ClimateCatalog(fs::path dir) : dir_(std::move(dir)) {
  std::error_code ec;
  if (!fs::is_directory(dir_, ec)) {
    throw InputError(dir_.string(),
                     "climate folder not found. Point ParkTwin at the folder holding the EPW files "
                     "with --climate-dir <folder> or the environment variable " +
                         std::string(kClimateDirEnv) + " (see README, 'Climate data')");
  }
  std::vector<ProvenanceRow> provenance;
  const fs::path prov_path = dir_ / "PROVENANCE.md";
  if (fs::is_regular_file(prov_path, ec)) {
    provenance = parse_provenance(read_file(prov_path));
    has_provenance_ = true;
  }
  std::vector<fs::path> files;
  const auto scan = [&](const fs::path& d) {
    for (const auto& e : fs::directory_iterator(d, ec)) {
      if (e.is_regular_file(ec) && to_lower(e.path().extension().string()) == ".epw") {
        files.push_back(e.path());
      }
    }
  };
  scan(dir_);
  for (const auto& e : fs::directory_iterator(dir_, ec)) {
    if (e.is_directory(ec)) {
      scan(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    CatalogEntry entry;
    entry.path = f;
    entry.file_name = f.filename().string();
    try {
      entry.location = read_epw_location(f);
    } catch (const Error&) {
      // Listed anyway; loading it will report the problem with line and field.
    }
    entry.key = key_of(entry.location, f.stem().string());
    for (const auto& row : provenance) {
      if (row.file_name == entry.file_name && is_hex(row.sha256)) {
        entry.expected_sha256 = row.sha256;
        entry.stands_in_for = row.stands_in_for;
      }
    }
    entries_.push_back(std::move(entry));
  }
}

const CatalogEntry* ClimateCatalog::find_wmo(std::string_view wmo) const {
  for (const auto& e : entries_) {
    if (e.location.wmo == wmo) {
      return &e;
    }
  }
  return nullptr;
}

const CatalogEntry& ClimateCatalog::find(std::string_view name) const {
  const std::string want = to_lower(trim(name));
  for (const auto& e : entries_) {
    if (want == e.key || want == to_lower(e.file_name) ||
        want == to_lower(e.path.stem().string()) || want == e.location.wmo ||
        want == to_lower(e.location.city)) {
      return e;
    }
  }
  std::vector<std::pair<std::size_t, std::string>> known;
  for (const auto& e : entries_) {
    known.emplace_back(edit_distance(want, e.key), e.key);
  }
  std::sort(known.begin(), known.end());
  std::string list;
  for (const auto& [d, k] : known) {
    list += (list.empty() ? "" : ", ") + k;
  }
  std::string message = "no climate named '" + std::string(name) + "' in " + dir_.string();
  if (!known.empty() && known.front().first <= 3) {
    message += "; did you mean '" + known.front().second + "'?";
  }
  message += list.empty() ? " (the folder holds no .epw file)" : " Known: " + list;
  throw InputError("climate", message);
}

Verification ClimateCatalog::verify(const CatalogEntry& entry, std::string* actual) const {
  if (entry.expected_sha256.empty()) {
    if (actual != nullptr) {
      *actual = sha256_file_hex(entry.path);
    }
    return Verification::Unlisted;
  }
  const std::string digest = sha256_file_hex(entry.path);
  if (actual != nullptr) {
    *actual = digest;
  }
  return digest.compare(0, entry.expected_sha256.size(), entry.expected_sha256) == 0
             ? Verification::Verified
             : Verification::Mismatch;
}

ClimateYear ClimateCatalog::load(const CatalogEntry& entry) const {
  std::string actual;
  if (verify(entry, &actual) == Verification::Mismatch) {
    throw InputError(entry.path.string(),
                     "sha256 " + actual + " does not match " + entry.expected_sha256 +
                         " listed in " + (dir_ / "PROVENANCE.md").string() +
                         ": the file is not the documented one. Download it again (README, "
                         "'Climate data') or pass its path to use it unverified");
  }
  ClimateYear year = read_epw(entry.path);
  year.name = entry.key;
  return year;
}

} // namespace parktwin::climate
