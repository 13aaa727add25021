#!/usr/bin/env python3
"""Writes the invalid-scenario fixtures of tst_scenario from minimal.json: one file per rule,
each breaking exactly one thing. Run from this folder: python3 make_fixtures.py"""
import copy
import json
from collections import OrderedDict

base = json.load(open("minimal.json"), object_pairs_hook=OrderedDict)


def hall(d):
    return d["wings"][0]["buildings"][0]["halls"][0]


def write(name, change):
    d = copy.deepcopy(base)
    change(d)
    with open(f"bad_{name}.json", "w") as f:
        f.write(json.dumps(d, indent=2, ensure_ascii=False) + "\n")


def second_building(d, position, footprint=None):
    b = copy.deepcopy(d["wings"][0]["buildings"][0])
    b["id"] = "b2"
    b["position_m"] = position
    if footprint:
        b["footprint_m"] = footprint
    b["halls"][0]["id"] = "h2"
    d["wings"][0]["buildings"].append(b)


write("wrong_type", lambda d: hall(d)["rack_groups"][0].__setitem__("count", "many"))
write("missing_required", lambda d: hall(d).pop("floor_area_m2"))
write("unknown_key", lambda d: hall(d).__setitem__("air", OrderedDict(supply_air_c=24)))
write("negative_racks", lambda d: hall(d)["rack_groups"][0].__setitem__("count", -5))
write("occupancy_above_one", lambda d: hall(d)["rack_groups"][0].__setitem__("occupancy", 1.2))
write("supply_air_warmer", lambda d: hall(d).__setitem__("air", OrderedDict(supply_air_C=30, return_air_C=28)))
write("liquid_supply_warmer", lambda d: hall(d)["cooling"].__setitem__(
    "liquid", OrderedDict(technology="cold_plate", facility_supply_water_C=45, facility_return_water_C=40)))
write("adiabatic_with_tower", lambda d: hall(d)["cooling"].__setitem__(
    "liquid", OrderedDict(technology="cold_plate", rejection="cooling_tower", adiabatic_assist=True)))
write("design_wet_bulb_above_dry_bulb", lambda d: d.__setitem__(
    "site", OrderedDict(cooling_design_dry_bulb_C=20.0, cooling_design_wet_bulb_C=25.0)))
write("design_dry_bulb_alone", lambda d: d.__setitem__("site", OrderedDict(cooling_design_dry_bulb_C=30.0)))
write("hall_larger_than_building", lambda d: hall(d).__setitem__("floor_area_m2", 5000))
write("duplicate_hall_id", lambda d: second_building(d, [100, 10]) or
      d["wings"][0]["buildings"][1]["halls"][0].__setitem__("id", "h1"))
write("dangling_heat_network", lambda d: hall(d)["cooling"].__setitem__(
    "heat_recovery", OrderedDict(network="town-heating")))
write("dangling_stage", lambda d: hall(d).__setitem__("stage", "2031"))
write("dangling_accelerator", lambda d: hall(d).__setitem__("rack_groups", [
    OrderedDict(id="g1", compute_PFLOPS=100, accelerator="H900")]))
write("building_outside_wing", lambda d: d["wings"][0]["buildings"][0].__setitem__("position_m", [180, 10]))
write("overlapping_buildings", lambda d: second_building(d, [40, 30]))
write("wrong_version", lambda d: d.__setitem__("version", 3))
write("bad_enum", lambda d: hall(d)["cooling"].__setitem__("liquid", OrderedDict(technology="spray")))
write("calibration_of_another_park", lambda d: d.__setitem__("calibration", OrderedDict(
    hall="elsewhere", method="test", data="test", changes=[])))
write("self_intersecting_boundary", lambda d: d["wings"][0].__setitem__(
    "boundary_m", [[0, 0], [200, 100], [200, 0], [0, 100]]))
write("two_air_systems", lambda d: hall(d)["cooling"]["air_system"].__setitem__("chilled_water", OrderedDict()))
write("count_and_compute", lambda d: hall(d)["rack_groups"][0].update(compute_PFLOPS=10, accelerator="H800"))
write("liquid_fraction_without_liquid", lambda d: hall(d)["rack_groups"][0].__setitem__("liquid_fraction", 0.5))
write("wing_area_mismatch", lambda d: d["wings"][0].__setitem__("plan_area_mu", 100))
write("non_integer_floors", lambda d: d["wings"][0]["buildings"][0].__setitem__("floors", 2.5))
write("bad_id_characters", lambda d: hall(d).__setitem__("id", "hall 1"))
with open("bad_json_syntax.json", "w") as f:
    f.write(json.dumps(base, indent=2).replace('"name": "Minimal park",', '"name": "Minimal park"', 1))

# maximal.json: every key of the schema appears at least once (tst_scenario checks that it does
# and that the reader reads every one of them).
schema = json.load(open("../../../assets/schema/scenario.schema.json"), object_pairs_hook=OrderedDict)
defs = schema["$defs"]


def full(def_name, **given):
    """An object with every property of a $defs entry: given values, else the default."""
    out = OrderedDict()
    for key, node in defs[def_name]["properties"].items():
        if key in given:
            out[key] = given[key]
        elif "default" in node:
            out[key] = node["default"]
        elif key == "source":
            out[key] = "test fixture"
        elif key in ("name", "name_zh", "description", "role"):
            out[key] = f"{def_name} {key}"
    return out


m = OrderedDict([("format", "parktwin-scenario"), ("version", 2), ("name", "Maximal park"),
                 ("name_zh", "全字段园区"), ("description", "Every key of the schema"),
                 ("layout_note", "Test layout"),
                 ("site", full("site", latitude_deg=36.5, longitude_deg=102.0,
                               cooling_design_dry_bulb_C=29.0, cooling_design_wet_bulb_C=17.0, time_of_use=[
                     full("time_of_use", start_hour=8, end_hour=11, price_CNY_per_kWh=0.6),
                     full("time_of_use", start_hour=23, end_hour=24, price_CNY_per_kWh=0.25)])),
                 ("stages", [full("stage", id="2027", year=2027, default_occupancy=0.65, green_energy_share=0.8)]),
                 ("default_stage", "2027"),
                 ("heat_networks", [full("heat_network", id="dh", served_floor_area_m2=100000)]),
                 ("accelerators", [full("accelerator", id="acc", fp16_dense_TFLOPS=989,
                                        accelerators_per_server=8, server_max_kW=10.2)])])
air_kinds = [("chilled_water", full("chilled_water", storage_m3=20.0, storage_kind="stratified")),
             ("direct_air_economizer", full("direct_air_economizer")),
             ("indirect_evaporative", full("indirect_evaporative"))]
halls = []
for k, (kind, params) in enumerate(air_kinds):
    groups = [full("rack_group", id="racks", count=100, design_kW_per_rack=10, occupancy=0.7,
                   liquid_fraction=0.5, tenant="acme",
                   flexibility=full("flexibility", flexible_share=0.3, window_h=12, max_power_fraction=0.9,
                                    min_power_fraction=0.1))]
    for key in ("compute_PFLOPS", "accelerator", "servers_per_rack"):
        groups[0].pop(key, None)
    groups.append(full("rack_group", id="gpus", compute_PFLOPS=50, accelerator="acc", occupancy=0.8,
                       liquid_fraction=0.7))
    for key in ("count", "design_kW_per_rack"):
        groups[1].pop(key, None)
    # The first hall rejects its facility water with a closed-circuit tower (which refuses
    # adiabatic_assist, a dry-cooler key); the others with dry coolers.
    liquid = full("liquid", technology="cold_plate", rejection="cooling_tower" if k == 0 else "dry_cooler")
    if k == 0:
        liquid.pop("adiabatic_assist")
    cooling = full("cooling", air_system=OrderedDict([(kind, params)]), liquid=liquid,
                   heat_recovery=full("heat_recovery", network="dh"),
                   plant=full("plant", unit_capacity_kW=300.0, liquid_trim_capacity_kW=100.0,
                              air_units=full("air_units", unit_capacity_fraction=0.3),
                              heat_rejection=full("rejection_units", unit_capacity_fraction=0.6),
                              pumps=full("pump_units", unit_capacity_fraction=0.6)))
    extra = {}
    air0 = full("air")
    if k == 0:
        # A hall layout with every key: 100 racks in 5 rows of 20, the GPU racks in a row of 2
        # running north-south, the plant's 5 air units (4 + 1) and a CDU drawn.
        extra["layout"] = full("hall_layout", floor=1, outline_m=[[0, 0], [30, 0], [30, 20], [0, 20]],
                               containment="cold_aisle", rows=[
            full("rack_rows", rack_group="racks", rows=5, racks_per_row=20, origin_m=[2, 2]),
            full("rack_rows", rack_group="gpus", rows=1, racks_per_row=2, origin_m=[16, 2],
                 orientation="north_south")],
                               cooling_units=[full("cooling_units", kind="crah", side="south"),
                                              full("cooling_units", kind="cdu", count=1, side="north")])
        # Its air without recirculation and bypass, so that the containment sets them.
        del air0["recirculation_fraction"], air0["bypass_fraction"]
    halls.append(full("hall", id=f"h{k+1}", stage="2027", floor_area_m2=400, rack_groups=groups,
                      air=air0, cooling=cooling,
                      electrical=full("electrical", mechanical_on_ups=["air_units", "pumps", "heat_rejection"])
                      if k == 1 else full("electrical"), **extra))
building = full("building", id="b1", position_m=[10, 10], footprint_m=[[0, 0], [60, 0], [60, 40], [0, 40]],
                height_m=12, floors=2, halls=halls)
wing = full("wing", id="main", boundary_m=[[0, 0], [300, 0], [300, 200], [0, 200]], plan_area_mu=90,
            substations=[full("substation", id="s1", voltage_kV=110, capacity_MVA=100,
                              open_capacity=[full("open_capacity", year=2024, open_MVA=25),
                                             full("open_capacity", year=2027, open_MVA=50)])],
            water_supply=[full("water_supply", year=2024, supply_m3_per_day=10000)],
            plan_demand=[full("plan_demand", year=2027, power_kVA=5000, water_m3_per_day=300)],
            buildings=[building])
m["wings"] = [wing]
m["tenants"] = [full("tenant", id="acme", plan_pv_rule=True, certificates_MWh_per_month=100)]
m["supply"] = full("supply", pv_arrays=[
    full("pv_array", id="roof-b1", mount="roof", building="b1", stage="2027", owner="acme", row_pitch_m=4.0),
    full("pv_array", id="field", mount="ground", wing="main", position_m=[200, 100], dc_rating_MW=1.0,
         export_allowed=True)],
    wind_farms=[full("wind_farm", id="wf", stage="2027", turbines=2, owner="acme", mean_wind_speed_m_s=6.5,
                     power_curve=[full("power_curve_point", speed_m_s=s, power_kW=p)
                                  for s, p in [(3, 0), (6, 500), (12, 3000), (25, 3000)]])],
    batteries=[full("battery", id="bess", stage="2027", energy_MWh=4, power_MW=2, dispatch="custom",
                    discharge_hours=[19, 20, 21, 22], grid_charge_hours=[2, 3])],
    contracts=[full("contract", id="share", stage="2027", kind="share", share=0.1, owner="acme"),
               full("contract", id="ppa", kind="pv", capacity_MW=2.0)],
    grid=full("grid", location_factor_kg_per_kWh=0.1567, residual_factor_kg_per_kWh=0.5366,
              carbon_free_share=0.84, export_limit_MW=5.0),
    plan_pv_rule=full("plan_pv_rule", min_project_PFLOPS=10),
    sizing=full("sizing", target=0.5, max_pv_MW=50, max_storage_MWh=20, storage_steps=2))
m["dispatch"] = full("dispatch", flexible_share=0.1)
m["calibration"] = OrderedDict(hall=m["wings"][0]["buildings"][0]["halls"][0]["id"], method="test", data="test",
                               changes=[OrderedDict(path="halls[0].air.supply_air_C", parameter="cold_aisle_set_point",
                                                    **{"from": 24.0}, to=24.5, sd=0.2, at_bound=False, identified=True)])
m["source"] = "test fixture"
with open("maximal.json", "w") as f:
    f.write(json.dumps(m, indent=2, ensure_ascii=False) + "\n")
