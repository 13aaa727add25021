#include "parktwin/model/layout.hpp"

#include "parktwin/model/scenario.hpp"

#include <algorithm>
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
  c.problems = Scenario::check(doc);
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
  std::vector<Point> candidates;
  for (double y = std::ceil((wb.y0 - fb.y0) / kGrid_m) * kGrid_m; y + fb.y1 <= wb.y1; y += kGrid_m) {
    for (double x = std::ceil((wb.x0 - fb.x0) / kGrid_m) * kGrid_m; x + fb.x1 <= wb.x1; x += kGrid_m) {
      candidates.push_back({x, y});
    }
  }
  // Nearest first; rows from the south, then west to east, among equals.
  std::stable_sort(candidates.begin(), candidates.end(), [&](const Point& a, const Point& b) {
    const double da = std::hypot(a.x_m - origin.x_m, a.y_m - origin.y_m);
    const double db = std::hypot(b.x_m - origin.x_m, b.y_m - origin.y_m);
    return da < db - 1e-9;
  });
  for (const Point& c : candidates) {
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

} // namespace

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
  // Two floors of 60 m x 40 m, 75 % of each floor white space (as the built-in park).
  Json b = building_json(id, {0, 0}, hall_json(hall, default_stage_id(doc), 0.75 * 60 * 40 * 2,
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
  return checked(std::move(out), id, "Add hall " + id);
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
  return checked(std::move(out), hall_id + "/" + id, "Add " + std::to_string(count) + " racks of " + t->key + " to " + hall_id);
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
  return checked(std::move(out), new_id, std::string("Duplicate ") + kind_name(at->kind) + " " + id);
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
  out.at(Pointer(parent_of(at->pointer))).erase(std::stoul(last_of(at->pointer)));
  // The selection goes to the parent.
  const std::string parent = at->kind == Kind::Wing ? std::string() : id_at(out, parent_of(parent_of(at->pointer)));
  return checked(std::move(out), parent, std::string("Delete ") + kind_name(at->kind) + " " + id);
}

Change move_building(const Json& doc, const std::string& id, Point position) {
  const auto at = locate(doc, id);
  if (!at || at->kind != Kind::Building) {
    return refused(doc, "", "no building '" + id + "'");
  }
  Json out = doc;
  out.at(Pointer(at->pointer))["position_m"] = {mm(position.x_m), mm(position.y_m)};
  return checked(std::move(out), id, "Move building " + id);
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
  const double a = degrees * std::numbers::pi / 180.0;
  const double ca = std::cos(a), sa = std::sin(a);
  Polygon r;
  for (const auto& v : f) {
    const double dx = v.x_m - c.x_m, dy = v.y_m - c.y_m;
    r.push_back({c.x_m + ca * dx - sa * dy, c.y_m + sa * dx + ca * dy});
  }
  b["footprint_m"] = json_of(r);
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
  return checked(std::move(out), hall_id, "Air system of " + hall_id + " to " + kind);
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
  return checked(std::move(out), hall_id, std::string(on ? "Liquid cooling in " : "No liquid cooling in ") + hall_id);
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
