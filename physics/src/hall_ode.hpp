#pragma once
// The hall as an ODE (docs/physics/hall-model.md): its inputs derived from the scenario, the
// right-hand side, the plant's limits and the outputs of every instant. Internal to the physics
// library: shared by the annual simulation (hall_simulation.cpp) and the ride-through events
// (ridethrough.cpp).

#include "parktwin/climate/psychrometrics.hpp"
#include "parktwin/common/error.hpp"
#include "parktwin/common/units.hpp"
#include "parktwin/physics/air_economizers.hpp"
#include "parktwin/physics/chilled_water_plant.hpp"
#include "parktwin/physics/components.hpp"
#include "parktwin/physics/compressor_plant.hpp"
#include "parktwin/physics/hall_network.hpp"
#include "parktwin/physics/hall_simulation.hpp"
#include "parktwin/physics/heat_rejection.hpp"
#include "parktwin/physics/liquid_loop.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace parktwin::physics::hall_detail {

using units::celsius_to_kelvin;

/// The hour of the climate year whose dispatched power applies at t: hour h covers
/// (3600 h, 3600 (h + 1)] s, so a step that ends on a boundary is evaluated with the hour it
/// closes; before the year (spin-up) the year's last hours, periodic.
inline std::size_t schedule_hour(double t_s, std::size_t hours) noexcept {
  const auto h = static_cast<long long>(std::ceil(t_s / 3600.0)) - 1;
  const auto n = static_cast<long long>(hours);
  return static_cast<std::size_t>(((h % n) + n) % n);
}

// State vector layout.
enum Index : std::size_t {
  kTca,  // cold aisle air, K
  kTha,  // hot aisle air, K
  kTit,  // IT equipment mass, K
  kTst,  // building structure, K
  kTfw,  // facility-water return (liquid loop), K
  kTchw, // chilled-water return, K
  kIpi,  // PI integrator of the cooling command, 1
  kStates
};
// Quadratures (J, kg): integrated with the states, outside the Newton iteration.
enum Quad : std::size_t {
  kEin, kEout, kEit, kEairFans, kErejFans, kEcomp, kEpumps, kElight, kEaux, kEups, kEdist,
  kEtrans, kWater, kQeconomizer, kEhumid, kQrecovered, kQdelivered, kEheatPump, kQdemand,
  kQliquid, kQuads
};
/// The quadratures whose sum is the facility's energy: the IT and every other use.
inline constexpr std::array<std::size_t, 11> kFacilityQuads = {kEit,    kEairFans, kErejFans, kEcomp,
                                                               kEpumps, kEhumid,   kElight,   kEaux,
                                                               kEups,   kEdist,    kEtrans};

// Assumed constants, documented in docs/physics/hall-model.md.
constexpr double kHallHeight_m = 4.0;             // air volume per floor area
constexpr double kItCapacity_J_K_per_W = 50.0;    // 50 kJ/K per kW of design IT
constexpr double kStructureCapacity_J_K_m2 = 2.6e5; // ~300 kg/m2 concrete
constexpr double kStructureFilm_W_m2K = 8.0;      // air-to-structure, per side
constexpr double kEnvelopeU_W_m2K = 0.45;
constexpr double kEnvelopeArea_per_floor_area = 1.0;
constexpr double kSolarAbsorptance = 0.6;
constexpr double kOutsideFilm_W_m2K = 20.0;       // outdoor surface coefficient (sol-air)
constexpr double kItEffectiveness = 0.9;          // air leaving IT vs IT mass temperature
constexpr double kWaterLitres_per_W = 0.01;       // liquid loop volume: 10 L per kW
constexpr double kChilledWaterLitres_per_W = 0.015; // chilled-water loop: 15 L per kW of coil load
constexpr double kPumpEfficiency = 0.7;
// Variable-speed pumps: flow follows the load at the design temperature difference, at least
// 30 % (minimum evaporator / CDU flow), a differential-pressure set point holding 30 % of the head.
constexpr double kMinPumpFlow = 0.3;
constexpr double kDryCoolerFanFraction = 0.02;    // fan power / design heat duty
constexpr double kClosedTowerFanFraction = 0.01;  // closed-circuit tower fans / design duty
constexpr double kTowerLiquidToGas = 1.2;         // water / air mass flow at design (CTI range 0.75-1.5)
constexpr double kDryCoolerAirRise_K = 10.0;      // air temperature rise through a dry cooler at design
// Secondary (technology cooling system) loop between the CDU and the racks: cold plates on
// propylene glycol 25 %, immersion tanks on a synthetic hydrocarbon dielectric
// (docs/physics/liquid-cooling.md).
constexpr double kSecondaryRange_K = 10.0;
constexpr double kColdPlateFluidCp_J_kgK = 3900.0, kColdPlateFluidRho_kg_m3 = 1025.0;
constexpr double kColdPlateHead_Pa = 150e3;
constexpr double kDielectricCp_J_kgK = 2200.0, kDielectricRho_kg_m3 = 800.0;
constexpr double kImmersionHead_Pa = 50e3;
constexpr double kDxCoilApproach_K = 10.0;        // evaporating below supply air
constexpr double kKp_per_K = 0.5;
constexpr double kTi_s = 600.0;
constexpr double kTracking_s = 60.0;              // anti-windup tracking time, Ti / 10
constexpr double kMinAirFlowRatio = 0.3;
constexpr double kMechanicalDepth_K = 4.0;        // trim can cool to set point - 4 K
constexpr double kCoilApproach_K = 3.0;           // supply air above chilled water
constexpr double kCondenserPumpHead_Pa = 150e3;
constexpr double kTowerFanFraction = 0.008;       // tower fan power / design heat rejected
// Rating points: AHRI 340/360 (DX: 35 C outdoor, 26.7 C return) and AHRI 550/590 (chiller:
// 6.7 C leaving chilled water, 29.4 C entering condenser water).
// DX: the rating's coil leaving air is the 26.7 C entering air less the usual 11.1 K (20 F)
// rise, and the machine evaporates kDxCoilApproach_K below its leaving air in operation too.
const double kDxRatedEvap_K = units::celsius_to_kelvin(26.7 - 11.1 - 10.0);
const double kDxRatedCond_K = units::celsius_to_kelvin(35.0 + 10.0);
const double kChillerRatedEvap_K = units::celsius_to_kelvin(6.7 - 2.0);
const double kChillerRatedCond_K = units::celsius_to_kelvin(29.4 + 8.6);

struct Inputs {
  // Design values derived once from the hall.
  double it_design_W = 0.0;
  double liquid_fraction = 0.0;
  double air_design_W = 0.0;
  double liquid_design_W = 0.0;
  double m_air_design_kg_s = 0.0;
  double fan_design_W = 0.0;
  IecDesign iec_units;            // indirect evaporative units (their scavenger fans at design)
  CompressorPlant air_plant;      // DX trim (IEC, direct air) or chillers (chilled water)
  double air_units_N_share = 1.0; // of the installed units, the N that carry the design need
  double air_flow_max = 1.0;      // the air units' combined maximum flow / design air flow
  double pump_flow_max = 1.0;     // the pumps' combined maximum flow / each loop's design flow
  LiquidLoopDesign loop;          // the facility-water loop: flow, pumps, rejection, trim, recovery
  ChilledWaterPlantDesign cwp;    // the chilled-water plant's water side (its chillers: air_plant)
  bool immersion = false;         // no server fans: IT power does not rise with the inlet
  NetworkParams net;
  double A_roof = 0.0;
  double lighting_W = 0.0, aux_W = 0.0;
  double design_VA = 0.0;
  double mechanical_ups_design_W = 0.0; ///< design power of the cooling loads on the UPS
  double T_set_K = 0.0;
  bool has_liquid = false;
  bool liquid_pumps_failed = false; // ride-through: the liquid loop's pumps stopped (no flow)
  bool chilled_water_pumps_failed = false; // ride-through: no chilled water reaches the coils
  // Ride-through: a charged stratified tank holds the loop's supply temperature when the plant
  // cannot (its pumps running); the driver accounts its discharge and clears the flag when empty.
  bool chw_tank_charged = false, liquid_tank_charged = false;
  enum class Air { Iec, ChilledWater, DirectAir } system = Air::Iec;
  model::IndirectEvaporative iec;
  model::ChilledWater cw;
  model::DirectAirEconomizer dae;
  double trim_COP = 0.0;
  const model::HeatNetwork* network = nullptr;
  double demand_share = 0.0; // of the network's demand, by design liquid heat
  model::LiquidCooling liquid;
  model::Electrical electrical;
  model::AirSide air;
  struct Group {
    double mean_W;          // design x occupancy x utilisation
    double liquid_fraction; // of its IT heat captured by the liquid loop
    model::LoadProfile profile;
    const std::vector<double>* ratio = nullptr; // dispatched hourly multipliers (ItSchedule)
  };
  std::vector<Group> groups;
};

/// The hall as an ODE; the mode is a parameter set by the driver between integrations.
class HallOde final : public OdeSystem {
public:
  HallOde(const Inputs& in, const ClimateInput& climate, std::string name)
      : in_(in), climate_(climate), name_(std::move(name)) {}

  std::size_t size() const override { return kStates; }
  /// Energies are integrated by the driver on the solver's interpolant (integrands()), not as
  /// CVODE quadratures: every hourly figure is then an integral of a non-negative rate.
  std::size_t quadrature_size() const override { return 0; }
  /// The PI integrator is a command fraction: ten times the temperatures' tolerance in kelvin,
  /// 1e-3 of full command at the default 1e-4 K, is ample (temperatures' relative tolerance
  /// dominates); it scales with the default so that a tight reference run is tight here too.
  double absolute_tolerance(std::size_t i, double default_atol) const override {
    return i == kIpi ? 10.0 * default_atol : default_atol;
  }
  std::string name() const override { return name_; }
  /// The inputs the ODE refers to were changed (a ride-through event's next phase): forget what
  /// was computed from them.
  void inputs_changed() { cache_.t = std::numeric_limits<double>::quiet_NaN(); }
  /// Discrete plant state, set by the driver between integrations.
  CoolingMode mode = CoolingMode::Free;
  bool liquid_trim_on = false;

  /// The modes in which the air side's compressors are staged on.
  static bool compressors_enabled(const Inputs& in, CoolingMode m) {
    switch (in.system) {
    case Inputs::Air::Iec:
      return m == CoolingMode::Mechanical;
    case Inputs::Air::ChilledWater:
    case Inputs::Air::DirectAir:
      return m != CoolingMode::Free;
    }
    return false;
  }
  /// A compressor is staged on somewhere in the hall (a plant with no capacity has none to stage).
  bool any_compressor_on() const {
    return (compressors_enabled(in_, mode) && in_.air_plant.capacity_rated_W() > 0.0) || liquid_trim_on;
  }

  /// Everything that depends on time only: the solver evaluates the right-hand side several
  /// times at the same time (Newton iterations, finite-difference Jacobian, quadratures), so it
  /// is computed once per time.
  struct TimeTerms {
    double t = std::numeric_limits<double>::quiet_NaN();
    ClimateInput::Sample c{};
    double base_air_W = 0.0;    ///< IT load to air, before the server-fan multiplier
    double base_liquid_W = 0.0; ///< IT load captured by the liquid loop
    double rho_out = 0.0;      ///< outdoor air density
    double heat_demand_W = 0.0; ///< this hall's share of the network's demand
    double liquid_flow = 1.0;   ///< facility and CDU water flow, fraction of design
    double chw_flow = 1.0;      ///< chilled-water flow, fraction of design
    double rejection_load = 1.0; ///< heat rejection's duty fraction (air-side IT load), 0.2-1.2
    double rejection_water_K = 0.0; ///< chilled-water plant: its heat rejection's coldest water
    bool pump_limited = false;  ///< a loop's load needs more flow than its pumps deliver
    bool outdoor_air_usable = false; ///< dew point and RH within the direct-air envelope
  };


  /// Everything the right-hand side computes, for outputs and mode logic.
  struct Point {
    double it_W, it_air_W, it_liquid_W, m_air, T_sup, T_ret, u_unsat, u;
    double Q_coil, Q_econ, Q_dx, fan_W, sec_fan_W, comp_W; // Q_dx: compressors' share
    double Q_liq_rej, T_dc_supply, liq_trim_W, dc_fan_W, water_kg_s, pump_W;
    double light_W, aux_W, losses_ups, losses_dist, losses_trans, solar_W, env_W;
    double humid_W;
    double Q_recovered, Q_delivered, heat_pump_W, heat_demand_W;
    double Q_plant; ///< chilled-water plant: heat taken from the loop
    double Q_tank_chw, Q_tank_liquid; ///< ride-through: heat a stratified tank takes from the loop
    bool air_limited;    ///< the air side's compressors could not meet the demand
    bool airflow_limited; ///< the IT needs more air than the air units can move
    double m_air_need;    ///< the supply the servers call for (m_air unless airflow_limited)
    bool pump_limited;    ///< a loop's load needs more flow than its pumps deliver
    bool liquid_limited; ///< the facility water is above its set point (no or too little trim)
    double T_fw_supply;  ///< facility water supplied to the racks
    double comp_margin_W; ///< compressors' available capacity at the moment less their demand
    double comp_capacity_W; ///< compressors' available capacity at the moment (all installed)
    bool rejection_holds; ///< the heat rejection alone holds the facility supply, fans <= 90 %
    double T_db_K, T_wb_K, T_db_daily_mean_K; ///< the climate at this time
    std::array<double, 3> total_min; ///< lowest supply temperature of each mode
  };

  /// Lowest supply temperature of the economizer part (econ) and overall (total) in each mode,
  /// for the current climate and return air.
  static void plant_limits(const Inputs& in, const TimeTerms& k, double T_ret,
                           std::array<double, 3>& econ, std::array<double, 3>& total) {
    const auto& c = k.c;
    constexpr double kNever = 1e9;
    const double T_trim = in.T_set_K - kMechanicalDepth_K;
    switch (in.system) {
    case Inputs::Air::Iec: {
      const auto [dry, wet] = iec_limits(in.iec_units, T_ret, c.T_db_K, c.T_wb_K);
      econ = {dry, wet, wet};
      total = {dry, wet, std::min(wet, T_trim)};
      return;
    }
    case Inputs::Air::ChilledWater: {
      const double coil = kCoilApproach_K;
      const double water = economizer_water_K(in.cwp, k.rejection_water_K);
      const double econ_chw = water + in.cw.plate_hx_approach_K;
      econ = {std::max(econ_chw, in.cw.T_chw_supply_K) + coil, econ_chw + coil, kNever};
      total = {econ[0], in.cw.T_chw_supply_K + coil, in.cw.T_chw_supply_K + coil};
      return;
    }
    case Inputs::Air::DirectAir: {
      // Outdoor air within the envelope: colder than the return, dew point and relative humidity
      // at the supply set point within the limits.
      const bool usable = c.T_db_K < T_ret && k.outdoor_air_usable;
      const double oa = usable ? c.T_db_K : kNever;
      econ = {oa, oa, kNever};
      total = {std::min(oa, T_ret), std::min(oa, T_trim), T_trim};
      return;
    }
    }
  }

  /// The plants' terms that depend on the weather and the load only (k's climate and
  /// rejection_load): the direct-air envelope and the chilled-water plant's coldest water.
  static void plant_time_terms(const Inputs& in, TimeTerms& k) {
    k.outdoor_air_usable = outdoor_air_usable(in, k.c);
    if (in.system == Inputs::Air::ChilledWater) {
      k.rejection_water_K = rejection_water_K(in.cwp, k.c.T_db_K, k.c.T_wb_K, k.rejection_load * in.air_design_W);
    }
  }

  /// Outdoor air within the direct-air envelope (dew point, RH at the supply set point).
  static bool outdoor_air_usable(const Inputs& in, const ClimateInput::Sample& c) {
    return in.system == Inputs::Air::DirectAir && direct_air_usable(in.dae, in.T_set_K, c.W_kg_kg, c.p_Pa);
  }

  bool outdoor_air_usable_at(double t) const { return time_terms(t).outdoor_air_usable; }

  const TimeTerms& time_terms(double t) const {
    if (cache_.t == t) {
      return cache_;
    }
    TimeTerms& k = cache_;
    k.t = t;
    k.c = climate_.at(t);
    k.base_air_W = 0.0;
    k.base_liquid_W = 0.0;
    const std::size_t hour = schedule_hour(t, climate_.hours());
    // Each load profile's factor once per time (halls hold many groups of few profiles).
    std::array<double, 4> factor;
    factor.fill(std::numeric_limits<double>::quiet_NaN());
    for (const auto& g : in_.groups) {
      const auto i = static_cast<std::size_t>(g.profile);
      double f = i < factor.size() ? factor[i] : std::numeric_limits<double>::quiet_NaN();
      if (std::isnan(f)) {
        f = profile_factor(g.profile, t);
        if (i < factor.size()) { // (a profile added later is computed each time)
          factor[i] = f;
        }
      }
      const double W = g.mean_W * f * (g.ratio != nullptr ? (*g.ratio)[hour] : 1.0);
      k.base_liquid_W += W * g.liquid_fraction;
      k.base_air_W += W * (1.0 - g.liquid_fraction);
    }
    k.rho_out = climate::psy::moist_air_density_kg_m3(k.c.T_db_K, k.c.W_kg_kg, k.c.p_Pa);
    // Variable-speed pumps: the flow follows the load, at least the minimum flow, at most what the
    // installed pumps deliver.
    const double liquid_need = in_.liquid_design_W > 0.0 ? k.base_liquid_W / in_.liquid_design_W : 0.0;
    const double chw_need = in_.system == Inputs::Air::ChilledWater && in_.air_design_W > 0.0
                                ? k.base_air_W / in_.air_design_W
                                : 0.0;
    k.pump_limited = (in_.has_liquid && liquid_need > in_.pump_flow_max) || chw_need > in_.pump_flow_max;
    // (Pumps too small for even the minimum flow run at what they deliver.)
    k.liquid_flow = in_.liquid_design_W > 0.0 ? std::min(std::max(liquid_need, kMinPumpFlow), in_.pump_flow_max) : 1.0;
    k.chw_flow = in_.air_design_W > 0.0 ? std::min(std::max(chw_need, kMinPumpFlow), in_.pump_flow_max) : 1.0;
    k.rejection_load = in_.air_design_W > 0.0 ? std::clamp(k.base_air_W / in_.air_design_W, 0.2, 1.2) : 1.0;
    k.heat_demand_W = in_.loop.recovery ? in_.demand_share * district_heat_demand_W(
                                         *in_.network, k.c.T_db_daily_mean_K)
                                   : 0.0;
    plant_time_terms(in_, k);
    return k;
  }

  /// `outputs`: also the rates that do not act on the states (the chilled-water plant's tower
  /// fans and water, evaporation): the right-hand side leaves them out.
  Point evaluate(double t, std::span<const double> y, bool outputs = true) const {
    const TimeTerms& k = time_terms(t);
    const auto& c = k.c;
    Point p{};
    p.T_db_K = c.T_db_K;
    p.T_wb_K = c.T_wb_K;
    p.T_db_daily_mean_K = c.T_db_daily_mean_K;
    const double T_ca = y[kTca], T_st = y[kTst], T_fw = y[kTfw];
    // IT load: each rack group's actual power split by its own liquid fraction; the fans of
    // air-cooled servers (and of the air-cooled part of cold-plate servers) speed up with the
    // inlet temperature; immersed servers have no fans.
    const double protect = it_thermal_protection_factor(T_ca);
    p.it_liquid_W = k.base_liquid_W * protect;
    p.it_air_W = k.base_air_W * protect * (in_.immersion ? 1.0 : server_power_multiplier(T_ca));
    p.it_W = p.it_air_W + p.it_liquid_W;
    // Air flow follows the air-side load (variable-speed fans), never below 30 %, at most what
    // the installed air units move.
    const double air_need = in_.air_design_W > 0.0 ? p.it_air_W / in_.air_design_W : 0.0;
    p.airflow_limited = air_need > in_.air_flow_max;
    p.pump_limited = k.pump_limited;
    const double ratio = std::min(std::max(air_need, kMinAirFlowRatio), in_.air_flow_max);
    p.m_air = in_.m_air_design_kg_s * ratio;
    p.m_air_need = in_.m_air_design_kg_s * std::max(air_need, kMinAirFlowRatio);
    p.T_ret = return_air_K(in_.net, y);
    // Cooling command from the PI controller on the cold-aisle temperature.
    const double e = T_ca - in_.T_set_K;
    p.u_unsat = kKp_per_K * e + y[kIpi];
    p.u = std::clamp(p.u_unsat, 0.0, 1.0);
    // Lowest supply temperatures of the modes; the command u moves the coil between the return
    // air and the current mode's lowest.
    std::array<double, 3> econ{};
    plant_limits(in_, k, p.T_ret, econ, p.total_min);
    const auto m = static_cast<std::size_t>(mode);
    const double T_econ_min = econ[m];
    double T_min = p.total_min[m];
    const bool staged = compressors_enabled(in_, mode);
    ChilledWaterPlantPoint plant{};
    const RejectionAir air{c.T_db_K, c.T_wb_K, c.W_kg_kg, c.p_Pa, k.rho_out};
    if (in_.system == Inputs::Air::ChilledWater) {
      // Water side (chilled_water_plant.hpp): the coils cannot cool the air below the water the
      // plant actually supplies, so chillers at their limit warm the chilled water, then the hall.
      plant = run_chilled_water_plant(
          in_.cwp, in_.air_plant, {.economizer = mode != CoolingMode::Mechanical, .free = mode == CoolingMode::Free, .chillers_staged = staged},
          y[kTchw], k.chw_flow, k.rejection_water_K, air, outputs);
      if (in_.chw_tank_charged && mode != CoolingMode::Free && !in_.chilled_water_pumps_failed &&
          plant.T_supply_K > in_.cw.T_chw_supply_K) {
        // (Free operation floats the supply above its set point by design: no discharge.)
        const double mcp = in_.cwp.m_chw_kg_s * k.chw_flow * kCpWater_J_kgK;
        p.Q_tank_chw = std::max(0.0, mcp * (y[kTchw] - in_.cw.T_chw_supply_K) - plant.Q_W);
        plant.Q_W += p.Q_tank_chw;
        plant.T_supply_K = in_.cw.T_chw_supply_K;
      }
      p.Q_plant = plant.Q_W;
      p.comp_capacity_W = plant.capacity_W;
      p.comp_margin_W = plant.margin_W;
      T_min = std::max(T_min, plant.T_supply_K + kCoilApproach_K);
      if (in_.chilled_water_pumps_failed) {
        T_min = p.T_ret; // (the water standing in the coils is not the loop's: no cooling)
      }
    }
    double T_coil_out = p.T_ret - p.u * std::max(0.0, p.T_ret - T_min);
    const double mcp_air = p.m_air * kCpAir_J_kgK;
    p.Q_coil = mcp_air * (p.T_ret - T_coil_out);
    p.Q_econ = mcp_air * std::max(0.0, p.T_ret - std::max(T_coil_out, T_econ_min));
    p.Q_dx = std::max(0.0, p.Q_coil - p.Q_econ);
    const double rho_out = k.rho_out;
    p.comp_W = 0.0;
    p.water_kg_s = 0.0;
    p.humid_W = 0.0;
    p.sec_fan_W = 0.0;
    p.air_limited = false;
    if (in_.system != Inputs::Air::ChilledWater) {
      // DX trim of the air systems: evaporating below the coil outlet, condensing above outdoors;
      // a plant at its capacity leaves the coil outlet warmer than commanded.
      const CompressorPoint cp = run_compressors(in_.air_plant, p.Q_dx, T_coil_out - kDxCoilApproach_K,
                                                 c.T_db_K + kCondenserApproach_K, staged);
      p.comp_capacity_W = cp.capacity_W;
      p.comp_margin_W = cp.capacity_W - p.Q_dx;
      p.comp_W = cp.power_W;
      p.air_limited = cp.limited;
      if (cp.Q_W < p.Q_dx) {
        p.Q_dx = cp.Q_W;
        p.Q_coil = p.Q_econ + p.Q_dx;
        T_coil_out = p.T_ret - p.Q_coil / mcp_air;
      }
    }
    const double rho = climate::psy::moist_air_density_kg_m3(T_ca, c.W_kg_kg, c.p_Pa);
    p.fan_W = fan_power_W(in_.fan_design_W, ratio, rho);
    // (No air moves only when every air unit has failed: a ride-through event.)
    p.T_sup = mcp_air > 0.0 ? T_coil_out + p.fan_W / mcp_air : p.T_ret;
    switch (in_.system) {
    case Inputs::Air::Iec: {
      if (!(p.m_air > 0.0)) {
        break; // every IEC unit failed (ride-through): no fans, no water
      }
      const IecPoint iec = run_iec(in_.iec_units, p.Q_econ, p.m_air, ratio, p.T_ret, T_econ_min,
                                   mode != CoolingMode::Free, rho_out);
      p.sec_fan_W = iec.scavenger_fan_W;
      p.water_kg_s = iec.water_kg_s;
      break;
    }
    case Inputs::Air::ChilledWater:
      p.Q_econ = plant.Q_economizer_W;
      p.Q_dx = plant.Q_chillers_W;
      p.comp_W = plant.chiller_W;
      p.air_limited = plant.limited;
      p.pump_W = plant.pump_W;
      p.sec_fan_W = plant.rejection_fan_W;
      p.water_kg_s = plant.water_kg_s;
      break;
    case Inputs::Air::DirectAir: {
      if (!(p.m_air > 0.0)) {
        break; // every air unit failed (ride-through)
      }
      // Outdoor air admitted at econ[m], humidified to the minimum dew point.
      const DirectAirPoint dae = run_direct_air(in_.dae, p.Q_econ, p.m_air, p.T_ret, econ[m], c.W_kg_kg, c.p_Pa);
      p.water_kg_s = dae.water_kg_s;
      p.humid_W = dae.humidifier_W;
      break;
    }
    }
    // Liquid loop: heat recovery, heat rejection, trim chiller (liquid_loop.hpp).
    if (in_.has_liquid && in_.liquid_pumps_failed) {
      // No flow (ride-through): the racks' liquid heat stays in the loop's water.
      p.T_fw_supply = T_fw;
      p.T_dc_supply = T_fw;
      p.liquid_limited = true;
    } else if (in_.has_liquid) {
      const LiquidLoopPoint l = run_liquid_loop(in_.loop, T_fw, k.liquid_flow, k.heat_demand_W, air,
                                                liquid_trim_on, outputs);
      p.Q_recovered = l.Q_recovered_W;
      p.Q_delivered = l.Q_delivered_W;
      p.heat_pump_W = l.heat_pump_W;
      p.T_dc_supply = l.T_rejection_supply_K;
      p.water_kg_s += l.water_kg_s;
      p.dc_fan_W = l.rejection_fan_W;
      p.rejection_holds = l.rejection_holds;
      p.liq_trim_W = l.trim_W;
      p.liquid_limited = l.limited;
      p.T_fw_supply = l.T_supply_K;
      p.Q_liq_rej = l.Q_removed_W;
      p.pump_W += l.pump_W;
      if (in_.liquid_tank_charged && l.T_supply_K > in_.loop.T_supply_set_K) {
        const double mcp = in_.loop.m_water_kg_s * k.liquid_flow * kCpWater_J_kgK;
        p.Q_tank_liquid = mcp * (l.T_supply_K - in_.loop.T_supply_set_K);
        p.Q_liq_rej += p.Q_tank_liquid;
        p.T_fw_supply = in_.loop.T_supply_set_K;
      }
    }
    p.light_W = in_.lighting_W;
    p.aux_W = in_.aux_W;
    const double other_W = p.fan_W + p.sec_fan_W + p.comp_W + p.liq_trim_W + p.dc_fan_W +
                           p.pump_W + p.humid_W + p.light_W + p.aux_W;
    const auto losses = electrical_losses(in_.electrical, p.it_W, other_W, in_.design_VA, in_.it_design_W,
                                          {mechanical_on_ups_W(p), in_.mechanical_ups_design_W});
    p.losses_ups = losses.ups_W;
    p.losses_dist = losses.distribution_W;
    p.losses_trans = losses.transformer_W;
    // Sun on the roof reaches the structure through the insulation only: sol-air temperature
    // T_db + alpha GHI / h_o on the roof, so the gain is U A_roof alpha GHI / h_o (ASHRAE
    // Fundamentals, "Heat gains through opaque surfaces").
    p.solar_W = kEnvelopeU_W_m2K * in_.A_roof * kSolarAbsorptance * c.ghi_W_m2 / kOutsideFilm_W_m2K;
    p.env_W = in_.net.UA_envelope_W_K * (c.T_db_K - T_st);
    return p;
  }

  /// The power of the cooling loads the UPS carries (Electrical::*_on_ups).
  double mechanical_on_ups_W(const Point& p) const {
    const auto& e = in_.electrical;
    const bool iec = in_.system == Inputs::Air::Iec;
    return (e.air_units_on_ups ? p.fan_W + (iec ? p.sec_fan_W : 0.0) : 0.0) + (e.pumps_on_ups ? p.pump_W : 0.0) +
           (e.heat_rejection_on_ups ? p.dc_fan_W + (iec ? 0.0 : p.sec_fan_W) : 0.0);
  }

  void rhs(double t, std::span<const double> y, std::span<double> ydot) override {
    const Point p = evaluate(t, y, false);
    const bool chw = in_.system == Inputs::Air::ChilledWater;
    const NetworkDrive drive{.m_air_kg_s = p.m_air,
                             .m_air_demand_kg_s = p.m_air_need,
                             .T_supply_K = p.T_sup,
                             .it_air_W = p.it_air_W,
                             .it_liquid_W = p.it_liquid_W,
                             .liquid_rejected_W = in_.has_liquid ? p.Q_liq_rej : 0.0,
                             .chilled_water_in_W = chw ? p.Q_coil : 0.0,
                             .chilled_water_removed_W = chw ? p.Q_plant : 0.0,
                             .lighting_W = p.light_W,
                             .solar_W = p.solar_W,
                             .T_outdoor_K = p.T_db_K};
    network_derivatives(in_.net, drive, y.first(kNodes), ydot.first(kNodes));
    // Anti-windup by back-calculation (Astrom and Hagglund, Advanced PID Control, 2006, 3.5): a
    // saturated command feeds its excess back into the integrator with the tracking time constant
    // kTracking_s, so the integrator follows the limit instead of winding up. Unlike conditional
    // integration (stop integrating while saturated), the rate stays continuous where the command
    // reaches its limit, and a BDF step across that point keeps its error estimate honest
    // (docs/physics/hall-model.md, "Controller").
    ydot[kIpi] = kKp_per_K / kTi_s * (y[kTca] - in_.T_set_K) + (p.u - p.u_unsat) / kTracking_s;
    for (std::size_t i = 0; i < kStates; ++i) {
      if (!std::isfinite(ydot[i])) {
        throw SolverError(name_, "non-finite rate of change of state " + std::to_string(i) +
                                     ": a parameter makes the hall model singular");
      }
    }
  }

  /// The rates integrated into the energies (J/s, kg/s) at (t, y); p is filled too.
  void integrands(double t, std::span<const double> y, std::span<double> q, Point& p) const {
    p = evaluate(t, y);
    q[kEin] = p.it_W + p.fan_W + p.light_W + p.solar_W + std::max(0.0, p.env_W);
    const double removed = in_.system == Inputs::Air::ChilledWater ? p.Q_plant : p.Q_coil;
    q[kEout] = removed + (in_.has_liquid ? p.Q_liq_rej : 0.0) + std::max(0.0, -p.env_W);
    q[kEit] = p.it_W;
    q[kEairFans] = p.fan_W;
    q[kErejFans] = p.sec_fan_W + p.dc_fan_W;
    q[kEcomp] = p.comp_W + p.liq_trim_W;
    q[kEpumps] = p.pump_W;
    q[kElight] = p.light_W;
    q[kEaux] = p.aux_W;
    q[kEups] = p.losses_ups;
    q[kEdist] = p.losses_dist;
    q[kEtrans] = p.losses_trans;
    q[kWater] = p.water_kg_s;
    q[kQeconomizer] = p.Q_econ;
    q[kEhumid] = p.humid_W;
    q[kQrecovered] = p.Q_recovered;
    q[kQdelivered] = p.Q_delivered;
    q[kEheatPump] = p.heat_pump_W;
    q[kQdemand] = time_terms(t).heat_demand_W;
    q[kQliquid] = p.it_liquid_W;
  }

  double stored_heat_J(std::span<const double> y) const {
    return physics::stored_heat_J(in_.net, y.first(kNodes));
  }

private:
  const Inputs& in_;
  const ClimateInput& climate_;
  std::string name_;
  mutable TimeTerms cache_;
};

/// The hall's inputs; its plants are sized for `design` (unlimited when null: for the plant
/// limits and signatures, which do not depend on capacities).
Inputs derive_inputs(const model::Park& park, const model::Hall& hall, const model::Stage& stage,
                     const DesignCondition* sizing = nullptr);

/// The plant's controls between integrations: the mode steps up after the escalation dwell (at
/// once when the mode cannot reach the set point), down after the minimum dwell, and the liquid
/// loop's trim chiller stages on and off (docs/physics/hall-model.md, "Modes"). Shared by the
/// annual driver and the ride-through events.
struct PlantControls {
  double last_switch;
  double saturated_since = -1e300;
  double relax_since = -1e300;
  struct Decision {
    CoolingMode mode;
    bool trim;
    double integrator; ///< the PI integrator for a bumpless transfer, when the mode changes
  };
  /// What the plant does next at t, from the point p of the hall's state (cold aisle T_ca_K).
  Decision decide(const Inputs& in, const HallOde& ode, const HallOde::Point& p, double t, double T_ca_K,
                  const SimulationOptions& options);
  /// The mode changed at t: the dwell times start again.
  void switched(double t) {
    last_switch = t;
    saturated_since = relax_since = -1e300;
  }
};

/// Bumpless transfer at a change of mode: the PI integrator that makes the new mode's command
/// keep the coil outlet where the old mode had it; e = T_ca - T_set.
double bumpless_integrator(const HallOde::Point& p, double T_min_old_K, double T_min_new_K, double e);

} // namespace parktwin::physics::hall_detail
