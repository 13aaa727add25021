#include "parktwin/physics/hall_simulation.hpp"

#include "hall_ode.hpp"

#include "parktwin/climate/psychrometrics.hpp"
#include "parktwin/common/error.hpp"
#include "parktwin/common/units.hpp"
#include "parktwin/physics/air_economizers.hpp"
#include "parktwin/physics/components.hpp"
#include "parktwin/physics/chilled_water_plant.hpp"
#include "parktwin/physics/compressor_plant.hpp"
#include "parktwin/physics/hall_network.hpp"
#include "parktwin/physics/heat_rejection.hpp"
#include "parktwin/physics/liquid_loop.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>

namespace parktwin::physics {

const char* to_string(CoolingMode m) noexcept {
  switch (m) {
  case CoolingMode::Free:
    return "free";
  case CoolingMode::Partial:
    return "partial";
  case CoolingMode::Mechanical:
    return "mechanical";
  }
  return "?";
}

double EnergyBalance::relative_residual() const noexcept {
  return heat_in_J > 0.0 ? (heat_in_J - heat_out_J - stored_J) / heat_in_J : 0.0;
}

namespace hall_detail {

void size_plants(const model::Hall& hall, const DesignCondition& d, Inputs& in);

/// Design air flow of a heat rejection: a tower's from its water flow at L/G 1.2, a dry cooler's
/// from its duty over a 10 K air rise.
double rejection_air_flow_kg_s(RejectionKind kind, double duty_W, double water_kg_s) {
  return kind == RejectionKind::DryCooler ? duty_W / (kCpAir_J_kgK * kDryCoolerAirRise_K)
                                          : water_kg_s / kTowerLiquidToGas;
}

/// Bumpless transfer at a change of mode: the PI integrator that makes the new mode's command
/// keep the coil outlet where the old mode had it (T_ret - u (T_ret - T_min,old)), as a building
/// controller re-initialises its integrator on a change of sequence; e = T_ca - T_set.
PlantControls::Decision PlantControls::decide(const Inputs& in, const HallOde& ode, const HallOde::Point& p, double t,
                                               double T_ca_K, const SimulationOptions& options) {
  const double e = T_ca_K - in.T_set_K;
  if (p.u_unsat >= 1.0 && e > 0.5) {
    if (saturated_since < -1e299) {
      saturated_since = t;
    }
  } else {
    saturated_since = -1e300;
  }
  // A lower mode may take over when it could reach the supply temperature with 1 K to spare.
  // Never while the compressors are at their capacity: the plant needs all it has.
  const bool can_relax = ode.mode != CoolingMode::Free && !p.air_limited &&
                         p.total_min[static_cast<std::size_t>(ode.mode) - 1] <= p.T_sup - 1.0;
  if (can_relax) {
    if (relax_since < -1e299) {
      relax_since = t;
    }
  } else {
    relax_since = -1e300;
  }
  Decision d{ode.mode, ode.liquid_trim_on, 0.0};
  // Step up after the dwell, or at once when the mode cannot reach the set point at all
  // (its lowest supply is above it): waiting would only let the hall warm.
  const bool hopeless = p.total_min[static_cast<std::size_t>(ode.mode)] >= in.T_set_K + 1.0;
  if (saturated_since > -1e299 && ode.mode != CoolingMode::Mechanical &&
      (hopeless || t - saturated_since >= options.escalation_dwell_s - 1e-6)) {
    d.mode = static_cast<CoolingMode>(static_cast<int>(ode.mode) + 1);
  } else if (relax_since > -1e299 && t - relax_since >= options.min_dwell_s - 1e-6 &&
             t - last_switch >= options.min_dwell_s - 1e-6) {
    d.mode = static_cast<CoolingMode>(static_cast<int>(ode.mode) - 1);
  }
  // The liquid loop's trim chiller: staged on when the heat rejection leaves the supply
  // 0.2 K above its set point, off when the rejection holds it alone with fans <= 90 %.
  if (in.has_liquid && in.loop.trim.units_available > 0) {
    if (!d.trim && p.T_dc_supply > in.loop.T_supply_set_K + 0.2) {
      d.trim = true;
    } else if (d.trim && p.rejection_holds) {
      d.trim = false;
    }
  }
  if (d.mode != ode.mode) {
    // Bumpless transfer, so the plant does not jump and the restart needs fewer small steps.
    d.integrator = bumpless_integrator(p, p.total_min[static_cast<std::size_t>(ode.mode)],
                                       p.total_min[static_cast<std::size_t>(d.mode)], e);
  }
  return d;
}

double bumpless_integrator(const HallOde::Point& p, double T_min_old_K, double T_min_new_K, double e) {
  const double T_out = p.T_ret - p.u * std::max(0.0, p.T_ret - T_min_old_K);
  const double span_new = p.T_ret - T_min_new_K;
  const double u_new = span_new > 1e-6 ? std::clamp((p.T_ret - T_out) / span_new, 0.0, 1.0) : p.u;
  return u_new - kKp_per_K * e;
}

Inputs derive_inputs(const model::Park& park, const model::Hall& hall, const model::Stage& stage,
                     const DesignCondition* sizing) {
  Inputs in;
  double secondary_sfp = 0.0;
  if (const auto* iec = std::get_if<model::IndirectEvaporative>(&hall.cooling.air_system)) {
    in.system = Inputs::Air::Iec;
    in.iec = *iec;
    in.trim_COP = iec->trim_chiller_COP;
    secondary_sfp = iec->secondary_fan_specific_power_W_per_m3_s;
  } else if (const auto* cw = std::get_if<model::ChilledWater>(&hall.cooling.air_system)) {
    in.system = Inputs::Air::ChilledWater;
    in.cw = *cw;
    in.trim_COP = cw->chiller_COP_nominal;
  } else {
    in.system = Inputs::Air::DirectAir;
    in.dae = std::get<model::DirectAirEconomizer>(hall.cooling.air_system);
    in.trim_COP = in.dae.trim_chiller_COP;
  }
  in.air = hall.air;
  in.electrical = hall.electrical;
  in.T_set_K = hall.air.T_supply_K;
  double liquid_W = 0.0;
  for (const auto& g : hall.rack_groups) {
    const double design = g.design_power_W();
    in.it_design_W += design;
    liquid_W += design * g.liquid_fraction;
    in.groups.push_back({design * model::Park::occupancy(g, stage) * g.utilisation,
                         g.liquid_fraction, g.load_profile, nullptr});
  }
  in.liquid_fraction = in.it_design_W > 0.0 ? liquid_W / in.it_design_W : 0.0;
  in.has_liquid = hall.cooling.liquid.has_value() && in.liquid_fraction > 0.0;
  if (in.has_liquid) {
    in.liquid = *hall.cooling.liquid;
  } else {
    in.liquid_fraction = 0.0;
    for (auto& g : in.groups) {
      g.liquid_fraction = 0.0;
    }
  }
  in.liquid_design_W = in.it_design_W * in.liquid_fraction;
  in.air_design_W = in.it_design_W - in.liquid_design_W;
  const double dT_air = hall.air.T_return_K - hall.air.T_supply_K;
  in.m_air_design_kg_s = std::max(in.air_design_W, 1.0) / (kCpAir_J_kgK * dT_air);
  const double V_design = in.m_air_design_kg_s / kStandardAirDensity_kg_m3;
  in.fan_design_W = hall.air.fan_specific_power_W_per_m3_s * V_design;
  if (in.system == Inputs::Air::Iec) {
    in.iec_units = {in.iec.dry_effectiveness, in.iec.wet_bulb_effectiveness, secondary_sfp * V_design};
  }
  // Air units, heat rejection and pumps: what the installed units deliver, relative to the need
  // (docs/physics/plant-capacity.md).
  in.air_flow_max = hall.cooling.plant.air_units.capacity_fraction();
  in.pump_flow_max = hall.cooling.plant.pumps.capacity_fraction();
  const double rejection_capacity = hall.cooling.plant.heat_rejection.capacity_fraction();
  if (in.system == Inputs::Air::ChilledWater) {
    const double dT_chw = in.cw.T_chw_return_K - in.cw.T_chw_supply_K;
    ChilledWaterPlantDesign& w = in.cwp;
    w.m_chw_kg_s = in.air_design_W / (kCpWater_J_kgK * dT_chw);
    w.T_chw_supply_K = in.cw.T_chw_supply_K;
    w.plate_hx_approach_K = in.cw.plate_hx_approach_K;
    w.economizer = in.cw.economizer;
    w.chw_pump_W = w.m_chw_kg_s / 1000.0 * in.cw.pump_head_Pa / kPumpEfficiency;
    w.cond_pump_W = w.m_chw_kg_s / 1000.0 * kCondenserPumpHead_Pa / kPumpEfficiency;
    w.T_condenser_floor_K = kChillerRatedCond_K - kChillerCondLift_K - kHeadPressureFloor_K;
    in.net.C_J_K[kChilledWater] =
        (kChilledWaterLitres_per_W * in.air_design_W + (in.cw.storage_stratified ? 0.0 : 1000.0 * in.cw.storage_m3)) *
        kCpWater_J_kgK;
    const bool dry = in.cw.economizer == model::EconomizerKind::DryCooler;
    RejectionDesign& t = w.rejection;
    t.kind = dry ? RejectionKind::DryCooler : RejectionKind::OpenTower;
    // Installed duty: the need x the units' capacity (each gives the stated approach at its rated
    // duty); fans and air flow in proportion.
    t.duty_W = in.air_design_W * rejection_capacity;
    t.approach_dry_K = in.cw.dry_cooler_approach_K;
    t.approach_wet_K = in.cw.tower_approach_K;
    t.fan_design_W = (dry ? kDryCoolerFanFraction : kTowerFanFraction) * t.duty_W;
    t.air_flow_design_kg_s = rejection_air_flow_kg_s(t.kind, t.duty_W, w.m_chw_kg_s * rejection_capacity);
    if (t.kind == RejectionKind::OpenTower) {
      // The tower gives its design approach at the site's design wet bulb with the loop's range
      // (the condenser water flows as the chilled water does); unsized (mode maps, signatures)
      // at the CTI rating wet bulb, 25.6 C (78 F).
      calibrate_open_tower(t, sizing != nullptr ? sizing->T_wb_K : units::celsius_to_kelvin(25.6), dT_chw);
    }
  }
  if (in.has_liquid) {
    const double dT_w = in.liquid.T_facility_return_K - in.liquid.T_facility_supply_K;
    LiquidLoopDesign& l = in.loop;
    l.m_water_kg_s = in.liquid_design_W / (kCpWater_J_kgK * dT_w);
    l.T_supply_set_K = in.liquid.T_facility_supply_K;
    const bool tower = in.liquid.rejection == model::LiquidRejection::CoolingTower;
    RejectionDesign& r = l.rejection;
    r.kind = tower ? RejectionKind::ClosedCircuitTower : RejectionKind::DryCooler;
    r.duty_W = in.liquid_design_W * rejection_capacity;
    r.approach_dry_K = in.liquid.dry_cooler_approach_K;
    r.approach_wet_K = in.liquid.tower_approach_K;
    r.adiabatic_assist = !tower && in.liquid.adiabatic_assist;
    r.fan_design_W = (tower ? kClosedTowerFanFraction : kDryCoolerFanFraction) * r.duty_W;
    r.air_flow_design_kg_s = rejection_air_flow_kg_s(r.kind, r.duty_W, l.m_water_kg_s * rejection_capacity);
    in.immersion = in.liquid.technology == model::LiquidTechnology::Immersion;
    const double cp2 = in.immersion ? kDielectricCp_J_kgK : kColdPlateFluidCp_J_kgK;
    const double rho2 = in.immersion ? kDielectricRho_kg_m3 : kColdPlateFluidRho_kg_m3;
    const double head2 = in.immersion ? kImmersionHead_Pa : kColdPlateHead_Pa;
    // Facility pumps, and the secondary loop's pumps from the CDU to the racks.
    l.pump_W = l.m_water_kg_s / 1000.0 * in.liquid.pump_head_Pa / kPumpEfficiency +
               in.liquid_design_W / (cp2 * kSecondaryRange_K) / rho2 * head2 / kPumpEfficiency;
    in.net.C_J_K[kLiquidLoop] =
        (kWaterLitres_per_W * in.liquid_design_W +
         (in.liquid.storage_stratified ? 0.0 : 1000.0 * in.liquid.storage_m3)) * kCpWater_J_kgK;
  }
  const double area = hall.floor_area_m2;
  const double air_volume = area * kHallHeight_m;
  in.net.C_J_K[kColdAisle] = in.net.C_J_K[kHotAisle] = 0.5 * air_volume * 1.0 * kCpAir_J_kgK;
  in.net.C_J_K[kItMass] = kItCapacity_J_K_per_W * in.it_design_W;
  in.net.C_J_K[kStructure] = kStructureCapacity_J_K_m2 * area;
  in.net.G_structure_W_K = kStructureFilm_W_m2K * area;
  in.net.UA_envelope_W_K = kEnvelopeU_W_m2K * kEnvelopeArea_per_floor_area * area;
  in.net.bypass_fraction = hall.air.bypass_fraction;
  in.net.recirculation_fraction = hall.air.recirculation_fraction;
  in.net.it_effectiveness = kItEffectiveness;
  in.net.cp_air_J_kgK = kCpAir_J_kgK;
  // The roof covers the top floor only: a hall gets the share of it its floor area is of the
  // building's gross floor area (footprint x floors), the average over the floors it may be on
  // (which floor is not in the scenario yet). The old share gave a four-floor building's whole
  // roof to its halls as if each were under it.
  for (const auto& w : park.wings) {
    for (const auto& b : w.buildings) {
      for (const auto& h : b.halls) {
        if (&h == &hall) {
          const double footprint = model::area_m2(b.footprint);
          const double gross = footprint * std::max(b.floors, 1);
          in.A_roof = footprint * std::min(1.0, hall.floor_area_m2 / std::max(gross, 1.0));
        }
      }
    }
  }
  in.lighting_W = hall.electrical.lighting_W_per_m2 * area;
  in.aux_W = hall.electrical.auxiliaries_W_per_m2 * area;
  in.design_VA = hall.design_apparent_power_VA();
  if (hall.cooling.heat_recovery && in.has_liquid) {
    in.loop.recovery = hall.cooling.heat_recovery;
    for (const auto& n : park.heat_networks) {
      if (n.id == in.loop.recovery->network_id) {
        in.network = &n;
        in.loop.T_network_supply_K = n.T_supply_K;
      }
    }
    // The network's demand is shared among the halls feeding it (in service at this stage), in
    // proportion to their design liquid heat.
    double total = 0.0;
    for (const auto& w : park.wings) {
      for (const auto& b : w.buildings) {
        for (const auto& h : b.halls) {
          if (park.service_year(h) > stage.year || !h.cooling.heat_recovery || !h.cooling.liquid ||
              h.cooling.heat_recovery->network_id != in.loop.recovery->network_id) {
            continue;
          }
          for (const auto& g : h.rack_groups) {
            total += g.design_power_W() * g.liquid_fraction;
          }
        }
      }
    }
    in.demand_share = total > 0.0 ? in.liquid_design_W / total : 0.0;
    if (in.network == nullptr) {
      in.loop.recovery.reset();
    }
  }
  if (sizing != nullptr) {
    size_plants(hall, *sizing, in);
  } else {
    in.air_plant.unit_capacity_W = in.loop.trim.unit_capacity_W = 1e15;
    in.air_plant.units_available = in.loop.trim.units_available = 1;
  }
  // Mechanical loads on the UPS (a ride-through option): its rating grows by their design power.
  const auto& el = hall.electrical;
  in.mechanical_ups_design_W =
      (el.air_units_on_ups ? in.fan_design_W + in.iec_units.scavenger_fan_design_W : 0.0) +
      (el.pumps_on_ups ? in.cwp.chw_pump_W + in.cwp.cond_pump_W + in.loop.pump_W : 0.0) +
      (el.heat_rejection_on_ups ? in.cwp.rejection.fan_design_W + in.loop.rejection.fan_design_W : 0.0);
  return in;
}

/// Compressor capacity sized for the design condition (docs/physics/chillers.md, "Capacity"):
/// the need at design x (1 + margin) / N per unit at the rating point, N + redundancy installed.
void size_plants(const model::Hall& hall, const DesignCondition& d, Inputs& in) {
  const model::Plant& plant = hall.cooling.plant;
  const int N = std::max(plant.units, 1);
  const double margin = 1.0 + plant.sizing_margin;
  const bool chillers = in.system == Inputs::Air::ChilledWater;
  CompressorPlant& a = in.air_plant;
  a.cop_rated = in.trim_COP;
  a.T_evap_rated_K = chillers ? kChillerRatedEvap_K : kDxRatedEvap_K;
  a.T_cond_rated_K = chillers ? kChillerRatedCond_K : kDxRatedCond_K;
  a.min_unloading_ratio = plant.minimum_unloading_ratio;
  a.units_available = plant.installed_units();
  in.air_units_N_share = static_cast<double>(N) / std::max(a.units_available, 1);
  const double m_d = in.m_air_design_kg_s;
  const double T_coil_design = in.T_set_K - in.fan_design_W / (m_d * kCpAir_J_kgK);
  double need = 0.0, T_e = 0.0, T_c = 0.0;
  switch (in.system) {
  case Inputs::Air::Iec: {
    const double T_iec = iec_limits(in.iec_units, in.air.T_return_K, d.T_db_K, d.T_wb_K).wet_K;
    need = std::max(m_d * kCpAir_J_kgK * std::max(0.0, T_iec - T_coil_design),
                    plant.minimum_air_trim_fraction * in.air_design_W);
    T_e = T_coil_design - kDxCoilApproach_K;
    T_c = d.T_db_K + kCondenserApproach_K;
    break;
  }
  case Inputs::Air::ChilledWater: {
    need = in.air_design_W + in.fan_design_W;
    T_e = in.cw.T_chw_supply_K - 2.0;
    T_c = rejection_water_K(in.cwp, d.T_db_K, d.T_wb_K, in.air_design_W) + kChillerCondLift_K;
    break;
  }
  case Inputs::Air::DirectAir:
    need = in.air_design_W + in.fan_design_W;
    T_e = T_coil_design - kDxCoilApproach_K;
    T_c = d.T_db_K + kCondenserApproach_K;
    break;
  }
  // The unit's rated capacity that gives the need at the design temperatures.
  a.unit_capacity_W = plant.unit_capacity_W.value_or(need * margin / N / capacity_fraction(a, T_e, T_c));
  // Liquid trim: what the heat rejection leaves above the supply set point on the design day.
  CompressorPlant& l = in.loop.trim;
  l.cop_rated = in.trim_COP;
  l.T_evap_rated_K = kDxRatedEvap_K;
  l.T_cond_rated_K = kDxRatedCond_K;
  l.min_unloading_ratio = plant.minimum_unloading_ratio;
  l.units_available = 0;
  if (in.has_liquid) {
    const double T_fs = in.loop.T_supply_set_K;
    const double mcp = in.loop.m_water_kg_s * kCpWater_J_kgK;
    const RejectionAir air{d.T_db_K, d.T_wb_K, d.W_kg_kg, d.p_Pa,
                           climate::psy::moist_air_density_kg_m3(d.T_db_K, d.W_kg_kg, d.p_Pa)};
    const RejectionPoint r = reject_heat(in.loop.rejection, in.liquid.T_facility_return_K, mcp, T_fs, air);
    const double liquid_need = mcp * std::max(0.0, r.T_supply_K - T_fs);
    const double total = plant.liquid_trim_capacity_W.value_or(
        liquid_need * margin / capacity_fraction(l, T_fs - kTrimEvaporatorApproach_K, d.T_db_K + kCondenserApproach_K));
    if (total > 0.0) {
      // Given: the total installed; sized: N units carry the need, redundancy on top.
      l.units_available = plant.installed_units();
      l.unit_capacity_W = plant.liquid_trim_capacity_W ? total / l.units_available : total / N;
    }
  }
}

} // namespace hall_detail

namespace {
using namespace hall_detail;

/// Appends numbers in a form that round-trips exactly.
class Signature {
public:
  Signature& operator<<(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g,", x);
    text_ += buf;
    return *this;
  }
  std::string text() && { return std::move(text_); }

private:
  std::string text_;
};

template <class E> double as_number(E e) { return static_cast<double>(static_cast<int>(e)); }

} // namespace

using namespace hall_detail;

struct PlantModes::Impl {
  Inputs in;
};

PlantModes::PlantModes(const model::Park& park, const model::Hall& hall, const model::Stage& stage)
    : impl_(std::make_unique<Impl>(Impl{derive_inputs(park, hall, stage)})) {}

PlantModes::~PlantModes() = default;

CoolingMode PlantModes::at(double T_db_K, double W_kg_kg, double p_Pa) const {
  const Inputs& in = impl_->in;
  HallOde::TimeTerms k;
  k.c.T_db_K = T_db_K;
  k.c.W_kg_kg = W_kg_kg;
  k.c.p_Pa = p_Pa;
  k.c.T_wb_K = climate::psy::wet_bulb_K(T_db_K, W_kg_kg, p_Pa);
  k.c.T_db_daily_mean_K = T_db_K;
  HallOde::plant_time_terms(in, k);
  std::array<double, 3> econ{}, total{};
  HallOde::plant_limits(in, k, in.air.T_return_K, econ, total);
  for (std::size_t m = 0; m < 2; ++m) {
    if (total[m] <= in.T_set_K) {
      return static_cast<CoolingMode>(m);
    }
  }
  return CoolingMode::Mechanical;
}

CoolingMode design_mode(const model::Park& park, const model::Hall& hall, const model::Stage& stage,
                        double T_db_K, double W_kg_kg, double p_Pa) {
  return PlantModes(park, hall, stage).at(T_db_K, W_kg_kg, p_Pa);
}

std::string hall_signature(const model::Park& park, const model::Hall& hall, const model::Stage& stage) {
  const Inputs in = derive_inputs(park, hall, stage);
  Signature s;
  for (double x : {in.it_design_W, in.liquid_fraction, in.air_design_W, in.liquid_design_W,
                   in.m_air_design_kg_s, in.fan_design_W, in.iec_units.scavenger_fan_design_W, in.loop.m_water_kg_s,
                   in.loop.pump_W, in.A_roof, in.lighting_W, in.aux_W,
                   in.design_VA, in.T_set_K, in.loop.T_supply_set_K, in.cwp.m_chw_kg_s, in.cwp.chw_pump_W,
                   in.cwp.cond_pump_W, in.cwp.rejection.fan_design_W, in.trim_COP, in.demand_share}) {
    s << x;
  }
  s << (in.has_liquid ? 1.0 : 0.0) << as_number(in.system);
  if (in.mechanical_ups_design_W > 0.0) { // (absent: the signatures of halls before the option)
    const auto& el = hall.electrical;
    s << in.mechanical_ups_design_W << (el.air_units_on_ups ? 1.0 : 0.0) << (el.pumps_on_ups ? 1.0 : 0.0)
      << (el.heat_rejection_on_ups ? 1.0 : 0.0);
  }
  for (double c : in.net.C_J_K) {
    s << c;
  }
  s << in.net.G_structure_W_K << in.net.UA_envelope_W_K << in.net.bypass_fraction
    << in.net.recirculation_fraction << in.net.it_effectiveness << in.net.cp_air_J_kgK;
  s << in.iec.wet_bulb_effectiveness << in.iec.dry_effectiveness
    << in.iec.secondary_fan_specific_power_W_per_m3_s << in.iec.trim_chiller_COP;
  s << in.cw.T_chw_supply_K << in.cw.T_chw_return_K << in.cw.chiller_COP_nominal
    << as_number(in.cw.economizer) << in.cw.tower_approach_K << in.cw.dry_cooler_approach_K
    << in.cw.plate_hx_approach_K << in.cw.pump_head_Pa << in.cw.storage_m3;
  if (in.cw.storage_stratified || in.liquid.storage_stratified) { // (absent: the signatures before the kind)
    s << (in.cw.storage_stratified ? 1.0 : 0.0) << (in.liquid.storage_stratified ? 1.0 : 0.0);
  }
  s << in.dae.T_dew_point_min_K << in.dae.T_dew_point_max_K << in.dae.rh_max
    << as_number(in.dae.humidifier) << in.dae.trim_chiller_COP;
  s << as_number(in.liquid.technology) << in.liquid.T_facility_supply_K
    << in.liquid.T_facility_return_K << as_number(in.liquid.rejection)
    << in.liquid.dry_cooler_approach_K << (in.liquid.adiabatic_assist ? 1.0 : 0.0)
    << in.liquid.pump_head_Pa << in.liquid.storage_m3;
  const auto& e = in.electrical;
  s << e.transformer_no_load_loss_fraction << e.transformer_load_loss_fraction
    << e.transformer_loading << e.ups_efficiency << e.it_on_ups_fraction
    << e.distribution_loss_fraction << e.lighting_W_per_m2 << e.auxiliaries_W_per_m2
    << e.power_factor << e.design_peak_PUE << as_number(e.ups_mode) << e.ups_eco_efficiency;
  s << in.air.T_supply_K << in.air.T_return_K << in.air.bypass_fraction
    << in.air.recirculation_fraction << in.air.fan_specific_power_W_per_m3_s;
  if (const auto& rec = in.loop.recovery) {
    s << as_number(rec->mode) << rec->heat_pump_carnot_efficiency << rec->max_recovered_fraction;
    const auto& n = *in.network;
    s << n.served_floor_area_m2 << n.design_heat_flux_W_m2 << n.T_design_outdoor_K
      << n.T_heating_limit_K << n.T_supply_K << n.T_return_K << n.hot_water_W_m2
      << n.network_loss_fraction;
  }
  const auto& pl = hall.cooling.plant;
  s << pl.units << as_number(pl.redundancy) << pl.unit_capacity_W.value_or(-1.0) << pl.sizing_margin
    << pl.minimum_air_trim_fraction << pl.minimum_unloading_ratio
    << pl.liquid_trim_capacity_W.value_or(-1.0)
    << park.site.T_cooling_design_db_K.value_or(-1.0) << park.site.T_cooling_design_wb_K.value_or(-1.0);
  for (const model::UnitGroup* g : {&pl.air_units, &pl.heat_rejection, &pl.pumps}) {
    s << g->units << as_number(g->redundancy) << g->sizing_margin << g->unit_capacity_fraction.value_or(-1.0);
  }
  s << in.cwp.rejection.duty_W << in.cwp.rejection.air_flow_design_kg_s;
  const auto& r = in.loop.rejection;
  s << as_number(r.kind) << r.duty_W << r.approach_dry_K << r.approach_wet_K
    << (r.adiabatic_assist ? 1.0 : 0.0) << r.fan_design_W << r.air_flow_design_kg_s
    << (in.immersion ? 1.0 : 0.0) << in.liquid.tower_approach_K;
  for (const auto& g : in.groups) {
    s << g.mean_W << g.liquid_fraction << as_number(g.profile);
  }
  return std::move(s).text();
}

DesignCondition cooling_design_condition(const model::Park& park, const ClimateInput& climate) {
  DesignCondition d;
  const auto& p = climate.pressure_Pa();
  d.p_Pa = p.empty() ? 101325.0 : std::accumulate(p.begin(), p.end(), 0.0) / static_cast<double>(p.size());
  if (park.site.T_cooling_design_db_K && park.site.T_cooling_design_wb_K) {
    d.T_db_K = *park.site.T_cooling_design_db_K;
    d.T_wb_K = *park.site.T_cooling_design_wb_K;
    d.source = "site";
  } else if (!climate.design_days().empty()) {
    // The climate's 0.4 % dry-bulb day: its .ddy file's, else the year's own.
    const auto& day = climate.design_days().front();
    d.T_db_K = day.T_db_max_K;
    d.T_wb_K = day.T_wb_K;
    d.p_Pa = day.p_Pa;
    d.source = day.source;
  }
  d.W_kg_kg = climate::psy::humidity_ratio_from_wet_bulb(d.T_db_K, d.T_wb_K, d.p_Pa);
  return d;
}

HallResult simulate_hall(const model::Park& park, const model::Hall& hall, const model::Stage& stage,
                         const ClimateInput& given_climate, const SimulationOptions& options) {
  std::optional<ClimateInput> site_climate;
  const ClimateInput& climate = climate_for_site(given_climate, park.site.hot_year_K, site_climate);
  HallResult result;
  result.hall_id = hall.id;
  const DesignCondition design = options.sizing ? *options.sizing : cooling_design_condition(park, climate);
  Inputs in = derive_inputs(park, hall, stage, &design);
  result.plant.design = design;
  result.plant.air_unit_capacity_W = in.air_plant.unit_capacity_W;
  result.plant.air_units_installed = in.air_plant.units_available;
  result.plant.liquid_trim_capacity_W = in.loop.trim.capacity_rated_W();
  result.plant.air_flow_capacity_m3_s = in.air_flow_max * in.m_air_design_kg_s / kStandardAirDensity_kg_m3;
  result.plant.heat_rejection_capacity_W =
      (in.has_liquid ? in.loop.rejection.duty_W : 0.0) +
      (in.system == Inputs::Air::ChilledWater ? in.cwp.rejection.duty_W : 0.0);
  result.plant.pump_capacity_fraction = in.pump_flow_max;
  for (const auto& w : park.wings) {
    for (const auto& b : w.buildings) {
      for (const auto& h : b.halls) {
        if (&h == &hall) {
          result.wing_id = w.id;
        }
      }
    }
  }
  // Dispatched compute: each group's hourly multipliers, and the boundaries at which any changes
  // (the integrator stops there instead of stepping across on the old history).
  std::vector<char> schedule_changes;
  if (options.it_schedule != nullptr) {
    const auto& rows = options.it_schedule->ratio;
    if (rows.size() > in.groups.size()) {
      throw InputError("hall " + hall.id, "dispatch schedule for " + std::to_string(rows.size()) +
                                              " rack groups; the hall has " + std::to_string(in.groups.size()));
    }
    schedule_changes.assign(climate.hours(), 0);
    for (std::size_t g = 0; g < rows.size(); ++g) {
      if (rows[g].empty()) {
        continue;
      }
      if (rows[g].size() != climate.hours()) {
        throw InputError("hall " + hall.id, "dispatch schedule of " + std::to_string(rows[g].size()) +
                                                " hours; the climate year has " + std::to_string(climate.hours()));
      }
      in.groups[g].ratio = &rows[g];
      for (std::size_t h = 0; h < rows[g].size(); ++h) {
        if (rows[g][h] != rows[g][(h + 1) % rows[g].size()]) {
          schedule_changes[h] = 1; // at the end of hour h
        }
      }
    }
  }
  HallOde ode(in, climate, "hall " + hall.id);
  std::array<double, kStates> y0{};
  y0[kTca] = in.T_set_K;
  y0[kTha] = in.air.T_return_K;
  y0[kTit] = in.air.T_return_K;
  y0[kTst] = in.T_set_K + 3.0;
  y0[kTfw] = in.has_liquid ? in.liquid.T_facility_return_K : in.T_set_K;
  y0[kTchw] = in.system == Inputs::Air::ChilledWater ? in.cw.T_chw_return_K : in.T_set_K;
  y0[kIpi] = 0.5;
  const double t0 = -options.spin_up_s;
  const std::size_t hours = climate.hours();
  auto& H = result.hourly;
  if (options.keep_hourly) {
    for (auto* v : {&H.T_inlet_C, &H.T_supply_C, &H.T_return_C, &H.T_outdoor_C, &H.T_wet_bulb_C,
                    &H.command, &H.it_kW, &H.facility_kW, &H.compressor_kW, &H.water_L,
                    &H.heat_delivered_kW, &H.heat_demand_kW, &H.max_inlet_C, &H.mode_free_s,
                    &H.mode_partial_s, &H.mode_mechanical_s}) {
      v->reserve(hours);
    }
    H.mode.reserve(hours);
    H.compressor_running.reserve(hours);
  }
  const double T_unmet_K = in.T_set_K + 1.0;
  try {
    CvodeIntegrator cv(ode, t0, y0, options.integrator);
    PlantControls controls{t0};
    std::array<double, kStates> y_start{};
    // Energies integrated on the solver's interpolant: the midpoint rule on every piece between
    // the solver's steps and the control times (at most 15 min long; the integrands are
    // non-negative, so every hourly energy is too). The highest and lowest inlet of each hour
    // are taken at the same points and at every piece's end.
    std::array<double, kQuads> acc{}, at_start{}, hour_start{};
    std::array<double, kStates> yb{};
    std::array<double, kQuads> qb{};
    HallOde::Point pb{};
    double hour_max_K = -1e300, hour_min_K = 1e300;
    bool hour_unmet = false;
    bool counting = false; // past the spin-up
    double min_margin = 1e300, min_margin_N = 1e300;
    const auto sample_inlet = [&](double T) {
      hour_max_K = std::max(hour_max_K, T);
      hour_min_K = std::min(hour_min_K, T);
    };
    const auto cover = [&](double a, double b) {
      const double h = b - a;
      const double t = a + 0.5 * h;
      cv.dense_state(t, yb);
      ode.integrands(t, yb, qb, pb);
      for (std::size_t i = 0; i < kQuads; ++i) {
        acc[i] += h * qb[i];
      }
      sample_inlet(yb[kTca]);
      // Unmet load: the inlet more than 1 K above its set point while the plant gives all it
      // has (compressors at capacity, or full command in the top mode), or the facility water
      // more than 1 K above its supply set point.
      const bool at_limit = pb.air_limited || pb.airflow_limited ||
                            (ode.mode == CoolingMode::Mechanical && pb.u >= 1.0);
      // Pumps short of the flow the load needs: the racks get less coolant than they need.
      hour_unmet = hour_unmet || (yb[kTca] > T_unmet_K && at_limit) ||
                   (in.has_liquid && pb.T_fw_supply > in.loop.T_supply_set_K + 1.0) ||
                   pb.pump_limited;
      if (counting) {
        min_margin = std::min(min_margin, pb.comp_margin_W);
        min_margin_N = std::min(min_margin_N, pb.comp_margin_W - pb.comp_capacity_W * (1.0 - in.air_units_N_share));
      }
      cv.dense_state(b, yb);
      sample_inlet(yb[kTca]);
    };
    std::vector<char> day_compressor(hours / 24 + 1, 0);
    const auto steps_per_hour =
        static_cast<long>(std::llround(3600.0 / options.control_step_s));
    const long spin_steps = static_cast<long>(std::llround(options.spin_up_s / options.control_step_s));
    const long total_steps = spin_steps + static_cast<long>(hours) * steps_per_hour;
    bool hour_compressor = false;
    std::array<double, 3> hour_mode_s{};
    double year_max_K = -1e300, year_min_K = 1e300;
    const auto keep_state = [&](std::span<const double> y) {
      if (options.keep_states && result.states.size() < hours) {
        HallState st;
        std::copy(y.begin(), y.end(), st.y.begin());
        st.mode = ode.mode;
        st.liquid_trim_on = ode.liquid_trim_on;
        result.states.push_back(st);
      }
    };
    if (options.keep_states) {
      result.states.reserve(hours);
    }
    if (spin_steps == 0) { // no spin-up: the year starts from the initial state
      counting = true;
      y_start = y0;
      hour_max_K = hour_min_K = y0[kTca];
      keep_state(y0);
    }
    // Dispatched power steps at some hour boundaries: the solver's steps end at the next one ahead,
    // so that no step straddles the jump (its history still carries across it: the error control
    // takes care of the kink in the states there). If the solver is already past it (an internal
    // step beyond the last output time), the boundary is stepped across, under error control.
    double stop_at = -1e300;
    const double t_end = t0 + static_cast<double>(total_steps) * options.control_step_s;
    const auto arm_stop = [&](double from) {
      if (schedule_changes.empty() || stop_at > from) {
        return;
      }
      for (double b = (std::floor(from / 3600.0) + 1.0) * 3600.0; b <= t_end; b += 3600.0) {
        if (schedule_changes[schedule_hour(b, hours)] != 0) {
          stop_at = b;
          cv.set_stop_time(b);
          return;
        }
      }
      stop_at = 1e300;
    };
    for (long k = 1; k <= total_steps; ++k) {
      if (options.cancel != nullptr && options.cancel->load(std::memory_order_relaxed)) {
        result.ok = false;
        result.error = "cancelled";
        return result;
      }
      const double t = t0 + static_cast<double>(k) * options.control_step_s;
      // Economizer lockout of direct-air halls: when the outdoor air leaves its humidity
      // envelope within this interval, the dampers close at that instant (a humidity sensor, not
      // the 15-min mode logic), and the hall goes to closed DX cooling. The envelope depends on
      // the climate only, so the instant is found by bisection in time.
      const double t_prev = t - options.control_step_s;
      if (in.system == Inputs::Air::DirectAir && ode.mode != CoolingMode::Mechanical &&
          ode.outdoor_air_usable_at(t_prev) && !ode.outdoor_air_usable_at(t)) {
        double lo = t_prev, hi = t;
        for (int i = 0; i < 30 && hi - lo > 1.0; ++i) {
          const double mid = 0.5 * (lo + hi);
          (ode.outdoor_air_usable_at(mid) ? lo : hi) = mid;
        }
        if (k > spin_steps) {
          hour_compressor = hour_compressor || ode.any_compressor_on();
          hour_mode_s[static_cast<std::size_t>(ode.mode)] += hi - t_prev;
          hour_mode_s[static_cast<std::size_t>(CoolingMode::Mechanical)] += t - hi;
        }
        arm_stop(t_prev);
        cv.advance_to(hi, cover);
        if (hi >= 0.0) {
          result.switches.push_back({hi, ode.mode, CoolingMode::Mechanical});
        }
        const auto yl = cv.state();
        const auto pl = ode.evaluate(hi, yl, false);
        // Bumpless, from the coil outlet the economizer gave just before the dampers closed:
        // outdoor air (at hi the air already counts as unusable, so its limit is taken as it was).
        const double T_trim = in.T_set_K - kMechanicalDepth_K;
        const double oa_limit = ode.mode == CoolingMode::Free ? std::min(pl.T_db_K, pl.T_ret)
                                                              : std::min(pl.T_db_K, T_trim);
        std::vector<double> state(yl.begin(), yl.end());
        state[kIpi] = bumpless_integrator(pl, oa_limit, pl.total_min[2], yl[kTca] - in.T_set_K);
        ode.mode = CoolingMode::Mechanical;
        controls.switched(hi);
        cv.reinit(hi, state);
        stop_at = -1e300;
        if (k > spin_steps) {
          hour_compressor = hour_compressor || ode.any_compressor_on();
        }
      } else if (k > spin_steps) {
        // The plant state held over this control interval.
        hour_compressor = hour_compressor || ode.any_compressor_on();
        hour_mode_s[static_cast<std::size_t>(ode.mode)] += options.control_step_s;
      }
      arm_stop(t_prev);
      cv.advance_to(t, cover);
      const auto y = cv.state();
      if (k == spin_steps) {
        counting = true;
        std::copy(y.begin(), y.end(), y_start.begin());
        at_start = acc;
        hour_start = acc;
        hour_max_K = hour_min_K = y[kTca];
        hour_unmet = false;
      }
      // Mode logic with deadbands and dwell times.
      const auto p = ode.evaluate(t, y, false);
      const PlantControls::Decision d = controls.decide(in, ode, p, t, y[kTca], options);
      std::vector<double> state;
      if (d.mode != ode.mode) {
        if (t >= 0.0) {
          result.switches.push_back({t, ode.mode, d.mode});
        }
        ode.mode = d.mode;
        controls.switched(t);
        state.assign(y.begin(), y.end());
        state[kIpi] = d.integrator;
      }
      if (d.trim != ode.liquid_trim_on) {
        ode.liquid_trim_on = d.trim;
        if (state.empty()) {
          state.assign(y.begin(), y.end());
        }
      }
      const bool switched = !state.empty();
      if (switched) {
        cv.reinit(t, state); // the right-hand side changed: restart the BDF history here only
        stop_at = -1e300;
      }
      // The state at the start of the year and of every hour after (the plant as it then is).
      if (k >= spin_steps && (k - spin_steps) % steps_per_hour == 0) {
        keep_state(cv.state());
      }
      // Hourly outputs.
      if (k > spin_steps && (k - spin_steps) % steps_per_hour == 0) {
        const auto& yy = acc;
        const double T_inlet_K = cv.state()[kTca];
        const std::size_t hour = static_cast<std::size_t>((k - spin_steps) / steps_per_hour) - 1;
        const double d_it = yy[kEit] - hour_start[kEit];
        double d_fac = 0.0;
        for (std::size_t i : kFacilityQuads) {
          d_fac += yy[i] - hour_start[i];
        }
        const double d_comp = yy[kEcomp] - hour_start[kEcomp];
        const double d_econ = yy[kQeconomizer] - hour_start[kQeconomizer];
        if (hour_compressor) {
          day_compressor[hour / 24] = 1;
          if (d_econ > 0.0) {
            result.partial_free_cooling_hours += 1.0;
          }
        } else {
          result.free_cooling_hours += 1.0;
        }
        result.peak_facility_W = std::max(result.peak_facility_W, d_fac / 3600.0);
        result.energy_cost_CNY += d_fac * park.site.price_CNY_per_J_at(static_cast<int>(hour % 24));
        const double max_C = units::kelvin_to_celsius(hour_max_K);
        const double min_C = units::kelvin_to_celsius(hour_min_K);
        year_max_K = std::max(year_max_K, hour_max_K);
        year_min_K = std::min(year_min_K, hour_min_K);
        result.hours_above_recommended += max_C > 27.0 ? 1.0 : 0.0;
        result.hours_above_allowable += max_C > 32.0 ? 1.0 : 0.0;
        result.hours_inlet_above_35C += max_C > 35.0 ? 1.0 : 0.0;
        result.hours_below_recommended += min_C < 18.0 ? 1.0 : 0.0;
        result.unmet_load_hours += hour_unmet ? 1.0 : 0.0;
        if (options.keep_hourly) {
          const auto pe = switched ? ode.evaluate(t, cv.state(), false) : p;
          H.T_supply_C.push_back(static_cast<float>(units::kelvin_to_celsius(pe.T_sup)));
          H.T_return_C.push_back(static_cast<float>(units::kelvin_to_celsius(pe.T_ret)));
          H.T_outdoor_C.push_back(static_cast<float>(units::kelvin_to_celsius(pe.T_db_K)));
          H.T_wet_bulb_C.push_back(static_cast<float>(units::kelvin_to_celsius(pe.T_wb_K)));
          H.command.push_back(static_cast<float>(pe.u));
          H.T_inlet_C.push_back(static_cast<float>(units::kelvin_to_celsius(T_inlet_K)));
          H.max_inlet_C.push_back(static_cast<float>(max_C));
          H.it_kW.push_back(static_cast<float>(d_it / 3.6e6));
          H.facility_kW.push_back(static_cast<float>(d_fac / 3.6e6));
          H.compressor_kW.push_back(static_cast<float>(d_comp / 3.6e6));
          H.water_L.push_back(static_cast<float>(yy[kWater] - hour_start[kWater]));
          H.heat_delivered_kW.push_back(
              static_cast<float>((yy[kQdelivered] - hour_start[kQdelivered]) / 3.6e6));
          H.heat_demand_kW.push_back(static_cast<float>((yy[kQdemand] - hour_start[kQdemand]) / 3.6e6));
          H.mode.push_back(static_cast<std::uint8_t>(ode.mode));
          H.compressor_running.push_back(hour_compressor ? 1 : 0);
          H.mode_free_s.push_back(static_cast<float>(hour_mode_s[0]));
          H.mode_partial_s.push_back(static_cast<float>(hour_mode_s[1]));
          H.mode_mechanical_s.push_back(static_cast<float>(hour_mode_s[2]));
        }
        hour_start = acc;
        hour_max_K = hour_min_K = cv.state()[kTca]; // the hour includes its first instant
        hour_compressor = false;
        hour_unmet = false;
        hour_mode_s = {};
      }
    }
    const auto y = cv.state();
    const auto d = [&](std::size_t i) { return acc[i] - at_start[i]; };
    result.energy = {d(kEit),   d(kEairFans), d(kErejFans), d(kEcomp), d(kEpumps), d(kEhumid),
                     d(kElight), d(kEaux),    d(kEups),     d(kEdist), d(kEtrans)};
    result.water_kg = d(kWater);
    result.heat_recovered_J = d(kQrecovered);
    result.heat_delivered_J = d(kQdelivered);
    result.heat_pump_J = d(kEheatPump);
    result.heat_demand_J = d(kQdemand);
    result.liquid_heat_J = d(kQliquid);
    result.balance.heat_in_J = d(kEin);
    result.balance.heat_out_J = d(kEout);
    result.balance.stored_J = ode.stored_heat_J(y) - ode.stored_heat_J(y_start);
    for (std::size_t day = 0; day < hours / 24; ++day) {
      result.compressor_free_days += day_compressor[day] == 0 ? 1 : 0;
    }
    result.max_inlet_C = units::kelvin_to_celsius(year_max_K);
    result.min_inlet_C = units::kelvin_to_celsius(year_min_K);
    result.min_compressor_margin_W = min_margin < 1e299 ? min_margin : 0.0;
    result.min_compressor_margin_N_W = min_margin_N < 1e299 ? min_margin_N : 0.0;
    result.peak_apparent_power_VA = result.peak_facility_W / hall.electrical.power_factor;
    result.power_factor = hall.electrical.power_factor;
    result.solver = cv.stats();
    result.ok = true;
  } catch (const SolverError& e) {
    result.ok = false;
    result.solver_failed = true;
    result.error = e.what();
  }
  return result;
}

std::vector<DesignDayResult> check_design_days(const model::Park& park, const model::Hall& hall,
                                               const model::Stage& stage,
                                               const std::vector<climate::DesignDay>& days,
                                               const DesignCondition& sizing,
                                               const SimulationOptions& options) {
  std::vector<DesignDayResult> out;
  for (const auto& d : days) {
    DesignDayResult r;
    r.name = d.name;
    r.source = d.source;
    const ClimateInput climate(climate::design_day_year(d));
    SimulationOptions o = options;
    o.sizing = sizing;
    o.keep_hourly = false; // the day's highest and lowest inlet and margins are annual figures
    o.spin_up_s = 4 * 86400.0; // the day repeated until the structure's response is periodic
    const HallResult h = simulate_hall(park, hall, stage, climate, o);
    r.ok = h.ok;
    r.error = h.error;
    if (h.ok) {
      r.max_inlet_C = h.max_inlet_C;
      r.min_inlet_C = h.min_inlet_C;
      r.margin_W = h.min_compressor_margin_W;
      r.margin_N_W = h.min_compressor_margin_N_W;
      r.holds = h.max_inlet_C <= 27.0 && h.hours_below_recommended == 0.0;
    }
    out.push_back(std::move(r));
  }
  return out;
}

} // namespace parktwin::physics
