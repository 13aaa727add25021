#include "parktwin/physics/ridethrough.hpp"

#include "hall_ode.hpp"

#include "parktwin/common/error.hpp"
#include "parktwin/common/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace parktwin::physics {

namespace {

using namespace hall_detail;

struct PlantName {
  const char* name;
  FailedPlant plant;
};
constexpr PlantName kPlants[] = {{"chiller", FailedPlant::Chiller}, {"dx", FailedPlant::Dx},
                                 {"iec", FailedPlant::Iec},         {"dry_cooler", FailedPlant::DryCooler},
                                 {"tower", FailedPlant::Tower},     {"crah", FailedPlant::Crah},
                                 {"pump", FailedPlant::Pump}};

const char* plant_name(FailedPlant p) {
  for (const auto& n : kPlants) {
    if (n.plant == p) {
      return n.name;
    }
  }
  return "?";
}

/// Units that fail of `installed` (the event's count, every one by default), recorded in `r`;
/// refuses a plant the hall has none of, or more units than it has.
int failing(const RideThroughEvent& e, int installed, const std::string& hall, RideThroughResult& r) {
  if (installed <= 0) {
    throw InputError("--event", "hall " + hall + " has no " + std::string(plant_name(e.plant)) + " units");
  }
  if (e.units > installed) {
    throw InputError("--event", "hall " + hall + " has " + std::to_string(installed) + " " + plant_name(e.plant) +
                                    " units installed; " + std::to_string(e.units) + " cannot fail");
  }
  r.units_installed = installed;
  r.units_failed = e.units < 0 ? installed : e.units;
  return r.units_failed;
}

double remaining(int installed, int failed) {
  return static_cast<double>(installed - failed) / static_cast<double>(installed);
}

void scale_rejection(RejectionDesign& r, double share) {
  r.duty_W *= share;
  r.fan_design_W *= share;
  r.air_flow_design_kg_s *= share;
}

/// The hall's inputs with the event's units out of service; the counts in `result`.
Inputs apply_failure(Inputs in, const model::Hall& hall, const RideThroughEvent& e, RideThroughResult& result) {
  const model::Plant& plant = hall.cooling.plant;
  const std::string& id = hall.id;
  if (e.kind == RideThroughEvent::Kind::LiquidPump) {
    if (!in.has_liquid) {
      throw InputError("--event", "hall " + id + " has no liquid cooling: pump:liquid does not apply");
    }
    in.liquid_pumps_failed = true;
    result.units_installed = result.units_failed = plant.pumps.installed_units();
    return in;
  }
  const bool chw = in.system == Inputs::Air::ChilledWater;
  switch (e.plant) {
  case FailedPlant::Chiller:
  case FailedPlant::Dx: {
    // Chillers: a chilled-water hall's, else the liquid loop's trim chillers; DX: the trim of an
    // IEC or direct-air hall.
    CompressorPlant* c = nullptr;
    if (e.plant == FailedPlant::Chiller) {
      c = chw ? &in.air_plant : (in.has_liquid && in.loop.trim.units_available > 0 ? &in.loop.trim : nullptr);
    } else if (!chw) {
      c = &in.air_plant;
    }
    const int n = failing(e, c == nullptr ? 0 : c->units_available, id, result); // (refuses none)
    if (c != nullptr) {
      c->units_available -= n;
    }
    return in;
  }
  case FailedPlant::Iec:
  case FailedPlant::Crah: {
    if ((e.plant == FailedPlant::Iec) != (in.system == Inputs::Air::Iec)) {
      throw InputError("--event", e.plant == FailedPlant::Iec
                                      ? "hall " + id + " has no indirect evaporative units: its air units are trip:crah"
                                      : "the air units of hall " + id + " are its indirect evaporative units: trip:iec");
    }
    const int installed = plant.air_units.installed_units();
    in.air_flow_max *= remaining(installed, failing(e, installed, id, result));
    return in;
  }
  case FailedPlant::DryCooler:
  case FailedPlant::Tower: {
    const bool want_dry = e.plant == FailedPlant::DryCooler;
    const auto matches = [&](const RejectionDesign& r) {
      return r.duty_W > 0.0 && (r.kind == RejectionKind::DryCooler) == want_dry;
    };
    const bool on_chw = chw && matches(in.cwp.rejection);
    const bool on_liquid = in.has_liquid && matches(in.loop.rejection);
    if (!on_chw && !on_liquid) {
      throw InputError("--event", "hall " + id + " has no " + std::string(want_dry ? "dry coolers" : "cooling towers"));
    }
    const int installed = plant.heat_rejection.installed_units();
    const double share = remaining(installed, failing(e, installed, id, result));
    if (on_chw) {
      scale_rejection(in.cwp.rejection, share);
    }
    if (on_liquid) {
      scale_rejection(in.loop.rejection, share);
    }
    return in;
  }
  case FailedPlant::Pump: {
    const int installed = plant.pumps.installed_units();
    const int n = failing(e, installed, id, result);
    in.pump_flow_max *= remaining(installed, n);
    if (n == installed && in.has_liquid) {
      in.liquid_pumps_failed = true;
    }
    return in;
  }
  }
  return in;
}

} // namespace

RideThroughEvent RideThroughEvent::parse(const std::string& text) {
  std::vector<std::string> parts;
  for (const auto part : split(text, ':')) {
    parts.emplace_back(part);
  }
  RideThroughEvent e;
  if (parts.size() == 2 && parts[0] == "pump" && parts[1] == "liquid") {
    e.kind = Kind::LiquidPump;
    return e;
  }
  if (parts.size() < 2 || parts.size() > 3 || parts[0] != "trip") {
    throw UsageError("--event", "'" + text + "': expected trip:PLANT[:units] or pump:liquid");
  }
  const auto it = std::find_if(std::begin(kPlants), std::end(kPlants), [&](const PlantName& n) { return parts[1] == n.name; });
  if (it == std::end(kPlants)) {
    throw UsageError("--event", "'" + parts[1] + "' is not a plant: chiller, dx, iec, dry_cooler, tower, crah or pump");
  }
  e.plant = it->plant;
  if (parts.size() == 3) {
    char* end = nullptr;
    const long n = std::strtol(parts[2].c_str(), &end, 10);
    if (parts[2].empty() || *end != '\0' || n < 1 || n > 1000) {
      throw UsageError("--event", "'" + parts[2] + "': the units that fail, a whole number from 1");
    }
    e.units = static_cast<int>(n);
  }
  return e;
}

std::string RideThroughEvent::describe() const {
  if (kind == Kind::LiquidPump) {
    return "liquid-loop pumps fail";
  }
  return std::string("trip of ") + (units < 0 ? "all" : std::to_string(units)) + " " + plant_name(plant) +
         (units == 1 ? " unit" : " units");
}

RideThroughResult simulate_ride_through(const model::Park& park, const model::Hall& hall, const model::Stage& stage,
                                        const ClimateInput& given_climate, const DesignCondition& sizing,
                                        const RideThroughEvent& event, const HallState& start, std::size_t hour,
                                        const RideThroughOptions& options) {
  std::optional<ClimateInput> site_climate;
  const ClimateInput& climate = climate_for_site(given_climate, park.site.hot_year_K, site_climate);
  if (hour < 1 || hour > climate.hours()) {
    throw InputError("--at", "hour " + std::to_string(hour) + " is not in the climate year (1-" +
                                 std::to_string(climate.hours()) + ")");
  }
  if (!(options.duration_s > 0.0) || !(options.output_step_s > 0.0) || options.output_step_s > options.duration_s) {
    throw InputError("ride-through", "the duration and the output step must be positive, the step within the duration");
  }
  RideThroughResult r;
  r.hall_id = hall.id;
  r.hour = hour;
  r.event = event.describe();
  const Inputs failed = apply_failure(derive_inputs(park, hall, stage, &sizing), hall, event, r);
  HallOde ode(failed, climate, "hall " + hall.id + " (" + r.event + ")");
  ode.mode = start.mode;
  ode.liquid_trim_on = start.liquid_trim_on;
  const double t0 = 3600.0 * static_cast<double>(hour - 1);
  IntegratorOptions io = options.integrator;
  io.max_step_s = io.max_step_s > 0.0 ? std::min(io.max_step_s, options.output_step_s * 10.0) : options.output_step_s * 10.0;
  CvodeIntegrator cv(ode, t0, start.y, io);

  std::array<double, kQuads> acc{}, qb{};
  std::array<double, kStates> yb{};
  HallOde::Point pb{};
  const auto cover = [&](double a, double b) {
    const double h = b - a;
    cv.dense_state(a + 0.5 * h, yb);
    ode.integrands(a + 0.5 * h, yb, qb, pb);
    for (std::size_t i = 0; i < kQuads; ++i) {
      acc[i] += h * qb[i];
    }
  };
  const double stored_start = ode.stored_heat_J(start.y);
  const auto steps = static_cast<std::size_t>(std::llround(options.duration_s / options.output_step_s));
  r.t_s.reserve(steps + 1);
  r.inlet_C.reserve(steps + 1);
  r.return_C.reserve(steps + 1);
  const bool liquid = failed.has_liquid;
  const auto record = [&](double t_rel, std::span<const double> y) {
    const double T_in = units::kelvin_to_celsius(y[kTca]);
    const double T_ret = units::kelvin_to_celsius(return_air_K(failed.net, y));
    // Crossings by linear interpolation between output steps (0 when already there at the start).
    for (auto [limit, slot] : {std::pair{27.0, &r.time_to_27C_s}, std::pair{32.0, &r.time_to_32C_s},
                               std::pair{35.0, &r.time_to_35C_s}}) {
      if (!*slot && T_in >= limit) {
        *slot = r.t_s.empty() ? 0.0
                              : r.t_s.back() + (t_rel - r.t_s.back()) * (limit - r.inlet_C.back()) / (T_in - r.inlet_C.back());
      }
    }
    r.t_s.push_back(t_rel);
    r.inlet_C.push_back(T_in);
    r.return_C.push_back(T_ret);
    r.peak_inlet_C = std::max(r.peak_inlet_C, T_in);
    r.peak_return_C = std::max(r.peak_return_C, T_ret);
    if (liquid) {
      r.peak_facility_water_C = std::max(r.peak_facility_water_C, units::kelvin_to_celsius(y[kTfw]));
    }
  };
  r.start_inlet_C = r.peak_inlet_C = units::kelvin_to_celsius(start.y[kTca]);
  r.peak_return_C = -1e300;
  r.peak_facility_water_C = liquid ? -1e300 : std::numeric_limits<double>::quiet_NaN();
  record(0.0, start.y);
  for (std::size_t i = 1; i <= steps; ++i) {
    const double t = t0 + static_cast<double>(i) * options.output_step_s;
    cv.advance_to(t, cover);
    record(t - t0, cv.state());
  }
  const auto y_end = cv.state();
  r.it_energy_J = acc[kEit];
  for (std::size_t i : kFacilityQuads) {
    r.facility_energy_J += acc[i];
  }
  r.water_kg = acc[kWater];
  const double in_J = acc[kEin];
  const double stored = ode.stored_heat_J(y_end) - stored_start;
  r.energy_balance_residual = in_J > 0.0 ? (in_J - acc[kEout] - stored) / in_J : 0.0;
  return r;
}

} // namespace parktwin::physics
