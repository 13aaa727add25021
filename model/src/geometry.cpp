#include "parktwin/model/geometry.hpp"

#include <algorithm>
#include <cmath>

namespace parktwin::model {
namespace {

double cross(Point o, Point a, Point b) {
  return (a.x_m - o.x_m) * (b.y_m - o.y_m) - (a.y_m - o.y_m) * (b.x_m - o.x_m);
}

// Proper crossing of segments ab and cd (interiors intersect at one point).
bool segments_cross(Point a, Point b, Point c, Point d) {
  const double d1 = cross(c, d, a);
  const double d2 = cross(c, d, b);
  const double d3 = cross(a, b, c);
  const double d4 = cross(a, b, d);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

bool on_segment(Point a, Point b, Point q) {
  const double eps = 1e-9 * (1.0 + std::abs(a.x_m) + std::abs(a.y_m) + std::abs(b.x_m) + std::abs(b.y_m));
  return std::abs(cross(a, b, q)) <= eps * std::hypot(b.x_m - a.x_m, b.y_m - a.y_m) &&
         q.x_m >= std::min(a.x_m, b.x_m) - eps && q.x_m <= std::max(a.x_m, b.x_m) + eps &&
         q.y_m >= std::min(a.y_m, b.y_m) - eps && q.y_m <= std::max(a.y_m, b.y_m) + eps;
}

bool strictly_inside(const Polygon& p, Point q) {
  bool inside = false;
  for (std::size_t i = 0, j = p.size() - 1; i < p.size(); j = i++) {
    if (on_segment(p[j], p[i], q)) {
      return false;
    }
    if ((p[i].y_m > q.y_m) != (p[j].y_m > q.y_m)) {
      const double x = p[j].x_m + (q.y_m - p[j].y_m) * (p[i].x_m - p[j].x_m) / (p[i].y_m - p[j].y_m);
      if (q.x_m < x) {
        inside = !inside;
      }
    }
  }
  return inside;
}

Box edge_box(Point a, Point b) {
  return {std::min(a.x_m, b.x_m), std::max(a.x_m, b.x_m), std::min(a.y_m, b.y_m), std::max(a.y_m, b.y_m)};
}

std::vector<Box> edge_boxes(const Polygon& p) {
  std::vector<Box> out;
  out.reserve(p.size());
  for (std::size_t i = 0; i < p.size(); ++i) {
    out.push_back(edge_box(p[i], p[(i + 1) % p.size()]));
  }
  return out;
}

bool any_edges_cross(const Polygon& a, const Polygon& b) {
  // Candidate pairs from the box sweep over both polygons' edges, a's first.
  std::vector<Box> boxes = edge_boxes(a);
  const std::vector<Box> bb = edge_boxes(b);
  boxes.insert(boxes.end(), bb.begin(), bb.end());
  const std::size_t na = a.size();
  bool crossed = false;
  for_overlapping_boxes(boxes, [&](std::size_t i, std::size_t j) {
    if (i >= na || j < na) {
      return false; // both edges of the same polygon
    }
    const std::size_t k = j - na;
    crossed = segments_cross(a[i], a[(i + 1) % na], b[k], b[(k + 1) % b.size()]);
    return crossed;
  });
  return crossed;
}

} // namespace

double signed_area_m2(const Polygon& p) {
  double s = 0.0;
  for (std::size_t i = 0, j = p.size() - 1; i < p.size(); j = i++) {
    s += p[j].x_m * p[i].y_m - p[i].x_m * p[j].y_m;
  }
  return 0.5 * s;
}

double area_m2(const Polygon& p) { return std::abs(signed_area_m2(p)); }

bool is_simple(const Polygon& p) {
  const std::size_t n = p.size();
  if (n < 3 || area_m2(p) <= 0.0) {
    return false;
  }
  // Only edges whose boxes meet can touch or cross (a 20,000-point boundary took 18 s when
  // every pair was tested: issue 12, item 13).
  bool simple = true;
  for_overlapping_boxes(edge_boxes(p), [&](std::size_t i, std::size_t j) {
    const bool adjacent = j == i + 1 || (i == 0 && j == n - 1);
    if (adjacent) {
      return false;
    }
    const Point a = p[i], b = p[(i + 1) % n], c = p[j], d = p[(j + 1) % n];
    simple = !(segments_cross(a, b, c, d) || on_segment(a, b, c) || on_segment(a, b, d) ||
               on_segment(c, d, a) || on_segment(c, d, b));
    return !simple;
  });
  return simple;
}

Box bounding_box(const Polygon& p) {
  Box b{1e300, -1e300, 1e300, -1e300};
  for (const auto& q : p) {
    b.x0 = std::min(b.x0, q.x_m);
    b.x1 = std::max(b.x1, q.x_m);
    b.y0 = std::min(b.y0, q.y_m);
    b.y1 = std::max(b.y1, q.y_m);
  }
  return b;
}

void for_overlapping_boxes(const std::vector<Box>& boxes, const std::function<bool(std::size_t, std::size_t)>& f) {
  std::vector<std::size_t> order(boxes.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    order[i] = i;
  }
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return boxes[a].x0 < boxes[b].x0; });
  const auto slack = [](double a, double b) { return 1e-9 * (1.0 + std::abs(a) + std::abs(b)); };
  std::vector<std::size_t> active; // boxes whose x range may still reach the next ones
  for (const std::size_t i : order) {
    const Box& bi = boxes[i];
    std::size_t keep = 0;
    for (const std::size_t j : active) {
      const Box& bj = boxes[j];
      if (bj.x1 + slack(bj.x1, bi.x0) < bi.x0) {
        continue; // ends before this one starts, and before every later one
      }
      active[keep++] = j;
      if (bj.y1 + slack(bj.y1, bi.y0) >= bi.y0 && bi.y1 + slack(bi.y1, bj.y0) >= bj.y0 &&
          f(std::min(i, j), std::max(i, j))) {
        return;
      }
    }
    active.resize(keep);
    active.push_back(i);
  }
}

bool contains(const Polygon& p, Point q) {
  for (std::size_t i = 0, j = p.size() - 1; i < p.size(); j = i++) {
    if (on_segment(p[j], p[i], q)) {
      return true;
    }
  }
  return strictly_inside(p, q);
}

bool contains(const Polygon& outer, const Polygon& inner) {
  return std::all_of(inner.begin(), inner.end(), [&](Point q) { return contains(outer, q); }) &&
         !any_edges_cross(outer, inner);
}

bool overlaps(const Polygon& a, const Polygon& b) {
  if (any_edges_cross(a, b)) {
    return true;
  }
  // No crossing edges: they overlap only if one lies inside the other (or they coincide).
  const auto inside_or_same = [](const Polygon& outer, const Polygon& inner) {
    Point c = vertex_centroid(inner);
    return strictly_inside(outer, c) ||
           std::any_of(inner.begin(), inner.end(), [&](Point q) { return strictly_inside(outer, q); });
  };
  return inside_or_same(a, b) || inside_or_same(b, a);
}

Polygon translated(const Polygon& p, Point offset) {
  Polygon out = p;
  for (auto& q : out) {
    q.x_m += offset.x_m;
    q.y_m += offset.y_m;
  }
  return out;
}

Point vertex_centroid(const Polygon& p) {
  Point c;
  for (const auto& q : p) {
    c.x_m += q.x_m;
    c.y_m += q.y_m;
  }
  if (!p.empty()) {
    c.x_m /= static_cast<double>(p.size());
    c.y_m /= static_cast<double>(p.size());
  }
  return c;
}

} // namespace parktwin::model
