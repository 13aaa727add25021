#include "parktwin/model/scenario.hpp"
#include "parktwin/model/supply_rules.hpp"

#include "parktwin/common/atomic_file.hpp"
#include "parktwin/common/error.hpp"
#include "parktwin/common/text.hpp"
#include "parktwin/common/units.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace parktwin::model {

// Defined in the generated embedded_assets.cpp.
extern const char* const kEmbeddedSchema;
extern const char* const kEmbeddedHaidong;

const std::string& scenario_schema_text() {
  static const std::string text = kEmbeddedSchema;
  return text;
}

const JsonSchema& scenario_schema() {
  static const JsonSchema schema(Json::parse(scenario_schema_text()));
  return schema;
}

const std::string& builtin_haidong_text() {
  static const std::string text = kEmbeddedHaidong;
  return text;
}

namespace {

using units::celsius_to_kelvin;

/// Reads a defaults-filled, schema-valid document and records every property it reads.
class Cursor {
public:
  Cursor(const Json& j, std::string path, std::string pattern, std::set<std::string>* consumed)
      : j_(&j), path_(std::move(path)), pattern_(std::move(pattern)), consumed_(consumed) {}

  const std::string& path() const noexcept { return path_; }
  bool has(const char* key) const { return j_->contains(key); }

  double num(const char* key) const { return at(key).get<double>(); }
  std::optional<double> opt_num(const char* key) const {
    return has(key) ? std::optional<double>(num(key)) : std::nullopt;
  }
  int integer(const char* key) const { return static_cast<int>(std::llround(num(key))); }
  std::string str(const char* key) const {
    return has(key) ? at(key).get<std::string>() : std::string();
  }
  bool boolean(const char* key) const { return at(key).get<bool>(); }
  Cursor child(const char* key) const {
    return {at(key), join_path(path_, key), join_path(pattern_, key), consumed_};
  }
  std::vector<Cursor> items(const char* key) const {
    std::vector<Cursor> out;
    if (!has(key)) {
      return out;
    }
    const Json& a = at(key);
    for (std::size_t i = 0; i < a.size(); ++i) {
      out.emplace_back(a[i], join_path(join_path(path_, key), i), join_path(pattern_, key) + "[*]",
                       consumed_);
    }
    return out;
  }
  Point point(const char* key) const {
    const Json& p = at(key);
    return {p[0].get<double>(), p[1].get<double>()};
  }
  std::vector<int> integers(const char* key) const {
    std::vector<int> out;
    if (has(key)) {
      for (const auto& v : at(key)) {
        out.push_back(static_cast<int>(std::llround(v.get<double>())));
      }
    }
    return out;
  }
  std::vector<std::string> strings(const char* key) const {
    std::vector<std::string> out;
    if (has(key)) {
      for (const auto& v : at(key)) {
        out.push_back(v.get<std::string>());
      }
    }
    return out;
  }
  Polygon polygon(const char* key) const {
    Polygon out;
    for (const auto& p : at(key)) {
      out.push_back({p[0].get<double>(), p[1].get<double>()});
    }
    return out;
  }

private:
  const Json& at(const char* key) const {
    consumed_->insert(join_path(pattern_, key));
    return j_->at(key);
  }
  const Json* j_;
  std::string path_;
  std::string pattern_;
  std::set<std::string>* consumed_;
};

template <class E>
E enum_of(const std::string& text, std::initializer_list<std::pair<const char*, E>> options) {
  for (const auto& [name, value] : options) {
    if (text == name) {
      return value;
    }
  }
  throw Error("scenario", "unexpected enum value '" + text + "' after validation");
}

Redundancy redundancy_of(const std::string& text) {
  return enum_of<Redundancy>(text, {{"N", Redundancy::N},
                                    {"N+1", Redundancy::NPlus1},
                                    {"N+2", Redundancy::NPlus2},
                                    {"2N", Redundancy::TwoN}});
}

std::vector<YearValue> year_values(const Cursor& c, const char* key, const char* value_key,
                                   double factor) {
  std::vector<YearValue> out;
  for (const auto& e : c.items(key)) {
    out.push_back({e.integer("year"), e.num(value_key) * factor, e.str("source")});
  }
  return out;
}

/// Recirculation and bypass of a hall's air with open (uncontained) aisles, when the file does not
/// set them: assumed mid-range values (docs/model/park-model.md, "Hall layout").
constexpr double kOpenAisleRecirculation = 0.10;
constexpr double kOpenAisleBypass = 0.15;

/// The node of a document at a dotted path ("wings[1].buildings[0].halls[2].air"), or nullptr.
const Json* raw_at(const Json& doc, const std::string& dotted) {
  const Json* at = &doc;
  std::size_t i = 0;
  while (i < dotted.size()) {
    if (dotted[i] == '.') {
      ++i;
    }
    if (dotted[i] == '[') {
      const std::size_t close = dotted.find(']', i);
      const std::size_t index = std::stoul(dotted.substr(i + 1, close - i - 1));
      if (!at->is_array() || index >= at->size()) {
        return nullptr;
      }
      at = &(*at)[index];
      i = close + 1;
      continue;
    }
    const std::size_t end = dotted.find_first_of(".[", i);
    const std::string key = dotted.substr(i, end == std::string::npos ? std::string::npos : end - i);
    if (!at->is_object() || !at->contains(key)) {
      return nullptr;
    }
    at = &(*at)[key];
    i = end == std::string::npos ? dotted.size() : end;
  }
  return at;
}

constexpr double kDeg = 3.14159265358979323846 / 180.0;

void build_supply(const Cursor& s, Supply& supply) {
  supply.source = s.str("source");
  for (const auto& a : s.items("pv_arrays")) {
    PvArray pv;
    pv.id = a.str("id");
    pv.name = a.str("name");
    pv.name_zh = a.str("name_zh");
    pv.mount = enum_of<PvMount>(a.str("mount"), {{"roof", PvMount::Roof}, {"ground", PvMount::Ground}});
    pv.building_id = a.str("building");
    pv.wing_id = a.str("wing");
    if (a.has("position_m")) {
      pv.position = a.point("position_m");
    }
    pv.stage_id = a.str("stage");
    if (const auto mw = a.opt_num("dc_rating_MW")) {
      pv.dc_rating_W = *mw * 1e6;
    }
    pv.tilt_rad = a.num("tilt_deg") * kDeg;
    pv.azimuth_rad = a.num("azimuth_deg") * kDeg;
    pv.roof_setback_m = a.num("roof_setback_m");
    pv.row_pitch_m = a.opt_num("row_pitch_m");
    pv.module_length_m = a.num("module_length_m");
    pv.module_efficiency = a.num("module_efficiency");
    pv.temperature_coefficient_per_K = a.num("temperature_coefficient_per_K");
    pv.dc_loss_fraction = a.num("dc_loss_fraction");
    pv.dc_ac_ratio = a.num("dc_ac_ratio");
    pv.inverter_efficiency = a.num("inverter_efficiency");
    pv.export_allowed = a.boolean("export_allowed");
    pv.owner = a.str("owner");
    pv.source = a.str("source");
    supply.pv_arrays.push_back(std::move(pv));
  }
  for (const auto& w : s.items("wind_farms")) {
    WindFarm f;
    f.id = w.str("id");
    f.name = w.str("name");
    f.name_zh = w.str("name_zh");
    f.stage_id = w.str("stage");
    f.turbines = w.integer("turbines");
    f.rated_W = w.num("rated_kW") * 1e3;
    f.rotor_diameter_m = w.num("rotor_diameter_m");
    for (const auto& p : w.items("power_curve")) {
      f.power_curve.push_back({p.num("speed_m_s"), p.num("power_kW") * 1e3});
    }
    f.hub_height_m = w.num("hub_height_m");
    f.measurement_height_m = w.num("measurement_height_m");
    f.shear_exponent = w.num("shear_exponent");
    f.mean_wind_speed_m_s = w.opt_num("mean_wind_speed_m_s");
    f.loss_fraction = w.num("loss_fraction");
    f.export_allowed = w.boolean("export_allowed");
    f.owner = w.str("owner");
    f.source = w.str("source");
    supply.wind_farms.push_back(std::move(f));
  }
  for (const auto& b : s.items("batteries")) {
    BatteryStore st;
    st.id = b.str("id");
    st.name = b.str("name");
    st.name_zh = b.str("name_zh");
    st.stage_id = b.str("stage");
    st.energy_J = b.num("energy_MWh") * 3.6e9;
    st.power_W = b.num("power_MW") * 1e6;
    st.charge_efficiency = b.num("charge_efficiency");
    st.discharge_efficiency = b.num("discharge_efficiency");
    st.self_discharge_per_s = b.num("self_discharge_per_day") / 86400.0;
    st.soc_min = b.num("soc_min");
    st.soc_max = b.num("soc_max");
    st.fade_per_cycle = b.num("fade_per_cycle");
    st.fade_per_s = b.num("fade_per_year") / (365.0 * 86400.0);
    st.dispatch = enum_of<Dispatch>(b.str("dispatch"), {{"load_following", Dispatch::LoadFollowing},
                                                        {"day_charge_night_use", Dispatch::DayChargeNightUse},
                                                        {"custom", Dispatch::Custom}});
    st.charge_from_surplus = b.boolean("charge_from_surplus");
    st.discharge_hours = b.integers("discharge_hours");
    st.grid_charge_hours = b.integers("grid_charge_hours");
    st.source = b.str("source");
    supply.batteries.push_back(std::move(st));
  }
  for (const auto& c : s.items("contracts")) {
    Contract k;
    k.id = c.str("id");
    k.name = c.str("name");
    k.name_zh = c.str("name_zh");
    k.stage_id = c.str("stage");
    k.kind = enum_of<ContractKind>(c.str("kind"), {{"share", ContractKind::Share},
                                                   {"pv", ContractKind::Pv},
                                                   {"wind", ContractKind::Wind}});
    k.share = c.opt_num("share");
    if (const auto mw = c.opt_num("capacity_MW")) {
      k.capacity_W = *mw * 1e6;
    }
    k.owner = c.str("owner");
    k.source = c.str("source");
    supply.contracts.push_back(std::move(k));
  }
  {
    const Cursor g = s.child("grid");
    if (const auto f = g.opt_num("location_factor_kg_per_kWh")) {
      supply.grid.location_factor_kg_per_J = *f / 3.6e6;
    }
    if (const auto f = g.opt_num("residual_factor_kg_per_kWh")) {
      supply.grid.residual_factor_kg_per_J = *f / 3.6e6;
    }
    supply.grid.carbon_free_share = g.num("carbon_free_share");
    if (const auto mw = g.opt_num("export_limit_MW")) {
      supply.grid.export_limit_W = *mw * 1e6;
    }
    supply.grid.source = g.str("source");
  }
  {
    const Cursor r = s.child("plan_pv_rule");
    supply.plan_pv_rule.W_per_FLOPS = r.num("MW_per_1000_PFLOPS") * 1e6 / 1000e15;
    supply.plan_pv_rule.min_project_FLOPS = r.num("min_project_PFLOPS") * 1e15;
    supply.plan_pv_rule.tilt_rad = r.num("tilt_deg") * kDeg;
    supply.plan_pv_rule.azimuth_rad = r.num("azimuth_deg") * kDeg;
    supply.plan_pv_rule.source = r.str("source");
  }
  {
    const Cursor z = s.child("sizing");
    supply.sizing.measure = enum_of<SizingMeasure>(z.str("measure"), {{"green_share", SizingMeasure::GreenShare},
                                                                      {"cfe_score", SizingMeasure::CfeScore}});
    supply.sizing.target = z.opt_num("target");
    supply.sizing.max_pv_W = z.num("max_pv_MW") * 1e6;
    supply.sizing.max_storage_J = z.num("max_storage_MWh") * 3.6e9;
    supply.sizing.storage_steps = z.integer("storage_steps");
    supply.sizing.storage_duration_s = z.num("storage_hours") * 3600.0;
    supply.sizing.source = z.str("source");
  }
}

Park build_park(const Json& effective, const Json& raw, std::set<std::string>& consumed) {
  const Cursor root(effective, "", "", &consumed);
  Park park;
  park.name = root.str("name");
  park.name_zh = root.str("name_zh");
  park.description = root.str("description");
  park.layout_note = root.str("layout_note");
  park.source = root.str("source");
  (void)root.str("format");
  (void)root.num("version");
  if (root.has("site")) {
    const Cursor s = root.child("site");
    park.site.name = s.str("name");
    park.site.latitude_deg = s.opt_num("latitude_deg").value_or(0.0);
    park.site.longitude_deg = s.opt_num("longitude_deg").value_or(0.0);
    park.site.elevation_m = s.num("elevation_m");
    park.site.climate = s.str("climate");
    park.site.electricity_price_CNY_per_J = s.num("electricity_price_CNY_per_kWh") / units::kwh_to_j(1.0);
    for (const auto& p : s.items("time_of_use")) {
      park.site.time_of_use.push_back({p.integer("start_hour"), p.integer("end_hour"),
                                       p.num("price_CNY_per_kWh") / units::kwh_to_j(1.0)});
    }
    park.site.grid_co2_kg_per_J = s.num("grid_co2_kg_per_kWh") / units::kwh_to_j(1.0);
    if (const auto db = s.opt_num("cooling_design_dry_bulb_C")) {
      park.site.T_cooling_design_db_K = celsius_to_kelvin(*db);
    }
    if (const auto wb = s.opt_num("cooling_design_wet_bulb_C")) {
      park.site.T_cooling_design_wb_K = celsius_to_kelvin(*wb);
    }
    park.site.hot_year_K = s.num("hot_year_K");
    park.site.source = s.str("source");
  }
  for (const auto& s : root.items("stages")) {
    park.stages.push_back({s.str("id"), s.integer("year"), s.num("default_occupancy"),
                           s.opt_num("green_energy_share"), s.str("description"), s.str("source")});
  }
  park.default_stage_id = root.str("default_stage");
  if (root.has("calibration")) {
    const Cursor c = root.child("calibration");
    CalibrationRecord rec{c.str("hall"), c.str("method"), c.str("data"), {}};
    for (const auto& ch : c.items("changes")) {
      rec.changes.push_back({ch.str("path"), ch.str("parameter"), ch.num("from"), ch.num("to"), ch.num("sd"),
                             ch.boolean("at_bound"), ch.boolean("identified")});
    }
    park.calibration = std::move(rec);
  }
  for (const auto& h : root.items("heat_networks")) {
    park.heat_networks.push_back(
        {h.str("id"), h.str("name"), h.num("served_floor_area_m2"),
         h.num("design_heat_flux_W_per_m2"), celsius_to_kelvin(h.num("design_outdoor_C")),
         celsius_to_kelvin(h.num("heating_limit_C")), celsius_to_kelvin(h.num("supply_water_C")),
         celsius_to_kelvin(h.num("return_water_C")), h.num("hot_water_W_per_m2"),
         h.num("network_loss_fraction"), h.str("source")});
  }
  for (const auto& a : root.items("accelerators")) {
    park.accelerators.push_back({a.str("id"), a.str("name"), a.num("fp16_dense_TFLOPS") * 1e12,
                                 a.integer("accelerators_per_server"),
                                 a.num("server_max_kW") * 1e3, a.str("source")});
  }
  for (const auto& w : root.items("wings")) {
    Wing wing;
    wing.id = w.str("id");
    wing.name = w.str("name");
    wing.name_zh = w.str("name_zh");
    wing.role = w.str("role");
    wing.boundary = w.polygon("boundary_m");
    if (const auto mu = w.opt_num("plan_area_mu")) {
      wing.plan_area_m2 = *mu * 10000.0 / 15.0; // 1 mu = 10000/15 m2
    }
    wing.source = w.str("source");
    for (const auto& s : w.items("substations")) {
      Substation sub;
      sub.id = s.str("id");
      sub.name = s.str("name");
      sub.name_zh = s.str("name_zh");
      sub.voltage_V = s.opt_num("voltage_kV").value_or(0.0) * 1e3;
      sub.capacity_VA = s.opt_num("capacity_MVA").value_or(0.0) * 1e6;
      sub.open_capacity_VA = year_values(s, "open_capacity", "open_MVA", 1e6);
      sub.source = s.str("source");
      wing.substations.push_back(std::move(sub));
    }
    wing.water_supply_m3_s = year_values(w, "water_supply", "supply_m3_per_day", 1.0 / 86400.0);
    for (const auto& d : w.items("plan_demand")) {
      PlanDemand pd;
      pd.year = d.integer("year");
      if (const auto kva = d.opt_num("power_kVA")) {
        pd.apparent_power_VA = *kva * 1e3;
      }
      if (const auto water = d.opt_num("water_m3_per_day")) {
        pd.water_m3_s = *water / 86400.0;
      }
      pd.source = d.str("source");
      wing.plan_demand.push_back(pd);
    }
    for (const auto& b : w.items("buildings")) {
      Building building;
      building.id = b.str("id");
      building.name = b.str("name");
      building.name_zh = b.str("name_zh");
      building.position = b.point("position_m");
      building.footprint = translated(b.polygon("footprint_m"), building.position);
      building.height_m = b.num("height_m");
      building.floors = b.integer("floors");
      building.source = b.str("source");
      for (const auto& h : b.items("halls")) {
        Hall hall;
        hall.path = h.path();
        hall.id = h.str("id");
        hall.name = h.str("name");
        hall.name_zh = h.str("name_zh");
        hall.stage_id = h.str("stage");
        hall.floor_area_m2 = h.num("floor_area_m2");
        hall.source = h.str("source");
        for (const auto& g : h.items("rack_groups")) {
          RackGroup group;
          group.id = g.str("id");
          group.name = g.str("name");
          group.count = g.opt_num("count").value_or(0.0);
          group.design_power_W_per_rack = g.opt_num("design_kW_per_rack").value_or(0.0) * 1e3;
          if (const auto pf = g.opt_num("compute_PFLOPS")) {
            group.compute_FLOPS = *pf * 1e15;
          }
          group.accelerator_id = g.str("accelerator");
          group.servers_per_rack = g.integer("servers_per_rack");
          group.occupancy = g.opt_num("occupancy");
          group.load_profile = enum_of<LoadProfile>(
              g.str("load_profile"), {{"flat", LoadProfile::Flat},
                                      {"enterprise_diurnal", LoadProfile::EnterpriseDiurnal},
                                      {"ai_training", LoadProfile::AiTraining},
                                      {"ai_inference_diurnal", LoadProfile::AiInferenceDiurnal}});
          group.utilisation = g.num("utilisation");
          group.liquid_fraction = g.num("liquid_fraction");
          group.tenant_id = g.str("tenant");
          if (g.has("flexibility")) {
            const Cursor f = g.child("flexibility");
            group.flexibility.flexible_share = f.opt_num("flexible_share");
            if (f.has("window_h")) {
              group.flexibility.window_h = f.integer("window_h");
            }
            group.flexibility.max_power_fraction = f.opt_num("max_power_fraction");
            group.flexibility.min_power_fraction = f.opt_num("min_power_fraction");
            group.flexibility.source = f.str("source");
          }
          group.source = g.str("source");
          hall.rack_groups.push_back(std::move(group));
        }
        const Cursor air = h.child("air");
        hall.air = {celsius_to_kelvin(air.num("supply_air_C")),
                    celsius_to_kelvin(air.num("return_air_C")), air.num("bypass_fraction"),
                    air.num("recirculation_fraction"), air.num("fan_specific_power_W_per_m3_s"),
                    air.str("source")};
        const Cursor cooling = h.child("cooling");
        hall.cooling.source = cooling.str("source");
        const Cursor air_system = cooling.child("air_system");
        if (air_system.has("chilled_water")) {
          const Cursor c = air_system.child("chilled_water");
          hall.cooling.air_system = ChilledWater{
              celsius_to_kelvin(c.num("chilled_water_supply_C")),
              celsius_to_kelvin(c.num("chilled_water_return_C")),
              c.num("chiller_COP_nominal"),
              enum_of<EconomizerKind>(c.str("economizer"),
                                      {{"cooling_tower", EconomizerKind::CoolingTower},
                                       {"dry_cooler", EconomizerKind::DryCooler},
                                       {"none", EconomizerKind::None}}),
              c.num("tower_approach_K"),
              c.num("dry_cooler_approach_K"),
              c.num("plate_hx_approach_K"),
              c.num("pump_head_kPa") * 1e3,
              c.num("storage_m3"),
              c.str("source"),
              c.str("storage_kind") == "stratified"};
        } else if (air_system.has("direct_air_economizer")) {
          const Cursor c = air_system.child("direct_air_economizer");
          hall.cooling.air_system = DirectAirEconomizer{
              celsius_to_kelvin(c.num("min_dew_point_C")),
              celsius_to_kelvin(c.num("max_dew_point_C")),
              c.num("max_relative_humidity"),
              enum_of<Humidifier>(c.str("humidifier"), {{"adiabatic", Humidifier::Adiabatic},
                                                        {"steam", Humidifier::Steam},
                                                        {"none", Humidifier::None}}),
              c.num("trim_chiller_COP"),
              c.str("source")};
        } else {
          const Cursor c = air_system.child("indirect_evaporative");
          hall.cooling.air_system = IndirectEvaporative{
              c.num("wet_bulb_effectiveness"), c.num("dry_effectiveness"),
              c.num("secondary_fan_specific_power_W_per_m3_s"), c.num("trim_chiller_COP"),
              c.str("source")};
        }
        if (cooling.has("liquid")) {
          const Cursor c = cooling.child("liquid");
          hall.cooling.liquid = LiquidCooling{
              enum_of<LiquidTechnology>(c.str("technology"),
                                        {{"cold_plate", LiquidTechnology::ColdPlate},
                                         {"immersion", LiquidTechnology::Immersion}}),
              celsius_to_kelvin(c.num("facility_supply_water_C")),
              celsius_to_kelvin(c.num("facility_return_water_C")),
              enum_of<LiquidRejection>(c.str("rejection"),
                                       {{"dry_cooler", LiquidRejection::DryCooler},
                                        {"cooling_tower", LiquidRejection::CoolingTower}}),
              c.num("dry_cooler_approach_K"),
              c.num("tower_approach_K"),
              c.boolean("adiabatic_assist"),
              c.num("pump_head_kPa") * 1e3,
              c.num("storage_m3"),
              c.str("source"),
              c.str("storage_kind") == "stratified"};
        }
        {
          const Cursor c = cooling.child("plant");
          Plant& plant = hall.cooling.plant;
          plant.units = c.integer("units");
          plant.redundancy = redundancy_of(c.str("redundancy"));
          if (const auto kw = c.opt_num("unit_capacity_kW")) {
            plant.unit_capacity_W = *kw * 1e3;
          }
          plant.sizing_margin = c.num("sizing_margin");
          plant.minimum_air_trim_fraction = c.num("minimum_air_trim_fraction");
          plant.minimum_unloading_ratio = c.num("minimum_unloading_ratio");
          plant.compressor_restart_s = c.num("compressor_restart_s");
          if (const auto kw = c.opt_num("liquid_trim_capacity_kW")) {
            plant.liquid_trim_capacity_W = *kw * 1e3;
          }
          const auto group = [](const Cursor& g, UnitGroup& u) {
            u.units = g.integer("units");
            u.redundancy = redundancy_of(g.str("redundancy"));
            u.sizing_margin = g.num("sizing_margin");
            u.unit_capacity_fraction = g.opt_num("unit_capacity_fraction");
            u.source = g.str("source");
          };
          group(c.child("air_units"), plant.air_units);
          group(c.child("heat_rejection"), plant.heat_rejection);
          group(c.child("pumps"), plant.pumps);
          plant.source = c.str("source");
        }
        if (cooling.has("heat_recovery")) {
          const Cursor c = cooling.child("heat_recovery");
          hall.cooling.heat_recovery = HeatRecovery{
              c.str("network"),
              enum_of<HeatRecoveryMode>(c.str("mode"), {{"direct", HeatRecoveryMode::Direct},
                                                        {"heat_pump", HeatRecoveryMode::HeatPump}}),
              c.num("heat_pump_carnot_efficiency"), c.num("max_recovered_fraction"),
              c.str("source")};
        }
        const Cursor e = h.child("electrical");
        hall.electrical = {e.num("transformer_no_load_loss_fraction"),
                           e.num("transformer_load_loss_fraction"),
                           e.num("transformer_loading"),
                           e.num("ups_efficiency"),
                           e.num("it_on_ups_fraction"),
                           e.num("distribution_loss_fraction"),
                           e.num("lighting_W_per_m2"),
                           e.num("auxiliaries_W_per_m2"),
                           e.num("power_factor"),
                           e.num("design_peak_PUE"),
                           enum_of<UpsMode>(e.str("ups_mode"), {{"double_conversion", UpsMode::DoubleConversion},
                                                                {"eco", UpsMode::Eco}}),
                           e.num("ups_eco_efficiency"),
                           e.str("source")};
        hall.electrical.ups_autonomy_s = e.num("ups_autonomy_s");
        for (const auto& load : e.strings("mechanical_on_ups")) {
          bool Electrical::*on = enum_of<bool Electrical::*>(
              load, {{"air_units", &Electrical::air_units_on_ups},
                     {"pumps", &Electrical::pumps_on_ups},
                     {"heat_rejection", &Electrical::heat_rejection_on_ups}});
          hall.electrical.*on = true;
        }
        hall.electrical.generators = e.boolean("generators");
        hall.electrical.generator_start_s = e.num("generator_start_s");
        hall.electrical.load_transfer_s = e.num("load_transfer_s");
        if (h.has("layout")) {
          const Cursor l = h.child("layout");
          HallLayout layout;
          layout.floor = l.integer("floor");
          layout.outline = translated(l.polygon("outline_m"), building.position);
          layout.containment = enum_of<Containment>(
              l.str("containment"),
              {{"hot_aisle", Containment::HotAisle}, {"cold_aisle", Containment::ColdAisle}, {"none", Containment::None}});
          for (const auto& r : l.items("rows")) {
            RackRows rows;
            rows.rack_group = r.str("rack_group");
            rows.rows = r.integer("rows");
            rows.racks_per_row = r.integer("racks_per_row");
            const Point o = r.point("origin_m");
            rows.origin = {o.x_m + building.position.x_m, o.y_m + building.position.y_m};
            rows.orientation = enum_of<RowOrientation>(
                r.str("orientation"), {{"east_west", RowOrientation::EastWest}, {"north_south", RowOrientation::NorthSouth}});
            rows.rack_width_m = r.num("rack_width_m");
            rows.rack_depth_m = r.num("rack_depth_m");
            rows.aisle_width_m = r.num("aisle_width_m");
            layout.rows.push_back(rows);
          }
          for (const auto& u : l.items("cooling_units")) {
            CoolingUnits units;
            units.kind = enum_of<CoolingUnitKind>(u.str("kind"), {{"crah", CoolingUnitKind::Crah},
                                                                  {"fan_wall", CoolingUnitKind::FanWall},
                                                                  {"iec", CoolingUnitKind::Iec},
                                                                  {"in_row", CoolingUnitKind::InRow},
                                                                  {"cdu", CoolingUnitKind::Cdu}});
            units.count_given = u.has("count");
            if (units.count_given) {
              units.count = u.integer("count");
            } else if (units.kind == CoolingUnitKind::Cdu) {
              // One per MW of the hall's design liquid heat (assumed).
              double liquid_W = 0.0;
              for (const auto& g : hall.rack_groups) {
                liquid_W += g.design_power_W() * g.liquid_fraction;
              }
              units.count = std::max(1, static_cast<int>(std::ceil(liquid_W / 1.0e6 - 1e-9)));
            } else {
              units.count = hall.cooling.plant.air_units.installed_units();
            }
            units.side = enum_of<Side>(u.str("side"),
                                       {{"north", Side::North}, {"south", Side::South}, {"east", Side::East}, {"west", Side::West}});
            layout.cooling_units.push_back(units);
          }
          layout.source = l.str("source");
          // Open aisles mix more than contained ones: the air's recirculation and bypass default
          // to 0.10 and 0.15 unless the file sets them (docs/model/park-model.md, "Hall layout").
          if (layout.containment == Containment::None) {
            const Json* raw_air = raw_at(raw, hall.path + ".air");
            if (raw_air == nullptr || !raw_air->contains("recirculation_fraction")) {
              hall.air.recirculation_fraction = kOpenAisleRecirculation;
            }
            if (raw_air == nullptr || !raw_air->contains("bypass_fraction")) {
              hall.air.bypass_fraction = kOpenAisleBypass;
            }
          }
          hall.layout = std::move(layout);
        }
        building.halls.push_back(std::move(hall));
      }
      wing.buildings.push_back(std::move(building));
    }
    park.wings.push_back(std::move(wing));
  }
  for (const auto& c : root.items("tenants")) {
    park.tenants.push_back({c.str("id"), c.str("name"), c.str("name_zh"), c.boolean("plan_pv_rule"),
                            c.num("certificates_MWh_per_month") * 3.6e9, c.str("source")});
  }
  build_supply(root.child("supply"), park.supply);
  if (root.has("dispatch")) {
    const Cursor d = root.child("dispatch");
    ComputeDispatch dispatch;
    dispatch.objective = enum_of<DispatchObjective>(
        d.str("objective"), {{"carbon_free", DispatchObjective::CarbonFree}, {"cost", DispatchObjective::Cost}});
    dispatch.flexibility = {d.num("flexible_share"), d.integer("window_h"), d.num("max_power_fraction"),
                            d.num("min_power_fraction")};
    dispatch.min_gain_fraction = d.num("min_gain_fraction");
    dispatch.tolerance = d.num("tolerance");
    dispatch.max_iterations = d.integer("max_iterations");
    dispatch.inlet_limit_K = celsius_to_kelvin(d.num("inlet_limit_C"));
    dispatch.source = d.str("source");
    park.dispatch = dispatch;
  }
  return park;
}

/// Rack groups given as compute get their rack count and design power from the accelerator.
void derive_compute_groups(Park& park) {
  for (auto& w : park.wings) {
    for (auto& b : w.buildings) {
      for (auto& h : b.halls) {
        for (auto& g : h.rack_groups) {
          if (!g.compute_FLOPS) {
            continue;
          }
          for (const auto& a : park.accelerators) {
            if (a.id == g.accelerator_id) {
              const double servers =
                  std::ceil(*g.compute_FLOPS / (a.fp16_dense_FLOPS * a.accelerators_per_server));
              g.count = std::ceil(servers / g.servers_per_rack);
              g.design_power_W_per_rack = g.servers_per_rack * a.server_max_power_W;
            }
          }
        }
      }
    }
  }
}

std::string fmt(double x, int digits = 1) { return fixed_text(x, digits); }

/// The rules between fields that a schema cannot state.
/// The rules of hall layouts (inside the building and the hall, rows for every rack, the plant's
/// air units drawn): after the building's own checks.
void check_layouts(const Building& b, const std::string& bpath, std::vector<Problem>& out);


/// Flexibility that the dispatch would not read, and limits that cannot both hold.
void check_dispatch(const Park& park, std::vector<Problem>& out) {
  for (const auto& w : park.wings) {
    for (const auto& b : w.buildings) {
      for (const auto& h : b.halls) {
        for (std::size_t gi = 0; gi < h.rack_groups.size(); ++gi) {
          const auto& g = h.rack_groups[gi];
          const std::string path = join_path(join_path(join_path(h.path, "rack_groups"), gi), "flexibility");
          const auto& f = g.flexibility;
          const bool sets = f.flexible_share || f.window_h || f.max_power_fraction || f.min_power_fraction;
          if (sets && !park.dispatch) {
            out.push_back({path, "flexibility without a dispatch: add 'dispatch' to the scenario (docs/physics/dispatch.md) or remove it"});
            continue;
          }
          if (park.dispatch) {
            const auto e = park.dispatch->of(g);
            if (e.min_power_fraction > e.max_power_fraction) {
              out.push_back({sets ? path : std::string("dispatch"),
                             "min_power_fraction (" + fmt(e.min_power_fraction, 2) + ") above max_power_fraction (" +
                                 fmt(e.max_power_fraction, 2) + ") for rack group " + g.id});
            }
          }
        }
      }
    }
  }
}

void check_rules(const Json& doc, const Park& park, std::vector<Problem>& out) {
  // Duplicate ids, per kind.
  std::map<std::string, std::string> seen;
  const auto unique = [&](const std::string& kind, const std::string& id, const std::string& path) {
    const auto [it, inserted] = seen.emplace(kind + ":" + id, path);
    if (!inserted) {
      out.push_back({join_path(path, "id"), "duplicate " + kind + " id '" + id +
                                                "' (also at " + it->second + ")"});
    }
  };
  if (park.site.T_cooling_design_db_K.has_value() != park.site.T_cooling_design_wb_K.has_value()) {
    out.push_back({park.site.T_cooling_design_db_K ? "site.cooling_design_wet_bulb_C"
                                                   : "site.cooling_design_dry_bulb_C",
                   "give the cooling design dry bulb and its coincident wet bulb together"});
  } else if (park.site.T_cooling_design_db_K &&
             *park.site.T_cooling_design_wb_K > *park.site.T_cooling_design_db_K) {
    out.push_back({"site.cooling_design_wet_bulb_C",
                   "the wet bulb cannot exceed the dry bulb (" +
                       fmt(units::kelvin_to_celsius(*park.site.T_cooling_design_db_K)) + " C)"});
  }
  for (std::size_t i = 0; i < park.stages.size(); ++i) {
    unique("stage", park.stages[i].id, join_path("stages", i));
    if (i > 0 && park.stages[i].year <= park.stages[i - 1].year) {
      out.push_back({join_path(join_path("stages", i), "year"),
                     "stages must be in increasing year order"});
    }
  }
  if (park.calibration && park.find_hall(park.calibration->hall) == nullptr) {
    out.push_back({"calibration.hall", "no hall '" + park.calibration->hall + "': the record is of another park"});
  }
  if (!park.default_stage_id.empty() && park.find_stage(park.default_stage_id) == nullptr) {
    out.push_back({"default_stage", "no stage '" + park.default_stage_id + "' in stages"});
  }
  const auto& tou = park.site.time_of_use;
  for (std::size_t i = 0; i < tou.size(); ++i) {
    const std::string path = join_path(join_path("site", "time_of_use"), i);
    if (tou[i].end_hour <= tou[i].start_hour) {
      out.push_back({join_path(path, "end_hour"), "must be after start_hour"});
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (tou[i].start_hour < tou[j].end_hour && tou[j].start_hour < tou[i].end_hour) {
        out.push_back({join_path(path, "start_hour"),
                       "overlaps period " + std::to_string(j) + " of time_of_use"});
      }
    }
  }
  for (std::size_t i = 0; i < park.heat_networks.size(); ++i) {
    const auto& n = park.heat_networks[i];
    const std::string path = join_path("heat_networks", i);
    unique("heat network", n.id, path);
    if (n.T_supply_K <= n.T_return_K) {
      out.push_back({join_path(path, "supply_water_C"),
                     "supply water (" + fmt(units::kelvin_to_celsius(n.T_supply_K)) +
                         " C) must be warmer than return water (" +
                         fmt(units::kelvin_to_celsius(n.T_return_K)) + " C)"});
    }
  }
  for (std::size_t i = 0; i < park.accelerators.size(); ++i) {
    unique("accelerator", park.accelerators[i].id, join_path("accelerators", i));
  }
  const auto has_network = [&](const std::string& id) {
    return std::any_of(park.heat_networks.begin(), park.heat_networks.end(),
                       [&](const HeatNetwork& n) { return n.id == id; });
  };
  const auto has_accelerator = [&](const std::string& id) {
    return std::any_of(park.accelerators.begin(), park.accelerators.end(),
                       [&](const Accelerator& a) { return a.id == id; });
  };
  // Building overlaps, found once by a box sweep over every building of the park (10,000
  // buildings took 35 s when every pair was tested: issue 12, item 13); reported at the later
  // building, naming the earlier ones, in their order.
  std::vector<const Building*> buildings;
  std::vector<std::string> building_paths;
  for (std::size_t wi = 0; wi < park.wings.size(); ++wi) {
    for (std::size_t bi = 0; bi < park.wings[wi].buildings.size(); ++bi) {
      buildings.push_back(&park.wings[wi].buildings[bi]);
      building_paths.push_back(join_path(join_path(join_path("wings", wi), "buildings"), bi));
    }
  }
  std::vector<char> footprint_simple(buildings.size());
  std::vector<Box> footprint_boxes(buildings.size());
  for (std::size_t i = 0; i < buildings.size(); ++i) {
    footprint_simple[i] = is_simple(buildings[i]->footprint) ? 1 : 0;
    footprint_boxes[i] = bounding_box(buildings[i]->footprint);
  }
  std::vector<std::vector<std::size_t>> overlapped_by(buildings.size()); // earlier buildings each overlaps
  for_overlapping_boxes(footprint_boxes, [&](std::size_t i, std::size_t j) {
    if (footprint_simple[i] != 0 && footprint_simple[j] != 0 && overlaps(buildings[j]->footprint, buildings[i]->footprint)) {
      overlapped_by[j].push_back(i);
    }
    return false;
  });
  for (auto& v : overlapped_by) {
    std::sort(v.begin(), v.end());
  }
  std::size_t building_index = 0;
  for (std::size_t wi = 0; wi < park.wings.size(); ++wi) {
    const Wing& w = park.wings[wi];
    const std::string wpath = join_path("wings", wi);
    unique("wing", w.id, wpath);
    const bool boundary_simple = is_simple(w.boundary);
    if (!boundary_simple) {
      out.push_back({join_path(wpath, "boundary_m"),
                     "the boundary is not a simple polygon (its edges cross or touch, or it "
                     "encloses no area)"});
    } else if (w.plan_area_m2) {
      const double a = area_m2(w.boundary);
      if (std::abs(a - *w.plan_area_m2) > 0.01 * *w.plan_area_m2) {
        out.push_back({join_path(wpath, "boundary_m"),
                       "the boundary encloses " + fmt(a * 15.0 / 10000.0, 0) +
                           " mu, more than 1 % away from plan_area_mu " +
                           fmt(*w.plan_area_m2 * 15.0 / 10000.0, 0) + " mu"});
      }
    }
    for (std::size_t wj = 0; wj < wi; ++wj) {
      if (boundary_simple && is_simple(park.wings[wj].boundary) &&
          overlaps(w.boundary, park.wings[wj].boundary)) {
        out.push_back({join_path(wpath, "boundary_m"),
                       "overlaps the boundary of wing '" + park.wings[wj].id + "'"});
      }
    }
    for (std::size_t si = 0; si < w.substations.size(); ++si) {
      const auto& s = w.substations[si];
      const std::string spath = join_path(join_path(wpath, "substations"), si);
      unique("substation", s.id, spath);
      for (std::size_t k = 1; k < s.open_capacity_VA.size(); ++k) {
        if (s.open_capacity_VA[k].year <= s.open_capacity_VA[k - 1].year) {
          out.push_back({join_path(join_path(join_path(spath, "open_capacity"), k), "year"),
                         "years must increase"});
        }
      }
    }
    for (std::size_t k = 1; k < w.water_supply_m3_s.size(); ++k) {
      if (w.water_supply_m3_s[k].year <= w.water_supply_m3_s[k - 1].year) {
        out.push_back({join_path(join_path(join_path(wpath, "water_supply"), k), "year"),
                       "years must increase"});
      }
    }
    for (std::size_t bi = 0; bi < w.buildings.size(); ++bi) {
      const Building& b = w.buildings[bi];
      const std::size_t this_building = building_index++;
      const std::string& bpath = building_paths[this_building];
      unique("building", b.id, bpath);
      const bool simple = footprint_simple[this_building] != 0;
      if (!simple) {
        out.push_back({join_path(bpath, "footprint_m"),
                       "the footprint is not a simple polygon (its edges cross or touch, or it "
                       "encloses no area)"});
      } else if (boundary_simple && !contains(w.boundary, b.footprint)) {
        out.push_back({join_path(bpath, "position_m"),
                       "building '" + b.id + "' is not inside the boundary of wing '" + w.id + "'"});
      }
      for (const std::size_t other : overlapped_by[this_building]) {
        out.push_back({join_path(bpath, "footprint_m"),
                       "building '" + b.id + "' overlaps building '" + buildings[other]->id + "' (" +
                           building_paths[other] + ")"});
      }
      double hall_area = 0.0;
      for (std::size_t hi = 0; hi < b.halls.size(); ++hi) {
        const Hall& h = b.halls[hi];
        const std::string hpath = join_path(join_path(bpath, "halls"), hi);
        unique("hall", h.id, hpath);
        hall_area += h.floor_area_m2;
        if (park.find_stage(h.stage_id) == nullptr) {
          out.push_back({join_path(hpath, "stage"), "no stage with id '" + h.stage_id + "'"});
        }
        if (h.air.T_supply_K >= h.air.T_return_K) {
          out.push_back({join_path(join_path(hpath, "air"), "supply_air_C"),
                         "supply air (" + fmt(units::kelvin_to_celsius(h.air.T_supply_K)) +
                             " C) must be colder than return air (" +
                             fmt(units::kelvin_to_celsius(h.air.T_return_K)) + " C)"});
        }
        const std::string cpath = join_path(hpath, "cooling");
        if (const auto* cw = std::get_if<ChilledWater>(&h.cooling.air_system);
            cw != nullptr && cw->T_chw_supply_K >= cw->T_chw_return_K) {
          out.push_back({join_path(join_path(join_path(cpath, "air_system"), "chilled_water"),
                                   "chilled_water_supply_C"),
                         "chilled-water supply must be colder than its return"});
        }
        if (h.cooling.liquid && h.cooling.liquid->T_facility_supply_K >=
                                    h.cooling.liquid->T_facility_return_K) {
          out.push_back({join_path(join_path(cpath, "liquid"), "facility_supply_water_C"),
                         "facility supply water (" +
                             fmt(units::kelvin_to_celsius(h.cooling.liquid->T_facility_supply_K)) +
                             " C) must be colder than its return (" +
                             fmt(units::kelvin_to_celsius(h.cooling.liquid->T_facility_return_K)) +
                             " C)"});
        }
        if (h.cooling.liquid && h.cooling.liquid->rejection == LiquidRejection::CoolingTower) {
          const Json& hj = doc.at("wings")[wi].at("buildings")[bi].at("halls")[hi];
          if (hj.at("cooling").at("liquid").contains("adiabatic_assist")) {
            out.push_back({join_path(join_path(cpath, "liquid"), "adiabatic_assist"),
                           "applies to dry coolers only: a closed-circuit cooling tower "
                           "(rejection cooling_tower) is wet by construction; remove the key"});
          }
        }
        if (h.cooling.heat_recovery && !has_network(h.cooling.heat_recovery->network_id)) {
          out.push_back({join_path(join_path(cpath, "heat_recovery"), "network"),
                         "no heat network with id '" + h.cooling.heat_recovery->network_id + "'"});
        }
        for (std::size_t gi = 0; gi < h.rack_groups.size(); ++gi) {
          const RackGroup& g = h.rack_groups[gi];
          const std::string gpath = join_path(join_path(hpath, "rack_groups"), gi);
          const Json& gj = doc.at("wings")[wi].at("buildings")[bi].at("halls")[hi].at(
              "rack_groups")[gi];
          unique("rack group in " + h.id, g.id, gpath);
          const bool by_racks = gj.contains("count") || gj.contains("design_kW_per_rack");
          const bool by_compute = gj.contains("compute_PFLOPS") || gj.contains("accelerator");
          if (by_racks == by_compute) {
            out.push_back({gpath, by_racks ? "give either count and design_kW_per_rack, or "
                                             "compute_PFLOPS and accelerator, not both"
                                           : "give count and design_kW_per_rack, or "
                                             "compute_PFLOPS and accelerator"});
          } else if (by_racks && !(gj.contains("count") && gj.contains("design_kW_per_rack"))) {
            out.push_back({join_path(gpath, gj.contains("count") ? "design_kW_per_rack" : "count"),
                           "required with " + std::string(gj.contains("count") ? "count"
                                                                               : "design_kW_per_rack")});
          } else if (by_compute && !(gj.contains("compute_PFLOPS") && gj.contains("accelerator"))) {
            out.push_back({join_path(gpath, gj.contains("accelerator") ? "compute_PFLOPS" : "accelerator"),
                           "required with " + std::string(gj.contains("accelerator") ? "accelerator"
                                                                                     : "compute_PFLOPS")});
          } else if (by_compute && !has_accelerator(g.accelerator_id)) {
            out.push_back({join_path(gpath, "accelerator"),
                           "no accelerator with id '" + g.accelerator_id + "'"});
          }
          if (g.liquid_fraction > 0.0 && !h.cooling.liquid) {
            out.push_back({join_path(gpath, "liquid_fraction"),
                           "is " + fmt(g.liquid_fraction, 2) +
                               " but the hall has no liquid cooling (cooling.liquid)"});
          }
        }
      }
      const double capacity = area_m2(b.footprint) * b.floors;
      if (simple && hall_area > capacity * (1.0 + 1e-9)) {
        out.push_back({join_path(bpath, "halls"),
                       "the halls' floor area (" + fmt(hall_area, 0) +
                           " m2) exceeds the building's floor area (" + fmt(capacity, 0) +
                           " m2 = footprint x floors)"});
      }
      if (simple) {
        check_layouts(b, bpath, out);
      }
    }
  }
  check_supply(doc, park, out);
  check_dispatch(park, out);
}

} // namespace

namespace {
/// Which air units a kind of air system has (the cooling units that count as cooling.plant.air_units).
const char* air_unit_kind_for(const AirSystem& a) {
  if (std::holds_alternative<ChilledWater>(a)) {
    return "crah or in_row";
  }
  return std::holds_alternative<DirectAirEconomizer>(a) ? "fan_wall" : "iec";
}

bool unit_fits(CoolingUnitKind k, const AirSystem& a) {
  switch (k) {
  case CoolingUnitKind::Crah:
  case CoolingUnitKind::InRow:
    return std::holds_alternative<ChilledWater>(a);
  case CoolingUnitKind::FanWall:
    return std::holds_alternative<DirectAirEconomizer>(a);
  case CoolingUnitKind::Iec:
    return std::holds_alternative<IndirectEvaporative>(a);
  case CoolingUnitKind::Cdu:
    return true;
  }
  return false;
}

void check_layouts(const Building& b, const std::string& bpath, std::vector<Problem>& out) {
  for (std::size_t hi = 0; hi < b.halls.size(); ++hi) {
    const Hall& h = b.halls[hi];
    if (!h.layout) {
      continue;
    }
    const HallLayout& l = *h.layout;
    const std::string lpath = join_path(join_path(join_path(bpath, "halls"), hi), "layout");
    if (l.floor > b.floors) {
      out.push_back({join_path(lpath, "floor"), "is " + std::to_string(l.floor) + " but building '" + b.id +
                                                    "' has " + std::to_string(b.floors) + " floors"});
    }
    if (!is_simple(l.outline)) {
      out.push_back({join_path(lpath, "outline_m"), "the hall's outline is not a simple polygon"});
      continue;
    }
    if (!contains(b.footprint, l.outline)) {
      out.push_back({join_path(lpath, "outline_m"), "hall '" + h.id + "' is not inside the footprint of building '" + b.id + "'"});
    }
    if (area_m2(l.outline) < h.floor_area_m2 * (1.0 - 1e-6)) {
      out.push_back({join_path(lpath, "outline_m"), "encloses " + fmt(area_m2(l.outline), 0) +
                                                        " m2, less than the hall's floor area (" +
                                                        fmt(h.floor_area_m2, 0) + " m2)"});
    }
    for (std::size_t hj = 0; hj < hi; ++hj) {
      const Hall& o = b.halls[hj];
      if (o.layout && o.layout->floor == l.floor && is_simple(o.layout->outline) && overlaps(o.layout->outline, l.outline)) {
        out.push_back({join_path(lpath, "outline_m"), "hall '" + h.id + "' overlaps hall '" + o.id + "' on floor " +
                                                          std::to_string(l.floor)});
      }
    }
    std::map<std::string, int> placed;
    for (std::size_t ri = 0; ri < l.rows.size(); ++ri) {
      const RackRows& r = l.rows[ri];
      const std::string rpath = join_path(join_path(lpath, "rows"), ri);
      const bool known = std::any_of(h.rack_groups.begin(), h.rack_groups.end(),
                                     [&](const RackGroup& g) { return g.id == r.rack_group; });
      if (!known) {
        out.push_back({join_path(rpath, "rack_group"), "no rack group '" + r.rack_group + "' in hall '" + h.id + "'"});
      }
      placed[r.rack_group] += r.racks();
      if (!contains(l.outline, r.outline())) {
        out.push_back({join_path(rpath, "origin_m"), "the rows (with their aisles) are not inside the hall's outline"});
      }
      for (std::size_t rj = 0; rj < ri; ++rj) {
        if (overlaps(l.rows[rj].outline(), r.outline())) {
          out.push_back({join_path(rpath, "origin_m"), "these rows overlap rows " + std::to_string(rj) + " of the hall"});
        }
      }
    }
    for (const RackGroup& g : h.rack_groups) {
      const double racks = std::ceil(g.count - 1e-9);
      const auto it = placed.find(g.id);
      const int in_rows = it == placed.end() ? 0 : it->second;
      if (in_rows < racks) {
        out.push_back({join_path(lpath, "rows"), "the rows hold " + std::to_string(in_rows) + " racks of group '" + g.id +
                                                     "', which has " + fmt(racks, 0)});
      }
    }
    int air_units = 0, air_entries = 0, air_counts_given = 0;
    for (std::size_t ui = 0; ui < l.cooling_units.size(); ++ui) {
      const CoolingUnits& u = l.cooling_units[ui];
      const std::string upath = join_path(join_path(lpath, "cooling_units"), ui);
      if (!unit_fits(u.kind, h.cooling.air_system)) {
        out.push_back({join_path(upath, "kind"), std::string("the hall's air system has ") +
                                                     air_unit_kind_for(h.cooling.air_system) + " units"});
      }
      if (u.kind == CoolingUnitKind::Cdu) {
        if (!h.cooling.liquid) {
          out.push_back({join_path(upath, "kind"), "coolant distribution units need liquid cooling (cooling.liquid)"});
        }
      } else {
        air_units += u.count;
        ++air_entries;
        air_counts_given += u.count_given ? 1 : 0;
      }
    }
    const int installed = h.cooling.plant.air_units.installed_units();
    if (air_entries > 1 && air_counts_given < air_entries) {
      out.push_back({join_path(lpath, "cooling_units"), "with air units on more than one wall, give each wall's count "
                                                        "(they add up to cooling.plant.air_units)"});
    } else if (air_entries > 0 && air_units != installed) {
      out.push_back({join_path(lpath, "cooling_units"), "draws " + std::to_string(air_units) +
                                                            " air units; cooling.plant.air_units installs " +
                                                            std::to_string(installed)});
    }
  }
}

/// Validates and, if the structure is sound, builds the Park; the problems of both stages.
std::vector<Problem> check_and_build(const Json& document, Park& park,
                                     std::set<std::string>& consumed) {
  std::vector<Problem> problems;
  scenario_schema().validate(document, problems);
  if (!problems.empty()) {
    return problems; // the rules between fields need a structurally valid document
  }
  park = build_park(scenario_schema().with_defaults(document), document, consumed);
  derive_compute_groups(park);
  check_rules(document, park, problems);
  return problems;
}
} // namespace

std::vector<Problem> Scenario::check(const Json& document) {
  Park park;
  std::set<std::string> consumed;
  return check_and_build(document, park, consumed);
}

Scenario Scenario::from_document(Json document, const std::string& source) {
  std::vector<Problem> problems;
  auto s = build(std::move(document), source, problems);
  if (!s) {
    std::vector<std::string> lines;
    for (const auto& p : problems) {
      lines.push_back(source + ": " + (p.path.empty() ? "" : p.path + ": ") + p.message);
    }
    throw InputErrors(source, lines, lines.size());
  }
  return std::move(*s);
}

std::optional<Scenario> Scenario::build(Json document, const std::string& source, std::vector<Problem>& problems) {
  Scenario s;
  problems = check_and_build(document, s.park_, s.consumed_);
  if (!problems.empty()) {
    return std::nullopt;
  }
  s.source_ = source;
  // Version 1 is version 2 without hall layouts: read as 2, and saved as 2.
  if (document["version"] == 1) {
    document["version"] = kFormatVersion;
    s.notes_.push_back(source + ": format version 1, read as version 2 (saving writes version 2). Version 2 adds hall "
                                "layouts (rows, aisles, cooling units); this file's halls have none and are drawn "
                                "schematically (`parktwin scenario layout` can lay them out)");
  }
  s.document_ = std::move(document);
  return s;
}

namespace {

/// "source:line:column" of byte offset `at` of `text`.
std::string text_position(const std::string& text, std::size_t at, const std::string& source) {
  at = std::min(at, text.size());
  const std::size_t line = 1 + static_cast<std::size_t>(
                                   std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
  const std::size_t line_start = at == 0 ? std::string::npos : text.rfind('\n', at - 1);
  const std::size_t column = at - (line_start == std::string::npos ? 0 : line_start + 1) + 1;
  return source + ":" + std::to_string(line) + ":" + std::to_string(column);
}

/// Offset of the first bracket nested deeper than `limit` (outside strings), or npos. One
/// pass, no recursion.
std::size_t too_deep_at(const std::string& text, std::size_t limit) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) {
        return i;
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::string::npos;
}

} // namespace

Json parse_json_document(const std::string& text, const std::string& source) {
  if (const std::size_t at = too_deep_at(text, kMaxJsonDepth); at != std::string::npos) {
    throw InputError(text_position(text, at, source),
                     "not valid here: nested more than " + std::to_string(kMaxJsonDepth) + " levels deep");
  }
  try {
    return Json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    std::string what = e.what();
    if (const auto pos = what.find("syntax error"); pos != std::string::npos) {
      what = what.substr(pos);
    }
    throw InputError(text_position(text, e.byte == 0 ? 0 : e.byte - 1, source), "not valid JSON: " + what);
  } catch (const nlohmann::json::out_of_range& e) {
    // 406: a number beyond the range of a double; the message quotes it.
    const std::string what = e.what();
    const auto q1 = what.find('\''), q2 = what.rfind('\'');
    const std::string token = q1 != std::string::npos && q2 > q1 ? what.substr(q1 + 1, q2 - q1 - 1) : std::string();
    const std::size_t at = token.empty() ? std::string::npos : text.find(token);
    throw InputError(at == std::string::npos ? source : text_position(text, at, source),
                     "the number " + (token.empty() ? std::string() : token + " ") +
                         "is beyond the range of a double (about 1.8e308)");
  } catch (const nlohmann::json::exception& e) {
    throw InputError(source, std::string("not valid JSON: ") + e.what());
  }
}

Scenario Scenario::parse(const std::string& text, const std::string& source) {
  return from_document(parse_json_document(text, source), source);
}

Scenario Scenario::load(const std::string& name_or_path) {
  if (name_or_path == kBuiltinHaidong) {
    return parse(builtin_haidong_text(), "haidong (built in)");
  }
  std::error_code ec;
  if (!std::filesystem::is_regular_file(name_or_path, ec)) {
    throw InputError(name_or_path, std::string("no such scenario file (the built-in scenario is '") +
                                       kBuiltinHaidong + "')");
  }
  return parse(read_file(name_or_path), name_or_path);
}

std::string Scenario::to_text() const { return document_.dump(2, ' ', false) + "\n"; }

void Scenario::save(const std::filesystem::path& path) const {
  write_file_atomically(path, to_text());
}

} // namespace parktwin::model
