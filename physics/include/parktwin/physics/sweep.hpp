#pragma once
// Batch sweeps (docs/sweeps.md): every variant of a plan simulated on all cores, one summary row
// per variant streamed to an append-only journal as variants finish, resumable after any kill,
// and written at the end as summary.csv and summary.h5 (sorted by variant, atomically).
//
// A sweep folder holds:
//   sweep.json      the manifest: the plan, the scenario and climates (with digests), the columns,
//                   the shard, and the sweep's identity (a digest of all that)
//   journal.csv     one line per finished variant, each ending with a digest of the line, so that
//                   a line cut short by a kill is recognised and dropped on --resume
//   summary.csv     written when the shard is complete (or stopped cleanly), sorted by variant
//   summary.h5      the same table, one dataset per column, each with its unit
//   variants/<i>.h5 with --keep-hourly: the full results of variant i

#include "parktwin/model/scenario.hpp"
#include "parktwin/model/sweep_plan.hpp"
#include "parktwin/physics/climate_input.hpp"
#include "parktwin/physics/park_simulation.hpp"

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace parktwin::physics {

/// A climate of the sweep, resolved by the caller (the command line knows the catalog).
struct SweepClimate {
  std::string name;
  std::string description;
  std::string stands_in_for; ///< for stations standing in for a computing hub
  std::string sha256;        ///< of the file read
  std::shared_ptr<const ClimateInput> input;
  /// Replaces the scenario's electricity price (flat, time-of-use removed) for this climate's
  /// site, e.g. the province's tariff when comparing sites.
  std::optional<double> price_CNY_per_kWh;
  std::string price_source;
};

struct SweepColumn {
  enum class Type { Real, Integer, Text };
  std::string name; ///< e.g. "park.PUE", "hall.silk-1a-h1.WUE_L_per_kWh", a varied path
  Type type = Type::Real;
  std::string unit; ///< "" for dimensionless
};

struct SweepSetup {
  model::Scenario base;
  model::SweepPlan plan;            ///< prepared
  std::vector<SweepClimate> climates; ///< one per plan.climates, same order
  std::string only_hall;            ///< simulate only this hall (a hall sweep)
  model::Shard shard;
  unsigned jobs = 0;                ///< 0: all cores
  bool keep_hourly = false;         ///< write variants/<i>.h5
  SimulationOptions simulation;
  std::string program_version;
  /// With samples > 0, each variant's uncertainty bands too (docs/uncertainty.md): the park's
  /// P10/P50/P90 from that many samples of the built-in uncertain parameters, seed band_seed.
  std::size_t band_samples = 0;
  std::uint64_t band_seed = 1;
};

struct SweepProgress {
  std::size_t done = 0;   ///< variants of this shard finished (including earlier runs)
  std::size_t total = 0;  ///< variants of this shard
  std::size_t failed = 0; ///< of those done, rows whose status is not "ok"
  double elapsed_s = 0.0; ///< this run
  std::size_t done_this_run = 0;
  double hall_years = 0.0; ///< simulated in this run
};

struct SweepOutcome {
  SweepProgress progress;
  bool complete = false;    ///< every variant of the shard is in the journal
  bool interrupted = false; ///< stopped by the stop flag
};

/// The summary's columns for a plan on a scenario.
std::vector<SweepColumn> sweep_columns(const model::SweepPlan& plan, const model::Park& base,
                                       const std::string& only_hall, bool bands = false);

/// The sweep's identity: a digest of everything that determines its rows (not the shard).
std::string sweep_id(const SweepSetup& setup);

/// Runs (or, with `resume`, continues) the sweep into `out`. Refuses (UsageError) a folder that
/// holds another sweep, or any sweep without `resume`, or a non-empty folder without a
/// manifest. `progress` is called from one thread at a time after each variant; `stop` is read
/// before each new variant (variants in flight finish). Writes the summary when the shard is
/// complete or was stopped.
SweepOutcome run_sweep(const SweepSetup& setup, const std::filesystem::path& out, bool resume,
                       const std::function<void(const SweepProgress&)>& progress = {},
                       const std::atomic<bool>* stop = nullptr);

/// Joins the shards in `inputs` into one sweep folder `out` (summary.csv, summary.h5 and a
/// manifest). Refuses (InputError) shards of different sweeps, repeated or missing shards,
/// incomplete shards and duplicated variants. Returns the number of rows.
std::size_t merge_sweeps(const std::vector<std::filesystem::path>& inputs,
                         const std::filesystem::path& out);

/// Reads a finished summary.csv back (for tests and scripts): the header and the rows.
struct SummaryTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};
SummaryTable read_summary_csv(const std::filesystem::path& file);

} // namespace parktwin::physics
