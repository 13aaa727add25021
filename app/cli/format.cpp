#include "climate_source.hpp"
#include "commands.hpp"
#include "parktwin/model/haidong_site.hpp"
#include <cstdlib>
#include <ctime>
#include "parktwin/common/text.hpp"

#include "parktwin/common/error.hpp"

#include <cstdio>

namespace parktwin::cli {

std::string fixed(double x, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, x);
  std::string s = buf;
  // Avoid printing "-0.0".
  if (s.size() > 1 && s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) {
    s.erase(0, 1);
  }
  return s;
}

std::string signed_fixed(double x, int digits) {
  std::string s = fixed(x, digits);
  return (s[0] == '-' ? "" : "+") + s;
}

std::string pad_right(std::string s, std::size_t width) {
  std::size_t cols = 0;
  for (unsigned char ch : s) {
    cols += (ch & 0xC0U) != 0x80U ? 1 : 0; // count lead bytes only
  }
  if (cols < width) {
    s.append(width - cols, ' ');
  }
  return s;
}

std::string pad_left(const std::string& s, std::size_t width) {
  return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

const model::Stage& choose_stage(const model::Park& park, const std::optional<std::string>& wanted) {
  if (!wanted) {
    return *park.default_stage(); // a valid park has at least one stage
  }
  for (const auto& s : park.stages) {
    if (s.id == *wanted || std::to_string(s.year) == *wanted) {
      return s;
    }
  }
  std::string list;
  for (const auto& s : park.stages) {
    list += (list.empty() ? "" : ", ") + s.id;
  }
  throw UsageError("--stage", "no stage '" + *wanted + "' in this scenario (stages: " + list + ")");
}

std::filesystem::path output_file(const ParsedArgs& a, const std::string& extension, const std::string& command) {
  const auto file = a.value("out");
  if (!file) {
    throw UsageError("--out", command + " needs a file to write (--out <file" + extension + ">)");
  }
  const std::filesystem::path path(*file);
  if (to_lower(path.extension().string()) != extension) {
    throw UsageError("--out", "'" + *file + "' should end in " + extension);
  }
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    throw IoError(*file, "cannot write: folder '" + dir.string() + "' does not exist");
  }
  return path;
}

std::string reproducible_date() {
  std::time_t t = std::time(nullptr);
  if (const char* e = std::getenv("SOURCE_DATE_EPOCH")) {
    if (const auto v = parse_long(e)) {
      t = static_cast<std::time_t>(*v);
    }
  }
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

ResolvedClimate resolve_park_climate(const ParsedArgs& a, const model::Park& park) {
  const std::string name = a.value("climate").value_or(park.site.climate);
  std::optional<std::filesystem::path> dir;
  if (const auto d = a.value("climate-dir")) {
    dir = *d;
  }
  ResolvedClimate rc = resolve_climate(name, dir,
                                       to_lower(name) == model::haidong::kParkClimateName
                                           ? std::optional<double>(park.site.elevation_m)
                                           : std::nullopt);
  if (park.site.hot_year_K != 0.0) {
    // rc.year stays the year as it is (the commands make the hot year from it): said here.
    rc.description += "; its hot year, annual maximum " + signed_fixed(park.site.hot_year_K, 2) + " K (site.hot_year_K)";
  }
  return rc;
}

std::vector<OptionSpec> park_year_options(std::vector<OptionSpec> more) {
  std::vector<OptionSpec> out = {
      {"stage", "id|year", "build-out stage (default: the scenario's default_stage, else the last)"},
      {"climate", "name-or-EPW", "climate year (default: the scenario's site climate)"},
      {"climate-dir", "folder", "folder of the climate files"},
  };
  out.insert(out.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  return out;
}

} // namespace parktwin::cli
