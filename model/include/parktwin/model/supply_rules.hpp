#pragma once
// What the supply's geometry allows (roof area, row pitch, what fits) and the rules between its
// fields (docs/model/park-model.md, "Supply").

#include "parktwin/model/park.hpp"
#include "parktwin/model/json_schema.hpp"

namespace parktwin::model {

struct Park;
struct Building;

/// Area of a roof left inside a clear strip of `setback_m` along its edges: for a convex
/// outline A - P d + d^2 sum cot(alpha_i / 2) over its interior angles, exact while no edge of
/// the inset vanishes (for rectangles and triangles until the inset collapses; approximate for
/// other and concave outlines), 0 once it has collapsed. m2.
double roof_usable_area_m2(const Polygon& footprint, double setback_m);

/// The site's latitude (rad).
double latitude_rad(const Park& park) noexcept;

/// Elevation of the sun at solar noon on the winter solstice at a latitude (rad):
/// 90 deg - |latitude| - 23.44 deg.
double winter_noon_elevation_rad(double latitude_rad) noexcept;

/// Pitch of an array's rows: its own, or the pitch at which a row of modules `module_length_m`
/// long on the slope does not shade the next at solar noon on the winter solstice,
/// L (cos tilt + sin tilt / tan h). m. 0 where the sun does not rise then (polar night).
double row_pitch_m(const PvArray& a, double latitude_rad) noexcept;

/// DC rating that one m2 of roof or ground carries at the array's row pitch:
/// 1000 W/m2 x efficiency x L / pitch. W/m2.
double dc_W_per_m2(const PvArray& a, double latitude_rad) noexcept;

/// Usable roof of the array's building (its share: the usable area less the area the
/// building's other, rated arrays take) and the DC rating it carries.
struct RoofFit {
  double usable_m2 = 0.0;   ///< the whole usable roof
  double available_m2 = 0.0; ///< left for this array
  double dc_rating_W = 0.0; ///< the array's own rating, or what the available roof carries
  double needed_m2 = 0.0;   ///< roof the rating takes
};
RoofFit roof_fit(const Park& park, const PvArray& a, const Building& b);

/// A placed ground field's land: a square of the area its rating takes at its row pitch,
/// centred on its position (none when it has no position or no rating).
std::optional<Polygon> field_outline(const Park& park, const PvArray& a);

/// The DC rating of every array (roof arrays without one: what their roof carries), in order.
std::vector<double> pv_dc_ratings_W(const Park& park);

/// The rules between the supply's fields (ids, references, what fits on a roof or in a wing,
/// options that only some kinds read; `doc` is the document as written, for what it gives),
/// one problem each.
void check_supply(const Json& doc, const Park& park, std::vector<Problem>& out);

} // namespace parktwin::model
