#include "parktwin/physics/ridethrough.hpp"

#include "hall_ode.hpp"

#include "parktwin/common/error.hpp"
#include "parktwin/common/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <tuple>
#include <variant>

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
    if (n == installed) {
      in.liquid_pumps_failed = in.has_liquid;
      in.chilled_water_pumps_failed = chw;
    }
    return in;
  }
  }
  return in;
}

/// Compressors (chillers, DX modules, the liquid trim) not cooling: no power, or restarting.
void compressors_off(Inputs& in) {
  in.air_plant.units_available = 0;
  in.loop.trim.units_available = 0;
}

/// The utility is down and the generators not yet carrying the hall: only the cooling loads on
/// the UPS run (model::Electrical::*_on_ups); compressors never do.
Inputs without_power(Inputs in) {
  const model::Electrical& e = in.electrical;
  if (!e.air_units_on_ups) {
    in.air_flow_max = 0.0; // (IEC units stop whole: their scavenger fans and sprays too)
  }
  if (!e.pumps_on_ups) {
    in.pump_flow_max = 0.0;
    in.liquid_pumps_failed = in.has_liquid;
    in.chilled_water_pumps_failed = in.system == Inputs::Air::ChilledWater;
  }
  if (!e.heat_rejection_on_ups) {
    scale_rejection(in.cwp.rejection, 0.0);
    scale_rejection(in.loop.rejection, 0.0);
  }
  compressors_off(in);
  return in;
}

/// ASHRAE's W classes of facility water (Liquid Cooling Guidelines for Datacom Equipment
/// Centers, 2nd ed., 2014; TC 9.9 2021 update): the class of the design supply, its upper limit.
double coolant_limit_K(double T_design_supply_K) {
  for (double limit_C : {17.0, 27.0, 32.0, 40.0, 45.0}) {
    if (T_design_supply_K <= units::celsius_to_kelvin(limit_C) + 1e-9) {
      return units::celsius_to_kelvin(limit_C);
    }
  }
  return T_design_supply_K + 5.0; // W+ has no upper limit: 5 K above the design (an assumption)
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
  if (parts.size() == 1 && parts[0] == "outage") {
    e.kind = Kind::Outage;
    return e;
  }
  if (parts.size() < 2 || parts.size() > 3 || parts[0] != "trip") {
    throw UsageError("--event", "'" + text + "': expected trip:PLANT[:units], pump:liquid or outage");
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
  if (kind == Kind::Outage) {
    return "utility outage";
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
  if (event.lasts_s && !(*event.lasts_s > 0.0)) {
    throw InputError("--for", "the failure must last a positive time");
  }
  RideThroughResult r;
  r.hall_id = hall.id;
  r.hour = hour;
  r.event = event.describe();
  const Inputs base = derive_inputs(park, hall, stage, &sizing);
  const model::Electrical& el = hall.electrical;
  const bool outage = event.kind == RideThroughEvent::Kind::Outage;
  const double end_s = options.duration_s;
  constexpr double kNever = std::numeric_limits<double>::infinity();
  // The moments the hall's inputs change (relative to the event's start), and what they are.
  const double repaired_s = event.lasts_s.value_or(kNever);
  double restored_s = kNever, restarted_s = kNever;
  Inputs failed;
  if (outage) {
    failed = without_power(base);
    r.units_installed = r.units_failed = 0;
    restored_s = std::min(el.generators ? el.generator_start_s + el.load_transfer_s : kNever, repaired_s);
    restarted_s = restored_s + hall.cooling.plant.compressor_restart_s;
    r.ups_added_rating_W = base.mechanical_ups_design_W;
  } else {
    failed = apply_failure(base, hall, event, r);
  }
  // Stratified tanks, charged at the event's start: the heat each can take.
  constexpr double kTankFigureOfMerit = 0.9; // ASHRAE Handbook HVAC Applications, Thermal Storage
  double chw_tank_J = 0.0, liquid_tank_J = 0.0;
  if (base.system == Inputs::Air::ChilledWater && base.cw.storage_stratified) {
    chw_tank_J = kTankFigureOfMerit * 1000.0 * base.cw.storage_m3 * kCpWater_J_kgK *
                 (base.cw.T_chw_return_K - base.cw.T_chw_supply_K);
  }
  if (base.has_liquid && base.liquid.storage_stratified) {
    liquid_tank_J = kTankFigureOfMerit * 1000.0 * base.liquid.storage_m3 * kCpWater_J_kgK *
                    (base.liquid.T_facility_return_K - base.liquid.T_facility_supply_K);
  }
  r.tank_capacity_J = chw_tank_J + liquid_tank_J;
  bool powered = !outage, compressors = !outage, repaired = false, it_on = true;
  // The inputs of the phase the hall is in.
  const auto phase_inputs = [&] {
    Inputs in;
    if (!outage) {
      in = repaired ? base : failed;
    } else if (!powered) {
      Inputs b = base;
      if (!it_on) { // the batteries are empty: the cooling loads on the UPS stop too
        b.electrical.air_units_on_ups = b.electrical.pumps_on_ups = b.electrical.heat_rejection_on_ups = false;
      }
      in = without_power(b);
    } else {
      in = base; // the generators (or the utility) carry the hall; the compressors restart later
      if (!compressors) {
        compressors_off(in);
      }
    }
    in.chw_tank_charged = chw_tank_J > 0.0;
    in.liquid_tank_charged = liquid_tank_J > 0.0;
    if (!it_on) { // (servers that lost their power stay off until someone restarts them)
      for (auto& g : in.groups) {
        g.mean_W = 0.0;
      }
    }
    return in;
  };
  Inputs current = phase_inputs();
  HallOde ode(current, climate, "hall " + hall.id + " (" + r.event + ")");
  ode.mode = start.mode;
  ode.liquid_trim_on = start.liquid_trim_on;
  const double t0 = 3600.0 * static_cast<double>(hour - 1);
  IntegratorOptions io = options.integrator;
  io.max_step_s = io.max_step_s > 0.0 ? std::min(io.max_step_s, options.output_step_s * 10.0) : options.output_step_s * 10.0;
  CvodeIntegrator cv(ode, t0, start.y, io);
  // (The dwell times start at the event: what the plant did before is not in the kept state.)
  PlantControls controls{t0};

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
  r.at_risk_share.reserve(steps + 1);
  const bool liquid = base.has_liquid;
  if (liquid) {
    r.coolant_limit_C = units::kelvin_to_celsius(coolant_limit_K(base.loop.T_supply_set_K));
    r.peak_facility_supply_C = -1e300;
  }
  // Occupied racks with an air-cooled part and with a liquid-cooled part, of all occupied racks.
  double racks = 0.0, air_racks = 0.0, liquid_racks = 0.0;
  for (const auto& g : hall.rack_groups) {
    const double n = g.count * model::Park::occupancy(g, stage);
    racks += n;
    air_racks += g.liquid_fraction < 1.0 || !liquid ? n : 0.0;
    liquid_racks += liquid && g.liquid_fraction > 0.0 ? n : 0.0;
  }
  constexpr double kAllowableInlet_C = 32.0; // ASHRAE A1 allowable maximum
  constexpr double kCoolantTolerance_K = 0.1; // (a supply held at its class's limit is within it)
  // Batteries (the UPS's and the HVDC's: every IT load rides on one): autonomy_s at the rated
  // load, the design IT and the design of the cooling loads on the UPS.
  const double ups_rated_W = base.it_design_W + base.mechanical_ups_design_W;
  double battery_J = el.ups_autonomy_s * ups_rated_W;
  const auto record = [&](double t_rel, std::span<const double> y) {
    const HallOde::Point p = ode.evaluate(t0 + t_rel, y);
    const double T_in = units::kelvin_to_celsius(y[kTca]);
    const double T_ret = units::kelvin_to_celsius(return_air_K(current.net, y));
    // Crossings by linear interpolation between output steps (0 when already there at the start).
    for (auto [limit, slot] : {std::pair{27.0, &r.time_to_27C_s}, std::pair{32.0, &r.time_to_32C_s},
                               std::pair{35.0, &r.time_to_35C_s}}) {
      if (!*slot && T_in >= limit) {
        *slot = r.t_s.empty() ? 0.0
                              : r.t_s.back() + (t_rel - r.t_s.back()) * (limit - r.inlet_C.back()) / (T_in - r.inlet_C.back());
      }
    }
    bool coolant_lost = false;
    if (liquid) {
      const double T_fs = units::kelvin_to_celsius(p.T_fw_supply);
      coolant_lost = current.liquid_pumps_failed || T_fs > r.coolant_limit_C + kCoolantTolerance_K;
      if (coolant_lost && !r.time_to_coolant_limit_s) {
        r.time_to_coolant_limit_s = t_rel;
      }
      if (!current.liquid_pumps_failed) { // (standing water supplies nothing)
        r.peak_facility_supply_C = std::max(r.peak_facility_supply_C, T_fs);
      }
      r.peak_facility_water_C = std::max(r.peak_facility_water_C, units::kelvin_to_celsius(y[kTfw]));
    }
    const double at_risk =
        it_on && racks > 0.0
            ? std::min(1.0, ((T_in > kAllowableInlet_C ? air_racks : 0.0) +
                             (coolant_lost ? liquid_racks : 0.0) -
                             (T_in > kAllowableInlet_C && coolant_lost ? air_racks + liquid_racks - racks : 0.0)) /
                                racks)
            : 0.0;
    if (at_risk > 0.0 && !r.t_s.empty()) {
      r.it_at_risk_s += t_rel - r.t_s.back();
    }
    r.peak_it_at_risk_share = std::max(r.peak_it_at_risk_share, at_risk);
    r.t_s.push_back(t_rel);
    r.inlet_C.push_back(T_in);
    r.return_C.push_back(T_ret);
    r.at_risk_share.push_back(at_risk);
    r.peak_inlet_C = std::max(r.peak_inlet_C, T_in);
    r.peak_return_C = std::max(r.peak_return_C, T_ret);
    return p;
  };
  r.start_inlet_C = r.peak_inlet_C = units::kelvin_to_celsius(start.y[kTca]);
  r.peak_return_C = -1e300;
  r.peak_facility_water_C = liquid ? -1e300 : std::numeric_limits<double>::quiet_NaN();
  HallOde::Point p = record(0.0, start.y);
  // The phase changes at fixed times; the batteries' end is found at the output steps.
  const auto change_to = [&](double t_rel) {
    const std::vector<double> y(cv.state().begin(), cv.state().end());
    current = phase_inputs();
    ode.inputs_changed();
    cv.reinit(t0 + t_rel, y);
  };
  const auto next_change = [&] {
    if (!outage) {
      return repaired ? kNever : repaired_s;
    }
    return !powered ? restored_s : !compressors ? restarted_s : kNever;
  };
  double t_prev = 0.0;
  for (std::size_t i = 1; i <= steps; ++i) {
    const double t_rel = std::min(static_cast<double>(i) * options.output_step_s, end_s);
    // Fixed changes within this output step: integrate to each, change, go on.
    for (double next = next_change(); next < t_rel; next = next_change()) {
      if (next > t_prev) {
        cv.advance_to(t0 + next, cover);
      }
      if (!outage) {
        repaired = true;
      } else if (!powered) {
        powered = true;
        r.power_restored_s = next;
      } else {
        compressors = true;
        r.compressors_restart_s = next;
      }
      change_to(std::max(next, t_prev));
      t_prev = std::max(next, t_prev);
    }
    cv.advance_to(t0 + t_rel, cover);
    // Batteries: the UPS carries the IT on it and the cooling loads on it while no power comes.
    if (outage && !powered && it_on) {
      battery_J -= (t_rel - t_prev) * (p.it_W + ode.mechanical_on_ups_W(p));
    }
    // Tanks: what they took over the step (at its start's rate, as the batteries).
    bool emptied = false;
    for (auto [left, drawn, when] : {std::tuple{&chw_tank_J, p.Q_tank_chw, &r.chilled_water_tank_empty_s},
                                     std::tuple{&liquid_tank_J, p.Q_tank_liquid, &r.facility_water_tank_empty_s}}) {
      if (*left > 0.0 && drawn > 0.0) {
        const double taken = std::min(*left, (t_rel - r.t_s.back()) * drawn);
        r.tank_discharged_J += taken;
        *left -= taken;
        if (*left <= 0.0) {
          *when = t_rel;
          emptied = true;
        }
      }
    }
    p = record(t_rel, cv.state());
    if (emptied) {
      change_to(t_rel);
    }
    // The plant's controls, as in the year.
    if (options.restage) {
      const auto y = cv.state();
      const PlantControls::Decision d = controls.decide(current, ode, p, t0 + t_rel, y[kTca], options.controls);
      if (d.mode != ode.mode || d.trim != ode.liquid_trim_on) {
        std::vector<double> state(y.begin(), y.end());
        if (d.mode != ode.mode) {
          state[kIpi] = d.integrator;
          ode.mode = d.mode;
          controls.switched(t0 + t_rel);
          r.mode_changes.emplace_back(t_rel, d.mode);
        }
        ode.liquid_trim_on = d.trim;
        ode.inputs_changed();
        cv.reinit(t0 + t_rel, state);
      }
    }
    if (outage && !powered && it_on && battery_J <= 0.0) {
      it_on = false;
      r.it_power_lost_s = t_rel;
      change_to(t_rel);
    }
    t_prev = t_rel;
  }
  if (liquid && r.peak_facility_supply_C < -1e299) {
    r.peak_facility_supply_C = std::numeric_limits<double>::quiet_NaN(); // never flowed
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

RideThroughEvent cooling_plant_trip(const model::Hall& hall) {
  RideThroughEvent e;
  e.plant = std::holds_alternative<model::IndirectEvaporative>(hall.cooling.air_system) ? FailedPlant::Iec
            : std::holds_alternative<model::ChilledWater>(hall.cooling.air_system)    ? FailedPlant::Chiller
                                                                                       : FailedPlant::Crah;
  return e;
}

std::vector<RideThroughResult> ride_through_events(const model::Park& park, const model::Hall& hall,
                                                   const model::Stage& stage, const ClimateInput& climate,
                                                   const std::vector<RideThroughEvent>& events, std::size_t hour,
                                                   const RideThroughOptions& options) {
  SimulationOptions so;
  so.keep_states = true;
  so.keep_hourly = false;
  const HallResult year = simulate_hall(park, hall, stage, climate, so);
  if (!year.ok) {
    throw SolverError("hall " + hall.id, year.error);
  }
  if (hour < 1 || hour > year.states.size()) {
    throw InputError("--at", "hour " + std::to_string(hour) + " is not in the climate year");
  }
  std::vector<RideThroughResult> out;
  for (const auto& e : events) {
    out.push_back(simulate_ride_through(park, hall, stage, climate, year.plant.design, e, year.states[hour - 1], hour,
                                        options));
  }
  return out;
}

} // namespace parktwin::physics
