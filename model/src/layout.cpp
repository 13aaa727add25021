#include "parktwin/model/layout.hpp"

#include "parktwin/model/park.hpp"
#include "parktwin/model/scenario.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <set>

namespace parktwin::model {
extern const char* const kEmbeddedRackTemplates;
}

namespace parktwin::model::layout {
namespace {

using Pointer = Json::json_pointer;

Polygon polygon_of(const Json& j) {
  Polygon p;
  for (const auto& v : j) {
    p.push_back({v.at(0).get<double>(), v.at(1).get<double>()});
  }
  return p;
}

/// Metres rounded to a millimetre, so that files stay readable after rotations.
double mm(double x) {
  const double r = std::round(x * 1000.0) / 1000.0;
  return r == 0.0 ? 0.0 : r; // no -0
}

Json json_of(const Polygon& p) {
  Json out = Json::array();
  for (const auto& v : p) {
    out.push_back({mm(v.x_m), mm(v.y_m)});
  }
  return out;
}

/// Checks the new document with the model's own rules.
Change checked(Json doc, std::string id, std::string text) {
  Change c;
  if (auto s = Scenario::build(doc, "layout", c.problems)) {
    c.scenario = std::make_shared<Scenario>(std::move(*s));
  }
  c.document = std::move(doc);
  c.id = std::move(id);
  c.text = std::move(text);
  return c;
}

Change refused(const Json& doc, std::string path, std::string message) {
  Change c;
  c.document = doc;
  c.problems.push_back({std::move(path), std::move(message)});
  return c;
}

/// Every id of one kind in the document: "wing", "building", "hall", "substation".
std::set<std::string> ids_of(const Json& doc, const std::string& kind) {
  std::set<std::string> ids;
  for (const auto& w : doc.value("wings", Json::array())) {
    if (kind == "wing") {
      ids.insert(w.value("id", ""));
    }
    if (kind == "substation") {
      for (const auto& s : w.value("substations", Json::array())) {
        ids.insert(s.value("id", ""));
      }
    }
    for (const auto& b : w.value("buildings", Json::array())) {
      if (kind == "building") {
        ids.insert(b.value("id", ""));
      }
      for (const auto& h : b.value("halls", Json::array())) {
        if (kind == "hall") {
          ids.insert(h.value("id", ""));
        }
      }
    }
  }
  return ids;
}

/// `base` if no element of `taken` has it, else base-2, base-3, ...
std::string unique_id(const std::string& base, const std::set<std::string>& taken) {
  if (taken.count(base) == 0) {
    return base;
  }
  // A copy of "x-2" is "x-3", not "x-2-2".
  std::string stem = base;
  if (const auto dash = stem.rfind('-'); dash != std::string::npos && dash + 1 < stem.size() &&
                                         std::all_of(stem.begin() + static_cast<long>(dash) + 1, stem.end(),
                                                     [](unsigned char ch) { return std::isdigit(ch) != 0; })) {
    stem.resize(dash);
  }
  for (int k = 2;; ++k) {
    const std::string id = stem + "-" + std::to_string(k);
    if (taken.count(id) == 0) {
      return id;
    }
  }
}

std::string default_stage_id(const Json& doc) {
  if (doc.contains("default_stage")) {
    return doc["default_stage"].get<std::string>();
  }
  const auto& stages = doc.at("stages");
  return stages.empty() ? std::string() : stages.back().value("id", "");
}

/// The footprints (park coordinates) of every building but the one at `skip`.
std::vector<Polygon> other_footprints(const Json& doc, const std::string& skip) {
  std::vector<Polygon> out;
  const auto& wings = doc.at("wings");
  for (std::size_t wi = 0; wi < wings.size(); ++wi) {
    const auto& bs = wings[wi].value("buildings", Json::array());
    for (std::size_t bi = 0; bi < bs.size(); ++bi) {
      const std::string p = "/wings/" + std::to_string(wi) + "/buildings/" + std::to_string(bi);
      if (p == skip) {
        continue;
      }
      const Point at{bs[bi]["position_m"][0].get<double>(), bs[bi]["position_m"][1].get<double>()};
      out.push_back(translated(polygon_of(bs[bi]["footprint_m"]), at));
    }
  }
  return out;
}

bool boxes_touch(const Box& a, const Box& b, double gap) {
  return a.x0 < b.x1 + gap && b.x0 < a.x1 + gap && a.y0 < b.y1 + gap && b.y0 < a.y1 + gap;
}

/// The grid position nearest to `near` (the wing's south-west corner if none) where a footprint
/// (relative to its position) lies inside the wing's boundary and keeps kClearance_m from every
/// other building; none if the wing is full.
std::optional<Point> free_position(const Json& doc, std::size_t wing, const Polygon& footprint,
                                   const std::string& skip, std::optional<Point> near) {
  const Polygon boundary = polygon_of(doc.at("wings").at(wing).at("boundary_m"));
  const std::vector<Polygon> others = other_footprints(doc, skip);
  std::vector<Box> boxes;
  boxes.reserve(others.size());
  for (const auto& o : others) {
    boxes.push_back(bounding_box(o));
  }
  const Box wb = bounding_box(boundary);
  const Box fb = bounding_box(footprint);
  const Point origin = near.value_or(Point{wb.x0 + kClearance_m - fb.x0, wb.y0 + kClearance_m - fb.y0});
  struct Candidate {
    Point at;
    double distance_m; ///< from `origin`
  };
  std::vector<Candidate> candidates;
  for (double y = std::ceil((wb.y0 - fb.y0) / kGrid_m) * kGrid_m; y + fb.y1 <= wb.y1; y += kGrid_m) {
    for (double x = std::ceil((wb.x0 - fb.x0) / kGrid_m) * kGrid_m; x + fb.x1 <= wb.x1; x += kGrid_m) {
      candidates.push_back({{x, y}, std::hypot(x - origin.x_m, y - origin.y_m)});
    }
  }
  // Nearest first; rows from the south, then west to east, among equals.
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.distance_m < b.distance_m - 1e-9; });
  for (const auto& [c, distance_m] : candidates) {
    (void)distance_m;
    const Polygon placed = translated(footprint, c);
    const Box pb = bounding_box(placed);
    if (!contains(boundary, placed)) {
      continue;
    }
    // Clear of every other building's box by kClearance_m (boxes: conservative for any shape).
    const bool clear = std::none_of(boxes.begin(), boxes.end(),
                                    [&](const Box& o) { return boxes_touch(pb, o, kClearance_m); });
    if (clear) {
      return c;
    }
  }
  return std::nullopt;
}

/// The pointer without its last part ("/wings/1/buildings/0" -> "/wings/1/buildings"). (By text:
/// json_pointer::parent_pointer() trips GCC 12's -Wnull-dereference when chained.)
std::string parent_of(const std::string& pointer) { return pointer.substr(0, pointer.rfind('/')); }
std::string last_of(const std::string& pointer) { return pointer.substr(pointer.rfind('/') + 1); }

std::size_t index_in(const std::string& pointer, const std::string& key) {
  const std::string marker = "/" + key + "/";
  const auto at = pointer.rfind(marker);
  return std::stoul(pointer.substr(at + marker.size()));
}

const char* kind_name(Kind k) {
  switch (k) {
  case Kind::Wing:
    return "wing";
  case Kind::Building:
    return "building";
  case Kind::Hall:
    return "hall";
  case Kind::RackGroup:
    return "rack group";
  }
  return "";
}

/// A JSON pointer as the dotted path messages use ("/wings/1/buildings/0" -> "wings[1].buildings[0]").
std::string path_of(const std::string& pointer) {
  std::string out;
  const std::string& rest = pointer;
  std::size_t i = 1;
  while (i < rest.size()) {
    const std::size_t j = rest.find('/', i);
    const std::string part = rest.substr(i, j == std::string::npos ? std::string::npos : j - i);
    if (!part.empty() && std::isdigit(static_cast<unsigned char>(part[0])) != 0) {
      out += "[" + part + "]";
    } else {
      out += (out.empty() ? "" : ".") + part;
    }
    if (j == std::string::npos) {
      break;
    }
    i = j + 1;
  }
  return out;
}

Json building_json(const std::string& id, Point position, const Json& hall) {
  return Json{{"id", id},
              {"name", "New building"},
              {"position_m", {mm(position.x_m), mm(position.y_m)}},
              {"footprint_m", {{0, 0}, {60, 0}, {60, 40}, {0, 40}}},
              {"height_m", 10},
              {"floors", 2},
              {"halls", Json::array({hall})},
              {"source", "assumed: added in the studio"}};
}

const RackTemplate* find_template(const std::string& key) {
  for (const auto& t : rack_templates()) {
    if (t.key == key) {
      return &t;
    }
  }
  return nullptr;
}

Json rack_group_json(const RackTemplate& t, const std::string& id, int count) {
  Json g = Json{{"id", id}, {"name", t.name}, {"count", count}};
  for (const auto& [k, v] : t.rack_group.items()) {
    g[k] = v;
  }
  g["source"] = "template " + t.key + ": " + t.source;
  return g;
}

Json hall_json(const std::string& id, const std::string& stage, double area_m2, const Json& air_system) {
  const RackTemplate& t = rack_templates().front();
  const int racks = std::max(1, static_cast<int>(std::floor(area_m2 / kFloorArea_m2_per_rack)));
  return Json{{"id", id},
              {"name", "New hall"},
              {"stage", stage},
              {"floor_area_m2", std::round(area_m2)},
              {"rack_groups", Json::array({rack_group_json(t, t.key, racks)})},
              {"cooling", {{"air_system", air_system}}},
              {"source", "assumed: added in the studio"}};
}

/// New ids for a building's copy: halls renamed with the building's prefix where they carry it.
void rename_halls(Json& building, const std::string& from, const std::string& to, std::set<std::string>& taken) {
  for (auto& h : building["halls"]) {
    const std::string old = h.value("id", "");
    std::string base = old.rfind(from, 0) == 0 ? to + old.substr(from.size()) : old + "-copy";
    const std::string id = unique_id(base, taken);
    taken.insert(id);
    h["id"] = id;
  }
}

constexpr double kWall_m = 1.0;        // inset of the halls from the footprint's edge
constexpr double kUnitBand_m = 3.0;    // depth kept along a wall for the air units
constexpr double kCduBand_m = 2.0;     // and along the opposite wall for CDUs (or a walkway)
constexpr double kRowEnd_m = 2.0;      // clearance at each end of a row, and cross aisles
constexpr int kPodRacks = 40;          // racks in a contained pod's row at most (24 m)

/// The hall with this id in a built park.
const Hall* hall_in(const Park& park, const std::string& id) {
  for (const auto& w : park.wings) {
    for (const auto& b : w.buildings) {
      for (const auto& h : b.halls) {
        if (h.id == id) {
          return &h;
        }
      }
    }
  }
  return nullptr;
}

/// A layout for one hall in a strip of its floor (relative coordinates); none (with the reason)
/// if its racks do not fit.
std::optional<Json> hall_layout(const Hall& h, int floor, double x0, double y0, double x1, double y1, std::string& why) {
  if ((x1 - x0) * (y1 - y0) < h.floor_area_m2 * (1.0 - 1e-6)) {
    why = "hall '" + h.id + "' (" + std::to_string(static_cast<long>(std::lround(h.floor_area_m2))) +
          " m2) is larger than its part of floor " + std::to_string(floor) + " (" +
          std::to_string(static_cast<long>(std::lround((x1 - x0) * (y1 - y0)))) + " m2 inside the walls)";
    return std::nullopt;
  }
  const bool east_west = (x1 - x0) >= (y1 - y0);
  const double length = east_west ? x1 - x0 : y1 - y0;
  const double depth = east_west ? y1 - y0 : x1 - x0;
  const double width = 0.6, rack_depth = 1.2, aisle = 1.2;
  const int per_row = std::min(kPodRacks, static_cast<int>(std::floor((length - 2 * kRowEnd_m) / width)));
  if (per_row < 1) {
    why = "hall '" + h.id + "' is too narrow for a row of racks";
    return std::nullopt;
  }
  const double pod = per_row * width + kRowEnd_m;
  const int pods = std::max(1, static_cast<int>(std::floor((length - kRowEnd_m) / pod)));
  Json rows = Json::array();
  double across = (east_west ? y0 : x0) + kUnitBand_m;
  for (const auto& g : h.rack_groups) {
    const int racks = static_cast<int>(std::ceil(g.count - 1e-9));
    if (racks <= 0) {
      continue;
    }
    const int used_pods = std::min(pods, (racks + per_row - 1) / per_row);
    const int n_rows = (racks + per_row * used_pods - 1) / (per_row * used_pods);
    for (int p = 0; p < used_pods; ++p) {
      const double along = (east_west ? x0 : y0) + kRowEnd_m + p * pod;
      Json block{{"rack_group", g.id}, {"rows", n_rows}, {"racks_per_row", per_row},
                 {"origin_m", east_west ? Json{mm(along), mm(across)} : Json{mm(across), mm(along)}}};
      if (!east_west) {
        block["orientation"] = "north_south";
      }
      rows.push_back(block);
    }
    across += aisle + n_rows * (rack_depth + aisle);
  }
  if (across > (east_west ? y0 : x0) + depth - kCduBand_m + 1e-9) {
    why = "the racks of hall '" + h.id + "' need " + std::to_string(static_cast<int>(std::ceil(across - (east_west ? y0 : x0) + kCduBand_m))) +
          " m across its " + std::to_string(static_cast<int>(depth)) + " m (pods of " + std::to_string(per_row) + " racks)";
    return std::nullopt;
  }
  Json units = Json::array();
  const char* kind = std::holds_alternative<ChilledWater>(h.cooling.air_system)         ? "crah"
                     : std::holds_alternative<DirectAirEconomizer>(h.cooling.air_system) ? "fan_wall"
                                                                                          : "iec";
  // Counts from their defaults: the plant's installed air units, one CDU per MW of liquid heat.
  units.push_back({{"kind", kind}, {"side", east_west ? "south" : "west"}});
  if (h.cooling.liquid) {
    units.push_back({{"kind", "cdu"}, {"side", east_west ? "north" : "east"}});
  }
  return Json{{"floor", floor},
              {"outline_m", {{mm(x0), mm(y0)}, {mm(x1), mm(y0)}, {mm(x1), mm(y1)}, {mm(x0), mm(y1)}}},
              {"rows", rows},
              {"cooling_units", units},
              {"source", "assumed: laid out by ParkTwin (parktwin scenario layout): pods of up to 40 racks of 0.6 m x "
                         "1.2 m, 1.2 m aisles, hot aisles contained, one CDU per MW of liquid heat"}};
}

/// Lays out the halls of the building at `pointer` in `out` (a copy of the document); false, with
/// the reason, if they do not fit (then `out` is unchanged).
bool lay_out_at(Json& out, const Park& park, const std::string& pointer, std::string& why) {
  Json& b = out.at(Pointer(pointer));
  const Polygon footprint = polygon_of(b.at("footprint_m"));
  const Box box = bounding_box(footprint);
  const double ix0 = box.x0 + kWall_m, ix1 = box.x1 - kWall_m, iy0 = box.y0 + kWall_m, iy1 = box.y1 - kWall_m;
  if (ix1 <= ix0 || iy1 <= iy0) {
    why = "building '" + b.value("id", "") + "' is too small to lay out";
    return false;
  }
  Json& halls = b["halls"];
  const int floors = std::max(1, b.at("floors").get<int>());
  const int n = static_cast<int>(halls.size());
  const int per_floor = std::max(1, (n + floors - 1) / floors);
  std::vector<Json> layouts(static_cast<std::size_t>(n));
  for (int f = 0; f * per_floor < n; ++f) {
    const int first = f * per_floor, last = std::min(n, first + per_floor);
    double area = 0.0;
    for (int k = first; k < last; ++k) {
      area += halls[static_cast<std::size_t>(k)].at("floor_area_m2").get<double>();
    }
    // Side by side across the longer side of the footprint, widths by floor area.
    const bool along_x = (ix1 - ix0) >= (iy1 - iy0);
    double at = along_x ? ix0 : iy0;
    for (int k = first; k < last; ++k) {
      const Json& hj = halls[static_cast<std::size_t>(k)];
      const double share = hj.at("floor_area_m2").get<double>() / std::max(area, 1.0);
      const double span = ((along_x ? ix1 - ix0 : iy1 - iy0)) * share;
      const double x0 = along_x ? at : ix0, x1 = along_x ? at + span : ix1;
      const double y0 = along_x ? iy0 : at, y1 = along_x ? iy1 : at + span;
      at += span;
      const Hall* h = hall_in(park, hj.value("id", ""));
      const Polygon strip{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
      if (h == nullptr || !contains(footprint, strip)) {
        why = "the footprint of building '" + b.value("id", "") + "' is not a rectangle the halls can be laid out in";
        return false;
      }
      auto l = hall_layout(*h, f + 1, x0, y0, x1, y1, why);
      if (!l) {
        return false;
      }
      layouts[static_cast<std::size_t>(k)] = std::move(*l);
    }
  }
  for (int k = 0; k < n; ++k) {
    Json& hj = halls[static_cast<std::size_t>(k)];
    // The key goes before "source", where the schema puts it (the file stays in schema order).
    Json ordered = Json::object();
    for (auto it = hj.begin(); it != hj.end(); ++it) {
      if (it.key() == "source") {
        ordered["layout"] = layouts[static_cast<std::size_t>(k)];
      }
      if (it.key() != "layout") {
        ordered[it.key()] = it.value();
      }
    }
    if (!ordered.contains("layout")) {
      ordered["layout"] = std::move(layouts[static_cast<std::size_t>(k)]);
    }
    hj = std::move(ordered);
  }
  return true;
}

/// Every building's pointer.
std::vector<std::string> building_pointers(const Json& doc) {
  std::vector<std::string> out;
  const auto& wings = doc.at("wings");
  for (std::size_t wi = 0; wi < wings.size(); ++wi) {
    const auto& bs = wings[wi].value("buildings", Json::array());
    for (std::size_t bi = 0; bi < bs.size(); ++bi) {
      out.push_back("/wings/" + std::to_string(wi) + "/buildings/" + std::to_string(bi));
    }
  }
  return out;
}

bool has_layouts(const Json& building) {
  for (const auto& h : building.at("halls")) {
    if (h.contains("layout")) {
      return true;
    }
  }
  return false;
}

/// The park of a valid document; none, with the reason, for an invalid one.
std::optional<Park> park_of(const Json& doc, std::string& why) {
  try {
    return Scenario::from_document(doc, "layout").park();
  } catch (const std::exception& e) {
    why = e.what();
    return std::nullopt;
  }
}

/// Lays out again the halls of the building at `bpointer` in `out` if they had layouts in `before`
/// (a hall, rack group or cooling change would otherwise leave rows that no longer fit the racks).
/// False, with the reason, if they do not fit any more.
bool follow_layouts(const Json& before, Json& out, const std::string& bpointer, std::string& why) {
  if (!before.contains(Pointer(bpointer)) || !has_layouts(before.at(Pointer(bpointer)))) {
    return true;
  }
  Json bare = out;
  for (auto& h : bare.at(Pointer(bpointer))["halls"]) {
    h.erase("layout");
  }
  std::string invalid;
  const auto park = park_of(bare, invalid);
  if (!park) {
    return true; // invalid for other reasons: the check names them
  }
  if (!lay_out_at(bare, *park, bpointer, why)) {
    return false;
  }
  out = std::move(bare);
  return true;
}

/// The checked change, the halls of the building holding `inside` (the building, one of its halls
/// or rack groups) laid out again first where they had layouts.
Change checked_with_layouts(const Json& before, Json out, const std::string& inside, std::string id, std::string text) {
  const std::string bpointer = inside.substr(0, inside.find("/halls/"));
  std::string why;
  const bool laid_out = follow_layouts(before, out, bpointer, why);
  Change c = checked(std::move(out), std::move(id), std::move(text));
  if (!laid_out) {
    c.problems.push_back({path_of(bpointer), why});
    c.scenario.reset();
  }
  return c;
}

} // namespace


Change lay_out_building(const Json& doc, const std::string& building_id) {
  const auto b = locate(doc, building_id);
  if (!b || b->kind != Kind::Building) {
    return refused(doc, "", "no building '" + building_id + "'");
  }
  std::string invalid;
  const auto park = park_of(doc, invalid);
  if (!park) {
    return refused(doc, "", invalid);
  }
  Json out = doc;
  std::string why;
  if (!lay_out_at(out, *park, b->pointer, why)) {
    return refused(doc, path_of(b->pointer), why);
  }
  return checked(std::move(out), building_id, "Lay out the halls of " + building_id);
}

Change lay_out_all(const Json& doc) {
  std::string invalid;
  const auto park = park_of(doc, invalid);
  if (!park) {
    return refused(doc, "", invalid);
  }
  Json out = doc;
  std::vector<Problem> skipped;
  for (const auto& p : building_pointers(doc)) {
    if (has_layouts(doc.at(Pointer(p)))) {
      continue;
    }
    std::string why;
    if (!lay_out_at(out, *park, p, why)) {
      skipped.push_back({path_of(p), why + "; left schematic"});
    }
  }
  Change c = checked(std::move(out), "", "Lay out the halls");
  c.notes = std::move(skipped);
  return c;
}

std::optional<Located> locate(const Json& doc, const std::string& id) {
  if (id.empty() || !doc.contains("wings")) {
    return std::nullopt;
  }
  const auto& wings = doc["wings"];
  for (std::size_t wi = 0; wi < wings.size(); ++wi) {
    const std::string w = "/wings/" + std::to_string(wi);
    if (wings[wi].value("id", "") == id) {
      return Located{Kind::Wing, w};
    }
    const auto& buildings = wings[wi].value("buildings", Json::array());
    for (std::size_t bi = 0; bi < buildings.size(); ++bi) {
      const std::string b = w + "/buildings/" + std::to_string(bi);
      if (buildings[bi].value("id", "") == id) {
        return Located{Kind::Building, b};
      }
      const auto& halls = buildings[bi].value("halls", Json::array());
      for (std::size_t hi = 0; hi < halls.size(); ++hi) {
        const std::string h = b + "/halls/" + std::to_string(hi);
        const std::string hid = halls[hi].value("id", "");
        if (hid == id) {
          return Located{Kind::Hall, h};
        }
        if (id.size() > hid.size() && id.compare(0, hid.size() + 1, hid + "/") == 0) {
          const auto& groups = halls[hi].value("rack_groups", Json::array());
          for (std::size_t gi = 0; gi < groups.size(); ++gi) {
            if (hid + "/" + groups[gi].value("id", "") == id) {
              return Located{Kind::RackGroup, h + "/rack_groups/" + std::to_string(gi)};
            }
          }
        }
      }
    }
  }
  return std::nullopt;
}

std::string id_at(const Json& doc, const std::string& pointer) {
  if (pointer.empty() || !doc.contains(Pointer(pointer))) {
    return {};
  }
  const std::string id = doc.at(Pointer(pointer)).value("id", "");
  if (pointer.find("/rack_groups/") != std::string::npos) {
    return doc.at(Pointer(parent_of(parent_of(pointer)))).value("id", "") + "/" + id;
  }
  return id;
}

Change add_wing(const Json& doc) {
  Json out = doc;
  double east = 0.0, south = 0.0;
  bool any = false;
  for (const auto& w : doc.at("wings")) {
    const Box b = bounding_box(polygon_of(w.at("boundary_m")));
    east = any ? std::max(east, b.x1) : b.x1;
    south = any ? std::min(south, b.y0) : b.y0;
    any = true;
  }
  const double x0 = any ? east + 100.0 : 0.0;
  const std::string id = unique_id("wing", ids_of(doc, "wing"));
  out["wings"].push_back(Json{{"id", id},
                              {"name", "New wing"},
                              {"boundary_m", {{x0, south}, {x0 + 400, south}, {x0 + 400, south + 300}, {x0, south + 300}}},
                              {"buildings", Json::array()},
                              {"source", "assumed: added in the studio"}});
  return checked(std::move(out), id, "Add wing " + id);
}

Change add_building(const Json& doc, const std::string& wing_id) {
  const auto w = locate(doc, wing_id);
  if (!w || w->kind != Kind::Wing) {
    return refused(doc, "", "no wing '" + wing_id + "'");
  }
  const std::size_t wi = index_in(w->pointer + "/", "wings");
  const std::string id = unique_id(wing_id + "-b1", ids_of(doc, "building"));
  const std::string hall = unique_id(id + "-h1", ids_of(doc, "hall"));
  // Two floors of 60 m x 40 m; the hall on the ground floor, 75 % of it white space (as the
  // built-in park); the floor above is left for another hall.
  Json b = building_json(id, {0, 0}, hall_json(hall, default_stage_id(doc), 0.75 * 60 * 40,
                                                Json{{"indirect_evaporative", Json::object()}}));
  const auto at = free_position(doc, wi, polygon_of(b["footprint_m"]), "", std::nullopt);
  if (!at) {
    return refused(doc, path_of(w->pointer) + ".boundary_m",
                   "wing '" + wing_id + "' has no free place for a 60 m x 40 m building (" +
                       std::to_string(static_cast<int>(kClearance_m)) + " m from the others)");
  }
  b["position_m"] = {mm(at->x_m), mm(at->y_m)};
  Json out = doc;
  out.at(Pointer(w->pointer))["buildings"].push_back(std::move(b));
  // Its hall laid out: rows of racks, aisles and cooling units from the start.
  const std::string bpointer = w->pointer + "/buildings/" + std::to_string(out.at(Pointer(w->pointer))["buildings"].size() - 1);
  std::string why;
  if (const auto park = park_of(out, why)) { // else invalid for another reason: the check names it
    Json laid = out;
    if (lay_out_at(laid, *park, bpointer, why)) {
      out = std::move(laid);
    }
  }
  return checked(std::move(out), id, "Add building " + id);
}

Change add_hall(const Json& doc, const std::string& building_id) {
  const auto b = locate(doc, building_id);
  if (!b || b->kind != Kind::Building) {
    return refused(doc, "", "no building '" + building_id + "'");
  }
  const Json& bj = doc.at(Pointer(b->pointer));
  const double capacity = area_m2(polygon_of(bj.at("footprint_m"))) * bj.at("floors").get<double>();
  double used = 0.0;
  for (const auto& h : bj.at("halls")) {
    used += h.at("floor_area_m2").get<double>();
  }
  const double left = capacity - used;
  if (left < kFloorArea_m2_per_rack * 10) {
    return refused(doc, path_of(b->pointer) + ".halls",
                   "building '" + building_id + "' has no floor area left for another hall (" +
                       std::to_string(static_cast<long>(std::lround(used))) + " of " +
                       std::to_string(static_cast<long>(std::lround(capacity))) +
                       " m2 used; add floors or enlarge the footprint)");
  }
  // The building's other halls' air system (its plant room is built for it).
  Json air = Json{{"indirect_evaporative", Json::object()}};
  if (!bj.at("halls").empty()) {
    const Json& first = bj.at("halls").front().at("cooling").at("air_system");
    air = Json{{first.begin().key(), Json::object()}};
  }
  const double per_floor = 0.75 * area_m2(polygon_of(bj.at("footprint_m")));
  const std::string id = unique_id(building_id + "-h" + std::to_string(bj.at("halls").size() + 1), ids_of(doc, "hall"));
  Json out = doc;
  out.at(Pointer(b->pointer))["halls"].push_back(hall_json(id, default_stage_id(doc), std::min(left, per_floor), air));
  return checked_with_layouts(doc, std::move(out), b->pointer, id, "Add hall " + id);
}

Change add_rack_group(const Json& doc, const std::string& hall_id, const std::string& template_key, int count) {
  const auto h = locate(doc, hall_id);
  if (!h || h->kind != Kind::Hall) {
    return refused(doc, "", "no hall '" + hall_id + "'");
  }
  const RackTemplate* t = find_template(template_key);
  if (t == nullptr) {
    return refused(doc, "", "no rack template '" + template_key + "'");
  }
  Json out = doc;
  Json& hall = out.at(Pointer(h->pointer));
  std::set<std::string> taken;
  for (const auto& g : hall.at("rack_groups")) {
    taken.insert(g.value("id", ""));
  }
  const std::string id = unique_id(t->key, taken);
  hall["rack_groups"].push_back(rack_group_json(*t, id, count));
  return checked_with_layouts(doc, std::move(out), h->pointer, hall_id + "/" + id,
                              "Add " + std::to_string(count) + " racks of " + t->key + " to " + hall_id);
}

Change duplicate(const Json& doc, const std::string& id) {
  const auto at = locate(doc, id);
  if (!at) {
    return refused(doc, "", "nothing has the id '" + id + "'");
  }
  Json out = doc;
  Json copy = doc.at(Pointer(at->pointer));
  const std::size_t index = std::stoul(last_of(at->pointer));
  Json& list = out.at(Pointer(parent_of(at->pointer)));
  std::string new_id;
  switch (at->kind) {
  case Kind::Wing: {
    // Beside the others, to the east, with its buildings, halls and substations renamed.
    const Box b = bounding_box(polygon_of(copy.at("boundary_m")));
    double east = b.x1;
    for (const auto& w : doc.at("wings")) {
      east = std::max(east, bounding_box(polygon_of(w.at("boundary_m"))).x1);
    }
    const double dx = east + 100.0 - b.x0;
    new_id = unique_id(id + "-2", ids_of(doc, "wing"));
    copy["id"] = new_id;
    copy["boundary_m"] = json_of(translated(polygon_of(copy.at("boundary_m")), {dx, 0}));
    std::set<std::string> buildings = ids_of(doc, "building"), halls = ids_of(doc, "hall"),
                          substations = ids_of(doc, "substation");
    for (auto& s : copy["substations"]) {
      const std::string sid = unique_id(s.value("id", "") + "-2", substations);
      substations.insert(sid);
      s["id"] = sid;
    }
    if (copy.contains("buildings")) {
      for (auto& bj : copy["buildings"]) {
        const std::string old = bj.value("id", "");
        std::string base = old.rfind(id, 0) == 0 ? new_id + old.substr(id.size()) : old + "-2";
        const std::string bid = unique_id(base, buildings);
        buildings.insert(bid);
        bj["id"] = bid;
        bj["position_m"][0] = mm(bj["position_m"][0].get<double>() + dx);
        rename_halls(bj, old, bid, halls);
      }
    }
    break;
  }
  case Kind::Building: {
    new_id = unique_id(id + "-2", ids_of(doc, "building"));
    std::set<std::string> halls = ids_of(doc, "hall");
    rename_halls(copy, id, new_id, halls);
    copy["id"] = new_id;
    const Point here{copy["position_m"][0].get<double>(), copy["position_m"][1].get<double>()};
    const auto free = free_position(doc, index_in(at->pointer, "wings"), polygon_of(copy.at("footprint_m")), "", here);
    if (!free) {
      return refused(doc, path_of(parent_of(parent_of(at->pointer))) + ".boundary_m",
                     "no free place in the wing for a copy of building '" + id + "'");
    }
    copy["position_m"] = {mm(free->x_m), mm(free->y_m)};
    break;
  }
  case Kind::Hall:
    new_id = unique_id(id + "-2", ids_of(doc, "hall"));
    copy["id"] = new_id;
    break;
  case Kind::RackGroup: {
    std::set<std::string> taken;
    for (const auto& g : list) {
      taken.insert(g.value("id", ""));
    }
    const std::string gid = unique_id(copy.value("id", "") + "-2", taken);
    copy["id"] = gid;
    new_id = id.substr(0, id.rfind('/')) + "/" + gid;
    break;
  }
  }
  list.insert(list.begin() + static_cast<long>(index) + 1, std::move(copy));
  const std::string text = std::string("Duplicate ") + kind_name(at->kind) + " " + id;
  if (at->kind == Kind::Hall || at->kind == Kind::RackGroup) {
    return checked_with_layouts(doc, std::move(out), at->pointer, new_id, text);
  }
  return checked(std::move(out), new_id, text);
}

Change remove(const Json& doc, const std::string& id) {
  const auto at = locate(doc, id);
  if (!at) {
    return refused(doc, "", "nothing has the id '" + id + "'");
  }
  const Json& list = doc.at(Pointer(parent_of(at->pointer)));
  if (at->kind == Kind::Hall && list.size() == 1) {
    return refused(doc, path_of(at->pointer), "hall '" + id + "' is the only hall of its building: delete the building instead");
  }
  if (at->kind == Kind::RackGroup && list.size() == 1) {
    return refused(doc, path_of(at->pointer),
                   "rack group '" + id + "' is the only rack group of its hall: delete the hall instead");
  }
  Json out = doc;
  // PV on the roofs of the buildings that go, and fields in a wing that goes, go with them.
  std::set<std::string> buildings_gone;
  if (at->kind == Kind::Building) {
    buildings_gone.insert(id);
  } else if (at->kind == Kind::Wing) {
    for (const auto& b : doc.at(Pointer(at->pointer)).value("buildings", Json::array())) {
      buildings_gone.insert(b.value("id", std::string()));
    }
  }
  if ((at->kind == Kind::Building || at->kind == Kind::Wing) && out.contains("supply") && out["supply"].contains("pv_arrays")) {
    Json& arrays = out["supply"]["pv_arrays"];
    Json kept = Json::array();
    for (const auto& a : arrays) {
      const bool on_roof = buildings_gone.count(a.value("building", std::string())) != 0;
      const bool in_wing = at->kind == Kind::Wing && a.value("wing", std::string()) == id;
      if (!on_roof && !in_wing) {
        kept.push_back(a);
      }
    }
    arrays = std::move(kept);
  }
  out.at(Pointer(parent_of(at->pointer))).erase(std::stoul(last_of(at->pointer)));
  // The selection goes to the parent.
  const std::string parent = at->kind == Kind::Wing ? std::string() : id_at(out, parent_of(parent_of(at->pointer)));
  const std::string text = std::string("Delete ") + kind_name(at->kind) + " " + id;
  if (at->kind == Kind::RackGroup) {
    // Its rows go with it: the hall's building is laid out again.
    return checked_with_layouts(doc, std::move(out), at->pointer, parent, text);
  }
  return checked(std::move(out), parent, text);
}

namespace {

/// The wing (index) whose boundary holds the building `id` of `park` moved to `position`: its
/// own if it stays inside it, else the first other that holds it whole; none if none does.
std::optional<std::size_t> wing_holding(const Park& park, const std::string& id, Point position) {
  for (std::size_t wi = 0; wi < park.wings.size(); ++wi) {
    for (const auto& b : park.wings[wi].buildings) {
      if (b.id != id) {
        continue;
      }
      const Polygon moved = translated(b.footprint, {position.x_m - b.position.x_m, position.y_m - b.position.y_m});
      if (contains(park.wings[wi].boundary, moved)) {
        return wi;
      }
      for (std::size_t k = 0; k < park.wings.size(); ++k) {
        if (k != wi && contains(park.wings[k].boundary, moved)) {
          return k;
        }
      }
      return std::nullopt;
    }
  }
  return std::nullopt;
}

} // namespace

Change move_building(const Json& doc, const std::string& id, Point position) {
  const auto at = locate(doc, id);
  if (!at || at->kind != Kind::Building) {
    return refused(doc, "", "no building '" + id + "'");
  }
  Json out = doc;
  out.at(Pointer(at->pointer))["position_m"] = {mm(position.x_m), mm(position.y_m)};
  // Moved whole into another wing: it becomes that wing's (its substations supply it there).
  std::string why;
  const auto park = park_of(doc, why);
  const std::size_t from = index_in(at->pointer + "/", "wings");
  const auto to = park ? wing_holding(*park, id, position) : std::nullopt;
  if (to && *to != from) {
    Json b = out.at(Pointer(at->pointer));
    auto& buildings = out["wings"][from]["buildings"];
    buildings.erase(index_in(at->pointer + "/", "buildings"));
    out["wings"][*to]["buildings"].push_back(std::move(b));
    return checked(std::move(out), id, "Move building " + id + " to wing " + doc["wings"][*to].value("id", std::string()));
  }
  return checked(std::move(out), id, "Move building " + id);
}

std::vector<Problem> place_problems(const Park& park, const std::string& building_id, Point position) {
  std::vector<Problem> out;
  for (std::size_t wi = 0; wi < park.wings.size(); ++wi) {
    const Wing& w = park.wings[wi];
    for (std::size_t bi = 0; bi < w.buildings.size(); ++bi) {
      const Building& b = w.buildings[bi];
      if (b.id != building_id) {
        continue;
      }
      const std::string path = join_path(join_path(join_path(join_path("", "wings"), wi), "buildings"), bi);
      const Polygon moved = translated(b.footprint, {position.x_m - b.position.x_m, position.y_m - b.position.y_m});
      if (!wing_holding(park, b.id, position)) { // inside its own wing, or whole in another one
        out.push_back({join_path(path, "position_m"), "building '" + b.id + "' is not inside the boundary of wing '" + w.id + "'"});
      }
      const Box mb = bounding_box(moved);
      for (const auto& ow : park.wings) {
        for (const auto& o : ow.buildings) {
          if (o.id != b.id && boxes_touch(mb, bounding_box(o.footprint), 0.0) && overlaps(o.footprint, moved)) {
            out.push_back({join_path(path, "footprint_m"), "building '" + b.id + "' overlaps building '" + o.id + "'"});
          }
        }
      }
      return out;
    }
  }
  out.push_back({"", "no building '" + building_id + "'"});
  return out;
}

Change rotate_building(const Json& doc, const std::string& id, double degrees) {
  const auto at = locate(doc, id);
  if (!at || at->kind != Kind::Building) {
    return refused(doc, "", "no building '" + id + "'");
  }
  Json out = doc;
  Json& b = out.at(Pointer(at->pointer));
  const Polygon f = polygon_of(b.at("footprint_m"));
  const Point c = vertex_centroid(f);
  const double quarters = degrees / 90.0;
  const bool quarter_turn = std::abs(quarters - std::round(quarters)) < 1e-9;
  if (has_layouts(b) && !quarter_turn) {
    return refused(doc, path_of(at->pointer) + ".footprint_m",
                   "building '" + id + "' has hall layouts, whose rows run east-west or north-south: it turns "
                   "in quarter turns only (90, 180, 270 degrees)");
  }
  // Quarter turns exactly (cos and sin of multiples of pi/2 are not exact in floating point).
  const int q = quarter_turn ? static_cast<int>(((std::lround(quarters) % 4) + 4) % 4) : -1;
  const double a = degrees * std::numbers::pi / 180.0;
  const double ca = q >= 0 ? std::array<double, 4>{1, 0, -1, 0}[static_cast<std::size_t>(q)] : std::cos(a);
  const double sa = q >= 0 ? std::array<double, 4>{0, 1, 0, -1}[static_cast<std::size_t>(q)] : std::sin(a);
  const auto turn = [&](Point v) {
    const double dx = v.x_m - c.x_m, dy = v.y_m - c.y_m;
    return Point{c.x_m + ca * dx - sa * dy, c.y_m + sa * dx + ca * dy};
  };
  Polygon r;
  for (const auto& v : f) {
    r.push_back(turn(v));
  }
  b["footprint_m"] = json_of(r);
  if (q > 0) {
    static const std::array<const char*, 4> sides{"east", "north", "west", "south"}; // counter-clockwise
    for (auto& h : b["halls"]) {
      if (!h.contains("layout")) {
        continue;
      }
      Json& l = h["layout"];
      Polygon o;
      for (const auto& v : polygon_of(l.at("outline_m"))) {
        o.push_back(turn(v));
      }
      l["outline_m"] = json_of(o);
      for (auto& rows : l["rows"]) {
        // The block's new south-west corner: the lowest corner of the turned block.
        RackRows block;
        block.rows = rows.at("rows").get<int>();
        block.racks_per_row = rows.at("racks_per_row").get<int>();
        block.origin = {rows.at("origin_m")[0].get<double>(), rows.at("origin_m")[1].get<double>()};
        block.orientation = rows.value("orientation", "east_west") == "north_south" ? RowOrientation::NorthSouth
                                                                                    : RowOrientation::EastWest;
        block.rack_width_m = rows.value("rack_width_m", 0.6);
        block.rack_depth_m = rows.value("rack_depth_m", 1.2);
        block.aisle_width_m = rows.value("aisle_width_m", 1.2);
        Polygon turned;
        for (const auto& v : block.outline()) {
          turned.push_back(turn(v));
        }
        const Box tb = bounding_box(turned);
        rows["origin_m"] = {mm(tb.x0), mm(tb.y0)};
        if (q % 2 == 1) {
          rows["orientation"] = block.orientation == RowOrientation::EastWest ? "north_south" : "east_west";
        }
      }
      if (l.contains("cooling_units")) {
        for (auto& u : l["cooling_units"]) {
          const std::string side = u.at("side").get<std::string>();
          const auto it = std::find(sides.begin(), sides.end(), side);
          u["side"] = sides[static_cast<std::size_t>((it - sides.begin() + q) % 4)];
        }
      }
    }
  }
  return checked(std::move(out), id, "Rotate building " + id);
}

Change set_footprint_vertex(const Json& doc, const std::string& id, std::size_t vertex, Point p) {
  const auto at = locate(doc, id);
  if (!at || at->kind != Kind::Building) {
    return refused(doc, "", "no building '" + id + "'");
  }
  Json out = doc;
  Json& f = out.at(Pointer(at->pointer))["footprint_m"];
  if (vertex >= f.size()) {
    return refused(doc, path_of(at->pointer) + ".footprint_m", "the footprint has no vertex " + std::to_string(vertex + 1));
  }
  f[vertex] = {mm(p.x_m), mm(p.y_m)};
  return checked(std::move(out), id, "Move a corner of building " + id);
}

Change set_air_system(const Json& doc, const std::string& hall_id, const std::string& kind) {
  const auto at = locate(doc, hall_id);
  if (!at || at->kind != Kind::Hall) {
    return refused(doc, "", "no hall '" + hall_id + "'");
  }
  const Json* kinds = scenario_schema().node_at("wings[*].buildings[*].halls[*].cooling.air_system");
  if (kinds == nullptr || !kinds->contains("properties") || !(*kinds)["properties"].contains(kind)) {
    return refused(doc, path_of(at->pointer) + ".cooling.air_system", "no air system kind '" + kind + "'");
  }
  Json out = doc;
  Json& air = out.at(Pointer(at->pointer))["cooling"]["air_system"];
  if (air.contains(kind)) {
    return checked(std::move(out), hall_id, "Air system of " + hall_id);
  }
  air = Json{{kind, Json::object()}};
  return checked_with_layouts(doc, std::move(out), at->pointer, hall_id,
                              "Air system of " + hall_id + " to " + kind);
}

Change set_liquid_cooling(const Json& doc, const std::string& hall_id, bool on) {
  const auto at = locate(doc, hall_id);
  if (!at || at->kind != Kind::Hall) {
    return refused(doc, "", "no hall '" + hall_id + "'");
  }
  Json out = doc;
  Json& hall = out.at(Pointer(at->pointer));
  Json& cooling = hall["cooling"];
  if (on && !cooling.contains("liquid")) {
    cooling["liquid"] = Json{{"technology", "cold_plate"}};
    for (auto& g : hall["rack_groups"]) {
      if (g.value("liquid_fraction", 0.0) <= 0.0) {
        g["liquid_fraction"] = kDefaultLiquidFraction;
      }
    }
  } else if (!on) {
    cooling.erase("liquid");
    cooling.erase("heat_recovery"); // recovers the facility water's heat
    for (auto& g : hall["rack_groups"]) {
      if (g.contains("liquid_fraction")) {
        g["liquid_fraction"] = 0;
      }
    }
  }
  return checked_with_layouts(doc, std::move(out), at->pointer, hall_id,
                              std::string(on ? "Liquid cooling in " : "No liquid cooling in ") + hall_id);
}

Point snap(Point p, double grid_m) {
  return {std::round(p.x_m / grid_m) * grid_m, std::round(p.y_m / grid_m) * grid_m};
}

const std::vector<RackTemplate>& rack_templates() {
  static const std::vector<RackTemplate> templates = [] {
    std::vector<RackTemplate> out;
    const Json j = Json::parse(kEmbeddedRackTemplates);
    for (const auto& t : j.at("templates")) {
      out.push_back({t.at("key").get<std::string>(), t.at("name").get<std::string>(),
                     t.at("name_zh").get<std::string>(), t.at("source").get<std::string>(), t.at("rack_group")});
    }
    return out;
  }();
  return templates;
}

} // namespace parktwin::model::layout
