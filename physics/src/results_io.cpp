#include "parktwin/physics/results_io.hpp"
#include "hdf5_image.hpp"
#include "hdf5_text.hpp"

#include "parktwin/common/atomic_file.hpp"
#include "parktwin/common/error.hpp"

#include "hdf5_lock.hpp"
#include "sweep_table.hpp"

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
    // Byte shuffle, then deflate at level 1: of levels 0-4 with and without the shuffle, the
    // fastest write of the built-in park that still compresses (docs/dev/performance.md, "--out").
    props.setShuffle();
    props.setDeflate(1);
  }
  H5::DataSet d = g.createDataSet(name, type, space, props);
  if (n > 0) {
    d.write(values.data(), type);
  }
  string_attribute(d, "unit", unit);
  string_attribute(d, "description", description);
}

void write_hall(H5::Group& g, const HallResult& r, const std::string* same_as = nullptr) {
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
  if (same_as != nullptr) {
    // The same series and switches as an earlier hall (in practice the same inputs, simulated
    // once): every dataset of that hall's group is hard-linked here, one copy in the file, read
    // like any other (docs/results.md).
    string_attribute(g, "series_shared_with", *same_as);
    const H5::Group first = g.openGroup("/halls/" + *same_as);
    for (hsize_t i = 0; i < first.getNumObjs(); ++i) {
      const std::string name = first.getObjnameByIdx(i);
      if (H5Lcreate_hard(first.getId(), name.c_str(), g.getId(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT) < 0) {
        throw H5::GroupIException("write_hall", "cannot link /halls/" + *same_as + "/" + name);
      }
    }
    return;
  }
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

/// W to kW, as stored.
static std::vector<float> kW(const std::vector<double>& w) {
  std::vector<float> out(w.size());
  for (std::size_t i = 0; i < w.size(); ++i) {
    out[i] = static_cast<float>(w[i] / 1e3);
  }
  return out;
}

void write_supply(H5::H5File& file, const SupplyYear& s) {
  H5::Group g = file.createGroup("/park/supply");
  const auto column = [&](double supply::Hour::*field) {
    std::vector<double> out(s.balance.hours.size());
    for (std::size_t i = 0; i < out.size(); ++i) {
      out[i] = s.balance.hours[i].*field;
    }
    return out;
  };
  std::vector<double> charge(s.balance.hours.size()), discharge(charge.size()), soc(charge.size());
  for (std::size_t i = 0; i < charge.size(); ++i) {
    const auto& h = s.balance.hours[i];
    charge[i] = h.charge_green + h.charge_grid;
    discharge[i] = h.discharge();
    soc[i] = h.soc;
  }
  series(g, "load", kW(s.load_W), "kW", "facility power of the halls, mean over the hour");
  series(g, "pv", kW(s.pv_W), "kW", "on-site and plan-rule PV, AC, mean over the hour");
  series(g, "wind", kW(s.wind_W), "kW", "wind farms, mean over the hour");
  series(g, "contract", kW(s.contract_W), "kW", "direct-supply contracts, mean over the hour");
  series(g, "storage_charge", kW(charge), "kW", "battery charge (green and grid), mean over the hour");
  series(g, "storage_discharge", kW(discharge), "kW", "battery discharge, mean over the hour");
  series(g, "grid_import", kW(column(&supply::Hour::grid_import)), "kW", "grid import, mean over the hour");
  series(g, "exported", kW(s.exported_W), "kW", "export of grid-connected sources, mean over the hour");
  series(g, "curtailed", kW(s.curtailed_W), "kW", "green supply neither used, stored nor exported, mean over the hour");
  std::vector<float> socf(soc.begin(), soc.end());
  series(g, "state_of_charge", socf, "1", "battery state of charge at the end of the hour, of its faded capacity");
  const auto& a = s.accounts;
  number_attribute(g, "green_share", a.green_share, "1");
  number_attribute(g, "green_share_with_certificates", a.green_share_with_certificates, "1");
  number_attribute(g, "cfe_score", a.cfe_score, "1");
  number_attribute(g, "CO2_location", a.CO2_location_kg, "kg");
  number_attribute(g, "CO2_market", a.CO2_market_kg, "kg");
  number_attribute(g, "pv_specific_yield", s.pv_specific_yield_kWh_per_kWp(), "kWh/kWp");
  H5::Group tenants = file.createGroup("/tenants");
  for (const auto& t : s.tenants) {
    H5::Group tg = tenants.createGroup(t.id);
    string_attribute(tg, "name", t.name);
    series(tg, "it_power", kW(t.it_W), "kW", "IT power of the tenant's racks, mean over the hour");
    series(tg, "facility_power", kW(t.facility_W), "kW", "facility power allocated to the tenant, mean over the hour");
    std::vector<double> green(t.facility_W.size(), 0.0), grid(green.size(), 0.0);
    for (std::size_t i = 0; i < green.size() && i < s.balance.hours.size(); ++i) {
      const auto& h = s.balance.hours[i];
      const double f = h.load > 0.0 ? t.facility_W[i] / h.load : 0.0;
      green[i] = f * h.green_used();
      grid[i] = f * h.grid_import;
    }
    series(tg, "green_power", kW(green), "kW", "green supply used by the tenant (its hourly share of the park's), mean over the hour");
    series(tg, "grid_power", kW(grid), "kW", "grid import allocated to the tenant (its hourly share), mean over the hour");
    const auto monthly = [&](double LedgerMonth::*field, double scale) {
      std::vector<double> out;
      for (const auto& m : t.months) {
        out.push_back(m.*field * scale);
      }
      return out;
    };
    series(tg, "monthly_it", monthly(&LedgerMonth::it_J, 1.0 / 3.6e9), "MWh", "IT energy by month");
    series(tg, "monthly_facility", monthly(&LedgerMonth::facility_J, 1.0 / 3.6e9), "MWh", "facility energy by month");
    series(tg, "monthly_green_used", monthly(&LedgerMonth::green_used_J, 1.0 / 3.6e9), "MWh", "green energy used by month");
    series(tg, "monthly_grid", monthly(&LedgerMonth::grid_J, 1.0 / 3.6e9), "MWh", "grid energy by month");
    series(tg, "monthly_certificates", monthly(&LedgerMonth::certificates_J, 1.0 / 3.6e9), "MWh",
           "green certificates retired by month (1 per MWh)");
    series(tg, "monthly_CO2_location", monthly(&LedgerMonth::CO2_location_kg, 1e-3), "t", "location-based CO2 by month");
    series(tg, "monthly_CO2_market", monthly(&LedgerMonth::CO2_market_kg, 1e-3), "t", "market-based CO2 by month");
    number_attribute(tg, "green_share", t.green_share(), "1");
    number_attribute(tg, "cfe_score", t.cfe_score(), "1");
  }
}

void write_dispatch(H5::H5File& file, const DispatchYear& d) {
  H5::Group g = file.createGroup("/park/dispatch");
  series(g, "it_profiled", kW(d.it_before_W), "kW", "the park's IT power as profiled (without the dispatch), mean over the hour");
  series(g, "it_dispatched", kW(d.it_after_W), "kW", "the park's IT power as dispatched, mean over the hour");
  std::vector<double> rounds;
  for (const auto& r : d.rounds) {
    rounds.push_back(r.facility_J / 3.6e9);
  }
  series(g, "round_facility", rounds, "MWh", "the park's facility energy after each round of dispatch and simulation");
  string_attribute(g, "objective", d.objective == model::DispatchObjective::Cost ? "cost" : "carbon_free");
  number_attribute(g, "flexible", d.flexible_J / 3.6e9, "MWh");
  number_attribute(g, "shifted", d.shifted_J / 3.6e9, "MWh");
  number_attribute(g, "deferred", d.deferred_J / 3.6e9, "MWh");
  number_attribute(g, "cfe_score_before", d.cfe_score.before, "1");
  number_attribute(g, "cfe_score_after", d.cfe_score.after, "1");
  number_attribute(g, "green_share_before", d.green_share.before, "1");
  number_attribute(g, "green_share_after", d.green_share.after, "1");
  number_attribute(g, "CO2_avoided_location", d.CO2_location_kg.saved() / 1e3, "t");
  number_attribute(g, "CO2_avoided_market", d.CO2_market_kg.saved() / 1e3, "t");
  number_attribute(g, "cost_saved", d.cost_CNY.saved(), "CNY");
  number_attribute(g, "cooling_energy_change", d.cooling_J.change() / 3.6e9, "MWh");
  number_attribute(g, "iterations", static_cast<double>(d.rounds.size()), "1");
  number_attribute(g, "converged", d.converged ? 1.0 : 0.0, "1");
}

std::string ledger_csv(const SupplyYear& supply) {
  std::ostringstream s;
  s << "tenant,month,it_MWh,facility_MWh,green_used_MWh,grid_MWh,certificates_MWh,CO2_location_t,CO2_market_t,"
       "green_share,green_share_with_certificates,cfe_score\n";
  const auto row = [&](const std::string& id, const std::string& month, const LedgerMonth& m) {
    const double f = m.facility_J > 0.0 ? m.facility_J : 1.0;
    char buf[400];
    std::snprintf(buf, sizeof buf, ",%.3f,%.3f,%.3f,%.3f,%.0f,%.3f,%.3f,%.5f,%.5f,%.5f\n", m.it_J / 3.6e9, m.facility_J / 3.6e9,
                  m.green_used_J / 3.6e9, m.grid_J / 3.6e9, m.certificates_J / 3.6e9, m.CO2_location_kg / 1e3,
                  m.CO2_market_kg / 1e3, m.green_used_J / f, std::min(1.0, (m.green_used_J + m.certificates_J) / f), m.cfe_J / f);
    s << table::csv_field(id) << "," << month << buf;
  };
  for (const auto& t : supply.tenants) {
    for (std::size_t m = 0; m < 12; ++m) {
      row(t.id, std::to_string(m + 1), t.months[m]);
    }
    row(t.id, "year", t.year);
  }
  return s.str();
}

void write_results_hdf5(const std::filesystem::path& path, const model::Park& park,
                        const ParkResult& result, const RunMetadata& meta, const SupplyYear* supply,
                        const DispatchYear* dispatch) {
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
    std::vector<const HallResult*> written; // halls whose series are in the file as datasets
    for (const auto& r : result.halls) {
      H5::Group g = halls.createGroup(r.hall_id);
      const std::string* same_as = nullptr;
      if (r.ok) {
        for (const HallResult* w : written) {
          if (w->hourly == r.hourly && w->switches == r.switches) {
            same_as = &w->hall_id;
            break;
          }
        }
        if (same_as == nullptr) {
          written.push_back(&r);
        }
      }
      write_hall(g, r, same_as);
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
    if (supply != nullptr) {
      write_supply(file, *supply);
    }
    if (dispatch != nullptr) {
      write_dispatch(file, *dispatch);
    }
    image = hdf5_image(file, path);
    file.close();
  } catch (const H5::Exception& e) {
    throw IoError(path.string(), "HDF5 error: " + e.getDetailMsg());
  }
  out.write(image);
  out.commit();
}

void write_results_csv(const std::filesystem::path& folder, const ParkResult& result, const SupplyYear* supply) {
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
    std::snprintf(buf, sizeof buf, "%zu,%.3f,%.3f\n", i + 1, park.hourly_it_W[i] / 1e3,
                  park.hourly_facility_W[i] / 1e3);
    h << buf;
  }
  write_file_atomically(folder / "park_hourly.csv", h.str());
  if (supply != nullptr) {
    std::ostringstream u;
    u << "hour,load_kW,pv_kW,wind_kW,contract_kW,storage_charge_kW,storage_discharge_kW,grid_import_kW,exported_kW,"
         "curtailed_kW,state_of_charge\n";
    for (std::size_t i = 0; i < supply->balance.hours.size(); ++i) {
      const auto& b = supply->balance.hours[i];
      char buf[256];
      std::snprintf(buf, sizeof buf, "%zu,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.5f\n", i + 1, b.load / 1e3,
                    supply->pv_W[i] / 1e3, supply->wind_W[i] / 1e3, supply->contract_W[i] / 1e3,
                    (b.charge_green + b.charge_grid) / 1e3, b.discharge() / 1e3, b.grid_import / 1e3,
                    supply->exported_W[i] / 1e3, supply->curtailed_W[i] / 1e3, b.soc);
      u << buf;
    }
    write_file_atomically(folder / "supply_hourly.csv", u.str());
    write_file_atomically(folder / "ledger.csv", ledger_csv(*supply));
  }
}

} // namespace parktwin::physics
