#!/usr/bin/env python3
"""Wrote the first version of haidong.json and records its layout and rack arithmetic.

haidong.json is the scenario (edit it, not this script). Re-running this script rebuilds it from
scratch, losing hand edits. Every figure below is the plan's (section named in the element's
"source") or marked "assumed: <reason>". Plan: 《海东零碳算力产业园发展规划》 (2025-04-22); English
transcription of its figures: shared/PARK_FACTS.md.
"""
import json
import math
from collections import OrderedDict as O

MU_M2 = 10000.0 / 15.0  # 1 mu = 666.67 m2
STD_KW = 2.5            # a standard rack (标准机架) is 2.5 kW

PLAN = "Haidong park plan (2025)"

def rect(w, h):
    return [[0, 0], [round(w, 3), 0], [round(w, 3), round(h, 3)], [0, round(h, 3)]]

def wing_rect(area_mu, width_m):
    return width_m, round(area_mu * MU_M2 / width_m, 3)

# --- Stages ---------------------------------------------------------------------------------
stages = [
    O(id="2024", year=2024, default_occupancy=0.76,
      description="Built by end-2024: 22,000 standard racks, 76 % occupied",
      source=PLAN + " 1.(1).6 industry base"),
    O(id="2027", year=2027, default_occupancy=0.65, green_energy_share=0.8,
      description="Stage 1: 100,000 standard racks, 65 % occupancy, 30,000 P FP16, 80 % green energy",
      source=PLAN + " 2.(4) targets, Table 1"),
    O(id="2030", year=2030, default_occupancy=0.70, green_energy_share=1.0,
      description="Stage 2: 200,000 standard racks, 70 % occupancy, 60,000 P FP16, 100 % green energy",
      source=PLAN + " 2.(4) targets, Table 1"),
    O(id="2035", year=2035, default_occupancy=0.70, green_energy_share=1.0,
      description="Beyond the plan's horizon: Silk Cloud Valley phase 2",
      source="assumed: the plan gives Silk Cloud Valley phase 2 (88,000 racks) no date; it cannot fit "
             "in the 2030 target, so it is placed after 2030"),
]

accelerators = [
    O(id="H800", name="NVIDIA H800 SXM5 (HGX 8-GPU server)", fp16_dense_TFLOPS=989,
      accelerators_per_server=8, server_max_kW=10.2,
      source="NVIDIA H100 datasheet: FP16 tensor 1,979 TFLOPS with sparsity, half without; H800 is the "
             "export variant with the same compute; server: NVIDIA DGX H100 datasheet, ~10.2 kW max"),
    O(id="A800", name="NVIDIA A800 SXM4 (HGX 8-GPU server)", fp16_dense_TFLOPS=312,
      accelerators_per_server=8, server_max_kW=6.5,
      source="NVIDIA A100 datasheet: FP16 tensor 312 TFLOPS dense (624 with sparsity); A800 is the export "
             "variant with the same die; server: NVIDIA DGX A100 datasheet, 6.5 kW max"),
    O(id="Ascend910B", name="Huawei Ascend 910B (8-card server)", fp16_dense_TFLOPS=320,
      accelerators_per_server=8, server_max_kW=6.0,
      source="FP16 320 TFLOPS as commonly quoted for the 910B (variants 246-354; no sparsity figure); "
             "server power assumed: 8 x 400 W x ~1.9 (the ratio of DGX server maximum to GPU TDP), no "
             "vendor maximum found for the Atlas 800T A2"),
]

heat_networks = [
    O(id="hehuang-dh", name="Hehuang New Area district heating (Silk Cloud Valley waste-heat demonstration)",
      served_floor_area_m2=1000000, source="assumed: the plan asks for waste-heat recovery at Silk Cloud "
      "Valley for nearby district heating (3.(3)) but gives no heated area; 1 million m2 assumed"),
]

# --- Halls -----------------------------------------------------------------------------------
IEC = O(indirect_evaporative=O())
def cooling(air, liquid=None, recovery=None):
    c = O(air_system=air)
    if liquid: c["liquid"] = liquid
    if recovery: c["heat_recovery"] = recovery
    return c

CW_TOWER = O(chilled_water=O(economizer="cooling_tower",
             source="assumed: chilled water with a waterside economizer, usual for the park's "
                    "first-generation halls"))
COLD_PLATE_40 = O(technology="cold_plate", facility_supply_water_C=40, facility_return_water_C=50,
                  source="assumed: ASHRAE W40 cold plates")
COLD_PLATE_45 = O(technology="cold_plate", facility_supply_water_C=45, facility_return_water_C=55,
                  source="assumed: ASHRAE W45, warm enough to feed district heating through a heat pump")

def group(id, count=None, kw=None, liquid=0.0, profile="flat", source="", compute=None, acc=None, name=None):
    g = O(id=id)
    if name: g["name"] = name
    if compute is not None:
        g["compute_PFLOPS"] = compute
        g["accelerator"] = acc
    else:
        g["count"] = count
        g["design_kW_per_rack"] = kw
    g["load_profile"] = profile
    if liquid: g["liquid_fraction"] = liquid
    g["source"] = source
    return g

def hall(id, name, stage, area, groups, cool, source, name_zh=None, air=None):
    h = O(id=id, name=name)
    if name_zh: h["name_zh"] = name_zh
    h["stage"] = stage
    h["floor_area_m2"] = round(area)
    h["rack_groups"] = groups
    if air: h["air"] = air
    h["cooling"] = cool
    h["source"] = source
    return h

def racks_std(g, acc_table):
    if "compute_PFLOPS" in g:
        a = acc_table[g["accelerator"]]
        servers = math.ceil(g["compute_PFLOPS"] * 1e3 / (a["fp16_dense_TFLOPS"] * a["accelerators_per_server"]))
        racks = math.ceil(servers / 4)
        return racks, racks * 4 * a["server_max_kW"] / STD_KW
    return g["count"], g["count"] * g["design_kW_per_rack"] / STD_KW

ACC = {a["id"]: a for a in accelerators}
M2_PER_RACK = {"std": 2.4, "mid": 2.8, "ai": 3.5, "container": 3.0}

def area_for(groups, kind):
    return sum(racks_std(g, ACC)[0] for g in groups) * M2_PER_RACK[kind]

buildings = {"west": [], "east": [], "north": []}

def building(wing, id, name, halls, floors, height, source, name_zh=None):
    b = O(id=id, name=name)
    if name_zh: b["name_zh"] = name_zh
    # Halls take 75 % of each floor (assumed). Each hall is on one floor, the halls shared out
    # over the floors as the hall layouts and the schematic view do (ceil(halls / floors) a
    # floor): the fullest floor sizes the footprint.
    per_floor = math.ceil(len(halls) / floors)
    fullest = max(sum(h["floor_area_m2"] for h in halls[k:k + per_floor]) for k in range(0, len(halls), per_floor))
    foot = fullest / 0.75
    w = math.sqrt(foot * 2.0)
    b["footprint_m"] = rect(math.ceil(w), math.ceil(foot / math.ceil(w)) + 1)
    b["height_m"] = height
    b["floors"] = floors
    b["halls"] = halls
    b["source"] = source
    buildings[wing].append(b)

# West wing: today's halls and the named projects the plan puts in the big-data park.
EXIST = PLAN + " 1.(1).6: 22,000 standard racks (2.5 kW) built by end-2024 in the China Mobile, China Telecom and Qinghai Data Lake data centres"
split = [("telecom-1", "China Telecom Digital Qinghai DC, phase 1", 8000),
         ("mobile-1", "China Mobile plateau DC, phase 1", 8000),
         ("datalake-1", "Qinghai Data Lake DC", 6000)]
for bid, name, n in split:
    halls = []
    per = n // 4
    for k in range(4):
        g = [group("racks", count=per, kw=2.5, profile="enterprise_diurnal",
                   source=EXIST + "; split between the three centres and four halls assumed")]
        halls.append(hall(f"{bid}-h{k+1}", f"{name}, hall {k+1}", "2024", area_for(g, "std"), g, cooling(CW_TOWER),
                          source=EXIST))
    building("west", bid, name, halls, 4, 24, source=EXIST)

T2 = PLAN + " box 1: China Telecom phase 2, one compute building, 3,200 P"
g = [group("gpu", compute=3200, acc="H800", liquid=0.7, profile="ai_training",
           source=T2 + "; accelerator type assumed (H800-class, as in the Kingsoft project in the same centre)")]
halls = [hall("telecom-2-h1", "China Telecom phase 2, AI hall", "2027", area_for(g, "ai"), g,
              cooling(IEC, COLD_PLATE_40), source=T2 + "; indirect evaporative plus liquid cooling as in the existing Telecom centre (press reports, 2022)")]
KS = PLAN + " box 1: Kingsoft Cloud AI centre in the China Telecom DC, 128 H800 GPU servers (the plan's '1,500 PFLOPS' exceeds 128 x 8 x 989 TFLOPS = 1,013 P FP16 dense)"
g = [group("h800-servers", count=32, kw=40.8, liquid=0.7, profile="ai_training",
           source=KS + "; 4 servers of 10.2 kW per rack assumed")]
halls.append(hall("kingsoft-h1", "Kingsoft Cloud AI hall", "2027", area_for(g, "ai"), g, cooling(IEC, COLD_PLATE_40), source=KS))
JD = PLAN + " box 1: JD Technology, 1,000 high-power cabinets, 3,000 P, in the China Telecom DC"
g = [group("cabinets", count=1000, kw=12, liquid=0.5, profile="ai_inference_diurnal",
           source=JD + "; 12 kW per cabinet assumed (the plan encourages racks of 8 kW and above)")]
halls.append(hall("jd-h1", "JD Technology green compute hall", "2027", area_for(g, "mid"), g, cooling(IEC, COLD_PLATE_40), source=JD))
building("west", "telecom-2", "China Telecom phase 2 compute building", halls, 3, 20, source=T2)

MB = PLAN + " box 1: China Mobile phases 2-3, 10,000 racks of 10 kW (113 mu in all)"
for phase, stage in ((2, "2027"), (3, "2030")):
    halls = []
    for k in range(4):
        g = [group("racks", count=1250, kw=10, profile="enterprise_diurnal",
                   source=MB + "; half in phase 2 (under construction, by 2027) and half in phase 3 (by 2030) assumed")]
        halls.append(hall(f"mobile-{phase}-h{k+1}", f"China Mobile phase {phase}, hall {k+1}", stage, area_for(g, "mid"), g,
                          cooling(IEC), source=MB))
    building("west", f"mobile-{phase}", f"China Mobile plateau green compute centre, phase {phase}", halls, 4, 24, source=MB)

# East wing: zero-carbon park, AI and supercomputing core cluster.
SC = PLAN + " box 1: Silk Cloud Valley: container liquid-cooled halls and a waste-heat recovery centre; phase 1 72,000 standard racks, phase 2 88,000"
REC = O(network="hehuang-dh", mode="heat_pump", source=PLAN + " 3.(3): waste-heat recovery demonstration at Silk Cloud Valley")
for part, stage, std in (("1a", "2027", 36000), ("1b", "2030", 36000), ("2", "2035", 88000)):
    halls = []
    n_halls = 4
    racks = int(std * STD_KW / 30 / n_halls)
    for k in range(n_halls):
        g = [group("containers", count=racks, kw=30, liquid=0.8, profile="ai_training",
                   source=SC + "; 30 kW liquid-cooled racks in containers assumed" +
                          ("; phase 1 split evenly between 2027 and 2030 assumed (under construction in 2024)" if part != "2" else ""))]
        halls.append(hall(f"silk-{part}-h{k+1}", f"Silk Cloud Valley phase {part}, container yard {k+1}", stage,
                          area_for(g, "container"), g, cooling(IEC, COLD_PLATE_45, REC), source=SC))
    building("east", f"silk-{part}", f"Silk Cloud Valley phase {part} container yard", halls, 1, 6, source=SC, name_zh="丝绸云谷")

HR = PLAN + " box 1: Liaoning Huarui green compute park, >= 1,500 P for model training and inference"
g = [group("npu", compute=1500, acc="Ascend910B", liquid=0.7, profile="ai_training", source=HR + "; domestic accelerators assumed")]
building("east", "huarui", "Huarui green compute centre", [hall("huarui-h1", "Huarui AI hall", "2027", area_for(g, "ai"), g, cooling(IEC, COLD_PLATE_40), source=HR)], 2, 14, source=HR)
ZK = PLAN + " box 1: Zhongke Qinghai supercomputing centre, phase 2 new build in the zero-carbon park, 2,500 P in all (phase 1 retrofits an existing centre)"
g = [group("npu", compute=2500, acc="Ascend910B", liquid=0.7, profile="ai_training", source=ZK + "; the whole 2,500 P placed in phase 2 and domestic accelerators assumed")]
building("east", "zhongke", "Zhongke supercomputing centre", [hall("zhongke-h1", "Zhongke supercomputing hall", "2030", area_for(g, "ai"), g, cooling(IEC, COLD_PLATE_40), source=ZK)], 2, 14, source=ZK)
P2K = PLAN + " 3.(1): planned 2,000 P projects"
for pid, pname in (("traffic-ai", "Haidong smart-traffic AI centre"), ("cambricon", "Cambricon inference base"),
                   ("iflytek", "iFlytek domestic AI centre"), ("baidu", "Baidu AI centre"),
                   ("sdp", "Shanghai Data Port green AI centre"), ("minimax", "MiniMax 10,000-card cluster")):
    g = [group("npu", compute=2000, acc="Ascend910B", liquid=0.7, profile="ai_training", source=P2K + "; domestic accelerators assumed")]
    building("east", pid, pname, [hall(f"{pid}-h1", pname + " hall", "2030", area_for(g, "ai"), g, cooling(IEC, COLD_PLATE_40), source=P2K)], 2, 14, source=P2K)

# North wing: warehouses becoming modular / liquid-cooled container plants; the plan's power for
# the North wing (11,375 / 22,750 kVA) is 1,400 / 2,800 standard racks at 8.125 kVA each.
NO = PLAN + " 2.(5).2: North wing power 11,375 kVA (2027) and 22,750 kVA (2030), i.e. 1,400 and 2,800 standard racks at the plan's 8.125 kVA per rack"
for part, stage in (("1", "2027"), ("2", "2030")):
    g = [group("containers", count=140, kw=25, liquid=0.7, profile="ai_inference_diurnal", source=NO + "; 25 kW container racks assumed")]
    building("north", f"north-containers-{part}", f"North wing container data-centre plant {part}",
             [hall(f"north-{part}-h1", f"Container plant {part}", stage, area_for(g, "container"), g, cooling(IEC, COLD_PLATE_40), source=NO)],
             1, 10, source=NO)

# Balance: the stage totals of the plan (100,000 and 200,000 standard racks) exceed what the named
# projects add up to; the rest is AI compute not yet assigned to a project, in the East wing (the
# plan's AI and supercomputing core cluster).
def stage_total(year):
    tot = 0.0
    for wing in buildings.values():
        for b in wing:
            for h in b["halls"]:
                if int(h["stage"]) <= year:
                    tot += sum(racks_std(g, ACC)[1] for g in h["rack_groups"])
    return tot

BAL = "assumed: the plan's stage target (2.(4), Table 1) less the named projects; AI halls not yet assigned to a project, in the East wing's AI core cluster"
for stage, target in (("2027", 100000), ("2030", 200000)):
    missing = target - stage_total(int(stage))
    n_halls = max(1, round(missing / 6000))
    racks_total = round(missing * STD_KW / 20)
    halls = []
    for k in range(n_halls):
        n = racks_total // n_halls + (1 if k < racks_total % n_halls else 0)
        g = [group("racks", count=n, kw=20, liquid=0.7, profile="ai_training", source=BAL)]
        halls.append(hall(f"east-ai-{stage}-h{k+1}", f"East AI cluster ({stage}), hall {k+1}", stage, area_for(g, "ai"), g,
                          cooling(IEC, COLD_PLATE_40), source=BAL))
    for i in range(0, len(halls), 4):
        building("east", f"east-ai-{stage}-{i//4+1}", f"East wing AI cluster building ({stage}) {i//4+1}", halls[i:i+4], 4, 24, source=BAL)

# --- Layout: schematic rectangles of the plan's areas, buildings on a grid inside -------------
LAYOUT = ("Schematic layout: the plan gives wing areas but no boundaries or footprints. Wings are "
          "rectangles of the plan's areas; buildings are placed on a grid inside them, sized from "
          "their halls (75 % of each floor is white space, assumed).")
wing_defs = [
    ("west", "West wing: big-data park", "西翼 大数据产业园", "Start-up zone: China Telecom and China Mobile data centres and network core nodes; storage-compute demonstration; per-data-centre microgrids; the province's power-compute dispatch centre", 631, (0, 0), 700),
    ("east", "East wing: zero-carbon park", "东翼 零碳产业园", "Development zone: AI and supercomputing core cluster; park-level source-grid-load-storage microgrid", 1378, (900, 0), 1000),
    ("north", "North wing: logistics park", "北翼 物流产业园", "Long-term zone: warehouses to become server and modular / liquid-cooled container data-centre plants", 1592, (0, 1100), 1300),
]
WING_SRC = PLAN + " 2.(5).1 spatial layout (areas); boundary schematic"

def place(bs, origin, width, height):
    x, y, row_h = 20.0, 20.0, 0.0
    for b in bs:
        w = b["footprint_m"][1][0]; h = b["footprint_m"][2][1]
        if x + w > width - 20:
            x = 20.0; y += row_h + 20; row_h = 0.0
        if y + h > height - 20:
            raise SystemExit(f"building {b['id']} does not fit")
        b["position_m"] = [round(origin[0] + x, 3), round(origin[1] + y, 3)]
        # keep key order: id, name, (name_zh), position_m, footprint_m, ...
        items = list(b.items()); b.clear()
        for k, v in items:
            if k == "footprint_m": b["position_m"] = [round(origin[0] + x, 3), round(origin[1] + y, 3)]
            if k != "position_m": b[k] = v
        x += w + 20; row_h = max(row_h, h)

subs = {
    "west": [
        O(id="west-existing", name="Caojiabao 330 kV (720 MVA); Guyi, Konggang, Shijiaying 110 kV (100 MVA each)",
          voltage_kV=330, capacity_MVA=1020, open_capacity=[O(year=2024, open_MVA=55)],
          source=PLAN + " 2.(5).2 (1): 55 MVA open to compute today across the four substations"),
        O(id="kayang", name="Kayang 750 kV", name_zh="卡阳变", voltage_kV=750, open_capacity=[O(year=2027, open_MVA=1000)],
          source=PLAN + " box 3; with the Caojiabao 110 kV switching station it adds 1,200 MVA by 2027 (2.(5).2 (1))"),
        O(id="caojiabao-110", name="Caojiabao 330 kV substation, 110 kV switching station", voltage_kV=110,
          open_capacity=[O(year=2027, open_MVA=200)], source=PLAN + " box 3"),
        O(id="dingyuan", name="Dingyuan 110 kV", name_zh="定远变", voltage_kV=110, open_capacity=[O(year=2028, open_MVA=30)],
          source=PLAN + " box 3 and 2.(5).2 (1): West wing open capacity 1,285 MVA by 2030"),
    ],
    "east": [
        O(id="east-existing", name="Guolong 750 kV (6,000 MVA), Xiaozhai 330 kV (720 MVA), Xiying 110 kV (100 MVA)",
          voltage_kV=750, capacity_MVA=6820, open_capacity=[O(year=2024, open_MVA=830)],
          source=PLAN + " 2.(5).2 (2): 830 MVA open today"),
        O(id="houying", name="Houying 330 kV", name_zh="后营变", voltage_kV=330, open_capacity=[O(year=2028, open_MVA=200)], source=PLAN + " box 3"),
        O(id="pingbei", name="Pingbei 110 kV", name_zh="平北变", voltage_kV=110, open_capacity=[O(year=2029, open_MVA=30)], source=PLAN + " box 3"),
        O(id="hongpo", name="Hongpo 750 kV", name_zh="红坡变", voltage_kV=750, open_capacity=[O(year=2030, open_MVA=2000)],
          source=PLAN + " box 3; East wing open capacity 3,060 MVA by 2030 (2.(5).2 (2))"),
    ],
    "north": [
        O(id="anning", name="Anning 110 kV", name_zh="安宁变", voltage_kV=110, capacity_MVA=100,
          open_capacity=[O(year=2024, open_MVA=25)], source=PLAN + " 2.(5).2 (3)"),
    ],
}
water = {
    "west": [O(year=2024, supply_m3_per_day=30000, source=PLAN + " 2.(5).2 (1): Pingxi water plant extension"),
             O(year=2030, supply_m3_per_day=100000, source=PLAN + " 2.(5).2 (1)")],
    "east": [O(year=2024, supply_m3_per_day=50000, source=PLAN + " 2.(5).2 (2)"),
             O(year=2030, supply_m3_per_day=120000, source=PLAN + " 2.(5).2 (2)")],
    "north": [O(year=2024, supply_m3_per_day=100000, source=PLAN + " 2.(5).2 (3): Pingxi water plant")],
}

plan_demand = {
    "west": [O(year=2027, power_kVA=134875, water_m3_per_day=2988), O(year=2030, power_kVA=269750, water_m3_per_day=5976)],
    "east": [O(year=2027, power_kVA=666250, water_m3_per_day=14760), O(year=2030, power_kVA=1332500, water_m3_per_day=29520)],
    "north": [O(year=2027, power_kVA=11375, water_m3_per_day=252), O(year=2030, power_kVA=22750, water_m3_per_day=504)],
}
for v in plan_demand.values():
    for e in v:
        e["source"] = PLAN + " 2.(5).2"

wings = []
for wid, name, name_zh, role, mu, origin, width in wing_defs:
    width_m, height_m = wing_rect(mu, width)
    boundary = [[origin[0] + p[0], round(origin[1] + p[1], 3)] for p in rect(width_m, height_m)]
    place(buildings[wid], origin, width_m, height_m)
    wings.append(O(id=wid, name=name, name_zh=name_zh, role=role, boundary_m=boundary, plan_area_mu=mu,
                   substations=subs[wid], water_supply=water[wid], plan_demand=plan_demand[wid],
                   buildings=buildings[wid], source=WING_SRC))

scenario = O([
    ("format", "parktwin-scenario"), ("version", 2),
    ("name", "Haidong Zero-Carbon Computing Park"), ("name_zh", "海东零碳算力产业园"),
    ("description", "The park of the Haidong plan: three wings, today's halls, the named projects and the build-out to 2030."),
    ("layout_note", LAYOUT),
    ("site", O(name="Hehuang New Area, Haidong, Qinghai", latitude_deg=36.53, longitude_deg=102.04, elevation_m=2150,
               climate="haidong-park", electricity_price_CNY_per_kWh=0.405,
               source=PLAN + " 1.(1).2-4: elevation 2,100-2,200 m, Haidong tariff 0.4050 CNY/kWh (2024); "
                      "coordinates approximate (near Caojiabao airport)")),
    ("stages", stages),
    ("default_stage", "2030"),
    ("heat_networks", heat_networks), ("accelerators", accelerators),
    ("wings", wings),
    ("source", PLAN + ", figures transcribed in PARK_FACTS.md"),
])
with open("haidong.json", "w") as f:
    f.write(json.dumps(scenario, indent=2, ensure_ascii=False) + "\n")
for y in (2024, 2027, 2030, 2035):
    print(y, round(stage_total(y), 1))
