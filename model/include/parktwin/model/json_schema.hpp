#pragma once
// A validator for the subset of JSON Schema (draft 2020-12) the scenario schema uses: type,
// properties, required, additionalProperties: false, enum, minimum, maximum, exclusiveMinimum,
// exclusiveMaximum, minLength, pattern, items, minItems, maxItems, minProperties, maxProperties,
// $ref to #/$defs, default, description and the annotation x-unit. Every problem is collected
// with the path of the value, e.g. "wings[0].buildings[1].halls[0].floor_area_m2".

#include <nlohmann/json.hpp>

#include <functional>
#include <mutex>
#include <memory>
#include <map>
#include <string>
#include <vector>

namespace parktwin::model {

using Json = nlohmann::ordered_json;

/// One problem found in a document: where (a path such as "wings[0].name"; empty for the whole
/// document) and a plain sentence.
struct Problem {
  std::string path;
  std::string message;
};

/// Joins a path and a key / index: join("wings[0]", "name") == "wings[0].name".
std::string join_path(const std::string& path, const std::string& key);
std::string join_path(const std::string& path, std::size_t index);

class JsonSchema {
public:
  explicit JsonSchema(Json schema);

  /// Appends every problem of `doc` to `out`.
  void validate(const Json& doc, std::vector<Problem>& out) const;

  /// A copy of `doc` where every absent property that has a default in the schema is filled
  /// in (recursively, inside objects and arrays that are present).
  Json with_defaults(const Json& doc) const;

  /// Calls `visit(pattern, node, required)` for every property the schema defines, depth first;
  /// array elements appear as "[*]", e.g. "wings[*].buildings[*].height_m".
  void for_each_property(
      const std::function<void(const std::string&, const Json&, bool)>& visit) const;

  /// The schema node at a property pattern as for_each_property gives it; nullptr if none.
  const Json* node_at(const std::string& pattern) const;

  /// A property's title for people: its "title", or "x-title_zh" in Chinese (the English one
  /// where it has none); "" for a pattern the schema does not define.
  std::string title_at(const std::string& pattern, bool chinese = false) const;

  /// Follows $ref.
  const Json& resolve(const Json& node) const;

  const Json& root() const noexcept { return schema_; }

private:
  void validate_node(const Json& node, const Json& value, const std::string& path,
                     std::vector<Problem>& out) const;
  void fill_defaults(const Json& node, Json& value) const;
  /// Like for_each_property, with each property's own (unresolved) node too.
  void walk_properties(const std::function<void(const std::string&, const Json&, const Json&, bool)>& visit) const;
  /// Fills nodes_ and titles_ once (thread-safe).
  void index() const;
  Json schema_;
  mutable std::unique_ptr<std::once_flag> indexed_ = std::make_unique<std::once_flag>();
  mutable std::map<std::string, const Json*> nodes_;
  mutable std::map<std::string, std::pair<std::string, std::string>> titles_;
};

} // namespace parktwin::model
