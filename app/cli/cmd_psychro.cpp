// parktwin psychro: the state of moist air from two properties and the pressure.

#include "commands.hpp"

#include "parktwin/climate/psychrometrics.hpp"
#include "parktwin/common/error.hpp"
#include "parktwin/common/units.hpp"

#include <nlohmann/json.hpp>

#include <ostream>

namespace parktwin::cli {

Command psychro_command() {
  Command c;
  c.spec.path = "psychro";
  c.spec.usage = "--tdb <C> (--rh <%> | --twb <C> | --tdp <C>) (--pressure <Pa> | --elevation <m>) [--json]";
  c.spec.summary = "Moist-air properties (ASHRAE Handbook Fundamentals ch. 1) at any pressure: wet "
                   "bulb, dew point, humidity ratio, enthalpy, specific volume, density.";
  c.spec.options = {
      {"tdb", "C", "dry-bulb temperature, -100 to 200 C"},
      {"rh", "%", "relative humidity, 0-100 %"},
      {"twb", "C", "thermodynamic wet-bulb temperature"},
      {"tdp", "C", "dew-point temperature"},
      {"pressure", "Pa", "total (station) pressure"},
      {"elevation", "m", "elevation; the pressure of the standard atmosphere there is used"},
      {"json", "", "print JSON instead of text"},
  };
  c.spec.details = "Examples:\n"
                   "  parktwin psychro --tdb 25 --rh 40 --elevation 2150\n"
                   "  parktwin psychro --tdb 40 --twb 20 --pressure 101325 --json\n";
  c.run = [](const ParsedArgs& a, std::ostream& out) {
    using units::celsius_to_kelvin;
    using units::kelvin_to_celsius;
    const auto tdb = a.number("tdb");
    if (!tdb) {
      throw UsageError("--tdb", "the dry bulb is required (see parktwin psychro --help)");
    }
    const int humid = static_cast<int>(a.flag("rh")) + static_cast<int>(a.flag("twb")) +
                      static_cast<int>(a.flag("tdp"));
    if (humid != 1) {
      throw UsageError("psychro", "give exactly one of --rh, --twb or --tdp");
    }
    if (a.flag("pressure") == a.flag("elevation")) {
      throw UsageError("psychro", "give exactly one of --pressure or --elevation");
    }
    double p_Pa = 0.0;
    std::string p_origin;
    if (const auto p = a.number("pressure")) {
      p_Pa = *p;
      p_origin = "given";
      if (!(p_Pa >= 10000.0 && p_Pa <= 200000.0)) {
        throw UsageError("--pressure", fixed(p_Pa, 0) +
                                           " Pa is outside 10000-200000 Pa (note: the unit is Pa, "
                                           "not kPa)");
      }
    } else {
      const double z = *a.number("elevation");
      if (!(z >= -500.0 && z <= 9000.0)) {
        throw UsageError("--elevation", fixed(z, 0) + " m is outside -500 to 9000 m");
      }
      p_Pa = climate::psy::standard_pressure_Pa(z);
      p_origin = "standard atmosphere at " + fixed(z, 0) + " m";
    }
    const double T = celsius_to_kelvin(*tdb);
    if (!(*tdb >= -100.0 && *tdb <= 200.0)) {
      throw UsageError("--tdb", fixed(*tdb, 2) + " C is outside -100 to 200 C");
    }
    climate::psy::State s;
    if (const auto rh = a.number("rh")) {
      if (!(*rh >= 0.0 && *rh <= 100.0)) {
        throw UsageError("--rh", fixed(*rh, 2) + " % is outside 0-100 %");
      }
      s = climate::psy::state_from_rh(T, *rh / 100.0, p_Pa);
    } else if (const auto twb = a.number("twb")) {
      if (*twb > *tdb) {
        throw UsageError("--twb", "the wet bulb " + fixed(*twb, 2) +
                                      " C cannot exceed the dry bulb " + fixed(*tdb, 2) + " C");
      }
      s = climate::psy::state_from_wet_bulb(T, celsius_to_kelvin(*twb), p_Pa);
    } else {
      const double tdp = *a.number("tdp");
      if (tdp > *tdb) {
        throw UsageError("--tdp", "the dew point " + fixed(tdp, 2) +
                                      " C cannot exceed the dry bulb " + fixed(*tdb, 2) + " C");
      }
      s = climate::psy::state_from_dew_point(T, celsius_to_kelvin(tdp), p_Pa);
    }
    if (a.flag("json")) {
      nlohmann::ordered_json j;
      j["pressure_Pa"] = s.p_Pa;
      j["pressure_origin"] = p_origin;
      j["dry_bulb_C"] = kelvin_to_celsius(s.T_db_K);
      j["wet_bulb_C"] = kelvin_to_celsius(s.T_wb_K);
      j["dew_point_C"] = kelvin_to_celsius(s.T_dp_K);
      j["relative_humidity_pct"] = s.rh * 100.0;
      j["humidity_ratio_kg_kg"] = s.W_kg_kg;
      j["vapour_pressure_Pa"] = s.p_w_Pa;
      j["saturation_pressure_Pa"] = s.p_ws_Pa;
      j["enthalpy_kJ_kg"] = s.h_J_kg / 1000.0;
      j["specific_volume_m3_kg"] = s.v_m3_kg;
      j["density_kg_m3"] = s.rho_kg_m3;
      j["degree_of_saturation"] = s.degree_of_saturation;
      j["method"] = "ASHRAE Handbook Fundamentals 2017 ch.1 (Hyland-Wexler saturation pressure)";
      out << j.dump(2) << '\n';
      return 0;
    }
    out << "Moist air at " << fixed(s.p_Pa, 0) << " Pa (" << p_origin << ")\n"
        << "  dry bulb           " << fixed(kelvin_to_celsius(s.T_db_K), 2) << " C\n"
        << "  wet bulb           " << fixed(kelvin_to_celsius(s.T_wb_K), 2) << " C\n"
        << "  dew point          " << fixed(kelvin_to_celsius(s.T_dp_K), 2) << " C\n"
        << "  relative humidity  " << fixed(s.rh * 100.0, 1) << " %\n"
        << "  humidity ratio     " << fixed(s.W_kg_kg * 1000.0, 3) << " g/kg dry air\n"
        << "  vapour pressure    " << fixed(s.p_w_Pa, 1) << " Pa (saturation " << fixed(s.p_ws_Pa, 1)
        << " Pa)\n"
        << "  enthalpy           " << fixed(s.h_J_kg / 1000.0, 2) << " kJ/kg dry air\n"
        << "  specific volume    " << fixed(s.v_m3_kg, 4) << " m3/kg dry air\n"
        << "  density            " << fixed(s.rho_kg_m3, 4) << " kg/m3 moist air\n";
    return 0;
  };
  return c;
}

} // namespace parktwin::cli
