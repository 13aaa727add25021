#include "parktwin/climate/epw.hpp"

#include "parktwin/common/atomic_file.hpp"
#include "parktwin/common/error.hpp"
#include "parktwin/common/text.hpp"
#include "parktwin/common/units.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <optional>

namespace parktwin::climate {
namespace {

constexpr std::size_t kFields = 35;
constexpr std::size_t kHeaderLines = 8;

enum class Kind : std::uint8_t { Integer, Number, Text, Digits };
enum class Missing : std::uint8_t { None, Equal, AtLeast };

/// One field of an EPW data row, as the EnergyPlus data dictionary defines it.
struct FieldSpec {
  const char* name;
  const char* unit;
  Kind kind;
  bool used;        ///< ParkTwin uses the value: missing codes and out-of-range values are errors
  double min;
  double max;
  Missing missing;
  double missing_code;
};

constexpr double kInf = 1e300;

// Field table (1-based field numbers in messages are index + 1).
constexpr std::array<FieldSpec, kFields> kSpec = {{
    {"year", "", Kind::Integer, true, -kInf, kInf, Missing::None, 0},
    {"month", "", Kind::Integer, true, 1, 12, Missing::None, 0},
    {"day", "", Kind::Integer, true, 1, 31, Missing::None, 0},
    {"hour", "", Kind::Integer, true, 1, 24, Missing::None, 0},
    {"minute", "", Kind::Integer, true, 0, 60, Missing::None, 0},
    {"data source and uncertainty flags", "", Kind::Text, false, 0, 0, Missing::None, 0},
    {"dry bulb temperature", "C", Kind::Number, true, -70, 70, Missing::AtLeast, 99.9},
    {"dew point temperature", "C", Kind::Number, true, -70, 70, Missing::AtLeast, 99.9},
    // The EPW dictionary allows 0-110 %; real CSWD files report up to 114 % (Xinghai). Values
    // above 100 % are clamped and counted; above 150 % the field is taken to be corrupt.
    {"relative humidity", "%", Kind::Number, true, 0, 150, Missing::AtLeast, 999},
    {"atmospheric station pressure", "Pa", Kind::Number, true, 31000, 120000, Missing::AtLeast,
     999999},
    {"extraterrestrial horizontal radiation", "Wh/m2", Kind::Number, false, 0, kInf,
     Missing::AtLeast, 9999},
    {"extraterrestrial direct normal radiation", "Wh/m2", Kind::Number, false, 0, kInf,
     Missing::AtLeast, 9999},
    {"horizontal infrared radiation intensity", "Wh/m2", Kind::Number, false, 0, kInf,
     Missing::AtLeast, 9999},
    {"global horizontal radiation", "Wh/m2", Kind::Number, true, 0, 1500, Missing::AtLeast, 9999},
    {"direct normal radiation", "Wh/m2", Kind::Number, true, 0, 1500, Missing::AtLeast, 9999},
    {"diffuse horizontal radiation", "Wh/m2", Kind::Number, true, 0, 1500, Missing::AtLeast, 9999},
    {"global horizontal illuminance", "lux", Kind::Number, false, 0, kInf, Missing::AtLeast,
     999900},
    {"direct normal illuminance", "lux", Kind::Number, false, 0, kInf, Missing::AtLeast, 999900},
    {"diffuse horizontal illuminance", "lux", Kind::Number, false, 0, kInf, Missing::AtLeast,
     999900},
    {"zenith luminance", "Cd/m2", Kind::Number, false, 0, kInf, Missing::AtLeast, 9999},
    {"wind direction", "degrees", Kind::Number, true, 0, 360, Missing::AtLeast, 999},
    {"wind speed", "m/s", Kind::Number, true, 0, 40, Missing::AtLeast, 999},
    {"total sky cover", "tenths", Kind::Number, false, 0, 10, Missing::AtLeast, 99},
    {"opaque sky cover", "tenths", Kind::Number, false, 0, 10, Missing::AtLeast, 99},
    {"visibility", "km", Kind::Number, false, 0, kInf, Missing::AtLeast, 9999},
    {"ceiling height", "m", Kind::Number, false, 0, kInf, Missing::AtLeast, 99999},
    {"present weather observation", "", Kind::Integer, false, 0, 9, Missing::None, 0},
    {"present weather codes", "", Kind::Digits, false, 0, 0, Missing::None, 0},
    {"precipitable water", "mm", Kind::Number, false, 0, kInf, Missing::AtLeast, 999},
    {"aerosol optical depth", "thousandths", Kind::Number, false, 0, kInf, Missing::AtLeast, 0.999},
    {"snow depth", "cm", Kind::Number, false, 0, kInf, Missing::AtLeast, 999},
    {"days since last snowfall", "", Kind::Number, false, 0, kInf, Missing::AtLeast, 99},
    {"albedo", "", Kind::Number, false, 0, kInf, Missing::AtLeast, 999},
    {"liquid precipitation depth", "mm", Kind::Number, false, 0, kInf, Missing::AtLeast, 999},
    {"liquid precipitation quantity", "hr", Kind::Number, false, 0, kInf, Missing::AtLeast, 99},
}};

constexpr std::array<const char*, kHeaderLines> kHeaderKeys = {
    "LOCATION",         "DESIGN CONDITIONS", "TYPICAL/EXTREME PERIODS", "GROUND TEMPERATURES",
    "HOLIDAYS/DAYLIGHT SAVINGS", "COMMENTS 1",   "COMMENTS 2",              "DATA PERIODS"};

constexpr std::array<int, 12> kDaysInMonth = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

std::string number_text(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", x);
  return buf;
}

class ProblemList {
public:
  ProblemList(std::string source, std::size_t limit) : source_(std::move(source)), limit_(limit) {}

  void add(std::size_t line, const std::string& what) {
    ++total_;
    if (problems_.size() < limit_) {
      problems_.push_back(source_ + ":" + std::to_string(line) + ": " + what);
    }
  }
  void add_file(const std::string& what) {
    ++total_;
    if (problems_.size() < limit_) {
      problems_.push_back(source_ + ": " + what);
    }
  }
  bool full() const noexcept { return problems_.size() >= limit_; }
  bool empty() const noexcept { return total_ == 0; }
  [[noreturn]] void raise() { throw InputErrors(source_, problems_, total_); }

private:
  std::string source_;
  std::size_t limit_;
  std::vector<std::string> problems_;
  std::size_t total_ = 0;
};

std::string field_label(std::size_t index) {
  return "field " + std::to_string(index + 1) + " (" + kSpec[index].name + ")";
}

/// Splits text into lines, accepting LF and CRLF endings.
/// Bounds of what can be one climate year (issue 12, item 14).
constexpr std::size_t kMaxEpwBytes = 32'000'000;
constexpr std::size_t kMaxLineChars = 65536;

/// The file's lines, at most `max_lines` of them (a year's header and rows and a few more: the
/// reader reports the first extra row; a file of millions of short lines must not become
/// millions of views, issue 12, item 14).
std::vector<std::string_view> lines_of(std::string_view text, std::size_t max_lines) {
  std::vector<std::string_view> lines;
  lines.reserve(8800);
  std::size_t start = 0;
  while (start < text.size() && lines.size() < max_lines) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    lines.push_back(line);
    start = end + 1;
  }
  // Trailing blank lines are harmless.
  while (!lines.empty() && trim(lines.back()).empty()) {
    lines.pop_back();
  }
  return lines;
}

Location parse_location(std::string_view line, ProblemList& problems) {
  Location loc;
  const auto f = split(line, ',');
  if (f.size() < 10) {
    problems.add(1, "the LOCATION line has " + std::to_string(f.size()) +
                        " fields; it needs 10 (LOCATION, city, region, country, source, WMO, "
                        "latitude, longitude, time zone, elevation)");
    return loc;
  }
  loc.city = std::string(trim(f[1]));
  loc.region = std::string(trim(f[2]));
  loc.country = std::string(trim(f[3]));
  loc.source = std::string(trim(f[4]));
  loc.wmo = std::string(trim(f[5]));
  struct Num {
    std::size_t index;
    const char* name;
    double min;
    double max;
    double* out;
  };
  const std::array<Num, 4> nums = {{{6, "latitude", -90, 90, &loc.latitude_deg},
                                    {7, "longitude", -180, 180, &loc.longitude_deg},
                                    {8, "time zone", -12, 14, &loc.timezone_h},
                                    {9, "elevation", -1000, 9999.9, &loc.elevation_m}}};
  for (const auto& n : nums) {
    const auto v = parse_double(f[n.index]);
    if (!v) {
      problems.add(1, "LOCATION field " + std::to_string(n.index + 1) + " (" + n.name + "): '" +
                          std::string(trim(f[n.index])) + "' is not a number");
    } else if (*v < n.min || *v > n.max) {
      problems.add(1, "LOCATION field " + std::to_string(n.index + 1) + " (" + n.name + "): " +
                          number_text(*v) + " is outside " + number_text(n.min) + " to " +
                          number_text(n.max));
    } else {
      *n.out = *v;
    }
  }
  return loc;
}

void check_header(const std::vector<std::string_view>& lines, ProblemList& problems) {
  for (std::size_t i = 0; i < kHeaderLines; ++i) {
    if (i >= lines.size()) {
      problems.add(i + 1, std::string("the file ends inside the header; expected the ") +
                              kHeaderKeys[i] + " line (an EPW file has 8 header lines)");
      return;
    }
    const std::string_view key = trim(split(lines[i], ',').front());
    if (to_lower(key) != to_lower(kHeaderKeys[i])) {
      problems.add(i + 1, std::string("expected the ") + kHeaderKeys[i] +
                              " header line here (an EPW file has 8 header lines before the hourly data)");
    }
  }
  const auto dp = split(lines[kHeaderLines - 1], ',');
  if (dp.size() >= 3) {
    const auto periods = parse_long(dp[1]);
    const auto per_hour = parse_long(dp[2]);
    if (!periods || *periods != 1) {
      problems.add(kHeaderLines, "DATA PERIODS: ParkTwin reads files with one data period; this "
                                 "file declares '" + std::string(trim(dp[1])) + "'");
    }
    if (!per_hour || *per_hour != 1) {
      problems.add(kHeaderLines, "DATA PERIODS: ParkTwin reads hourly files (1 record per hour); "
                                 "this file declares '" + std::string(trim(dp[2])) + "'");
    }
  }
}

struct Stamp {
  int month = 1;
  int day = 1;
  int hour = 1;
};

bool is_digits(std::string_view s) {
  s = trim(s);
  if (s.empty()) {
    return false;
  }
  for (char c : s) {
    if (c < '0' || c > '9') {
      return false;
    }
  }
  return true;
}

} // namespace

ClimateYear parse_epw(std::string_view text, const std::string& source_name,
                      const EpwReadOptions& options) {
  ProblemList problems(source_name, options.max_problems);
  // Files from other tools often carry Latin-1 station names (issue 12, item 7: an invalid
  // UTF-8 name ended in an internal error when printed as JSON). Text that is not UTF-8 is read
  // as Latin-1, where every byte is a character.
  std::string converted;
  if (!is_valid_utf8(text)) {
    converted = latin1_to_utf8(text);
    text = converted;
  }
  const auto lines = lines_of(text, kHeaderLines + 8784 + 64);
  if (lines.empty()) {
    problems.add_file("the file is empty; expected an EnergyPlus weather (EPW) file");
    problems.raise();
  }
  // A line longer than any EPW line (rows are ~200 characters) is refused before it is split.
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].size() > kMaxLineChars) {
      problems.add(i + 1, "a line of " + std::to_string(lines[i].size()) + " characters; EPW lines are a few hundred");
      problems.raise();
    }
  }
  // A file that does not even start as an EPW is named with its line, never quoted: a scenario
  // may point anywhere, and its lines are not ours to print (issue 12, item 15).
  if (to_lower(trim(lines.front().substr(0, lines.front().find(',')))) != "location") {
    problems.add(1, "not an EnergyPlus weather (EPW) file: its first line is not a LOCATION line");
    problems.raise();
  }
  check_header(lines, problems);
  ClimateYear year;
  year.source = source_name;
  year.location = parse_location(lines.front(), problems);
  year.name = year.location.city;
  for (std::size_t i = 0; i < std::min(kHeaderLines, lines.size()); ++i) {
    year.header_lines.emplace_back(lines[i]);
  }
  if (lines.size() <= kHeaderLines) {
    problems.add_file("has no hourly data rows after the 8 header lines; a year has 8760 rows "
                      "(8784 in a leap year)");
    problems.raise();
  }

  const std::size_t n_rows = lines.size() - kHeaderLines;
  const std::size_t reserve = std::min<std::size_t>(n_rows, 8784);
  year.month.reserve(reserve);
  year.day.reserve(reserve);
  year.hour.reserve(reserve);
  for (auto* v : {&year.T_db_K, &year.T_dp_K, &year.rh, &year.p_Pa, &year.ghi_W_m2,
                  &year.dni_W_m2, &year.dhi_W_m2, &year.wind_speed_m_s, &year.wind_dir_deg}) {
    v->reserve(reserve);
  }
  year.raw_rows.reserve(reserve);

  Stamp expected;
  bool leap = false;
  bool ended = false; // the row for December 31 hour 24 has been seen
  std::array<double, kFields> value{};
  std::vector<std::string_view> fields;
  fields.reserve(kFields + 4);

  for (std::size_t li = kHeaderLines; li < lines.size() && !problems.full(); ++li) {
    const std::size_t line_no = li + 1;
    const std::string_view line = lines[li];
    if (ended) {
      problems.add(line_no, "an extra row after December 31 hour 24; a year has 8760 hourly rows "
                            "(8784 in a leap year)");
      break;
    }
    if (trim(line).empty()) {
      problems.add(line_no, "empty line inside the hourly data");
      continue;
    }
    fields = split(line, ',');
    bool row_ok = true;
    bool calendar_ok = true;
    const auto fail_field = [&](std::size_t f) {
      row_ok = false;
      calendar_ok = calendar_ok && (f < 1 || f > 3);
    };
    const bool count_ok = fields.size() == kFields;
    if (!count_ok) {
      problems.add(line_no, "has " + std::to_string(fields.size()) + " fields; an EPW data row has " +
                                std::to_string(kFields));
      row_ok = false;
      // Keep following the calendar if the date is readable, so no gap is reported after it.
      calendar_ok = fields.size() >= 4;
      for (std::size_t f = 1; f <= 3 && calendar_ok; ++f) {
        const auto v = parse_long(fields[f]);
        calendar_ok = v && static_cast<double>(*v) >= kSpec[f].min &&
                      static_cast<double>(*v) <= kSpec[f].max;
        value[f] = v ? static_cast<double>(*v) : 0.0;
      }
    }
    for (std::size_t f = 0; count_ok && f < kFields; ++f) {
      const FieldSpec& spec = kSpec[f];
      if (spec.kind == Kind::Text) {
        continue;
      }
      if (spec.kind == Kind::Digits) {
        if (!is_digits(fields[f])) {
          // Some converters leave the weather codes empty; only reject non-digits.
          if (!trim(fields[f]).empty()) {
            problems.add(line_no, field_label(f) + ": '" + std::string(trim(fields[f])) +
                                      "' is not a string of digits");
            fail_field(f);
          }
        }
        continue;
      }
      std::optional<double> v;
      if (spec.kind == Kind::Integer) {
        const auto i = parse_long(fields[f]);
        if (i) {
          v = static_cast<double>(*i);
        }
      } else {
        v = parse_double(fields[f]);
      }
      if (!v) {
        const std::string_view raw = trim(fields[f]);
        problems.add(line_no, field_label(f) + ": '" + std::string(raw.substr(0, 30)) +
                                  (raw.empty() ? "' is empty" : "' is not a") +
                                  (raw.empty() ? "" : (spec.kind == Kind::Integer ? "n integer"
                                                                                  : " number")));
        fail_field(f);
        continue;
      }
      value[f] = *v;
      const bool is_missing = (spec.missing == Missing::AtLeast && *v >= spec.missing_code) ||
                              (spec.missing == Missing::Equal && *v == spec.missing_code);
      if (is_missing) {
        if (spec.used) {
          problems.add(line_no, field_label(f) + ": " + number_text(*v) +
                                    " is the EPW missing-value code; ParkTwin needs a value for "
                                    "every hour of this field");
          fail_field(f);
        }
        continue;
      }
      if (*v < spec.min || *v > spec.max) {
        problems.add(line_no, field_label(f) + ": " + number_text(*v) +
                                  (spec.unit[0] != '\0' ? std::string(" ") + spec.unit : "") +
                                  " is outside the valid range " + number_text(spec.min) + " to " +
                                  number_text(spec.max));
        fail_field(f);
      }
    }
    // Calendar: the rows must run hour by hour from January 1 hour 1. Checked whenever the
    // date fields themselves are sound, so one bad value does not also report a gap.
    if (!calendar_ok) {
      continue;
    }
    const int m = static_cast<int>(value[1]);
    const int d = static_cast<int>(value[2]);
    const int h = static_cast<int>(value[3]);
    if (m == 2 && d == 29 && expected.month == 2 && expected.day == 29) {
      leap = true;
    }
    if (m != expected.month || d != expected.day || h != expected.hour) {
      // Only at the start of a leap day: a leap day cut short is a gap (issue 12, item 18).
      const bool feb29_expected = expected.month == 2 && expected.day == 29 && expected.hour == 1;
      if (feb29_expected && m == 3 && d == 1 && h == 1) {
        expected = {3, 1, 1}; // not a leap year: February has 28 days
      } else {
        const std::size_t bad = m != expected.month ? 1 : (d != expected.day ? 2 : 3);
        problems.add(line_no, field_label(bad) + ": row dated month " + std::to_string(m) +
                                  " day " + std::to_string(d) + " hour " + std::to_string(h) +
                                  " where the hour after the previous row, month " +
                                  std::to_string(expected.month) + " day " +
                                  std::to_string(expected.day) + " hour " +
                                  std::to_string(expected.hour) + ", was expected");
        // Resynchronise on this row so one gap is reported once.
        expected = {m, d, h};
      }
    }
    // Advance the expected stamp.
    Stamp next{m, d, h + 1};
    if (next.hour > 24) {
      next.hour = 1;
      ++next.day;
      const int days = (m == 2) ? 29 : kDaysInMonth[static_cast<std::size_t>(std::clamp(m, 1, 12) - 1)];
      if (next.day > days || (m == 2 && d == 29)) {
        next.day = 1;
        ++next.month;
      }
      if (next.month > 12) {
        ended = true;
      }
    }
    if (m == 2 && d == 28 && h == 24) {
      next = {2, 29, 1}; // a leap day may follow; resolved on the next row
    }
    expected = next;
    if (!row_ok) {
      continue;
    }

    const double T_db = units::celsius_to_kelvin(value[6]);
    double T_dp = units::celsius_to_kelvin(value[7]);
    double rh_pct = value[8];
    if (rh_pct > 100.0 || rh_pct < 0.0) {
      rh_pct = std::clamp(rh_pct, 0.0, 100.0);
      ++year.rh_clamped_hours;
    }
    if (T_dp > T_db) {
      T_dp = T_db;
      ++year.dew_point_clamped_hours;
    }
    year.month.push_back(static_cast<std::uint8_t>(m));
    year.day.push_back(static_cast<std::uint8_t>(d));
    year.hour.push_back(static_cast<std::uint8_t>(h));
    year.T_db_K.push_back(T_db);
    year.T_dp_K.push_back(T_dp);
    year.rh.push_back(units::percent_to_fraction(rh_pct));
    year.p_Pa.push_back(value[9]);
    year.ghi_W_m2.push_back(value[13]);
    year.dni_W_m2.push_back(value[14]);
    year.dhi_W_m2.push_back(value[15]);
    year.wind_dir_deg.push_back(value[20]);
    year.wind_speed_m_s.push_back(value[21]);
    year.raw_rows.emplace_back(line);
  }

  if (problems.empty()) {
    const std::size_t n = year.hours();
    const std::size_t want = leap ? 8784 : 8760;
    if (n < want) {
      problems.add(lines.size(), "the hourly data ends after " + std::to_string(n) +
                                     " rows, at month " + std::to_string(expected.month) +
                                     " day " + std::to_string(expected.day) + " hour " +
                                     std::to_string(expected.hour) + "; a year has " +
                                     std::to_string(want) + " rows");
    }
  }
  if (!problems.empty()) {
    problems.raise();
  }
  return year;
}

ClimateYear read_epw(const std::filesystem::path& path, const EpwReadOptions& options) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw InputError(path.string(), "no such climate file");
  }
  // A year of hourly rows is 1-4 MB; a file many times that size cannot be one and is refused
  // before it is read (issue 12, item 14: a 300 MB file ended in bad_alloc).
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > kMaxEpwBytes) {
    throw InputError(path.string(), "too large to be one climate year (" + std::to_string(size / 1000000) +
                                        " MB; an EPW year is 1-4 MB, at most " +
                                        std::to_string(kMaxEpwBytes / 1000000) + " MB is read)");
  }
  ClimateYear year = parse_epw(read_file(path), path.string(), options);
  year.source = path;
  return year;
}

Location read_epw_location(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::string first;
  if (!in || !std::getline(in, first)) {
    throw IoError(path.string(), "cannot read the LOCATION line");
  }
  ProblemList problems(path.string(), 5);
  if (to_lower(trim(split(first, ',').front())) != "location") {
    problems.add(1, "expected the LOCATION header line of an EPW file");
    problems.raise();
  }
  Location loc = parse_location(trim(first), problems);
  if (!problems.empty()) {
    problems.raise();
  }
  return loc;
}

std::string format_epw(const ClimateYear& year) {
  std::string out;
  out.reserve(year.raw_rows.size() * 210 + 4096);
  for (const auto& h : year.header_lines) {
    out += h;
    out += '\n';
  }
  if (year.raw_rows.size() != year.hours()) {
    throw Error(year.name, "cannot write EPW: the raw rows do not match the hourly series");
  }
  char buf[64];
  for (std::size_t i = 0; i < year.hours(); ++i) {
    auto f = split(year.raw_rows[i], ',');
    std::string row;
    row.reserve(year.raw_rows[i].size() + 8);
    for (std::size_t k = 0; k < f.size(); ++k) {
      if (k > 0) {
        row += ',';
      }
      switch (k) {
      case 6: // two decimals: a shifted year rounded to EPW's usual one would bias the mean
        std::snprintf(buf, sizeof buf, "%.2f", units::kelvin_to_celsius(year.T_db_K[i]) + 0.0);
        row += buf;
        break;
      case 7: // EPW's dew-point range is -70 to 70 C; drier air is written as -70 C
        std::snprintf(buf, sizeof buf, "%.2f",
                      std::clamp(units::kelvin_to_celsius(year.T_dp_K[i]), -70.0, 70.0) + 0.0);
        row += buf;
        break;
      case 8:
        std::snprintf(buf, sizeof buf, "%.0f", std::round(units::fraction_to_percent(year.rh[i])));
        row += buf;
        break;
      case 9:
        std::snprintf(buf, sizeof buf, "%.0f", std::round(year.p_Pa[i]));
        row += buf;
        break;
      default:
        row += f[k];
      }
    }
    // "-0.00" reads back as 0 but looks odd; print it as 0.00.
    for (std::size_t pos = 0; (pos = row.find(",-0.00,", pos)) != std::string::npos;) {
      row.replace(pos, 7, ",0.00,");
    }
    out += row;
    out += '\n';
  }
  return out;
}

void write_epw(const ClimateYear& year, const std::filesystem::path& path) {
  write_file_atomically(path, format_epw(year));
}

} // namespace parktwin::climate
