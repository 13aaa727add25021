#pragma once
// Results files (docs/results.md): one HDF5 file per run, a unit attribute on every dataset; and
// CSV for spreadsheets. HDF5 types stay inside results_io.cpp (STYLE.md 17).

#include "parktwin/model/park.hpp"
#include "parktwin/physics/park_simulation.hpp"
#include "parktwin/physics/park_dispatch.hpp"
#include "parktwin/physics/park_supply.hpp"

#include <filesystem>
#include <string>

namespace parktwin::physics {

struct RunMetadata {
  std::string scenario_json;   ///< the scenario document as run
  std::string scenario_source; ///< file name or "haidong (built in)"
  std::string climate_name;
  std::string climate_description;
  std::string climate_sha256;  ///< of the climate file read (base file for an adapted year)
  std::string program_version;
  std::string solver_settings;
};

/// Writes the run atomically (temporary file, then rename); with the supply year, its hourly
/// series under /park/supply and the ledger under /tenants; with a dispatch, its figures and the
/// park's IT power as profiled and as dispatched under /park/dispatch. Throws IoError.
void write_results_hdf5(const std::filesystem::path& path, const model::Park& park,
                        const ParkResult& result, const RunMetadata& meta, const SupplyYear* supply = nullptr,
                        const DispatchYear* dispatch = nullptr);

/// Writes summary.csv (one row per hall) and park_hourly.csv into a folder (created if needed);
/// with the supply year, supply_hourly.csv and ledger.csv (per tenant and month) too.
void write_results_csv(const std::filesystem::path& folder, const ParkResult& result, const SupplyYear* supply = nullptr);

/// The ledger as CSV text: one row per tenant and month, then one per tenant for the year.
std::string ledger_csv(const SupplyYear& supply);

} // namespace parktwin::physics
