#include "parktwin/physics/hall_simulation.hpp"

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

namespace {

using units::celsius_to_kelvin;

/// The hour of the climate year whose dispatched power applies at t: hour h covers
/// (3600 h, 3600 (h + 1)] s, so a step that ends on a boundary is evaluated with the hour it
/// closes; before the year (spin-up) the year's last hours, periodic.
std::size_t schedule_hour(double t_s, std::size_t hours) noexcept {
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
  double T_set_K = 0.0;
  bool has_liquid = false;
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
      p.Q_plant = plant.Q_W;
      p.comp_capacity_W = plant.capacity_W;
      p.comp_margin_W = plant.margin_W;
      T_min = std::max(T_min, plant.T_supply_K + kCoilApproach_K);
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
    p.T_sup = T_coil_out + p.fan_W / mcp_air;
    switch (in_.system) {
    case Inputs::Air::Iec: {
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
      // Outdoor air admitted at econ[m], humidified to the minimum dew point.
      const DirectAirPoint dae = run_direct_air(in_.dae, p.Q_econ, p.m_air, p.T_ret, econ[m], c.W_kg_kg, c.p_Pa);
      p.water_kg_s = dae.water_kg_s;
      p.humid_W = dae.humidifier_W;
      break;
    }
    }
    // Liquid loop: heat recovery, heat rejection, trim chiller (liquid_loop.hpp).
    if (in_.has_liquid) {
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
    }
    p.light_W = in_.lighting_W;
    p.aux_W = in_.aux_W;
    const double other_W = p.fan_W + p.sec_fan_W + p.comp_W + p.liq_trim_W + p.dc_fan_W +
                           p.pump_W + p.humid_W + p.light_W + p.aux_W;
    const auto losses = electrical_losses(in_.electrical, p.it_W, other_W, in_.design_VA, in_.it_design_W);
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
double bumpless_integrator(const HallOde::Point& p, double T_min_old_K, double T_min_new_K, double e) {
  const double T_out = p.T_ret - p.u * std::max(0.0, p.T_ret - T_min_old_K);
  const double span_new = p.T_ret - T_min_new_K;
  const double u_new = span_new > 1e-6 ? std::clamp((p.T_ret - T_out) / span_new, 0.0, 1.0) : p.u;
  return u_new - kKp_per_K * e;
}

/// The hall's inputs; its plants are sized for `design` (unlimited when null: for the plant
/// limits and signatures, which do not depend on capacities).
Inputs derive_inputs(const model::Park& park, const model::Hall& hall, const model::Stage& stage,
                     const DesignCondition* sizing = nullptr) {
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
        (kChilledWaterLitres_per_W * in.air_design_W + 1000.0 * in.cw.storage_m3) * kCpWater_J_kgK;
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
        (kWaterLitres_per_W * in.liquid_design_W + 1000.0 * in.liquid.storage_m3) * kCpWater_J_kgK;
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
    double last_switch = t0;
    double saturated_since = -1e300;
    double relax_since = -1e300;
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
    if (spin_steps == 0) { // no spin-up: the year starts from the initial state
      counting = true;
      y_start = y0;
      hour_max_K = hour_min_K = y0[kTca];
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
        last_switch = hi;
        saturated_since = relax_since = -1e300;
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
      const double e = y[kTca] - in.T_set_K;
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
      CoolingMode next = ode.mode;
      // Step up after the dwell, or at once when the mode cannot reach the set point at all
      // (its lowest supply is above it): waiting would only let the hall warm.
      const bool hopeless = p.total_min[static_cast<std::size_t>(ode.mode)] >= in.T_set_K + 1.0;
      if (saturated_since > -1e299 && ode.mode != CoolingMode::Mechanical &&
          (hopeless || t - saturated_since >= options.escalation_dwell_s - 1e-6)) {
        next = static_cast<CoolingMode>(static_cast<int>(ode.mode) + 1);
      } else if (relax_since > -1e299 && t - relax_since >= options.min_dwell_s - 1e-6 &&
                 t - last_switch >= options.min_dwell_s - 1e-6) {
        next = static_cast<CoolingMode>(static_cast<int>(ode.mode) - 1);
      }
      // The liquid loop's trim chiller: staged on when the heat rejection leaves the supply
      // 0.2 K above its set point, off when the rejection holds it alone with fans <= 90 %.
      bool trim = ode.liquid_trim_on;
      if (in.has_liquid && in.loop.trim.units_available > 0) {
        if (!trim && p.T_dc_supply > in.loop.T_supply_set_K + 0.2) {
          trim = true;
        } else if (trim && p.rejection_holds) {
          trim = false;
        }
      }
      std::vector<double> state;
      if (next != ode.mode) {
        if (t >= 0.0) {
          result.switches.push_back({t, ode.mode, next});
        }
        // Bumpless transfer, so the plant does not jump and the restart needs fewer small steps.
        const double I_new = bumpless_integrator(p, p.total_min[static_cast<std::size_t>(ode.mode)],
                                                 p.total_min[static_cast<std::size_t>(next)], e);
        ode.mode = next;
        last_switch = t;
        saturated_since = -1e300;
        relax_since = -1e300;
        state.assign(y.begin(), y.end());
        state[kIpi] = I_new;
      }
      if (trim != ode.liquid_trim_on) {
        ode.liquid_trim_on = trim;
        if (state.empty()) {
          state.assign(y.begin(), y.end());
        }
      }
      const bool switched = !state.empty();
      if (switched) {
        cv.reinit(t, state); // the right-hand side changed: restart the BDF history here only
        stop_at = -1e300;
      }
      // Hourly outputs.
      if (k > spin_steps && (k - spin_steps) % steps_per_hour == 0) {
        const auto& yy = acc;
        const double T_inlet_K = cv.state()[kTca];
        const std::size_t hour = static_cast<std::size_t>((k - spin_steps) / steps_per_hour) - 1;
        const double d_it = yy[kEit] - hour_start[kEit];
        double d_fac = 0.0;
        for (std::size_t i : {kEit, kEairFans, kErejFans, kEcomp, kEpumps, kEhumid, kElight, kEaux,
                              kEups, kEdist, kEtrans}) {
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
