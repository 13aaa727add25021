#include "parktwin/model/scenario_path.hpp"

#include "parktwin/common/error.hpp"
#include "parktwin/common/text.hpp"
#include "parktwin/model/scenario.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <functional>
#include <set>

namespace parktwin::model {
namespace {

using Select = ScenarioPath::Segment::Select;

// The park's nesting: a short path may skip levels of it ("halls[*]" = every hall of every
// building of every wing).
constexpr std::array<const char*, 4> kChain = {"wings", "buildings", "halls", "rack_groups"};

int chain_level(const std::string& name) {
  for (std::size_t i = 0; i < kChain.size(); ++i) {
    if (name == kChain[i]) {
      return static_cast<int>(i);
    }
  }
  return -2;
}

bool is_scalar_type(const std::string& t) {
  return t == "number" || t == "integer" || t == "string" || t == "boolean";
}

std::string type_of(const Json& node) {
  const auto t = node.find("type");
  return t != node.end() && t->is_string() ? t->get<std::string>() : std::string();
}

std::string segment_text(const ScenarioPath::Segment& s) {
  switch (s.select) {
  case Select::None:
    return s.name;
  case Select::All:
    return s.name + "[*]";
  case Select::Index:
    return s.name + "[" + std::to_string(s.index) + "]";
  case Select::Id:
    return s.name + "[" + s.id + "]";
  }
  return s.name;
}

std::vector<ScenarioPath::Segment> split_segments(const std::string& text, const std::string& where) {
  std::vector<ScenarioPath::Segment> out;
  if (text.empty()) {
    throw UsageError(where, "the path is empty");
  }
  std::size_t i = 0;
  while (i <= text.size()) {
    // One segment: name, then an optional [selector].
    std::size_t j = i;
    while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) != 0 || text[j] == '_')) {
      ++j;
    }
    ScenarioPath::Segment s;
    s.name = text.substr(i, j - i);
    if (s.name.empty()) {
      throw UsageError(where, "'" + text + "': expected a field name at character " +
                                  std::to_string(i + 1));
    }
    if (j < text.size() && text[j] == '[') {
      const std::size_t close = text.find(']', j);
      if (close == std::string::npos) {
        throw UsageError(where, "'" + text + "': '[' at character " + std::to_string(j + 1) +
                                    " is not closed");
      }
      const std::string sel = text.substr(j + 1, close - j - 1);
      if (sel == "*") {
        s.select = Select::All;
      } else if (!sel.empty() && std::all_of(sel.begin(), sel.end(), [](char c) {
                   return std::isdigit(static_cast<unsigned char>(c)) != 0;
                 })) {
        // (Found by fuzz_scenario_path: std::stoul threw out_of_range on 50 digits, an internal
        // error at the command line.)
        if (sel.size() > 9) {
          throw UsageError(where, "'" + text.substr(0, 80) + "': index [" + sel.substr(0, 20) +
                                      (sel.size() > 20 ? "..." : "") + "] is too large");
        }
        s.select = Select::Index;
        s.index = static_cast<std::size_t>(std::stoul(sel));
      } else if (!sel.empty() && std::all_of(sel.begin(), sel.end(), [](char c) {
                   return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
                 })) {
        s.select = Select::Id;
        s.id = sel;
      } else {
        throw UsageError(where, "'" + text + "': selector [" + sel +
                                    "] must be *, an index or an id (letters, digits, '-', '_')");
      }
      j = close + 1;
    }
    out.push_back(std::move(s));
    if (j == text.size()) {
      break;
    }
    if (text[j] != '.') {
      throw UsageError(where, "'" + text + "': unexpected '" + std::string(1, text[j]) +
                                  "' at character " + std::to_string(j + 1));
    }
    i = j + 1;
  }
  return out;
}

/// The short form of a schema pattern, if it has one.
std::string short_form(const std::string& pattern) {
  for (const char* prefix : {"wings[*].buildings[*].halls[*].rack_groups[*].",
                             "wings[*].buildings[*].halls[*].", "wings[*].buildings[*]."}) {
    const std::string p(prefix);
    if (pattern.rfind(p, 0) == 0) {
      // Keep the last collection of the prefix.
      const std::string head = p.substr(0, p.size() - 1);
      return head.substr(head.rfind('.') + 1) + "." + pattern.substr(p.size());
    }
  }
  return pattern;
}

/// Fields that name or document things: varying them changes no result (and ids are referred
/// to elsewhere).
bool is_label(const std::string& leaf) {
  for (const char* l : {"id", "source", "name", "name_zh", "description", "layout_note", "format"}) {
    if (leaf == l) {
      return true;
    }
  }
  return false;
}

struct Variable {
  std::string pattern;
  std::string short_pattern;
};

const std::vector<Variable>& variables() {
  static const std::vector<Variable> all = [] {
    std::vector<Variable> v;
    scenario_schema().for_each_property([&](const std::string& p, const Json& node, bool) {
      const std::string leaf = p.substr(p.rfind('.') == std::string::npos ? 0 : p.rfind('.') + 1);
      // (`calibration` is a record of what a fit changed: its values are not inputs.)
      if (is_scalar_type(type_of(node)) && !is_label(leaf) && p.rfind("calibration", 0) != 0) {
        v.push_back({p, short_form(p)});
      }
    });
    return v;
  }();
  return all;
}

std::string nearest_paths(const std::string& text) {
  // Compare with selectors written as [*], so that wings[east] finds wings[*] patterns.
  std::string normal;
  for (const auto& s : split_segments(text, "path")) {
    normal += (normal.empty() ? "" : ".") + s.name + (s.select == Select::None ? "" : "[*]");
  }
  std::vector<std::pair<std::size_t, std::string>> scored;
  for (const auto& v : variables()) {
    const std::size_t d = std::min(edit_distance(to_lower(normal), to_lower(v.pattern)),
                                   edit_distance(to_lower(normal), to_lower(v.short_pattern)));
    scored.emplace_back(d, v.short_pattern);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string out;
  for (std::size_t i = 0; i < std::min<std::size_t>(5, scored.size()); ++i) {
    out += "\n  " + scored[i].second;
  }
  return out;
}

bool id_matches(const Json& element, const std::string& id) {
  const auto it = element.find("id");
  return it != element.end() && it->is_string() && to_lower(it->get<std::string>()) == to_lower(id);
}

} // namespace

ScenarioPath ScenarioPath::parse(const std::string& text, const std::string& where) {
  ScenarioPath p;
  p.text_ = text;
  const auto written = split_segments(text, where);
  const JsonSchema& schema = scenario_schema();
  const Json* node = &schema.resolve(schema.root());
  // Position in kChain of the element we are in: -1 the park, -99 anywhere else.
  int level = -1;
  std::string done;
  const auto fail = [&](const std::string& why) -> UsageError {
    return UsageError(where, "'" + text + "': " + why + "\nValid paths nearest to it:" +
                                 nearest_paths(text) +
                                 "\n(`parktwin sweep --list-paths` lists them all)");
  };
  for (std::size_t k = 0; k < written.size(); ++k) {
    Segment seg = written[k];
    const auto props = node->find("properties");
    if (props == node->end()) {
      throw fail("'" + done + "' is a single value; it has no field '" + seg.name + "'");
    }
    // Short forms: insert the levels of the park's nesting that were skipped, as [*].
    const int target = chain_level(seg.name);
    if (!props->contains(seg.name) && level >= -1 && target > level + 1) {
      for (int l = level + 1; l < target; ++l) {
        Segment inserted{kChain[static_cast<std::size_t>(l)], Select::All, 0, {}};
        const auto ip = node->find("properties");
        if (ip == node->end() || !ip->contains(inserted.name)) {
          break;
        }
        node = &schema.resolve(schema.resolve(ip->at(inserted.name)).at("items"));
        done += (done.empty() ? "" : ".") + segment_text(inserted);
        p.segments_.push_back(inserted);
      }
    }
    const auto props2 = node->find("properties");
    if (props2 == node->end() || !props2->contains(seg.name)) {
      throw fail((done.empty() ? std::string("the scenario") : "'" + done + "'") +
                 " has no field '" + seg.name + "'");
    }
    const Json& child = schema.resolve(props2->at(seg.name));
    const std::string type = type_of(child);
    if (type == "array") {
      if (seg.select == Select::None) {
        throw fail("'" + seg.name + "' is a list: write " + seg.name + "[*] for every element, " +
                   seg.name + "[<id>] or " + seg.name + "[<index>] for one");
      }
      node = &schema.resolve(child.at("items"));
      level = chain_level(seg.name) >= 0 ? chain_level(seg.name) : -99;
    } else {
      level = -99; // inside a field of an element: no short forms below it
      if (seg.select != Select::None) {
        throw fail("'" + seg.name + "' is not a list; remove [" +
                   segment_text(seg).substr(seg.name.size() + 1));
      }
      node = &child;
    }
    done += (done.empty() ? "" : ".") + segment_text(seg);
    p.segments_.push_back(seg);
  }
  const std::string type = type_of(*node);
  if (!is_scalar_type(type)) {
    std::string fields;
    if (const auto props = node->find("properties"); props != node->end()) {
      for (const auto& [key, _] : props->items()) {
        fields += (fields.empty() ? "" : ", ") + key;
      }
    }
    throw fail("'" + done + "' is " + (type == "array" ? "a list of values" : "a group of fields") +
               ", not one value" + (fields.empty() ? "" : "; its fields: " + fields));
  }
  if (p.segments_.back().name == "id") {
    throw fail("ids name things and are referred to elsewhere; they cannot be varied");
  }
  if (p.segments_.front().name == "calibration") {
    throw fail("'calibration' records what a fit changed; varying it changes no result");
  }
  if (is_label(p.segments_.back().name)) {
    throw fail("'" + p.segments_.back().name + "' names or documents; varying it changes no result");
  }
  p.node_ = node;
  for (const auto& s : p.segments_) {
    p.canonical_ += (p.canonical_.empty() ? "" : ".") + segment_text(s);
    p.pattern_ += (p.pattern_.empty() ? "" : ".") + s.name + (s.select == Select::None ? "" : "[*]");
  }
  return p;
}

std::string ScenarioPath::unit() const {
  const auto it = node_->find("x-unit");
  return it != node_->end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string ScenarioPath::type() const { return type_of(*node_); }

namespace {

/// Walks `doc` along the segments, calling `at(parent, key, display)` for the terminal of each
/// addressed element. With `create`, objects that are absent but have a schema default are
/// created on the way (only for apply).
void walk_places(const std::vector<ScenarioPath::Segment>& segs, Json& doc, bool create,
                 const std::function<void(Json&, const std::string&, const std::string&)>& at) {
  const JsonSchema& schema = scenario_schema();
  std::function<void(Json&, const Json&, std::size_t, const std::string&)> go =
      [&](Json& value, const Json& node, std::size_t k, const std::string& display) {
        const auto& seg = segs[k];
        const Json& raw_child = node.at("properties").at(seg.name);
        const Json& child = schema.resolve(raw_child);
        const std::string here = display.empty() ? seg.name : display + "." + seg.name;
        if (k + 1 == segs.size()) {
          at(value, seg.name, here);
          return;
        }
        if (!value.contains(seg.name)) {
          // Absent: go on only through an object the schema fills in by default.
          if (!create && raw_child.contains("default") && raw_child["default"].is_object()) {
            Json scratch = raw_child["default"];
            if (seg.select == ScenarioPath::Segment::Select::None) {
              go(scratch, child, k + 1, here);
            }
            return;
          }
          if (create && raw_child.contains("default") && raw_child["default"].is_object() &&
              seg.select == ScenarioPath::Segment::Select::None) {
            value[seg.name] = raw_child["default"];
          } else {
            return;
          }
        }
        Json& v = value[seg.name];
        if (seg.select == ScenarioPath::Segment::Select::None) {
          if (v.is_object()) {
            go(v, child, k + 1, here);
          }
          return;
        }
        if (!v.is_array()) {
          return;
        }
        const Json& item = schema.resolve(child.at("items"));
        for (std::size_t i = 0; i < v.size(); ++i) {
          const bool take = seg.select == ScenarioPath::Segment::Select::All ||
                            (seg.select == ScenarioPath::Segment::Select::Index && seg.index == i) ||
                            (seg.select == ScenarioPath::Segment::Select::Id && id_matches(v[i], seg.id));
          if (take && v[i].is_object()) {
            go(v[i], item, k + 1, here + "[" + std::to_string(i) + "]");
          }
        }
      };
  go(doc, schema.resolve(schema.root()), 0, "");
}

} // namespace

std::vector<std::string> ScenarioPath::places(const Json& doc) const {
  std::vector<std::string> out;
  Json& mutable_doc = const_cast<Json&>(doc); // walk_places does not modify without `create`
  walk_places(segments_, mutable_doc, false,
              [&](Json&, const std::string&, const std::string& display) { out.push_back(display); });
  return out;
}

std::size_t ScenarioPath::apply(Json& doc, const Json& value) const {
  std::size_t n = 0;
  walk_places(segments_, doc, true, [&](Json& parent, const std::string& key, const std::string&) {
    parent[key] = value;
    ++n;
  });
  return n;
}

std::size_t ScenarioPath::update(Json& doc,
                                 const std::function<Json(const Json&, const std::string&)>& f) const {
  std::size_t n = 0;
  walk_places(segments_, doc, true, [&](Json& parent, const std::string& key, const std::string& display) {
    const auto it = parent.find(key);
    Json next = f(it != parent.end() ? *it : Json(nullptr), display);
    if (!next.is_null()) {
      parent[key] = std::move(next);
      ++n;
    }
  });
  return n;
}

std::string ScenarioPath::check_value(const Json& value) const {
  std::vector<Problem> problems;
  JsonSchema(*node_).validate(value, problems);
  std::string out;
  for (const auto& pr : problems) {
    out += (out.empty() ? "" : "; ") + pr.message;
  }
  return out;
}

std::vector<std::string> variable_paths() {
  std::set<std::string> out;
  for (const auto& v : variables()) {
    out.insert(v.short_pattern);
  }
  return {out.begin(), out.end()};
}

} // namespace parktwin::model
