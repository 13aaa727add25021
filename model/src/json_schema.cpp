#include "parktwin/model/json_schema.hpp"

#include "parktwin/common/error.hpp"
#include "parktwin/common/text.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <set>

namespace parktwin::model {

std::string join_path(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

std::string join_path(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

namespace {

std::string type_name(const Json& v) {
  if (v.is_null()) {
    return "null";
  }
  if (v.is_boolean()) {
    return "a boolean";
  }
  if (v.is_number()) {
    return "a number";
  }
  if (v.is_string()) {
    return "a string";
  }
  if (v.is_array()) {
    return "an array";
  }
  return "an object";
}

std::string shown(const Json& v) {
  std::string s = v.dump();
  if (s.size() > 40) {
    s = s.substr(0, 37) + "...";
  }
  return s;
}

std::string number_text(double x) {
  Json j = x;
  if (std::floor(x) == x && std::abs(x) < 1e15) {
    j = static_cast<long long>(x);
  }
  return j.dump();
}

/// The one form of pattern the schema uses, "^[<class>]+$" (letters, digits, ranges), matched
/// in one pass: std::regex recursed once per character and a 30,000-character id overflowed the
/// stack (issue 12, item 4). Any other pattern is a defect of the schema, refused loudly.
bool matches_pattern(const std::string& pattern, const std::string& s) {
  if (pattern.size() < 6 || pattern.compare(0, 2, "^[") != 0 || pattern.compare(pattern.size() - 3, 3, "]+$") != 0) {
    throw Error("scenario schema", "unsupported pattern '" + pattern + "' (only ^[...]+$ is implemented)");
  }
  bool allowed[256] = {};
  const std::string cls = pattern.substr(2, pattern.size() - 5);
  for (std::size_t i = 0; i < cls.size(); ++i) {
    const auto a = static_cast<unsigned char>(cls[i]);
    if (i + 2 < cls.size() && cls[i + 1] == '-') {
      for (unsigned c = a; c <= static_cast<unsigned char>(cls[i + 2]); ++c) {
        allowed[c] = true;
      }
      i += 2;
    } else {
      allowed[a] = true;
    }
  }
  if (s.empty()) {
    return false;
  }
  return std::all_of(s.begin(), s.end(), [&](char c) { return allowed[static_cast<unsigned char>(c)]; });
}

/// A string for a message: at most 40 characters of it.
std::string quoted_excerpt(const std::string& s) {
  return s.size() <= 40 ? "'" + s + "'" : "'" + s.substr(0, 40) + "...' (" + std::to_string(s.size()) + " characters)";
}

bool is_integral(const Json& v) {
  if (v.is_number_integer() || v.is_number_unsigned()) {
    return true;
  }
  if (v.is_number_float()) {
    const double x = v.get<double>();
    return std::isfinite(x) && std::floor(x) == x;
  }
  return false;
}

bool type_matches(const std::string& type, const Json& v) {
  if (type == "number") {
    return v.is_number();
  }
  if (type == "integer") {
    return v.is_number() && is_integral(v);
  }
  if (type == "string") {
    return v.is_string();
  }
  if (type == "boolean") {
    return v.is_boolean();
  }
  if (type == "array") {
    return v.is_array();
  }
  if (type == "object") {
    return v.is_object();
  }
  return false;
}

std::string unit_suffix(const Json& node) {
  if (auto it = node.find("x-unit"); it != node.end() && it->get<std::string>() != "1") {
    return " " + it->get<std::string>();
  }
  return "";
}

std::string closest_key(const std::string& key, const Json& properties) {
  std::string best;
  std::size_t best_d = 1000;
  const std::string lower = to_lower(key);
  for (const auto& [name, _] : properties.items()) {
    const std::size_t d = to_lower(name) == lower ? 0 : edit_distance(lower, to_lower(name));
    if (d < best_d) {
      best_d = d;
      best = name;
    }
  }
  return best_d <= std::max<std::size_t>(2, key.size() / 4) ? best : std::string();
}

} // namespace

JsonSchema::JsonSchema(Json schema) : schema_(std::move(schema)) {}

const Json& JsonSchema::resolve(const Json& node) const {
  const Json* n = &node;
  for (int depth = 0; depth < 16; ++depth) {
    const auto it = n->find("$ref");
    if (it == n->end()) {
      return *n;
    }
    const std::string ref = it->get<std::string>();
    const std::string prefix = "#/$defs/";
    if (ref.rfind(prefix, 0) != 0) {
      throw Error("schema", "unsupported $ref '" + ref + "'");
    }
    n = &schema_.at("$defs").at(ref.substr(prefix.size()));
  }
  throw Error("schema", "$ref chain too deep");
}

void JsonSchema::validate(const Json& doc, std::vector<Problem>& out) const {
  validate_node(schema_, doc, "", out);
}

void JsonSchema::validate_node(const Json& raw, const Json& value, const std::string& path,
                               std::vector<Problem>& out) const {
  const Json& node = resolve(raw);
  if (const auto t = node.find("type"); t != node.end()) {
    const std::string type = t->get<std::string>();
    if (!type_matches(type, value)) {
      const std::string want = type == "integer" ? "a whole number"
                               : type == "object" ? "an object"
                               : type == "array"  ? "an array"
                                                  : "a " + type;
      out.push_back({path, "expected " + want + ", found " + type_name(value) + " (" +
                               shown(value) + ")"});
      return;
    }
  }
  if (const auto e = node.find("enum"); e != node.end()) {
    bool found = false;
    std::string list;
    for (const auto& option : *e) {
      found = found || option == value;
      list += (list.empty() ? "" : ", ") + (option.is_string() ? option.get<std::string>() : option.dump());
    }
    if (!found) {
      out.push_back({path, shown(value) + " is not one of: " + list});
      return;
    }
  }
  if (value.is_number()) {
    const double x = value.get<double>();
    const std::string unit = unit_suffix(node);
    if (auto it = node.find("minimum"); it != node.end() && x < it->get<double>()) {
      out.push_back({path, number_text(x) + unit + " is below the minimum " +
                               number_text(it->get<double>()) + unit});
    }
    if (auto it = node.find("exclusiveMinimum"); it != node.end() && x <= it->get<double>()) {
      out.push_back({path, number_text(x) + unit + " must be greater than " +
                               number_text(it->get<double>()) + unit});
    }
    if (auto it = node.find("maximum"); it != node.end() && x > it->get<double>()) {
      out.push_back({path, number_text(x) + unit + " is above the maximum " +
                               number_text(it->get<double>()) + unit});
    }
    if (auto it = node.find("exclusiveMaximum"); it != node.end() && x >= it->get<double>()) {
      out.push_back({path, number_text(x) + unit + " must be less than " +
                               number_text(it->get<double>()) + unit});
    }
  }
  if (value.is_string()) {
    const std::string s = value.get<std::string>();
    if (auto it = node.find("minLength"); it != node.end() && s.size() < it->get<std::size_t>()) {
      out.push_back({path, "must not be empty"});
    }
    if (auto it = node.find("maxLength"); it != node.end() && s.size() > it->get<std::size_t>()) {
      out.push_back({path, quoted_excerpt(s) + " is longer than " + std::to_string(it->get<std::size_t>()) + " characters"});
    } else if (auto pat = node.find("pattern"); pat != node.end() && !s.empty() &&
                                                !matches_pattern(pat->get<std::string>(), s)) {
      out.push_back({path, quoted_excerpt(s) + " may hold only letters, digits, '-' and '_'"});
    }
  }
  if (value.is_array()) {
    if (auto it = node.find("minItems"); it != node.end() && value.size() < it->get<std::size_t>()) {
      out.push_back({path, "needs at least " + std::to_string(it->get<std::size_t>()) +
                               " item(s), has " + std::to_string(value.size())});
    }
    if (auto it = node.find("maxItems"); it != node.end() && value.size() > it->get<std::size_t>()) {
      out.push_back({path, "takes at most " + std::to_string(it->get<std::size_t>()) +
                               " item(s), has " + std::to_string(value.size())});
    }
    if (auto it = node.find("items"); it != node.end()) {
      for (std::size_t i = 0; i < value.size(); ++i) {
        validate_node(*it, value[i], join_path(path, i), out);
      }
    }
  }
  if (value.is_object()) {
    static const Json kEmpty = Json::object();
    const auto pit = node.find("properties");
    const Json& props = pit != node.end() ? *pit : kEmpty;
    if (auto it = node.find("required"); it != node.end()) {
      for (const auto& key : *it) {
        if (!value.contains(key.get<std::string>())) {
          out.push_back({join_path(path, key.get<std::string>()), "required field is missing"});
        }
      }
    }
    const auto add = node.find("additionalProperties");
    const bool closed = add != node.end() && add->is_boolean() && !add->get<bool>();
    for (const auto& [key, child] : value.items()) {
      if (const auto p = props.find(key); p != props.end()) {
        validate_node(*p, child, join_path(path, key), out);
      } else if (closed) {
        const std::string near = closest_key(key, props);
        out.push_back({join_path(path, key),
                       "unknown key '" + key + "'" +
                           (near.empty() ? "" : "; did you mean '" + near + "'?")});
      }
    }
    const auto min_p = node.find("minProperties");
    const auto max_p = node.find("maxProperties");
    if ((min_p != node.end() && value.size() < min_p->get<std::size_t>()) ||
        (max_p != node.end() && value.size() > max_p->get<std::size_t>())) {
      std::string list;
      for (const auto& [name, _] : props.items()) {
        list += (list.empty() ? "" : ", ") + name;
      }
      const bool exactly_one = min_p != node.end() && max_p != node.end() &&
                               min_p->get<std::size_t>() == 1 && max_p->get<std::size_t>() == 1;
      out.push_back({path, exactly_one ? "give exactly one of: " + list
                                       : "has " + std::to_string(value.size()) +
                                             " entries, outside the allowed number"});
    }
  }
}

Json JsonSchema::with_defaults(const Json& doc) const {
  Json out = doc;
  fill_defaults(schema_, out);
  return out;
}

void JsonSchema::fill_defaults(const Json& raw, Json& value) const {
  const Json& node = resolve(raw);
  if (value.is_object()) {
    const auto pit = node.find("properties");
    if (pit == node.end()) {
      return;
    }
    for (const auto& [key, child_raw] : pit->items()) {
      // A default may sit beside a $ref (e.g. "air": {"$ref": ..., "default": {}}).
      const Json* d = nullptr;
      if (const auto it = child_raw.find("default"); it != child_raw.end()) {
        d = &*it;
      } else if (const Json& c = resolve(child_raw); c.contains("default")) {
        d = &c["default"];
      }
      if (!value.contains(key)) {
        if (d == nullptr) {
          continue;
        }
        value[key] = *d;
      }
      fill_defaults(child_raw, value[key]);
    }
  } else if (value.is_array()) {
    if (const auto it = node.find("items"); it != node.end()) {
      for (auto& item : value) {
        fill_defaults(*it, item);
      }
    }
  }
}

void JsonSchema::for_each_property(
    const std::function<void(const std::string&, const Json&, bool)>& visit) const {
  walk_properties([&](const std::string& pattern, const Json&, const Json& node, bool required) {
    visit(pattern, node, required);
  });
}

void JsonSchema::walk_properties(
    const std::function<void(const std::string&, const Json&, const Json&, bool)>& visit) const {
  std::function<void(const Json&, const std::string&, std::set<std::string>&)> walk =
      [&](const Json& raw, const std::string& path, std::set<std::string>& stack) {
        const Json& node = resolve(raw);
        const std::string ref = raw.contains("$ref") ? raw["$ref"].get<std::string>() : "";
        if (!ref.empty() && stack.count(ref) != 0) {
          return; // recursive schema: stop
        }
        if (!ref.empty()) {
          stack.insert(ref);
        }
        if (const auto it = node.find("items"); it != node.end()) {
          const Json& item = resolve(*it);
          if (item.contains("properties")) {
            walk(*it, path + "[*]", stack);
          }
        }
        if (const auto pit = node.find("properties"); pit != node.end()) {
          std::set<std::string> required;
          if (const auto r = node.find("required"); r != node.end()) {
            for (const auto& k : *r) {
              required.insert(k.get<std::string>());
            }
          }
          for (const auto& [key, child] : pit->items()) {
            const std::string child_path = join_path(path, key);
            visit(child_path, child, resolve(child), required.count(key) != 0);
            walk(child, child_path, stack);
          }
        }
        if (!ref.empty()) {
          stack.erase(ref);
        }
      };
  std::set<std::string> stack;
  walk(schema_, "", stack);
}

const Json* JsonSchema::node_at(const std::string& pattern) const {
  index();
  const auto it = nodes_.find(pattern);
  return it == nodes_.end() ? nullptr : it->second;
}

std::string JsonSchema::title_at(const std::string& pattern, bool chinese) const {
  index();
  const auto it = titles_.find(pattern);
  if (it == titles_.end()) {
    return {};
  }
  return chinese && !it->second.second.empty() ? it->second.second : it->second.first;
}

void JsonSchema::index() const {
  std::call_once(*indexed_, [this] {
    walk_properties([this](const std::string& pattern, const Json& raw, const Json& node, bool) {
      nodes_[pattern] = &node;
      // The property's own title (beside a $ref too), else its definition's.
      const auto title = [&](const char* key) {
        if (const auto t = raw.find(key); t != raw.end()) {
          return t->get<std::string>();
        }
        const auto t = node.find(key);
        return t != node.end() ? t->get<std::string>() : std::string();
      };
      titles_[pattern] = {title("title"), title("x-title_zh")};
    });
  });
}

} // namespace parktwin::model
