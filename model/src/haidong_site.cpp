#include "parktwin/model/haidong_site.hpp"

#include "parktwin/common/error.hpp"
#include "parktwin/common/units.hpp"

namespace parktwin::model::haidong {

const PlanClimate& plan_climate() noexcept {
  using units::celsius_to_kelvin;
  static const PlanClimate plan{celsius_to_kelvin(7.6),  celsius_to_kelvin(19.2),
                                celsius_to_kelvin(-5.6), celsius_to_kelvin(31.5),
                                celsius_to_kelvin(-16.7),
                                "Haidong park plan (2025), section 1.(1).2 natural conditions"};
  return plan;
}

climate::SiteAdaptation park_adaptation(double elevation_m) {
  climate::SiteAdaptation a;
  a.name = kParkClimateName;
  a.description = "Xining CSWD typical year moved to the Haidong park: annual mean 7.6 C "
                  "(plan), humidity ratio kept, pressure for the park elevation";
  a.target_mean_db_K = plan_climate().annual_mean_K;
  a.elevation_m = elevation_m;
  return a;
}

climate::ClimateYear park_climate_year(const climate::ClimateCatalog& catalog, double elevation_m,
                                       climate::AdaptationReport* report) {
  const climate::CatalogEntry* base = catalog.find_wmo(kBaseStationWmo);
  if (base == nullptr) {
    throw InputError(catalog.directory().string(),
                     "the Haidong park year is derived from the Xining CSWD file "
                     "(CHN_Qinghai.Xining.528660_CSWD.epw, WMO 528660), which is not in this "
                     "climate folder");
  }
  return climate::adapt_climate(catalog.load(*base), park_adaptation(elevation_m), report);
}

std::string station_role(const std::string& wmo) {
  if (wmo == "528660") {
    return "Xining: base of the Haidong park year (about 33 km WSW of the park, 100-200 m higher)";
  }
  if (wmo == "528760") {
    return "Minhe, Haidong prefecture (about 75 km ESE of the park, 300-350 m lower, warmer)";
  }
  return {};
}

} // namespace parktwin::model::haidong
