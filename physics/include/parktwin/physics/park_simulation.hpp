#pragma once
// Every hall of a park at a stage through a climate year, in parallel on all cores. A hall that
// fails (solver, unsupported system) is reported with its id and does not stop the others.

#include "parktwin/physics/hall_simulation.hpp"

#include <list>
#include <map>
#include <set>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace parktwin::physics {

/// Years of halls already simulated, shared by the park runs of a sweep: a variant that leaves a
/// hall unchanged (same signature, climate, prices and solver settings) reuses its year instead
/// of integrating it again. Results are deterministic, so a reused year is the year that would
/// have been computed. Thread-safe; least recently used entries go beyond `max_bytes`.
class HallResultCache {
public:
  explicit HallResultCache(std::size_t max_bytes = std::size_t(512) << 20) : max_bytes_(max_bytes) {}
  std::shared_ptr<const HallResult> find(const std::string& key);
  void insert(const std::string& key, std::shared_ptr<const HallResult> result);
  std::size_t hits() const;
  std::size_t misses() const;

private:
  struct Entry {
    std::shared_ptr<const HallResult> result;
    std::list<std::string>::iterator lru;
    std::size_t bytes = 0;
  };
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> map_;
  std::list<std::string> lru_; ///< most recent first
  std::size_t bytes_ = 0, max_bytes_, hits_ = 0, misses_ = 0;
};

struct ParkRunOptions {
  unsigned threads = 0;      ///< 0: all hardware threads
  std::string only_hall;     ///< simulate only this hall id (empty: all in service)
  SimulationOptions simulation;
  HallResultCache* cache = nullptr; ///< optional, shared across runs (keyed by the climate's serial)
  /// Dispatched compute by hall id (docs/physics/dispatch.md); halls without one as profiled.
  const std::map<std::string, ItSchedule>* it_schedules = nullptr;
  /// Simulate only these hall ids (with only_hall, both apply); none: every hall in service.
  const std::set<std::string>* only_halls = nullptr;
};

struct ParkResult {
  std::string stage_id;
  int stage_year = 0;
  std::vector<HallResult> halls; ///< in scenario order
  std::size_t simulated_halls = 0; ///< hall-years actually integrated (identical or cached halls not counted)
  std::size_t dispatched_halls = 0; ///< hall-years integrated again by a dispatch's rounds (park_dispatch.hpp)
  double wall_time_s = 0.0;
};

/// Sums over several halls (a wing, the park): energies, water, heat, cost, and the hourly power
/// of the halls together for coincident peaks.
struct HallTotals {
  EnergyByUse energy;
  double water_kg = 0.0;
  double recovered_J = 0.0;
  double delivered_J = 0.0;
  double demand_J = 0.0;
  double heat_pump_J = 0.0;
  double cost_CNY = 0.0;
  double sum_of_peaks_VA = 0.0;
  std::vector<double> hourly_it_W;
  std::vector<double> hourly_facility_W;
  std::vector<double> hourly_VA;
  std::vector<int> hourly_compressor_halls; ///< halls that ran a compressor in each hour
  int halls = 0;  ///< simulated
  int failed = 0; ///< not simulated

  void add(const HallResult& r);
  double pue() const noexcept;
  double ere() const noexcept;
  double wue_L_per_kWh() const noexcept;
  double coincident_peak_W() const noexcept;
  double coincident_peak_VA() const noexcept;
  /// Hours in which no hall of the group ran a compressor (needs hourly results).
  double free_cooling_hours() const noexcept;
};

/// Halls in service at the stage (their stage year <= the stage's), simulated in parallel.
ParkResult simulate_park(const model::Park& park, const model::Stage& stage,
                         const ClimateInput& climate, const ParkRunOptions& options = {});

} // namespace parktwin::physics
