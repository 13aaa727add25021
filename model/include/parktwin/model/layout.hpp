#pragma once
// Layout edits of a scenario document (docs/studio.md, "Editing the layout"): add, duplicate,
// delete, move and rotate the park's wings, buildings, halls and rack groups, and change a hall's
// cooling kinds. Each edit makes a new document and lists the problems the model's own rules
// (Scenario::check) find in it: the studio shows them while the user acts and keeps the old
// document when there are any. Pure JSON and geometry: no Qt, no rendering.

#include "parktwin/model/geometry.hpp"
#include "parktwin/model/json_schema.hpp"
#include "parktwin/model/park.hpp"
#include "parktwin/model/scenario.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace parktwin::model::layout {

enum class Kind { Wing, Building, Hall, RackGroup };

/// Where an element is in a document.
struct Located {
  Kind kind = Kind::Wing;
  std::string pointer; ///< JSON pointer, e.g. "/wings/1/buildings/0"
};

/// The element with this id (a rack group as "<hall>/<group>": its id is unique in its hall
/// only), or none.
std::optional<Located> locate(const Json& doc, const std::string& id);

/// The id the studio's park tree and selection use for an element at a pointer ("" if none).
std::string id_at(const Json& doc, const std::string& pointer);

/// A layout edit's outcome.
struct Change {
  Json document;                 ///< the document after the edit (the input when refused early)
  std::string id;                ///< the element made or changed: the selection follows it
  std::string text;              ///< what was done, for the undo history ("Add building east-b15")
  std::vector<Problem> problems; ///< empty: the edit is valid
  std::vector<Problem> notes;    ///< what it could not do and left as it was (lay_out_all)
  /// The valid document built (null when refused): whoever takes the change need not check and
  /// build it again. Its source is "layout" until the taker says where it belongs.
  std::shared_ptr<Scenario> scenario;
  bool ok() const noexcept { return problems.empty(); }
};

/// Grid spacing of new and snapped positions, m.
inline constexpr double kGrid_m = 5.0;
/// Clear distance kept between a placed building and the others, m.
inline constexpr double kClearance_m = 10.0;
/// Floor area per rack of a new hall's racks (aisles, cooling units and service space included),
/// m2: as the built-in park's liquid-cooled halls (750 racks in 2,250 m2).
inline constexpr double kFloorArea_m2_per_rack = 3.0;

/// A new wing (empty, 400 m x 300 m) east of the others.
Change add_wing(const Json& doc);
/// A new building (60 m x 40 m, two floors, one hall, laid out) at the first free place in the wing.
Change add_building(const Json& doc, const std::string& wing_id);
/// A new hall in the building, on the floor area left (refused when none is left), with racks of
/// the first template and the air system of the building's other halls (indirect evaporative if
/// none).
Change add_hall(const Json& doc, const std::string& building_id);
/// A rack group of a template (rack_templates()) in a hall.
Change add_rack_group(const Json& doc, const std::string& hall_id, const std::string& template_key, int count);
/// A copy of a wing, building, hall or rack group beside it, with new ids (a building's halls too).
Change duplicate(const Json& doc, const std::string& id);
/// Deletes an element; the last hall of a building and the last rack group of a hall are refused
/// (delete the building or hall instead).
Change remove(const Json& doc, const std::string& id);
/// Moves a building to a position (its footprint is relative to it). Moved whole into another
/// wing, it becomes that wing's building (the last of its list; its substations supply it).
Change move_building(const Json& doc, const std::string& id, Point position);
/// The problems of a building at another position, by the rules a move can break (inside its
/// wing or whole inside another, apart from every other building), with Scenario::check's words, for a park already
/// built: what a drag checks at each grid point (move_building checks everything on release).
std::vector<Problem> place_problems(const Park& park, const std::string& building_id, Point position);
/// Turns a building's footprint (and its halls' layouts) about its vertices' centroid,
/// counter-clockwise, degrees. A building with hall layouts turns in quarter turns only (rows run
/// east-west or north-south).
Change rotate_building(const Json& doc, const std::string& id, double degrees);
/// Sets a footprint vertex (relative to the building's position).
Change set_footprint_vertex(const Json& doc, const std::string& id, std::size_t vertex, Point p);
/// Replaces a hall's air system by another kind ("chilled_water", "direct_air_economizer",
/// "indirect_evaporative"), starting from the schema's defaults.
Change set_air_system(const Json& doc, const std::string& hall_id, const std::string& kind);
/// Adds liquid cooling (cold plates, the schema's defaults; rack groups without a liquid share get
/// kDefaultLiquidFraction) or removes it (rack groups' liquid shares to 0, heat recovery removed).
Change set_liquid_cooling(const Json& doc, const std::string& hall_id, bool on);
/// Share of the heat a rack group gives to cold plates when liquid cooling is switched on and it
/// had none: 0.75, typical of cold plates on processors and memory (assumed; docs/studio.md).
inline constexpr double kDefaultLiquidFraction = 0.75;

/// Lays out the halls of a building (docs/model/park-model.md, "Hall layout"): on each floor
/// its halls side by side across the footprint (as the schematic view stacks them), in each hall
/// pods of up to 40 racks in hot-aisle-contained rows along the hall's longer side, 2 m cross
/// aisles between pods, the plant's air units along one long wall and coolant distribution units
/// (one per MW of liquid heat, assumed) along the other. Replaces the halls' layouts.
Change lay_out_building(const Json& doc, const std::string& building_id);
/// Lays out every building none of whose halls has a layout; buildings whose footprint or racks
/// do not allow it are left schematic and named in `notes`.
Change lay_out_all(const Json& doc);

/// The point on the grid nearest to p.
Point snap(Point p, double grid_m = kGrid_m);

/// A rack-group template of the equipment library (assets/library/rack_templates.json).
struct RackTemplate {
  std::string key;
  std::string name;
  std::string name_zh;
  std::string source;
  Json rack_group; ///< rack_group fields without id and count
};
const std::vector<RackTemplate>& rack_templates();

} // namespace parktwin::model::layout
