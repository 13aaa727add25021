#pragma once
// A hall through a climate year (docs/physics/hall-model.md): a lumped thermal network (cold
// aisle, hot aisle, IT mass, structure, facility-water loop) with a PI controller on the
// cold-aisle temperature, integrated by CVODE without restarts except at cooling-mode switches;
// modes switch with deadbands and minimum dwell times, every switch recorded.

#include "parktwin/climate/design_days.hpp"
#include "parktwin/model/park.hpp"
#include "parktwin/physics/climate_input.hpp"
#include "parktwin/physics/ode.hpp"

#include <array>
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace parktwin::physics {

enum class CoolingMode { Free = 0, Partial = 1, Mechanical = 2 };
const char* to_string(CoolingMode m) noexcept;

struct ModeSwitch {
  double t_s = 0.0;
  CoolingMode from = CoolingMode::Free;
  CoolingMode to = CoolingMode::Free;
  bool operator==(const ModeSwitch&) const = default;
};

/// Annual energy by end use, J.
struct EnergyByUse {
  double it = 0.0;
  double air_fans = 0.0;           ///< CRAH / fan wall
  double heat_rejection_fans = 0.0; ///< IEC scavenger fans, cooling-tower and dry-cooler fans
  double compressors = 0.0;        ///< DX / chiller trim, air and liquid side
  double pumps = 0.0;
  double humidification = 0.0;    ///< electric steam humidifiers
  double lighting = 0.0;
  double auxiliaries = 0.0;
  double ups_losses = 0.0;
  double distribution_losses = 0.0;
  double transformer_losses = 0.0;

  double cooling() const noexcept {
    return air_fans + heat_rejection_fans + compressors + pumps + humidification;
  }
  double power_chain() const noexcept { return ups_losses + distribution_losses + transformer_losses; }
  double facility() const noexcept { return it + cooling() + power_chain() + lighting + auxiliaries; }
};

struct EnergyBalance {
  double heat_in_J = 0.0;    ///< IT, fans in the air stream, lighting, solar and envelope gains
  double heat_out_J = 0.0;   ///< removed by the coolers and the liquid loop, envelope losses
  double stored_J = 0.0;     ///< change of the heat stored in air, IT, structure and water
  /// (in - out - stored) / in.
  double relative_residual() const noexcept;
};

/// Outdoor air to which a hall's plants are sized (docs/physics/chillers.md, "Capacity").
struct DesignCondition {
  double T_db_K = 0.0;
  double T_wb_K = 0.0;
  double W_kg_kg = 0.0;
  double p_Pa = 0.0;
  std::string source; ///< "site" (the scenario's figures), else the design day's source
};

struct HallHourly {
  std::vector<float> T_inlet_C;   ///< cold-aisle (IT inlet) temperature at the end of the hour
  std::vector<float> T_supply_C;  ///< supply air from the coolers, end of the hour
  std::vector<float> T_return_C;  ///< air back to the coolers, end of the hour
  std::vector<float> T_outdoor_C; ///< outdoor dry bulb, end of the hour
  std::vector<float> T_wet_bulb_C; ///< outdoor wet bulb, end of the hour
  std::vector<float> command;     ///< cooling command u of the PI controller, 0-1
  std::vector<float> it_kW;       ///< mean over the hour
  std::vector<float> facility_kW; ///< mean over the hour
  std::vector<float> compressor_kW;
  std::vector<float> water_L;     ///< in the hour
  std::vector<float> heat_delivered_kW; ///< to district heating, mean over the hour
  std::vector<float> heat_demand_kW;    ///< this hall's share of the network's demand, mean
  std::vector<std::uint8_t> mode; ///< at the end of the hour
  std::vector<float> max_inlet_C; ///< highest IT inlet within the hour, from the integration
  std::vector<std::uint8_t> compressor_running; ///< 1: a compressor was staged on at some time
  std::vector<float> mode_free_s, mode_partial_s, mode_mechanical_s; ///< time in each mode
  /// Every series equal, value for value (NaN equals nothing).
  bool operator==(const HallHourly&) const = default;
};

/// The plant as sized for the simulation.
struct PlantSizing {
  DesignCondition design;
  double air_unit_capacity_W = 0.0;    ///< DX module or chiller, at its rating point
  int air_units_installed = 0;
  double liquid_trim_capacity_W = 0.0; ///< installed in total (0: none)
  double air_flow_capacity_m3_s = 0.0; ///< the air units' combined maximum flow, standard air
  double heat_rejection_capacity_W = 0.0; ///< installed duty of dry coolers and towers, in total
  double pump_capacity_fraction = 0.0; ///< the pumps' combined maximum flow / each loop's design
};

/// The hall's dynamic state at an instant: what an event of the ride-through starts from.
struct HallState {
  /// Cold aisle, hot aisle, IT mass, structure, facility-water return, chilled-water return (K)
  /// and the PI integrator of the cooling command (1).
  std::array<double, 7> y{};
  CoolingMode mode = CoolingMode::Free;
  bool liquid_trim_on = false;
};

struct HallResult {
  std::string hall_id;
  std::string wing_id;
  bool ok = false;
  std::string error; ///< solver or model failure, with the simulated time
  bool solver_failed = false; ///< the failure came from the solver (else from the hall's data)
  EnergyByUse energy;
  double water_kg = 0.0;
  double heat_recovered_J = 0.0; ///< heat taken from the hall's liquid loop for the network
  double heat_delivered_J = 0.0; ///< heat delivered to the network (recovered + heat-pump work)
  double heat_pump_J = 0.0;      ///< heat-pump electricity (district-heating side, not in PUE)
  double heat_demand_J = 0.0;    ///< this hall's share of the network's demand
  double liquid_heat_J = 0.0;    ///< IT heat captured by the liquid loop (cold plates, immersion)
  double energy_cost_CNY = 0.0;  ///< facility energy at the site's (time-of-use) prices
  double free_cooling_hours = 0.0;    ///< hours in which no compressor was staged on at any time
  double partial_free_cooling_hours = 0.0; ///< hours with compressors and economizer both
  int compressor_free_days = 0;       ///< days in which no compressor was staged on at any time
  double peak_facility_W = 0.0;       ///< highest hourly mean
  double peak_apparent_power_VA = 0.0;
  double power_factor = 1.0;          ///< of the hall's supply, for apparent power
  // Inlet excursions count the hours in which the IT inlet passed the limit at any time (from the
  // integration's dense output, not an end-of-hour sample).
  double hours_above_recommended = 0.0; ///< IT inlet above 27 C (ASHRAE recommended)
  double hours_above_allowable = 0.0;   ///< above 32 C (ASHRAE A1 allowable)
  double hours_inlet_above_35C = 0.0;   ///< above 35 C (ASHRAE A2 allowable)
  double hours_below_recommended = 0.0; ///< below 18 C
  double max_inlet_C = 0.0;             ///< highest IT inlet of the year
  double min_inlet_C = 0.0;             ///< lowest
  /// Hours in which the plant did not meet the load: at some time the IT inlet was more than 1 K
  /// above its set point while the plant gave all it has (compressors at capacity, or full
  /// command in mechanical mode), or the facility water was more than 1 K above its set point.
  /// Control transients after a mode switch are not unmet load.
  double unmet_load_hours = 0.0;
  PlantSizing plant;
  /// Least spare capacity of the compressors over the year: available capacity at the moment's
  /// temperatures less the demand on them (negative when they fell short), W.
  double min_compressor_margin_W = 0.0;
  double min_compressor_margin_N_W = 0.0; ///< the same with the N units only (redundancy kept)
  EnergyBalance balance;
  std::vector<ModeSwitch> switches;
  IntegratorStats solver;
  HallHourly hourly;
  /// With SimulationOptions::keep_states: the state at the start of every hour of the year
  /// (states[h] at t = 3600 h s), the plant's mode and trim as they then were.
  std::vector<HallState> states;

  double pue() const noexcept { return energy.it > 0.0 ? energy.facility() / energy.it : 0.0; }
  /// Energy reuse effectiveness (The Green Grid): (facility - reused) / IT, reused = recovered heat.
  double ere() const noexcept {
    return energy.it > 0.0 ? (energy.facility() - heat_recovered_J) / energy.it : 0.0;
  }
};

/// The site's cooling design condition: the scenario's site.cooling_design_* if given (at the
/// year's mean pressure), else the climate's 0.4 % dry-bulb design day: its .ddy file's, or the
/// year's own 0.4 % dry bulb (the 35th warmest of 8,760 hours) with the mean wet bulb of the
/// hours at or above it (climate/design_days.hpp).
DesignCondition cooling_design_condition(const model::Park& park, const ClimateInput& climate);

/// Dispatched compute (docs/physics/dispatch.md): hourly multipliers of each rack group's
/// profiled power. ratio[g][h] scales the hall's group g (scenario order) in hour h of the
/// climate year, the interval (3600 h, 3600 (h + 1)] s; the spin-up before the year takes the
/// year's last hours (the climate is periodic). A group without a row (or an empty one) runs as
/// profiled. Energy in hour h is ratio x the profiled energy, exactly.
struct ItSchedule {
  std::vector<std::vector<double>> ratio;
};

struct SimulationOptions {
  double control_step_s = 900.0;   ///< mode logic and outputs evaluated this often
  double spin_up_s = 3.0 * 86400; ///< simulated before t = 0 (periodic climate), not counted
  double min_dwell_s = 3600.0;    ///< before stepping down a mode
  double escalation_dwell_s = 900.0; ///< before stepping up (protects the IT inlet)
  /// Relative 1e-4 and 1e-4 K: annual energies agree with 1e-6 / 1e-6 to 5 digits, 4x faster
  /// (docs/dev/performance.md).
  IntegratorOptions integrator{1e-4, 1e-4};
  bool keep_hourly = true;
  bool keep_states = false; ///< HallResult::states (for the ride-through)
  /// Checked every control step: when it turns true the hall stops and its result says
  /// "cancelled" (a newer edit in the desktop supersedes a run). Not part of the results.
  const std::atomic<bool>* cancel = nullptr;
  /// Size the plants for this condition instead of the park's cooling design condition on the
  /// climate simulated (design days: the plant of the annual run, on another climate).
  std::optional<DesignCondition> sizing;
  /// Dispatched compute; none: every group as profiled.
  const ItSchedule* it_schedule = nullptr;
};

/// The cooling mode the hall's plant settles to for steady outdoor air (T_db, W at pressure p)
/// at its design return air: the lowest mode whose lowest supply temperature reaches the set
/// point. The same plant limits as the simulation (for the psychrometric chart's regions).
CoolingMode design_mode(const model::Park& park, const model::Hall& hall, const model::Stage& stage,
                        double T_db_K, double W_kg_kg, double p_Pa);

/// design_mode for many points of one hall (the hall's inputs derived once).
class PlantModes {
public:
  PlantModes(const model::Park& park, const model::Hall& hall, const model::Stage& stage);
  ~PlantModes();
  PlantModes(const PlantModes&) = delete;
  PlantModes& operator=(const PlantModes&) = delete;
  CoolingMode at(double T_db_K, double W_kg_kg, double p_Pa) const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Everything that determines a hall's simulated results (not its name or sources): two halls
/// with the same signature at the same stage and climate give the same results.
std::string hall_signature(const model::Park& park, const model::Hall& hall, const model::Stage& stage);

/// A hall on one cooling design day, with the plant sized as for its annual run.
struct DesignDayResult {
  std::string name;
  std::string source;
  bool holds = false;       ///< IT inlet within ASHRAE's recommended 18-27 C all day
  double margin_W = 0.0;    ///< least spare compressor capacity over the day (negative: short)
  double margin_N_W = 0.0;  ///< the same counting only the N units (the redundant ones kept in reserve)
  double max_inlet_C = 0.0;
  double min_inlet_C = 0.0;
  bool ok = false;
  std::string error;
};

/// Runs the hall through each design day (repeated until periodic) with its plants sized for
/// `sizing` (the annual run's condition).
std::vector<DesignDayResult> check_design_days(const model::Park& park, const model::Hall& hall,
                                               const model::Stage& stage,
                                               const std::vector<climate::DesignDay>& days,
                                               const DesignCondition& sizing,
                                               const SimulationOptions& options = {});

/// Simulates one hall at a stage (occupancy) on a climate. Never throws for solver failures:
/// they are reported in `error` with the simulated time.
HallResult simulate_hall(const model::Park& park, const model::Hall& hall, const model::Stage& stage,
                         const ClimateInput& climate, const SimulationOptions& options = {});

} // namespace parktwin::physics
