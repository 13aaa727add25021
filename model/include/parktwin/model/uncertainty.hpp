#pragma once
// Uncertain parameters of a scenario (docs/uncertainty.md): each names a scenario path, how a
// draw moves the value there (an offset in the field's unit, or a factor) and its plausible
// range, with the source of that range. Declared once in assets/library/uncertainty.json (the
// built-in set, compiled in) or in a file of the same format; `parktwin run --bands` samples them.

#include "parktwin/model/scenario_path.hpp"

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

namespace parktwin::model {

struct UncertainParameter {
  enum class Kind {
    Offset, ///< value + (low .. high), in the field's unit
    Scale,  ///< value x (low .. high)
  };
  std::string name; ///< unique, e.g. "cold_aisle_set_point"
  ScenarioPath path;
  Kind kind = Kind::Offset;
  double low = 0.0, high = 0.0; ///< the plausible range of the offset or factor (low <= high)
  std::string title_en, title_zh;
  std::string source; ///< where the range comes from
  /// The climates whose statistics the range comes from (WMO station numbers of the climate
  /// year, e.g. "528660" for Xining and the park year made from it); empty: any climate. On
  /// another climate the bands leave the parameter out (not_applicable).
  std::vector<std::string> stations;
  bool applies_to_station(const std::string& wmo) const {
    return stations.empty() || std::find(stations.begin(), stations.end(), wmo) != stations.end();
  }

  /// The draw u in [0, 1) as an offset or factor: uniform over [low, high].
  double move(double u) const noexcept { return low + u * (high - low); }
  /// The value at a place for the draw u: the current value (the schema's default if the
  /// document has none) moved. Throws InputError naming the parameter and the place when the
  /// place has no value and no default, or the moved value leaves the field's range.
  double value_at(double current, double u, const std::string& place) const;
};

const char* to_string(UncertainParameter::Kind k) noexcept;

struct UncertaintySet {
  std::vector<UncertainParameter> parameters;

  /// Parses {"parameters": [{"name", "path", "kind": "offset"|"scale", "low", "high",
  /// "title": {"en", "zh"}, "source", optional "stations"}, ...]}. Throws InputError (where: `where`) naming the entry
  /// and what is wrong: unknown keys, a path the schema does not have or that is not a number,
  /// low above high, a duplicate name, a missing source.
  static UncertaintySet parse(const Json& doc, const std::string& where);
  /// Reads a file of that format (InputError naming the file and the line of a JSON error).
  static UncertaintySet load(const std::string& file);
  /// The built-in set (assets/library/uncertainty.json).
  static const UncertaintySet& builtin();

  /// Applies one draw per parameter (u[i] for parameters[i], each in [0, 1)) to a scenario
  /// document: every place of each path moved (only those whose display path starts with
  /// `under`, if given), `moved` told of each. Returns the number of places changed.
  std::size_t apply(Json& doc, const std::vector<double>& u, const std::string& under = {},
                    const std::function<void(std::size_t parameter, const std::string& place, double from, double to)>&
                        moved = {}) const;
  Json to_json() const;
};

} // namespace parktwin::model
