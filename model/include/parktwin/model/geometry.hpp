#pragma once
// Plane geometry of the park layout, in metres (x east, y north).

#include <vector>

namespace parktwin::model {

struct Point {
  double x_m = 0.0;
  double y_m = 0.0;
};
using Polygon = std::vector<Point>;

/// Signed area by the shoelace formula, m2 (positive counter-clockwise).
double signed_area_m2(const Polygon& p);
/// Absolute area, m2.
double area_m2(const Polygon& p);
/// True if no two non-adjacent edges touch or cross and the area is not zero.
bool is_simple(const Polygon& p);
/// True if the point is inside or on the boundary.
bool contains(const Polygon& p, Point q);
/// True if every vertex of `inner` is inside `outer` and no edges cross.
bool contains(const Polygon& outer, const Polygon& inner);
/// True if the interiors overlap (edges cross, or one contains the other). Touching edges count
/// as overlap only when they cross.
bool overlaps(const Polygon& a, const Polygon& b);
/// The polygon moved by (dx, dy).
Polygon translated(const Polygon& p, Point offset);
/// Centroid of the vertices (for labels).
Point vertex_centroid(const Polygon& p);

} // namespace parktwin::model
