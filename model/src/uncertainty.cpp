#include "parktwin/model/uncertainty.hpp"

#include "parktwin/common/error.hpp"
#include "parktwin/common/text.hpp"
#include "parktwin/model/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace parktwin::model {
extern const char* const kEmbeddedUncertainty;

const char* to_string(UncertainParameter::Kind k) noexcept {
  return k == UncertainParameter::Kind::Scale ? "scale" : "offset";
}

double UncertainParameter::value_at(double current, double u, const std::string& place) const {
  const double v = kind == Kind::Scale ? current * move(u) : current + move(u);
  if (const std::string why = path.check_value(Json(v)); !why.empty()) {
    throw InputError("uncertain parameter " + name,
                     place + " = " + number_text(v) + " (from " + number_text(current) + "): " + why +
                         "; narrow the parameter's range for this scenario");
  }
  return v;
}

UncertaintySet UncertaintySet::parse(const Json& doc, const std::string& where) {
  if (!doc.is_object() || !doc.contains("parameters") || !doc["parameters"].is_array()) {
    throw InputError(where, "expected an object with an array \"parameters\"");
  }
  for (const auto& [k, v] : doc.items()) {
    if (k != "parameters" && k != "description") {
      throw InputError(where, "unknown key \"" + k + "\" (expected parameters, description)");
    }
  }
  UncertaintySet set;
  std::set<std::string> names;
  std::size_t i = 0;
  for (const auto& p : doc["parameters"]) {
    const std::string at = where + ": parameters[" + std::to_string(i++) + "]";
    if (!p.is_object()) {
      throw InputError(at, "expected an object");
    }
    static const std::set<std::string> keys{"name", "path", "kind", "low", "high", "title", "source", "stations"};
    for (const auto& [k, v] : p.items()) {
      if (keys.count(k) == 0) {
        throw InputError(at, "unknown key \"" + k + "\" (expected name, path, kind, low, high, title, source, stations)");
      }
    }
    const auto text = [&](const char* key) {
      if (!p.contains(key) || !p[key].is_string() || p[key].get<std::string>().empty()) {
        throw InputError(at, std::string("\"") + key + "\" must be a non-empty text");
      }
      return p[key].get<std::string>();
    };
    const auto number = [&](const char* key) {
      if (!p.contains(key) || !p[key].is_number() || !std::isfinite(p[key].get<double>())) {
        throw InputError(at, std::string("\"") + key + "\" must be a number");
      }
      return p[key].get<double>();
    };
    const auto path = [&] {
      try {
        return ScenarioPath::parse(text("path"), at + ".path");
      } catch (const UsageError& e) { // a file's mistake, not the command line's
        throw InputError(at, e.what());
      }
    };
    UncertainParameter q{text("name"), path(), {}, number("low"), number("high"), {}, {}, text("source"), {}};
    if (!names.insert(q.name).second) {
      throw InputError(at, "a second parameter named \"" + q.name + "\"");
    }
    if (q.path.type() != "number") {
      throw InputError(at, q.path.text() + " is a " + q.path.type() + " field: only numbers can be uncertain");
    }
    const std::string kind = text("kind");
    if (kind == "offset") {
      q.kind = UncertainParameter::Kind::Offset;
    } else if (kind == "scale") {
      q.kind = UncertainParameter::Kind::Scale;
      if (!(q.low > 0.0)) {
        throw InputError(at, "a scale's low factor must be above 0");
      }
    } else {
      throw InputError(at, "\"kind\" must be offset or scale, not \"" + kind + "\"");
    }
    if (!(q.low <= q.high)) {
      throw InputError(at, "low (" + number_text(q.low) + ") is above high (" + number_text(q.high) + ")");
    }
    if (!std::isfinite(q.high - q.low)) {
      throw InputError(at, "the range from low to high is not a finite number");
    }
    if (!p.contains("title") || !p["title"].is_object() || !p["title"].contains("en") ||
        !p["title"].contains("zh") || !p["title"]["en"].is_string() || !p["title"]["zh"].is_string()) {
      throw InputError(at, "\"title\" must give the parameter's name in English and Chinese: {\"en\": ..., \"zh\": ...}");
    }
    q.title_en = p["title"]["en"].get<std::string>();
    q.title_zh = p["title"]["zh"].get<std::string>();
    if (p.contains("stations")) {
      const auto& st = p["stations"];
      if (!st.is_array() || st.empty() ||
          !std::all_of(st.begin(), st.end(), [](const Json& x) { return x.is_string() && !x.get<std::string>().empty(); })) {
        throw InputError(at, "\"stations\" must be a non-empty list of WMO station numbers (texts, e.g. \"528660\")");
      }
      for (const auto& x : st) {
        q.stations.push_back(x.get<std::string>());
      }
    }
    set.parameters.push_back(std::move(q));
  }
  return set;
}

UncertaintySet UncertaintySet::load(const std::string& file) {
  return parse(parse_json_document(read_file(file), file), file);
}

const UncertaintySet& UncertaintySet::builtin() {
  static const UncertaintySet set =
      parse(parse_json_document(kEmbeddedUncertainty, "uncertainty (built in)"), "uncertainty (built in)");
  return set;
}

std::size_t UncertaintySet::apply(Json& doc, const std::vector<double>& u, const std::string& under,
                                  const std::function<void(std::size_t, const std::string&, double, double)>& moved) const {
  if (u.size() != parameters.size()) {
    throw std::logic_error("UncertaintySet::apply: one draw per parameter");
  }
  std::size_t n = 0;
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    const UncertainParameter& p = parameters[i];
    const Json& schema_default = p.path.schema_node().contains("default") ? p.path.schema_node()["default"]
                                                                          : Json(nullptr);
    n += p.path.update(doc, [&](const Json& current, const std::string& place) {
      if (place.rfind(under, 0) != 0) {
        return Json(nullptr); // left as it is
      }
      const Json& c = current.is_null() ? schema_default : current;
      if (!c.is_number()) {
        throw InputError("uncertain parameter " + p.name, place + " has no value and the schema no default");
      }
      const double v = p.value_at(c.get<double>(), u[i], place);
      if (moved) {
        moved(i, place, c.get<double>(), v);
      }
      return Json(v);
    });
  }
  return n;
}

Json UncertaintySet::to_json() const {
  Json out = Json::array();
  for (const auto& p : parameters) {
    out.push_back({{"name", p.name},
                   {"path", p.path.text()},
                   {"kind", to_string(p.kind)},
                   {"low", p.low},
                   {"high", p.high},
                   {"unit", p.kind == UncertainParameter::Kind::Scale ? std::string("1") : p.path.unit()},
                   {"title", {{"en", p.title_en}, {"zh", p.title_zh}}},
                   {"source", p.source}});
    if (!p.stations.empty()) {
      out.back()["stations"] = p.stations;
    }
  }
  return out;
}

} // namespace parktwin::model
