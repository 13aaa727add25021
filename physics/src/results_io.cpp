#include "parktwin/physics/results_io.hpp"
#include "hdf5_image.hpp"
#include "hdf5_text.hpp"

#include "parktwin/common/atomic_file.hpp"
#include "parktwin/common/error.hpp"

#include "hdf5_lock.hpp"

#include <H5Cpp.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <unistd.h>

namespace parktwin::physics {
namespace {

void number_attribute(H5::H5Object& obj, const std::string& name, double value, const std::string& unit) {
  H5::Attribute a = obj.createAttribute(name, H5::PredType::NATIVE_DOUBLE, H5::DataSpace(H5S_SCALAR));
  a.write(H5::PredType::NATIVE_DOUBLE, &value);
  if (!unit.empty()) {
    string_attribute(obj, name + "_unit", unit);
  }
}

template <class T>
void series(H5::Group& g, const std::string& name, const std::vector<T>& values, const std::string& unit,
            const std::string& description) {
  const hsize_t n = values.size();
  H5::DataSpace space(1, &n);
  const H5::PredType& type = std::is_same_v<T, float> ? H5::PredType::NATIVE_FLOAT
                             : std::is_same_v<T, double> ? H5::PredType::NATIVE_DOUBLE
                                                         : H5::PredType::NATIVE_UINT8;
  H5::DSetCreatPropList props;
  if (n > 0) {
    const hsize_t chunk = std::min<hsize_t>(n, 8760);
    props.setChunk(1, &chunk);
    props.setDeflate(4);
  }
  H5::DataSet d = g.createDataSet(name, type, space, props);
  if (n > 0) {
    d.write(values.data(), type);
  }
  string_attribute(d, "unit", unit);
  string_attribute(d, "description", description);
}

void write_hall(H5::Group& g, const HallResult& r) {
  string_attribute(g, "wing", r.wing_id);
  string_attribute(g, "status", r.ok ? "ok" : "failed: " + r.error);
  if (!r.ok) {
    return;
  }
  const auto& e = r.energy;
  number_attribute(g, "PUE", r.pue(), "1");
  number_attribute(g, "ERE", r.ere(), "1");
  number_attribute(g, "it_energy", e.it, "J");
  number_attribute(g, "facility_energy", e.facility(), "J");
  number_attribute(g, "air_fans_energy", e.air_fans, "J");
  number_attribute(g, "heat_rejection_fans_energy", e.heat_rejection_fans, "J");
  number_attribute(g, "compressors_energy", e.compressors, "J");
  number_attribute(g, "pumps_energy", e.pumps, "J");
  number_attribute(g, "humidification_energy", e.humidification, "J");
  number_attribute(g, "lighting_energy", e.lighting, "J");
  number_attribute(g, "auxiliaries_energy", e.auxiliaries, "J");
  number_attribute(g, "ups_losses", e.ups_losses, "J");
  number_attribute(g, "distribution_losses", e.distribution_losses, "J");
  number_attribute(g, "transformer_losses", e.transformer_losses, "J");
  number_attribute(g, "water", r.water_kg, "kg");
  number_attribute(g, "heat_recovered", r.heat_recovered_J, "J");
  number_attribute(g, "heat_delivered", r.heat_delivered_J, "J");
  number_attribute(g, "heat_demand", r.heat_demand_J, "J");
  number_attribute(g, "heat_pump_energy", r.heat_pump_J, "J");
  number_attribute(g, "energy_cost", r.energy_cost_CNY, "CNY");
  number_attribute(g, "free_cooling_hours", r.free_cooling_hours, "h");
  number_attribute(g, "partial_free_cooling_hours", r.partial_free_cooling_hours, "h");
  number_attribute(g, "unmet_load_hours", r.unmet_load_hours, "h");
  number_attribute(g, "max_inlet_temperature", r.max_inlet_C, "degC");
  number_attribute(g, "hours_inlet_above_35C", r.hours_inlet_above_35C, "h");
  number_attribute(g, "compressor_free_days", r.compressor_free_days, "d");
  number_attribute(g, "peak_facility_power", r.peak_facility_W, "W");
  number_attribute(g, "peak_apparent_power", r.peak_apparent_power_VA, "VA");
  number_attribute(g, "energy_balance_residual", r.balance.relative_residual(), "1");
  number_attribute(g, "mode_switches", static_cast<double>(r.switches.size()), "1");
  const auto& h = r.hourly;
  series(g, "inlet_temperature", h.T_inlet_C, "degC", "cold-aisle (IT inlet) temperature at the end of each hour");
  series(g, "supply_temperature", h.T_supply_C, "degC", "supply air from the coolers at the end of each hour");
  series(g, "return_temperature", h.T_return_C, "degC", "air back to the coolers at the end of each hour");
  series(g, "outdoor_dry_bulb", h.T_outdoor_C, "degC", "outdoor dry bulb at the end of each hour");
  series(g, "outdoor_wet_bulb", h.T_wet_bulb_C, "degC", "outdoor wet bulb at the end of each hour");
  series(g, "cooling_command", h.command, "1", "PI controller output at the end of each hour");
  series(g, "it_power", h.it_kW, "kW", "IT power, mean over the hour");
  series(g, "facility_power", h.facility_kW, "kW", "facility power, mean over the hour");
  series(g, "compressor_power", h.compressor_kW, "kW", "compressor power, mean over the hour");
  series(g, "water", h.water_L, "L", "water used in the hour");
  series(g, "heat_delivered", h.heat_delivered_kW, "kW", "heat delivered to district heating, mean over the hour");
  series(g, "heat_demand", h.heat_demand_kW, "kW", "this hall's share of the heat network's demand, mean over the hour");
  series(g, "mode", h.mode, "1", "cooling mode at the end of the hour: 0 free, 1 partial, 2 mechanical");
  series(g, "max_inlet_temperature", h.max_inlet_C, "degC",
         "highest cold-aisle (IT inlet) temperature within each hour, from the integration");
  series(g, "compressor_running", h.compressor_running, "1",
         "1 if a compressor (air side or liquid trim) was staged on at any time in the hour, else 0");
  series(g, "mode_free_time", h.mode_free_s, "s", "time in free-cooling mode within the hour");
  series(g, "mode_partial_time", h.mode_partial_s, "s", "time in partial mode within the hour");
  series(g, "mode_mechanical_time", h.mode_mechanical_s, "s", "time in mechanical mode within the hour");
  std::vector<float> pue(h.it_kW.size(), 0.0F);
  for (std::size_t i = 0; i < pue.size(); ++i) {
    pue[i] = h.it_kW[i] > 0.0F ? h.facility_kW[i] / h.it_kW[i] : 0.0F;
  }
  series(g, "pue", pue, "1", "hourly PUE: facility energy / IT energy in the hour");
  std::vector<double> t, from, to;
  for (const auto& s : r.switches) {
    t.push_back(s.t_s);
    from.push_back(static_cast<double>(s.from));
    to.push_back(static_cast<double>(s.to));
  }
  series(g, "switch_time", t, "s", "time of each mode switch from January 1 00:00");
  series(g, "switch_from", from, "1", "mode before each switch");
  series(g, "switch_to", to, "1", "mode after each switch");
}

} // namespace

std::mutex& hdf5_mutex() {
  static std::mutex m;
  return m;
}

void write_results_hdf5(const std::filesystem::path& path, const model::Park& park,
                        const ParkResult& result, const RunMetadata& meta) {
  const std::lock_guard<std::mutex> lock(hdf5_mutex());
  // The target is checked (folder, permissions) before the run's results are assembled.
  AtomicFile out(path);
  std::string image;
  try {
    H5::Exception::dontPrint();
    H5::H5File file = memory_hdf5_file(path.string());
    H5::Group m = file.createGroup("/meta");
    string_attribute(m, "program", "parktwin " + meta.program_version);
    string_attribute(m, "scenario_source", meta.scenario_source);
    string_attribute(m, "climate", meta.climate_name);
    string_attribute(m, "climate_description", meta.climate_description);
    string_attribute(m, "climate_sha256", meta.climate_sha256);
    string_attribute(m, "stage", result.stage_id);
    number_attribute(m, "stage_year", result.stage_year, "");
    string_attribute(m, "solver", "SUNDIALS CVODES 6.4: " + meta.solver_settings);
    std::vector<char> scenario(meta.scenario_json.begin(), meta.scenario_json.end());
    {
      const hsize_t n = scenario.size();
      H5::DataSet d = m.createDataSet("scenario_json", H5::PredType::NATIVE_CHAR, H5::DataSpace(1, &n));
      d.write(scenario.data(), H5::PredType::NATIVE_CHAR);
      string_attribute(d, "unit", "text");
      string_attribute(d, "description", "the scenario document as run (UTF-8 JSON)");
    }
    H5::Group halls = file.createGroup("/halls");
    // Sums of halls, hour by hour: the park and each wing.
    const auto write_totals = [](H5::Group& g, const HallTotals& t) {
      number_attribute(g, "it_energy", t.energy.it, "J");
      number_attribute(g, "facility_energy", t.energy.facility(), "J");
      number_attribute(g, "PUE", t.pue(), "1");
      number_attribute(g, "ERE", t.ere(), "1");
      number_attribute(g, "peak_facility_power", t.coincident_peak_W(), "W");
      number_attribute(g, "peak_apparent_power", t.coincident_peak_VA(), "VA");
      std::vector<float> it(t.hourly_it_W.size()), fac(t.hourly_facility_W.size());
      for (std::size_t i = 0; i < it.size(); ++i) {
        it[i] = static_cast<float>(t.hourly_it_W[i] / 1e3);
        fac[i] = static_cast<float>(t.hourly_facility_W[i] / 1e3);
      }
      series(g, "it_power", it, "kW", "IT power of the halls, mean over the hour");
      series(g, "facility_power", fac, "kW", "facility power of the halls, mean over the hour");
    };
    HallTotals park_sum;
    std::map<std::string, HallTotals> wing_sums;
    for (const auto& r : result.halls) {
      H5::Group g = halls.createGroup(r.hall_id);
      write_hall(g, r);
      if (!r.ok) {
        continue;
      }
      park_sum.add(r);
      wing_sums[r.wing_id].add(r);
    }
    H5::Group p = file.createGroup("/park");
    string_attribute(p, "name", park.name);
    write_totals(p, park_sum);
    H5::Group wings = file.createGroup("/wings");
    for (const auto& [id, sum] : wing_sums) {
      H5::Group g = wings.createGroup(id);
      write_totals(g, sum);
    }
    image = hdf5_image(file, path);
    file.close();
  } catch (const H5::Exception& e) {
    throw IoError(path.string(), "HDF5 error: " + e.getDetailMsg());
  }
  out.write(image);
  out.commit();
}

void write_results_csv(const std::filesystem::path& folder, const ParkResult& result) {
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  if (!std::filesystem::is_directory(folder, ec)) {
    throw IoError(folder.string(), "cannot create the folder");
  }
  std::ostringstream s;
  s << "hall,wing,status,it_MWh,facility_MWh,PUE,ERE,WUE_L_per_kWh,water_m3,free_cooling_h,"
       "partial_free_cooling_h,compressor_free_days,heat_recovered_MWh,heat_delivered_MWh,"
       "peak_kW,peak_kVA,energy_cost_CNY,mode_switches\n";
  for (const auto& r : result.halls) {
    s << r.hall_id << "," << r.wing_id << "," << (r.ok ? "ok" : "failed");
    if (r.ok) {
      char buf[512];
      std::snprintf(buf, sizeof buf, ",%.3f,%.3f,%.5f,%.5f,%.5f,%.3f,%.0f,%.0f,%d,%.3f,%.3f,%.1f,%.1f,%.0f,%zu",
                    r.energy.it / 3.6e9, r.energy.facility() / 3.6e9, r.pue(), r.ere(),
                    r.energy.it > 0.0 ? r.water_kg / (r.energy.it / 3.6e6) : 0.0, r.water_kg / 1000.0,
                    r.free_cooling_hours, r.partial_free_cooling_hours, r.compressor_free_days,
                    r.heat_recovered_J / 3.6e9, r.heat_delivered_J / 3.6e9, r.peak_facility_W / 1e3,
                    r.peak_apparent_power_VA / 1e3, r.energy_cost_CNY, r.switches.size());
      s << buf;
    }
    s << "\n";
  }
  write_file_atomically(folder / "summary.csv", s.str());
  HallTotals park;
  for (const auto& r : result.halls) {
    park.add(r);
  }
  std::ostringstream h;
  h << "hour,it_kW,facility_kW\n";
  for (std::size_t i = 0; i < park.hourly_facility_W.size(); ++i) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%zu,%.3f,%.3f\n", i, park.hourly_it_W[i] / 1e3,
                  park.hourly_facility_W[i] / 1e3);
    h << buf;
  }
  write_file_atomically(folder / "park_hourly.csv", h.str());
}

} // namespace parktwin::physics
