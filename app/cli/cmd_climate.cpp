// parktwin climate list | stats | adapt

#include "climate_source.hpp"
#include "commands.hpp"

#include "parktwin/climate/catalog.hpp"
#include "parktwin/climate/statistics.hpp"
#include "parktwin/common/error.hpp"
#include "parktwin/common/units.hpp"
#include "parktwin/model/haidong_site.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <filesystem>
#include <ostream>

namespace parktwin::cli {
namespace {

using nlohmann::ordered_json;
using units::celsius_to_kelvin;
using units::kelvin_to_celsius;
namespace fs = std::filesystem;

constexpr std::array<const char*, 12> kMonth = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

const OptionSpec kClimateDirOption{"climate-dir", "folder",
                                   "folder of the climate files (default: $PARKTWIN_CLIMATE_DIR, "
                                   "else ../shared/climate beside the source tree)"};

std::optional<fs::path> climate_dir_option(const ParsedArgs& a) {
  if (const auto v = a.value("climate-dir")) {
    return fs::path(*v);
  }
  return std::nullopt;
}

std::string when(const climate::YearTime& t) {
  return std::string(kMonth[static_cast<std::size_t>(t.month - 1)]) + " " + std::to_string(t.day) +
         ", hour " + std::to_string(t.hour - 1) + "-" + std::to_string(t.hour);
}

std::string C(double T_K, int digits = 1) { return fixed(kelvin_to_celsius(T_K), digits); }

ordered_json extreme_json(const climate::Extreme& e) {
  return {{"value_C", kelvin_to_celsius(e.value)},
          {"month", e.when.month},
          {"day", e.when.day},
          {"hour", e.when.hour}};
}

ordered_json counts_json(const std::vector<climate::ThresholdCount>& counts) {
  ordered_json j = ordered_json::array();
  for (const auto& c : counts) {
    j.push_back({{"threshold_C", kelvin_to_celsius(c.threshold_K)}, {"count", c.count}});
  }
  return j;
}

std::vector<double> to_kelvin(const std::vector<double>& celsius) {
  std::vector<double> out;
  for (double c : celsius) {
    out.push_back(celsius_to_kelvin(c));
  }
  return out;
}

ordered_json adaptation_json(const climate::AdaptationReport& r) {
  return {{"source", r.source_name},
          {"dry_bulb_shift_K", r.shift_K},
          {"source_annual_mean_C", kelvin_to_celsius(r.source_mean_db_K)},
          {"result_annual_mean_C", kelvin_to_celsius(r.result_mean_db_K)},
          {"source_elevation_m", r.source_elevation_m},
          {"site_elevation_m", r.site_elevation_m},
          {"pressure_ratio", r.pressure_ratio},
          {"source_mean_pressure_Pa", r.source_mean_p_Pa},
          {"result_mean_pressure_Pa", r.result_mean_p_Pa},
          {"humidity_ratio", "kept hour by hour"},
          {"saturated_hours", r.saturated_hours}};
}

ordered_json plan_json(const climate::ClimateStatistics& s) {
  const auto& plan = model::haidong::plan_climate();
  const auto& warm = s.months[static_cast<std::size_t>(s.warmest_month - 1)];
  const auto& cold = s.months[static_cast<std::size_t>(s.coldest_month - 1)];
  const auto row = [](double year_K, double plan_K) {
    return ordered_json{{"year_C", kelvin_to_celsius(year_K)},
                        {"plan_C", kelvin_to_celsius(plan_K)},
                        {"difference_K", year_K - plan_K}};
  };
  return {{"source", plan.source},
          {"annual_mean", row(s.mean_db_K, plan.annual_mean_K)},
          {"warmest_month_mean", row(warm.mean_db_K, plan.warmest_month_mean_K)},
          {"coldest_month_mean", row(cold.mean_db_K, plan.coldest_month_mean_K)},
          {"extreme_high", row(s.max_db_K.value, plan.extreme_high_K)},
          {"extreme_low", row(s.min_db_K.value, plan.extreme_low_K)}};
}

void print_plan_table(std::ostream& out, const climate::ClimateStatistics& s) {
  const auto& plan = model::haidong::plan_climate();
  const auto& warm = s.months[static_cast<std::size_t>(s.warmest_month - 1)];
  const auto& cold = s.months[static_cast<std::size_t>(s.coldest_month - 1)];
  out << "\nAgainst the park plan (" << plan.source << "):\n"
      << "  " << pad_right("", 28) << pad_right("this year", 26) << pad_right("plan", 10) << "difference\n";
  const auto row = [&](const char* label, double year_K, const std::string& note, double plan_K) {
    out << "  " << pad_right(label, 28) << pad_right(C(year_K, 2) + " C" + note, 26)
        << pad_right(C(plan_K, 1) + " C", 10) << signed_fixed(year_K - plan_K, 2) << " K\n";
  };
  row("annual mean", s.mean_db_K, "", plan.annual_mean_K);
  row("warmest month mean", warm.mean_db_K,
      std::string(" (") + kMonth[static_cast<std::size_t>(warm.month - 1)] + ")",
      plan.warmest_month_mean_K);
  row("coldest month mean", cold.mean_db_K,
      std::string(" (") + kMonth[static_cast<std::size_t>(cold.month - 1)] + ")",
      plan.coldest_month_mean_K);
  row("extreme high", s.max_db_K.value, "", plan.extreme_high_K);
  row("extreme low", s.min_db_K.value, "", plan.extreme_low_K);
  out << "  " << pad_right("annual range (month means)", 28)
      << pad_right(fixed(warm.mean_db_K - cold.mean_db_K, 2) + " K", 26)
      << pad_right(fixed(plan.warmest_month_mean_K - plan.coldest_month_mean_K, 1) + " K", 10) << "\n";
}

ordered_json stats_json(const ResolvedClimate& rc, const climate::ClimateStatistics& s,
                        bool with_plan) {
  const auto& y = rc.year;
  ordered_json j;
  j["climate"] = y.name;
  j["description"] = rc.description;
  j["file"] = rc.file.string();
  j["verification"] = rc.verification;
  if (!rc.stands_in_for.empty()) {
    j["stands_in_for"] = rc.stands_in_for;
  }
  j["location"] = {{"city", y.location.city},       {"region", y.location.region},
                   {"country", y.location.country}, {"source", y.location.source},
                   {"wmo", y.location.wmo},         {"latitude_deg", y.location.latitude_deg},
                   {"longitude_deg", y.location.longitude_deg},
                   {"timezone_h", y.location.timezone_h},
                   {"elevation_m", y.location.elevation_m}};
  if (rc.adaptation) {
    j["adaptation"] = adaptation_json(*rc.adaptation);
  }
  if (rc.hot_year) {
    const auto& h = *rc.hot_year;
    j["hot_year"] = {{"shift_K", h.shift_K},
                     {"median_dry_bulb_C", kelvin_to_celsius(h.median_db_K)},
                     {"source_max_dry_bulb_C", kelvin_to_celsius(h.source_max_db_K)},
                     {"result_max_dry_bulb_C", kelvin_to_celsius(h.result_max_db_K)},
                     {"source_mean_dry_bulb_C", kelvin_to_celsius(h.source_mean_db_K)},
                     {"result_mean_dry_bulb_C", kelvin_to_celsius(h.result_mean_db_K)},
                     {"hours_moved", h.hours_moved},
                     {"saturated_hours", h.saturated_hours}};
  }
  j["hours"] = s.hours;
  j["days"] = s.days;
  j["annual"] = {{"mean_dry_bulb_C", kelvin_to_celsius(s.mean_db_K)},
                 {"mean_wet_bulb_C", kelvin_to_celsius(s.mean_wb_K)},
                 {"mean_dew_point_C", kelvin_to_celsius(s.mean_dp_K)},
                 {"mean_relative_humidity_pct", s.mean_rh * 100.0},
                 {"mean_humidity_ratio_g_kg", s.mean_W_kg_kg * 1000.0},
                 {"mean_pressure_Pa", s.mean_p_Pa},
                 {"min_pressure_Pa", s.min_p_Pa},
                 {"max_pressure_Pa", s.max_p_Pa},
                 {"mean_wind_speed_m_s", s.mean_wind_speed_m_s},
                 {"max_wind_speed_m_s", s.max_wind_speed_m_s},
                 {"max_dry_bulb", extreme_json(s.max_db_K)},
                 {"min_dry_bulb", extreme_json(s.min_db_K)},
                 {"max_wet_bulb", extreme_json(s.max_wb_K)},
                 {"max_dew_point", extreme_json(s.max_dp_K)},
                 {"warmest_month", s.warmest_month},
                 {"coldest_month", s.coldest_month},
                 {"heating_degree_hours_base_C", kelvin_to_celsius(s.heating_base_K)},
                 {"heating_degree_hours_K_h", s.heating_degree_hours_K_h},
                 {"cooling_degree_hours_base_C", kelvin_to_celsius(s.cooling_base_K)},
                 {"cooling_degree_hours_K_h", s.cooling_degree_hours_K_h},
                 {"global_horizontal_irradiation_kWh_m2", units::j_to_kwh(s.ghi_J_m2)},
                 {"direct_normal_irradiation_kWh_m2", units::j_to_kwh(s.dni_J_m2)},
                 {"diffuse_horizontal_irradiation_kWh_m2", units::j_to_kwh(s.dhi_J_m2)},
                 {"sunshine_proxy_threshold_W_m2", s.sunshine_dni_W_m2},
                 {"sunshine_proxy_hours", s.sunshine_proxy_hours},
                 {"rh_clamped_hours", s.rh_clamped_hours},
                 {"dew_point_clamped_hours", s.dew_point_clamped_hours}};
  ordered_json months = ordered_json::array();
  for (const auto& m : s.months) {
    months.push_back({{"month", m.month},
                      {"hours", m.hours},
                      {"mean_dry_bulb_C", kelvin_to_celsius(m.mean_db_K)},
                      {"mean_daily_max_dry_bulb_C", kelvin_to_celsius(m.mean_daily_max_db_K)},
                      {"mean_daily_min_dry_bulb_C", kelvin_to_celsius(m.mean_daily_min_db_K)},
                      {"max_dry_bulb", extreme_json(m.max_db_K)},
                      {"min_dry_bulb", extreme_json(m.min_db_K)},
                      {"mean_wet_bulb_C", kelvin_to_celsius(m.mean_wb_K)},
                      {"mean_dew_point_C", kelvin_to_celsius(m.mean_dp_K)},
                      {"mean_relative_humidity_pct", m.mean_rh * 100.0},
                      {"mean_humidity_ratio_g_kg", m.mean_W_kg_kg * 1000.0},
                      {"global_horizontal_irradiation_kWh_m2", units::j_to_kwh(m.ghi_J_m2)}});
  }
  j["monthly"] = months;
  j["hours_dry_bulb_below"] = counts_json(s.hours_db_below);
  j["hours_dry_bulb_at_or_above"] = counts_json(s.hours_db_at_or_above);
  j["hours_wet_bulb_below"] = counts_json(s.hours_wb_below);
  j["days_daily_max_dry_bulb_below"] = counts_json(s.days_max_db_below);
  j["days_daily_mean_dry_bulb_below"] = counts_json(s.days_mean_db_below);
  j["days_daily_max_wet_bulb_below"] = counts_json(s.days_max_wb_below);
  ordered_json bins = ordered_json::array();
  for (const auto& b : s.bins) {
    ordered_json row{{"from_C", kelvin_to_celsius(b.lower_K)},
                     {"to_C", kelvin_to_celsius(b.lower_K + s.bin_width_K)},
                     {"hours", b.hours}};
    if (b.hours > 0) {
      row["mean_coincident_wet_bulb_C"] = kelvin_to_celsius(b.mean_coincident_wb_K);
      row["mean_coincident_humidity_ratio_g_kg"] = b.mean_coincident_W_kg_kg * 1000.0;
    }
    bins.push_back(row);
  }
  j["dry_bulb_bins"] = bins;
  if (with_plan) {
    j["plan"] = plan_json(s);
  }
  return j;
}

void print_counts(std::ostream& out, const char* label, const std::vector<climate::ThresholdCount>& c,
                  const char* op) {
  if (c.empty()) {
    return;
  }
  out << "  " << pad_right(label, 34);
  for (std::size_t i = 0; i < c.size(); ++i) {
    out << (i == 0 ? "" : ", ") << op << fixed(kelvin_to_celsius(c[i].threshold_K), 1) << ": "
        << c[i].count;
  }
  out << "\n";
}

void print_stats(std::ostream& out, const ResolvedClimate& rc, const climate::ClimateStatistics& s,
                 bool with_plan) {
  const auto& y = rc.year;
  const auto& L = y.location;
  out << "Climate: " << y.name << "\n  " << rc.description << "\n";
  if (!rc.stands_in_for.empty()) {
    out << "  stands in for: " << rc.stands_in_for << "\n";
  }
  out << "  " << rc.verification << "\n"
      << "  location " << fixed(L.latitude_deg, 2) << (L.latitude_deg >= 0 ? " N, " : " S, ")
      << fixed(std::abs(L.longitude_deg), 2) << (L.longitude_deg >= 0 ? " E" : " W")
      << ", elevation " << fixed(L.elevation_m, 0) << " m, GMT" << signed_fixed(L.timezone_h, 1)
      << ", " << s.hours << " hours, " << s.days << " days\n";
  if (rc.adaptation) {
    const auto& a = *rc.adaptation;
    out << "\nSite adaptation of " << a.source_name << ":\n"
        << "  dry bulb shifted by " << signed_fixed(a.shift_K, 3) << " K (annual mean "
        << C(a.source_mean_db_K, 2) << " C -> " << C(a.result_mean_db_K, 2) << " C)\n"
        << "  humidity ratio kept hour by hour; relative humidity, dew point and wet bulb "
           "recomputed";
    if (a.saturated_hours > 0) {
      out << " (" << a.saturated_hours << " hours capped at saturation)";
    }
    out << "\n  station pressure x" << fixed(a.pressure_ratio, 4) << " for elevation "
        << fixed(a.source_elevation_m, 1) << " m -> " << fixed(a.site_elevation_m, 1)
        << " m (mean " << fixed(a.source_mean_p_Pa / 1000.0, 2) << " -> "
        << fixed(a.result_mean_p_Pa / 1000.0, 2) << " kPa)\n";
  }
  if (rc.hot_year) {
    const auto& h = *rc.hot_year;
    if (h.shift_K == 0.0) {
      out << "\nHot year: a shift of 0 K, the year as it is\n";
    } else {
      out << "\nHot year (docs/climate/hot-years.md): the " << h.hours_moved << " hours above the median "
          << C(h.median_db_K, 2) << " C stretched, maximum " << C(h.source_max_db_K, 2) << " C -> "
          << C(h.result_max_db_K, 2) << " C, annual mean " << C(h.source_mean_db_K, 2) << " C -> "
          << C(h.result_mean_db_K, 2) << " C; humidity ratio kept";
      if (h.saturated_hours > 0) {
        out << " (" << h.saturated_hours << " hours capped at saturation)";
      }
      out << "\n";
    }
  }
  if (with_plan) {
    print_plan_table(out, s);
  }
  out << "\nAnnual:\n"
      << "  " << pad_right("mean dry bulb", 34) << C(s.mean_db_K, 2) << " C\n"
      << "  " << pad_right("extreme high", 34) << C(s.max_db_K.value) << " C (" << when(s.max_db_K.when)
      << ")\n"
      << "  " << pad_right("extreme low", 34) << C(s.min_db_K.value) << " C (" << when(s.min_db_K.when)
      << ")\n"
      << "  " << pad_right("mean / max wet bulb", 34) << C(s.mean_wb_K) << " / " << C(s.max_wb_K.value)
      << " C\n"
      << "  " << pad_right("mean dew point", 34) << C(s.mean_dp_K) << " C\n"
      << "  " << pad_right("mean relative humidity", 34) << fixed(s.mean_rh * 100.0, 1) << " %\n"
      << "  " << pad_right("mean humidity ratio", 34) << fixed(s.mean_W_kg_kg * 1000.0, 2) << " g/kg\n"
      << "  " << pad_right("station pressure mean (min-max)", 34) << fixed(s.mean_p_Pa / 1000.0, 1)
      << " kPa (" << fixed(s.min_p_Pa / 1000.0, 1) << "-" << fixed(s.max_p_Pa / 1000.0, 1) << ")\n"
      << "  " << pad_right("wind speed mean / max", 34) << fixed(s.mean_wind_speed_m_s, 2) << " / "
      << fixed(s.max_wind_speed_m_s, 1) << " m/s\n"
      << "  " << pad_right("global horizontal irradiation", 34) << fixed(units::j_to_kwh(s.ghi_J_m2), 0)
      << " kWh/m2 (DNI " << fixed(units::j_to_kwh(s.dni_J_m2), 0) << ", DHI "
      << fixed(units::j_to_kwh(s.dhi_J_m2), 0) << ")\n"
      << "  " << pad_right("sunshine proxy, DNI >= " + fixed(s.sunshine_dni_W_m2, 0) + " W/m2", 34)
      << s.sunshine_proxy_hours << " h\n"
      << "  " << pad_right("heating degree-hours, base " + C(s.heating_base_K) + " C", 34)
      << fixed(s.heating_degree_hours_K_h, 0) << " K h\n"
      << "  " << pad_right("cooling degree-hours, base " + C(s.cooling_base_K) + " C", 34)
      << fixed(s.cooling_degree_hours_K_h, 0) << " K h\n";
  if (s.rh_clamped_hours + s.dew_point_clamped_hours > 0) {
    out << "  " << pad_right("clamped on reading", 34) << s.rh_clamped_hours
        << " h of RH outside 0-100 %, " << s.dew_point_clamped_hours
        << " h of dew point above dry bulb\n";
  }
  out << "\nHours and days below thresholds (C):\n";
  print_counts(out, "hours dry bulb", s.hours_db_below, "<");
  print_counts(out, "hours dry bulb", s.hours_db_at_or_above, ">=");
  print_counts(out, "hours wet bulb", s.hours_wb_below, "<");
  print_counts(out, "days, daily max dry bulb", s.days_max_db_below, "<");
  print_counts(out, "days, daily mean dry bulb", s.days_mean_db_below, "<");
  print_counts(out, "days, daily max wet bulb", s.days_max_wb_below, "<");

  out << "\nDry-bulb bins (" << fixed(s.bin_width_K, 0)
      << " K): hours / mean coincident wet bulb C\n";
  for (std::size_t i = 0; i < s.bins.size(); ++i) {
    const auto& b = s.bins[i];
    const std::string label = C(b.lower_K, 0) + ".." + C(b.lower_K + s.bin_width_K, 0);
    out << (i % 4 == 0 ? "  " : "") << pad_right(label, 10) << pad_right(std::to_string(b.hours), 6)
        << pad_right(b.hours > 0 ? C(b.mean_coincident_wb_K) : "-", 7)
        << (i % 4 == 3 || i + 1 == s.bins.size() ? "\n" : "  ");
  }
  out << "\nMonthly:\n  month  mean C  max-day C  min-day C  extreme hi/lo C   wet bulb C  RH %  "
         "GHI kWh/m2\n";
  for (const auto& m : s.months) {
    if (m.hours == 0) {
      continue;
    }
    out << "  " << pad_right(kMonth[static_cast<std::size_t>(m.month - 1)], 7)
        << pad_right(C(m.mean_db_K), 8) << pad_right(C(m.mean_daily_max_db_K), 11)
        << pad_right(C(m.mean_daily_min_db_K), 11)
        << pad_right(C(m.max_db_K.value) + " / " + C(m.min_db_K.value), 18) << pad_right(C(m.mean_wb_K), 12)
        << pad_right(fixed(m.mean_rh * 100.0, 1), 6) << fixed(units::j_to_kwh(m.ghi_J_m2), 1) << "\n";
  }
}

climate::StatisticsOptions statistics_options(const ParsedArgs& a) {
  auto o = climate::StatisticsOptions::defaults();
  if (const auto v = a.numbers("db-below")) {
    o.db_hour_thresholds_K = to_kelvin(*v);
    o.daily_max_db_thresholds_K = to_kelvin(*v);
    o.daily_mean_db_thresholds_K = to_kelvin(*v);
  }
  if (const auto v = a.numbers("wb-below")) {
    o.wb_hour_thresholds_K = to_kelvin(*v);
    o.daily_max_wb_thresholds_K = to_kelvin(*v);
  }
  if (const auto v = a.number("heating-base")) {
    if (*v < -30.0 || *v > 40.0) {
      throw UsageError("--heating-base", fixed(*v, 1) + " C is outside -30 to 40 C");
    }
    o.heating_base_K = celsius_to_kelvin(*v);
  }
  return o;
}

} // namespace

Command climate_list_command() {
  Command c;
  c.spec.path = "climate list";
  c.spec.usage = "[--climate-dir <folder>] [--json]";
  c.spec.summary = "Lists the climate files found, with station, elevation, what each stands in "
                   "for, and whether its sha256 matches PROVENANCE.md.";
  c.spec.options = {kClimateDirOption, {"json", "", "print JSON instead of text"}};
  c.spec.details = "Exit status 1 if a listed file does not match its documented sha256.\n";
  c.run = [](const ParsedArgs& a, std::ostream& out) {
    const climate::ClimateCatalog catalog(climate::resolve_climate_dir(climate_dir_option(a)));
    bool mismatch = false;
    ordered_json list = ordered_json::array();
    struct Row {
      std::string key, station, elev, stands, status, file;
    };
    std::vector<Row> rows;
    rows.push_back({model::haidong::kParkClimateName, "(built in, from Xining)",
                    fixed(model::haidong::kParkElevation_m, 0),
                    "Haidong Zero-Carbon Computing Park (adapted Xining year)", "derived", ""});
    list.push_back({{"name", model::haidong::kParkClimateName},
                    {"built_in", true},
                    {"elevation_m", model::haidong::kParkElevation_m},
                    {"stands_in_for", rows.back().stands},
                    {"derived_from_wmo", model::haidong::kBaseStationWmo}});
    for (const auto& e : catalog.entries()) {
      std::string digest;
      const auto v = catalog.verify(e, &digest);
      mismatch = mismatch || v == climate::Verification::Mismatch;
      const std::string stands = e.stands_in_for.empty()
                                     ? model::haidong::station_role(e.location.wmo)
                                     : e.stands_in_for;
      rows.push_back({e.key, e.location.city + " (WMO " + e.location.wmo + ")",
                      fixed(e.location.elevation_m, 0), stands.empty() ? "-" : stands,
                      climate::to_string(v), e.path.lexically_relative(catalog.directory()).string()});
      list.push_back({{"name", e.key},
                      {"file", e.path.string()},
                      {"station", e.location.city},
                      {"region", e.location.region},
                      {"wmo", e.location.wmo},
                      {"source", e.location.source},
                      {"latitude_deg", e.location.latitude_deg},
                      {"longitude_deg", e.location.longitude_deg},
                      {"elevation_m", e.location.elevation_m},
                      {"stands_in_for", stands},
                      {"sha256", digest},
                      {"sha256_listed", e.expected_sha256},
                      {"verification", climate::to_string(v)}});
    }
    if (a.flag("json")) {
      out << ordered_json{{"climate_dir", catalog.directory().string()},
                          {"provenance", catalog.has_provenance()},
                          {"climates", list}}
                 .dump(2)
          << '\n';
    } else {
      out << "Climate folder: " << catalog.directory().string()
          << (catalog.has_provenance() ? "" : " (no PROVENANCE.md: files cannot be verified)")
          << "\n\n";
      out << "  " << pad_right("name", 16) << pad_right("station", 28) << pad_right("elev m", 8) << pad_right("sha256", 10)
          << "stands in for\n";
      for (const auto& r : rows) {
        out << "  " << pad_right(r.key, 16) << pad_right(r.station, 28) << pad_right(r.elev, 8) << pad_right(r.status, 10)
            << r.stands << "\n";
      }
      out << "\nStand-in stations are the nearest CSWD station to each hub, an approximation.\n";
    }
    if (mismatch) {
      throw InputError(catalog.directory().string(),
                       "a climate file does not match the sha256 listed in PROVENANCE.md "
                       "(marked MISMATCH above)");
    }
    return 0;
  };
  return c;
}

Command climate_stats_command() {
  Command c;
  c.spec.path = "climate stats";
  c.spec.usage = "<name-or-path> [options]";
  c.spec.min_positionals = 1;
  c.spec.max_positionals = 1;
  c.spec.summary = "Statistics of a climate year: annual and monthly means, extremes, hours and "
                   "days below dry-bulb and wet-bulb thresholds, degree-hours, irradiation.";
  c.spec.options = {
      kClimateDirOption,
      {"elevation", "m", "site elevation of the built-in haidong-park year (default 2150 m)"},
      {"hot-year", "K", "the year's hot year: its maximum moved by K (a scenario's site.hot_year_K)"},
      {"db-below", "C,C,..", "dry-bulb thresholds for hour and day counts"},
      {"wb-below", "C,C,..", "wet-bulb thresholds for hour and day counts"},
      {"heating-base", "C", "base temperature of heating degree-hours (default 18 C)"},
      {"plan", "", "compare with the Haidong park plan's figures (default for haidong-park)"},
      {"json", "", "print JSON instead of text"},
  };
  c.spec.details =
      "<name-or-path> is 'haidong-park' (the built-in park year), a name from 'parktwin climate "
      "list' (e.g. xining, minhe, hohhot), or the path of an EPW file.\n";
  c.run = [](const ParsedArgs& a, std::ostream& out) {
    const std::string name = a.positionals().front();
    const auto options = statistics_options(a);
    ResolvedClimate rc = resolve_climate(name, climate_dir_option(a), a.number("elevation"));
    if (const auto k = a.number("hot-year")) {
      climate::HotYearReport report;
      rc.year = climate::hot_year(rc.year, *k, "--hot-year", &report);
      rc.hot_year = report;
    }
    const auto s = climate::compute_statistics(rc.year, options);
    const bool with_plan = a.flag("plan") || rc.adaptation.has_value();
    if (a.flag("json")) {
      out << stats_json(rc, s, with_plan).dump(2) << '\n';
    } else {
      print_stats(out, rc, s, with_plan);
    }
    return 0;
  };
  return c;
}

Command climate_adapt_command() {
  Command c;
  c.spec.path = "climate adapt";
  c.spec.usage = "<name-or-path> (--mean <C> | --shift <K>) --elevation <m> [--name <name>] "
                 "[--out <file.epw>] [--json]";
  c.spec.min_positionals = 1;
  c.spec.max_positionals = 1;
  c.spec.summary = "Moves a station's climate year to a nearby site: dry bulb shifted to a target "
                   "annual mean (or by a given shift), humidity ratio kept, pressure for the site "
                   "elevation. Reports what it did; with --out writes the adapted EPW.";
  c.spec.options = {
      kClimateDirOption,
      {"mean", "C", "target annual mean dry bulb of the site"},
      {"shift", "K", "dry-bulb shift instead of a target mean"},
      {"elevation", "m", "site elevation (pressure from the standard-atmosphere ratio)"},
      {"name", "name", "name of the adapted year (default <source>-adapted)"},
      {"out", "file.epw", "write the adapted year as an EPW file (atomically)"},
      {"plan", "", "compare with the Haidong park plan's figures (default for haidong-park)"},
      {"json", "", "print JSON instead of text"},
  };
  c.spec.details = "The built-in haidong-park year is exactly:\n"
                   "  parktwin climate adapt xining --mean 7.6 --elevation 2150 --name haidong-park\n"
                   "Method: docs/climate/site-adaptation.md.\n";
  c.run = [](const ParsedArgs& a, std::ostream& out) {
    const std::string name = a.positionals().front();
    if (a.flag("mean") == a.flag("shift")) {
      throw UsageError("climate adapt", "give exactly one of --mean <C> or --shift <K>");
    }
    const auto z = a.number("elevation");
    if (!z) {
      throw UsageError("--elevation", "the site elevation is required");
    }
    if (!(*z >= -500.0 && *z <= 9000.0)) {
      throw UsageError("--elevation", fixed(*z, 0) + " m is outside -500 to 9000 m");
    }
    climate::SiteAdaptation spec;
    if (const auto m = a.number("mean")) {
      if (!(*m >= -40.0 && *m <= 40.0)) {
        throw UsageError("--mean", fixed(*m, 2) + " C is not a plausible annual mean (-40 to 40 C)");
      }
      spec.target_mean_db_K = celsius_to_kelvin(*m);
    } else {
      spec.shift_K = *a.number("shift");
    }
    spec.elevation_m = *z;
    if (const auto n = a.value("name")) {
      if (n->empty() || n->find_first_of(",\n\r") != std::string::npos) {
        throw UsageError("--name", "must be non-empty and hold no comma or line break");
      }
      spec.name = *n;
    }
    std::optional<fs::path> out_path;
    if (const auto o = a.value("out")) {
      out_path = fs::path(*o);
      if (out_path->extension() != ".epw") {
        throw UsageError("--out", "'" + *o + "' should end in .epw");
      }
    }
    const ResolvedClimate rc = resolve_climate(name, climate_dir_option(a), std::nullopt);
    climate::AdaptationReport report;
    const climate::ClimateYear adapted = climate::adapt_climate(rc.year, spec, &report);
    if (out_path) {
      climate::write_epw(adapted, *out_path);
    }
    const auto s = climate::compute_statistics(adapted);
    const ResolvedClimate shown{adapted, "site adaptation of " + rc.description,
                                "source: " + rc.verification, "", report, rc.file, std::nullopt};
    const bool with_plan = a.flag("plan") || spec.name == model::haidong::kParkClimateName;
    if (a.flag("json")) {
      ordered_json j = stats_json(shown, s, with_plan);
      if (out_path) {
        j["written_to"] = out_path->string();
      }
      out << j.dump(2) << '\n';
    } else {
      print_stats(out, shown, s, with_plan);
      if (out_path) {
        out << "\nWritten: " << out_path->string() << "\n";
      }
    }
    return 0;
  };
  return c;
}

} // namespace parktwin::cli
