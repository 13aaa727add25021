#include "parktwin/model/scenario.hpp"

namespace parktwin::model {

std::string scenario_reference_markdown() {
  const JsonSchema& schema = scenario_schema();
  std::string out =
      "# Scenario file reference\n\n"
      "Generated from `assets/schema/scenario.schema.json` by `parktwin scenario reference`; do "
      "not edit by hand (a test checks that this page matches the schema).\n\n" +
      schema.root().value("description", std::string()) +
      "\n\nPaths: `[*]` stands for every element of an array. Units are SI or the unit in the "
      "key's name; '1' means a fraction.\n\n"
      "| key | type | unit | required | default | range | description |\n"
      "|---|---|---|---|---|---|---|\n";
  schema.for_each_property([&](const std::string& path, const Json& node, bool required) {
    std::string type = node.value("type", std::string("object"));
    if (type == "array" && node.contains("items")) {
      const Json& item = schema.resolve(node["items"]);
      type = "array of " + item.value("type", std::string("object"));
    }
    std::string range;
    const auto bound = [&](const char* key, const char* op) {
      if (node.contains(key)) {
        range += (range.empty() ? "" : ", ") + std::string(op) + " " + node[key].dump();
      }
    };
    bound("minimum", ">=");
    bound("exclusiveMinimum", ">");
    bound("maximum", "<=");
    bound("exclusiveMaximum", "<");
    if (node.contains("enum")) {
      for (const auto& e : node["enum"]) {
        range += (range.empty() ? "" : ", ") + (e.is_string() ? e.get<std::string>() : e.dump());
      }
      range = "one of: " + range;
    }
    std::string description = node.value("description", std::string());
    for (auto& c : description) {
      if (c == '|') {
        c = '/';
      }
    }
    out += "| `" + path + "` | " + type + " | " + node.value("x-unit", std::string()) + " | " +
           (required ? "yes" : "") + " | " +
           (node.contains("default") ? "`" + node["default"].dump() + "`" : std::string()) + " | " +
           range + " | " + description + " |\n";
  });
  return out;
}

} // namespace parktwin::model
