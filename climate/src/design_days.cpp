#include "parktwin/climate/design_days.hpp"

#include "parktwin/climate/psychrometrics.hpp"
#include "parktwin/common/error.hpp"
#include "parktwin/common/text.hpp"
#include "parktwin/common/units.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <numeric>

namespace parktwin::climate {

namespace {

/// ASHRAE Handbook of Fundamentals, ch. 14: fraction of the daily dry-bulb range below the day's
/// maximum, by hour ending 1-24 (the profile of EnergyPlus's DefaultMultipliers).
constexpr std::array<double, 24> kRangeFraction = {0.88, 0.92, 0.95, 0.98, 1.00, 0.98, 0.91, 0.74,
                                                   0.55, 0.38, 0.23, 0.13, 0.05, 0.00, 0.00, 0.06,
                                                   0.14, 0.24, 0.39, 0.50, 0.59, 0.68, 0.75, 0.82};

struct Field {
  std::string text;
  std::size_t line;
};

/// The objects of an IDF-syntax file: fields separated by ',', objects ended by ';', comments
/// from '!' to the end of the line.
std::vector<std::vector<Field>> objects(const std::string& text) {
  std::vector<std::vector<Field>> out;
  std::vector<Field> current;
  std::string field;
  std::size_t line = 1, field_line = 1;
  bool comment = false;
  for (const char c : text) {
    if (c == '\n') {
      ++line;
      comment = false;
      continue;
    }
    if (comment) {
      continue;
    }
    if (c == '!') {
      comment = true;
    } else if (c == ',' || c == ';') {
      current.push_back({std::string(trim(field)), field_line});
      field.clear();
      field_line = line;
      if (c == ';') {
        out.push_back(std::move(current));
        current.clear();
      }
    } else {
      if (trim(field).empty() && !std::isspace(static_cast<unsigned char>(c))) {
        field_line = line;
      }
      field += c;
    }
  }
  return out;
}

double number(const Field& f, const std::filesystem::path& file, const char* what) {
  if (const auto v = parse_double(f.text)) {
    return *v;
  }
  throw InputError(file.string() + ":" + std::to_string(f.line),
                   std::string(what) + " is not a number: '" + f.text.substr(0, 40) + "'");
}

} // namespace

std::vector<DesignDay> read_ddy(const std::filesystem::path& file) {
  const std::string text = read_file(file);
  std::vector<DesignDay> days;
  for (const auto& o : objects(text)) {
    if (o.empty() || to_lower(o[0].text) != "sizingperiod:designday") {
      continue;
    }
    // Fields (EnergyPlus 8-9 order): 1 name, 2 month, 3 day, 4 day type, 5 max dry bulb,
    // 6 daily range, 7-8 range modifier, 9 humidity condition type, 10 wet bulb or dew point at
    // the maximum, 11-14 humidity schedule/ratio/enthalpy/range, 15 barometric pressure.
    if (o.size() < 16) {
      throw InputError(file.string() + ":" + std::to_string(o[0].line),
                       "SizingPeriod:DesignDay has " + std::to_string(o.size() - 1) +
                           " fields, expected at least 15");
    }
    if (to_lower(o[4].text) != "summerdesignday" || to_lower(o[9].text) != "wetbulb") {
      continue;
    }
    DesignDay d;
    d.name = o[1].text;
    d.month = static_cast<int>(number(o[2], file, "month"));
    d.day = static_cast<int>(number(o[3], file, "day of month"));
    d.T_db_max_K = units::celsius_to_kelvin(number(o[5], file, "maximum dry bulb"));
    d.daily_range_K = number(o[6], file, "daily dry-bulb range");
    d.T_wb_K = units::celsius_to_kelvin(number(o[10], file, "wet bulb at maximum dry bulb"));
    d.p_Pa = number(o[15], file, "barometric pressure");
    if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31 || d.daily_range_K < 0.0 ||
        d.daily_range_K > 40.0 || d.T_wb_K > d.T_db_max_K + 1e-9 || d.p_Pa < 30e3 || d.p_Pa > 120e3 ||
        d.T_db_max_K < units::celsius_to_kelvin(-60.0) || d.T_db_max_K > units::celsius_to_kelvin(70.0)) {
      throw InputError(file.string() + ":" + std::to_string(o[1].line),
                       "design day '" + d.name + "' has values outside any climate");
    }
    d.source = file.filename().string() + ":" + std::to_string(o[1].line);
    days.push_back(std::move(d));
  }
  return days;
}

std::vector<DesignDay> cooling_design_days(const std::vector<DesignDay>& all) {
  std::vector<DesignDay> out;
  for (const char* tag : {"clg .4% condns db=>mwb", "clg 1% condns db=>mwb", "clg .4% condns wb=>mdb"}) {
    for (const auto& d : all) {
      if (to_lower(d.name).find(tag) != std::string::npos) {
        out.push_back(d);
        break;
      }
    }
  }
  return out;
}

std::vector<DesignDay> design_days_from_year(const ClimateYear& year, const std::vector<double>* wet_bulb_K) {
  const std::size_t n = year.hours();
  std::vector<double> wb(n);
  double p_sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    if (wet_bulb_K != nullptr && wet_bulb_K->size() == n) {
      wb[i] = (*wet_bulb_K)[i];
    } else {
      const double W = psy::humidity_ratio_from_rh(year.T_db_K[i], year.rh[i], year.p_Pa[i]);
      wb[i] = psy::wet_bulb_K(year.T_db_K[i], W, year.p_Pa[i]);
    }
    p_sum += year.p_Pa[i];
  }
  const double p_mean = p_sum / static_cast<double>(std::max<std::size_t>(n, 1));
  // Daily range of each day.
  std::vector<double> range(n / 24 + 1, 0.0);
  for (std::size_t day = 0; day < n / 24; ++day) {
    const auto b = year.T_db_K.begin() + static_cast<std::ptrdiff_t>(day * 24);
    const auto [lo, hi] = std::minmax_element(b, b + 24);
    range[day] = *hi - *lo;
  }
  const auto make = [&](const std::vector<double>& key, const std::vector<double>& other,
                        double fraction, const char* name, bool key_is_db) {
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    const std::size_t k = std::max<std::size_t>(1, static_cast<std::size_t>(fraction * static_cast<double>(n)));
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
                      [&](std::size_t a, std::size_t b) { return key[a] > key[b]; });
    double other_sum = 0.0, range_sum = 0.0;
    for (std::size_t i = 0; i < k; ++i) {
      other_sum += other[order[i]];
      range_sum += range[order[i] / 24];
    }
    DesignDay d;
    d.name = name;
    const std::size_t warmest = order[0];
    d.month = year.month.empty() ? 7 : year.month[warmest];
    d.day = year.day.empty() ? 21 : year.day[warmest];
    const double a = key[order[k - 1]];
    const double b = other_sum / static_cast<double>(k);
    d.T_db_max_K = key_is_db ? a : std::max(a, b);
    d.T_wb_K = key_is_db ? std::min(b, a) : a;
    d.daily_range_K = range_sum / static_cast<double>(k);
    d.p_Pa = p_mean;
    d.source = "climate year " + year.name;
    return d;
  };
  return {make(year.T_db_K, wb, 0.004, "Ann Clg .4% Condns DB=>MWB (from the year)", true),
          make(year.T_db_K, wb, 0.01, "Ann Clg 1% Condns DB=>MWB (from the year)", true),
          make(wb, year.T_db_K, 0.004, "Ann Clg .4% Condns WB=>MDB (from the year)", false)};
}

std::vector<DesignDay> climate_design_days(const ClimateYear& year, const std::vector<double>* wet_bulb_K) {
  if (const auto ddy = ddy_beside(year.source); !ddy.empty()) {
    auto days = cooling_design_days(read_ddy(ddy));
    if (!days.empty()) {
      return days;
    }
  }
  return design_days_from_year(year, wet_bulb_K);
}

std::filesystem::path ddy_beside(const std::filesystem::path& epw) {
  if (epw.empty()) {
    return {};
  }
  std::filesystem::path ddy = epw;
  ddy.replace_extension(".ddy");
  std::error_code ec;
  return std::filesystem::is_regular_file(ddy, ec) ? ddy : std::filesystem::path();
}

ClimateYear design_day_year(const DesignDay& d) {
  ClimateYear y;
  y.name = d.name;
  const double W = psy::humidity_ratio_from_wet_bulb(d.T_db_max_K, d.T_wb_K, d.p_Pa);
  for (int i = 0; i < 48; ++i) {
    const int h = i % 24 + 1;
    const double T = d.T_db_max_K - d.daily_range_K * kRangeFraction[static_cast<std::size_t>(h - 1)];
    const double rh = std::min(1.0, psy::rh_from_humidity_ratio(T, W, d.p_Pa));
    y.month.push_back(static_cast<std::uint8_t>(d.month));
    y.day.push_back(static_cast<std::uint8_t>(i < 24 ? d.day : std::min(d.day + 1, 28)));
    y.hour.push_back(static_cast<std::uint8_t>(h));
    y.T_db_K.push_back(T);
    y.T_dp_K.push_back(std::min(T, psy::dew_point_K(W, d.p_Pa)));
    y.rh.push_back(rh);
    y.p_Pa.push_back(d.p_Pa);
    y.ghi_W_m2.push_back(0.0);
    y.dni_W_m2.push_back(0.0);
    y.dhi_W_m2.push_back(0.0);
    y.wind_speed_m_s.push_back(0.0);
    y.wind_dir_deg.push_back(0.0);
  }
  return y;
}

} // namespace parktwin::climate
