#pragma once
// Plane geometry of the park layout, in metres (x east, y north).

#include <cstddef>
#include <functional>
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
/// Axis-aligned bounding box.
struct Box {
  double x0 = 0.0, x1 = 0.0, y0 = 0.0, y1 = 0.0;
};
Box bounding_box(const Polygon& p);
/// Calls f(i, j), i < j, for every pair of boxes that overlap or touch (within a relative 1e-9),
/// by a sweep in x: O(n log n + pairs) instead of every pair. Stops early when f returns true.
void for_overlapping_boxes(const std::vector<Box>& boxes, const std::function<bool(std::size_t, std::size_t)>& f);

/// The polygon moved by (dx, dy).
Polygon translated(const Polygon& p, Point offset);
/// Centroid of the vertices (for labels).
Point vertex_centroid(const Polygon& p);

} // namespace parktwin::model
