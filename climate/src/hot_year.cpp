#include "parktwin/climate/hot_year.hpp"

#include "parktwin/climate/psychrometrics.hpp"
#include "parktwin/common/error.hpp"
#include "parktwin/common/text.hpp"
#include "parktwin/common/units.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace parktwin::climate {
namespace {

double mean(const std::vector<double>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

// The lower median: the value of rank ceil(n / 2), a value of the year (hours at or below it are
// kept, so a hot year of a hot year has the same pivot and the shifts add exactly).
double lower_median(std::vector<double> v) {
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>((v.size() - 1) / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}


} // namespace

ClimateYear hot_year(const ClimateYear& source, double shift_K, const std::string& where, HotYearReport* report) {
  if (!std::isfinite(shift_K) || std::abs(shift_K) > 10.0) {
    throw InputError(where, "a hot-year shift of the annual maximum must lie within -10 .. 10 K");
  }
  if (source.hours() == 0) {
    throw InputError(where, "cannot build a hot year from an empty climate year");
  }
  const double T_med = lower_median(source.T_db_K);
  const double T_max = *std::max_element(source.T_db_K.begin(), source.T_db_K.end());
  const double span = T_max - T_med;
  if (!(span + shift_K > 0.0)) {
    throw InputError(where, "a hot-year shift of " + fixed_text(shift_K, 2) + " K would bring the year's maximum (" +
                                fixed_text(units::kelvin_to_celsius(T_max), 2) + " C) to its median (" + fixed_text(units::kelvin_to_celsius(T_med), 2) +
                                " C) or below");
  }
  ClimateYear out = source;
  std::size_t moved = 0;
  std::size_t saturated = 0;
  if (shift_K != 0.0) {
    const double stretch = shift_K / span;
    for (std::size_t i = 0; i < source.hours(); ++i) {
      const double T = source.T_db_K[i];
      if (!(T > T_med)) {
        continue;
      }
      ++moved;
      const double W = psy::humidity_ratio_from_rh(T, source.rh[i], source.p_Pa[i]);
      const double T_new = T + stretch * (T - T_med);
      double p_w = psy::vapour_pressure_from_humidity_ratio_Pa(W, source.p_Pa[i]);
      const double p_ws = psy::saturation_pressure_Pa(T_new);
      if (p_w > p_ws) {
        p_w = p_ws;
        ++saturated;
      }
      out.T_db_K[i] = T_new;
      out.rh[i] = p_w / p_ws;
      out.T_dp_K[i] = std::min(psy::dew_point_from_vapour_pressure_K(p_w), T_new);
    }
    out.name = source.name + (shift_K > 0.0 ? "-hot" : "-cool") + fixed_text(std::abs(shift_K), 2);
    out.source.clear();
    if (out.header_lines.size() >= 7) {
      out.header_lines[6] = "COMMENTS 2,ParkTwin hot year of " + source.name + ": dry bulb above the median " +
                            fixed_text(units::kelvin_to_celsius(T_med), 2) + " C stretched so the maximum moves by " +
                            fixed_text(shift_K, 3) + " K; humidity ratio kept";
    }
  }
  if (report != nullptr) {
    report->shift_K = shift_K;
    report->median_db_K = T_med;
    report->source_max_db_K = T_max;
    report->result_max_db_K = *std::max_element(out.T_db_K.begin(), out.T_db_K.end());
    report->source_mean_db_K = mean(source.T_db_K);
    report->result_mean_db_K = mean(out.T_db_K);
    report->hours_moved = moved;
    report->saturated_hours = saturated;
  }
  return out;
}

} // namespace parktwin::climate
