#pragma once
// Failure ride-through (docs/physics/ride-through.md): what a hall's temperatures do in the
// minutes after a unit of its plant fails, from the state of the hall at an hour of its annual
// year. The hall's thermal network, plant and controller are the annual model's (hall_ode.hpp);
// the failure takes units out of service (their capacity, flow or duty in proportion), the
// plant's controls act as in the year (or are held, RideThroughOptions::restage), and the
// integration is resolved to the output step (1 s).

#include "parktwin/model/park.hpp"
#include "parktwin/physics/climate_input.hpp"
#include "parktwin/physics/hall_simulation.hpp"

#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace parktwin::physics {

/// A plant whose units can fail (`parktwin ridethrough --event trip:PLANT[:units]`).
enum class FailedPlant { Chiller, Dx, Iec, DryCooler, Tower, Crah, Pump };

struct RideThroughEvent {
  /// Trip: units of a plant fail. LiquidPump: the liquid loop's pumps stop. Outage: the utility
  /// fails; the hall's electrical chain (model::Electrical: loads on the UPS, its autonomy, the
  /// generators' start and transfer) and the compressors' restart delay decide what runs when.
  enum class Kind { Trip, LiquidPump, Outage };
  Kind kind = Kind::Trip;
  FailedPlant plant = FailedPlant::Chiller;
  int units = -1; ///< units that fail; -1: every unit of the plant
  /// How long the failure lasts (the units are back, the utility returns); none: the whole event.
  std::optional<double> lasts_s;
  /// Parses "trip:PLANT[:units]" (PLANT one of chiller, dx, iec, dry_cooler, tower, crah, pump),
  /// "pump:liquid" or "outage". Throws UsageError (where: --event) naming what is wrong.
  static RideThroughEvent parse(const std::string& text);
  std::string describe() const; ///< e.g. "trip of 1 chiller unit", "liquid-loop pumps fail"
};

struct RideThroughOptions {
  double duration_s = 1800.0;   ///< simulated after the failure
  double output_step_s = 1.0;   ///< resolution of the trace and of the crossing times
  IntegratorOptions integrator{1e-6, 1e-6};
  /// The plant's controls act within the event as in the year (hall_ode.hpp PlantControls: step
  /// up after the escalation dwell or at once when hopeless, down after the minimum dwell, the
  /// liquid trim on and off), checked at every output step; false: mode and trim held as they
  /// were at the event's start.
  bool restage = true;
  SimulationOptions controls; ///< the dwell times (min_dwell_s, escalation_dwell_s)
};

struct RideThroughResult {
  std::string hall_id;
  std::size_t hour = 0; ///< 1-8760: the event starts at the beginning of this hour
  std::string event;    ///< RideThroughEvent::describe()
  int units_failed = 0, units_installed = 0;
  /// First time the cold aisle (the IT inlet) reaches 27, 32 and 35 C; none: not within the
  /// duration. 0 when it is already there at the event's start.
  std::optional<double> time_to_27C_s, time_to_32C_s, time_to_35C_s;
  double start_inlet_C = 0.0, peak_inlet_C = 0.0, peak_return_C = 0.0;
  double peak_facility_water_C = 0.0; ///< facility-water return (liquid loop), NaN without one
  /// Liquid-cooled racks: the facility-water supply limit of their ASHRAE W class (W17-W45 from
  /// the design supply; W+: the design supply + 5 K) and the first time the supply exceeds it or
  /// the coolant stops flowing (0 when it stops at once); NaN / none without liquid cooling.
  double coolant_limit_C = std::numeric_limits<double>::quiet_NaN();
  std::optional<double> time_to_coolant_limit_s;
  double peak_facility_supply_C = std::numeric_limits<double>::quiet_NaN();
  /// IT at risk: the share of the hall's occupied racks beyond an allowable limit (air inlet
  /// above 32 C, ASHRAE A1's allowable maximum, for racks with any air-cooled part; coolant above
  /// its limit or not flowing for racks with a liquid-cooled part), by the lumped temperatures:
  /// its peak, and how long any rack is at risk.
  double peak_it_at_risk_share = 0.0;
  double it_at_risk_s = 0.0;
  /// Outage: when the mechanical loads run again (generators or the utility), when the
  /// compressors cool again, when the IT lost its power (the batteries ran out); none: not within
  /// the event. The UPS's rating added by the cooling loads on it (the ride-through option).
  std::optional<double> power_restored_s, compressors_restart_s, it_power_lost_s;
  double ups_added_rating_W = 0.0;
  /// Stratified tanks (storage_kind): the heat they can take (figure of merit 0.9 of the volume
  /// between the loop's design supply and return), what they took, when each ran out (none: it
  /// did not, or there is none).
  double tank_capacity_J = 0.0, tank_discharged_J = 0.0;
  std::optional<double> chilled_water_tank_empty_s, facility_water_tank_empty_s;
  double it_energy_J = 0.0, facility_energy_J = 0.0, water_kg = 0.0;
  /// (heat in - heat out - heat stored) / heat in over the event.
  double energy_balance_residual = 0.0;
  /// The plant's mode changes within the event (time after the failure, the new mode).
  std::vector<std::pair<double, CoolingMode>> mode_changes;
  std::vector<double> t_s, inlet_C, return_C; ///< the trace, every output step from 0
  std::vector<double> at_risk_share;           ///< IT at risk, every output step
};

/// Simulates `event` on `hall` from `start` (the hall's state at the start of hour `hour`, 1-8760,
/// from simulate_hall with keep_states). `sizing`: the condition the annual run sized the plants
/// for. Throws InputError (where: --event) when the hall has no such plant or fewer units than
/// asked, SolverError if the integration fails.
RideThroughResult simulate_ride_through(const model::Park& park, const model::Hall& hall, const model::Stage& stage,
                                        const ClimateInput& climate, const DesignCondition& sizing,
                                        const RideThroughEvent& event, const HallState& start, std::size_t hour,
                                        const RideThroughOptions& options = {});

/// The trip that takes a hall's whole cooling plant out: its indirect evaporative units, a
/// chilled-water hall's chillers, a direct-air hall's air units (trip:iec, trip:chiller, trip:crah).
RideThroughEvent cooling_plant_trip(const model::Hall& hall);

/// The hall's year (its states kept), then each of `events` at the start of `hour`: for the report
/// and the desktop, which look at one hour. Throws as simulate_ride_through, SolverError if the
/// year fails.
std::vector<RideThroughResult> ride_through_events(const model::Park& park, const model::Hall& hall,
                                                   const model::Stage& stage, const ClimateInput& climate,
                                                   const std::vector<RideThroughEvent>& events, std::size_t hour,
                                                   const RideThroughOptions& options = {});

} // namespace parktwin::physics
