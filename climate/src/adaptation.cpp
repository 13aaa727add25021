#include "parktwin/climate/adaptation.hpp"

#include "parktwin/climate/psychrometrics.hpp"
#include "parktwin/common/error.hpp"
#include "parktwin/common/text.hpp"
#include "parktwin/common/units.hpp"

#include <cstdio>
#include <numeric>

namespace parktwin::climate {
namespace {

double mean(const std::vector<double>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}


} // namespace

ClimateYear adapt_climate(const ClimateYear& source, const SiteAdaptation& a,
                          AdaptationReport* report) {
  if (source.hours() == 0) {
    throw InputError(source.name, "cannot adapt an empty climate year");
  }
  if (a.target_mean_db_K.has_value() == a.shift_K.has_value()) {
    throw InputError("adaptation", "give exactly one of a target annual mean or a dry-bulb shift");
  }
  const double source_mean = mean(source.T_db_K);
  const double shift = a.shift_K ? *a.shift_K : *a.target_mean_db_K - source_mean;
  if (!(std::abs(shift) <= 15.0)) {
    throw InputError("adaptation", "a dry-bulb shift of " + fixed_text(shift, 2) +
                                       " K is beyond what moving a station year to a nearby site "
                                       "can justify (at most 15 K)");
  }
  // Both elevations go through the standard atmosphere, which checks their range.
  const double p_ratio =
      psy::standard_pressure_Pa(a.elevation_m) / psy::standard_pressure_Pa(source.location.elevation_m);

  ClimateYear out = source;
  out.name = a.name.empty() ? source.name + "-adapted" : a.name;
  out.source.clear();
  out.location.elevation_m = a.elevation_m;
  out.location.city = out.name;
  out.location.source = "ParkTwin site adaptation of " + source.location.source;
  out.rh_clamped_hours = 0;
  out.dew_point_clamped_hours = 0;
  std::size_t saturated = 0;
  for (std::size_t i = 0; i < source.hours(); ++i) {
    const double W = psy::humidity_ratio_from_rh(source.T_db_K[i], source.rh[i], source.p_Pa[i]);
    const double T = source.T_db_K[i] + shift;
    const double p = source.p_Pa[i] * p_ratio;
    double p_w = psy::vapour_pressure_from_humidity_ratio_Pa(W, p);
    const double p_ws = psy::saturation_pressure_Pa(T);
    if (p_w > p_ws) {
      p_w = p_ws;
      ++saturated;
    }
    out.T_db_K[i] = T;
    out.p_Pa[i] = p;
    out.rh[i] = p_w / p_ws;
    out.T_dp_K[i] = std::min(psy::dew_point_from_vapour_pressure_K(p_w), T);
  }

  // Header lines for a written EPW: new LOCATION (name, elevation) and a comment saying what
  // was done, so the file documents its own origin.
  if (out.header_lines.size() >= 7) {
    const Location& l = out.location;
    char loc[256];
    std::snprintf(loc, sizeof loc, "LOCATION,%s,%s,%s,%s,%s,%.2f,%.2f,%.1f,%.1f", l.city.c_str(),
                  l.region.c_str(), l.country.c_str(), "ParkTwin-adapted", l.wmo.c_str(),
                  l.latitude_deg, l.longitude_deg, l.timezone_h, l.elevation_m);
    out.header_lines[0] = loc;
    out.header_lines[6] = "COMMENTS 2,ParkTwin site adaptation of " + source.name + " (" +
                          source.location.source + " WMO " + source.location.wmo +
                          "): dry bulb shifted by " + fixed_text(shift, 3) +
                          " K; humidity ratio kept; pressure scaled by " + fixed_text(p_ratio, 5) +
                          " for elevation " + fixed_text(source.location.elevation_m, 1) + " m -> " +
                          fixed_text(a.elevation_m, 1) + " m";
  }
  if (report != nullptr) {
    report->source_name = source.name;
    report->shift_K = shift;
    report->source_mean_db_K = source_mean;
    report->result_mean_db_K = mean(out.T_db_K);
    report->source_elevation_m = source.location.elevation_m;
    report->site_elevation_m = a.elevation_m;
    report->pressure_ratio = p_ratio;
    report->source_mean_p_Pa = mean(source.p_Pa);
    report->result_mean_p_Pa = mean(out.p_Pa);
    report->saturated_hours = saturated;
  }
  return out;
}

} // namespace parktwin::climate
