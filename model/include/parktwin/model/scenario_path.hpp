#pragma once
// Paths that address fields of a scenario document, for sweeps and scripts
// (docs/model/scenario-paths.md): `wings[east].buildings[*].halls[*].air.supply_air_C`, with the
// short forms `halls[*].air.supply_air_C` (every hall wherever it sits in the park) and
// `wings[east].halls[*]...` (every hall of a wing). Selectors: `[*]` every element, `[3]` the
// element at an index, `[east]` the element whose id is east (case-insensitive). Paths are
// checked against the schema (the one source of truth), never against a list of their own.

#include "parktwin/model/json_schema.hpp"

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace parktwin::model {

class ScenarioPath {
public:
  struct Segment {
    enum class Select { None, All, Index, Id };
    std::string name;
    Select select = Select::None;
    std::size_t index = 0;
    std::string id;
  };

  /// Parses a path and checks it against the scenario schema: it must end at a number, whole
  /// number, text or yes/no field that is not an id. Throws UsageError (where: `where`, e.g.
  /// "--vary") saying which segment is wrong and listing the valid paths nearest to it.
  static ScenarioPath parse(const std::string& text, const std::string& where = "path");

  /// As written.
  const std::string& text() const noexcept { return text_; }
  /// The full form with the short forms expanded, e.g. "wings[*].buildings[*].halls[*].air.x".
  const std::string& canonical() const noexcept { return canonical_; }
  /// The schema pattern (every selector as [*]), as JsonSchema::for_each_property names it.
  const std::string& pattern() const noexcept { return pattern_; }
  const std::vector<Segment>& segments() const noexcept { return segments_; }
  /// The terminal's schema node ($ref resolved).
  const Json& schema_node() const noexcept { return *node_; }
  /// The x-unit of the terminal ("" if none).
  std::string unit() const;
  /// "number", "integer", "string" or "boolean".
  std::string type() const;

  /// The concrete places the path addresses in `doc`, as paths with indices
  /// ("wings[1].buildings[0].halls[2].air.supply_air_C"). An element is addressed when every
  /// object on the way exists or has a default in the schema (e.g. a hall's "air"); halls
  /// whose air system is another kind are not addressed by a path through that kind.
  std::vector<std::string> places(const Json& doc) const;

  /// Sets `value` at every place; returns how many. Objects with a schema default are created
  /// on the way.
  std::size_t apply(Json& doc, const Json& value) const;

  /// Sets, at every place, the value f returns for the place's current value (null if the
  /// document has none there: the schema's default then applies, if any) and its display path;
  /// returns how many. f returns null to leave a place as it is. Objects with a schema default
  /// are created on the way.
  std::size_t update(Json& doc, const std::function<Json(const Json& current, const std::string& place)>& f) const;

  /// Empty if `value` fits the terminal's type, enum and range; else a sentence saying why.
  std::string check_value(const Json& value) const;

private:
  std::string text_, canonical_, pattern_;
  std::vector<Segment> segments_;
  const Json* node_ = nullptr;
};

/// Every path a sweep may vary (scalar fields other than ids), in the short form where one
/// exists (halls[*]..., buildings[*]..., rack_groups[*]...), sorted.
std::vector<std::string> variable_paths();

} // namespace parktwin::model
