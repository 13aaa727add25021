#include "parktwin/scene/park_scene.hpp"

#include "parktwin/model/supply_rules.hpp"

#include "parktwin/model/geometry.hpp"

#include <vtkActor.h>
#include <vtkCommand.h>
#include <vtkActor2D.h>
#include <vtkPolyDataMapper2D.h>
#include <vtkCoordinate.h>
#include <vtkCallbackCommand.h>
#include <vtkBillboardTextActor3D.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkCubeSource.h>
#include <vtkDoubleArray.h>
#include <vtkLinearExtrusionFilter.h>
#include <vtkLookupTable.h>
#include <vtkNew.h>
#include <vtkPlaneSource.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkPropPicker.h>
#include <vtkProperty.h>
#include <vtkProperty2D.h>
#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>
#include <vtkSmartPointer.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>
#include <vtkTriangleFilter.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <set>

namespace parktwin::scene {
namespace {

using model::Polygon;

struct Bounds {
  double x0 = std::numeric_limits<double>::max(), y0 = x0, x1 = -x0, y1 = -x0, z1 = 0.0;
  void add(const Polygon& p, double height = 0.0) {
    for (const auto& q : p) {
      x0 = std::min(x0, q.x_m);
      y0 = std::min(y0, q.y_m);
      x1 = std::max(x1, q.x_m);
      y1 = std::max(y1, q.y_m);
    }
    z1 = std::max(z1, height);
  }
  bool empty() const { return x1 < x0; }
  double size() const { return std::max({x1 - x0, y1 - y0, 1.0}); }
};

vtkSmartPointer<vtkPolyData> polygon(const Polygon& p, double z) {
  vtkNew<vtkPoints> pts;
  vtkNew<vtkCellArray> cells;
  cells->InsertNextCell(static_cast<int>(p.size()));
  for (std::size_t i = 0; i < p.size(); ++i) {
    pts->InsertNextPoint(p[i].x_m, p[i].y_m, z);
    cells->InsertCellPoint(static_cast<vtkIdType>(i));
  }
  auto pd = vtkSmartPointer<vtkPolyData>::New();
  pd->SetPoints(pts);
  pd->SetPolys(cells);
  return pd;
}

vtkSmartPointer<vtkPolyData> polyline(const Polygon& p, double z) {
  vtkNew<vtkPoints> pts;
  vtkNew<vtkCellArray> lines;
  lines->InsertNextCell(static_cast<int>(p.size() + 1));
  for (std::size_t i = 0; i < p.size(); ++i) {
    pts->InsertNextPoint(p[i].x_m, p[i].y_m, z);
    lines->InsertCellPoint(static_cast<vtkIdType>(i));
  }
  lines->InsertCellPoint(0);
  auto pd = vtkSmartPointer<vtkPolyData>::New();
  pd->SetPoints(pts);
  pd->SetLines(lines);
  return pd;
}

/// An actor drawing a pipeline's output (port) or a fixed data set (pd).
vtkSmartPointer<vtkActor> actor_of(vtkAlgorithmOutput* port, vtkPolyData* pd = nullptr) {
  vtkNew<vtkPolyDataMapper> mapper;
  if (port != nullptr) {
    mapper->SetInputConnection(port);
  } else {
    mapper->SetInputData(pd);
  }
  auto a = vtkSmartPointer<vtkActor>::New();
  a->SetMapper(mapper);
  return a;
}

vtkSmartPointer<vtkActor> actor_of(vtkPolyData* pd) { return actor_of(nullptr, pd); }

void set_font(vtkTextProperty* t, const std::string& file, int size, double scale) {
  t->SetFontSize(static_cast<int>(std::lround(size * scale)));
  if (!file.empty()) {
    t->SetFontFamily(VTK_FONT_FILE);
    t->SetFontFile(file.c_str());
  }
}

constexpr std::array<std::array<double, 3>, 4> kWingColours = {{
    {0.20, 0.45, 0.80}, {0.85, 0.45, 0.10}, {0.25, 0.60, 0.30}, {0.55, 0.35, 0.70}}};
constexpr std::array<double, 3> kNoValue = {0.72, 0.72, 0.70};
constexpr double kLegendBand = 0.16; // bottom share of the view kept for legends
constexpr std::array<double, 3> kPlanned = {0.90, 0.90, 0.88};

} // namespace

namespace {

/// A 2D polyline actor whose points are in display pixels (updated before each frame).
vtkSmartPointer<vtkActor2D> display_lines(vtkSmartPointer<vtkPoints>& points, int n_points, bool closed_pairs) {
  points = vtkSmartPointer<vtkPoints>::New();
  points->SetNumberOfPoints(n_points);
  for (int i = 0; i < n_points; ++i) {
    points->SetPoint(i, 0, 0, 0);
  }
  vtkNew<vtkCellArray> lines;
  if (closed_pairs) { // segments 0-1, 2-3, ...
    for (int i = 0; i + 1 < n_points; i += 2) {
      lines->InsertNextCell(2);
      lines->InsertCellPoint(i);
      lines->InsertCellPoint(i + 1);
    }
  } else {
    lines->InsertNextCell(n_points);
    for (int i = 0; i < n_points; ++i) {
      lines->InsertCellPoint(i);
    }
  }
  vtkNew<vtkPolyData> pd;
  pd->SetPoints(points);
  pd->SetLines(lines);
  vtkNew<vtkCoordinate> display;
  display->SetCoordinateSystemToDisplay();
  vtkNew<vtkPolyDataMapper2D> mapper;
  mapper->SetInputData(pd);
  mapper->SetTransformCoordinate(display);
  auto a = vtkSmartPointer<vtkActor2D>::New();
  a->SetMapper(mapper);
  a->GetProperty()->SetColor(0.12, 0.12, 0.16);
  a->GetProperty()->SetLineWidth(2.0F);
  return a;
}

/// Characters of UTF-8 text, CJK ones counted about twice as wide.
double text_width_em(const std::string& s) {
  double w = 0.0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0U) == 0x80U) {
      continue; // continuation byte
    }
    w += c >= 0xE0U ? 1.0 : 0.58;
  }
  return w;
}

} // namespace

/// A legend's title: left-aligned text just above its legend box (normalized viewport x, y).
vtkSmartPointer<vtkTextActor> legend_title_actor(const std::string& text, double x, double y, const std::string& font,
                                                 double scale) {
  auto a = vtkSmartPointer<vtkTextActor>::New();
  a->SetInput(text.c_str());
  a->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
  a->GetPositionCoordinate()->SetValue(x, y);
  set_font(a->GetTextProperty(), font, 14, scale);
  a->GetTextProperty()->SetColor(0.1, 0.1, 0.15);
  a->GetTextProperty()->BoldOn();
  a->PickableOff();
  return a;
}

Ticks nice_ticks(double lo, double hi, int n) {
  Ticks t;
  if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi)) {
    t.values = {lo};
    t.format = "%.3g";
    return t;
  }
  const double raw = (hi - lo) / std::max(1, n - 1);
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  double step = 10.0 * p;
  for (const double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * p >= raw * (1.0 - 1e-9)) {
      step = m * p;
      break;
    }
  }
  const double first = std::ceil(lo / step - 1e-9) * step;
  for (double v = first; v <= hi + 1e-9 * step; v += step) {
    t.values.push_back(std::abs(v) < 1e-12 * step ? 0.0 : v);
  }
  const int decimals = std::max(0, -static_cast<int>(std::floor(std::log10(step) + 1e-9)));
  t.format = "%." + std::to_string(decimals) + "f";
  return t;
}

struct ParkScene::Impl {
  vtkRenderer* renderer;
  std::vector<vtkSmartPointer<vtkProp>> props; // everything this scene added
  vtkSmartPointer<vtkScalarBarActor> legend;
  vtkSmartPointer<vtkTextActor> legend_title, inlet_title; // above their legends (VTK's own overlap the ticks)
  vtkSmartPointer<vtkLookupTable> lut;
  std::vector<vtkSmartPointer<vtkBillboardTextActor3D>> labels;
  std::vector<double> label_priority; ///< with labels: wings first, then buildings by footprint area
  bool labels_wanted = true;
  // Overlays kept up to date before each frame: the scale bar and the north arrow.
  vtkSmartPointer<vtkActor2D> scale_bar, north_arrow;
  vtkSmartPointer<vtkTextActor> scale_text, north_text;
  vtkSmartPointer<vtkPoints> scale_points, north_points;
  vtkSmartPointer<vtkCallbackCommand> before_frame;
  std::size_t labels_shown = 0, labels_led = 0;
  // Leader lines from a label moved off its place to the place (display coordinates).
  vtkSmartPointer<vtkActor2D> leaders;
  vtkSmartPointer<vtkPolyData> leader_lines;
  void update_overlays();
  std::map<std::string, Bounds> wing_bounds, building_bounds;
  std::map<std::string, std::string> building_of_hall;
  std::map<std::string, bool> in_service;
  std::map<const vtkProp*, std::string> id_of;
  std::map<std::string, std::array<double, 3>> colour;
  std::map<std::string, std::pair<model::Polygon, double>> footprint; // and height
  std::map<std::string, vtkSmartPointer<vtkActor>> pv; // roof PV rows by building (hidden while it is open)
  std::map<std::string, std::array<double, 3>> preview;               // dragged: dx, dy, allowed
  vtkSmartPointer<vtkActor> outline;      // the selected building's edges
  vtkSmartPointer<vtkActor> hall_outline; // the highlighted hall's
  struct HallBox {
    std::string id;
    double x0, x1, y0, y1, z0, z1;
    int rows;
  };
  std::map<std::string, std::vector<HallBox>> hall_boxes; // per building, in scenario order
  /// Halls with a layout in the scenario, per building: drawn from it instead of the schematic.
  struct LaidOut {
    std::string id;
    model::HallLayout layout;
    double z0 = 0.0, floor_height = 0.0;
  };
  std::map<std::string, std::vector<LaidOut>> laid_out;
  vtkSmartPointer<vtkTextActor> interior_note; // what the hall view shows and what the physics is
  std::vector<vtkSmartPointer<vtkProp>> interior;         // of the open building
  std::map<std::string, std::vector<vtkActor*>> interior_actors; // hall id -> slab and rows
  std::size_t rows_shown = 0, slabs_shown = 0;
  std::string open_building;
  vtkSmartPointer<vtkScalarBarActor> inlet_legend;
  vtkSmartPointer<vtkLookupTable> inlet_lut;
  Bounds park;

  void add(vtkProp* p) {
    props.emplace_back(p);
    renderer->AddViewProp(p);
  }
};

ParkScene::ParkScene(vtkRenderer* renderer) : impl_(std::make_unique<Impl>()) {
  impl_->renderer = renderer;
  renderer->SetBackground(0.93, 0.95, 0.97);
  renderer->SetBackground2(0.78, 0.84, 0.90);
  renderer->GradientBackgroundOn();
  // Overlays that follow the camera, brought up to date before every frame.
  Impl& m = *impl_;
  m.scale_bar = display_lines(m.scale_points, 6, true);
  m.north_arrow = display_lines(m.north_points, 6, true);
  for (auto* text : {&m.scale_text, &m.north_text}) {
    *text = vtkSmartPointer<vtkTextActor>::New();
    (*text)->GetTextProperty()->SetColor(0.12, 0.12, 0.16);
    (*text)->GetTextProperty()->SetFontSize(14);
    (*text)->GetTextProperty()->BoldOn();
  }
  m.north_text->SetInput("N");
  {
    m.leader_lines = vtkSmartPointer<vtkPolyData>::New();
    m.leader_lines->SetPoints(vtkSmartPointer<vtkPoints>::New());
    m.leader_lines->SetLines(vtkSmartPointer<vtkCellArray>::New());
    vtkNew<vtkCoordinate> display;
    display->SetCoordinateSystemToDisplay();
    vtkNew<vtkPolyDataMapper2D> mapper;
    mapper->SetInputData(m.leader_lines);
    mapper->SetTransformCoordinate(display);
    m.leaders = vtkSmartPointer<vtkActor2D>::New();
    m.leaders->SetMapper(mapper);
    m.leaders->GetProperty()->SetColor(0.25, 0.25, 0.30);
    m.leaders->GetProperty()->SetLineWidth(1.0F);
    m.leaders->PickableOff();
    renderer->AddViewProp(m.leaders);
  }
  for (vtkProp* p : {static_cast<vtkProp*>(m.scale_bar.Get()), static_cast<vtkProp*>(m.north_arrow.Get()),
                     static_cast<vtkProp*>(m.scale_text.Get()), static_cast<vtkProp*>(m.north_text.Get())}) {
    p->PickableOff();
    renderer->AddViewProp(p);
  }
  m.before_frame = vtkSmartPointer<vtkCallbackCommand>::New();
  m.before_frame->SetClientData(impl_.get());
  m.before_frame->SetCallback([](vtkObject*, unsigned long, void* self, void*) {
    static_cast<Impl*>(self)->update_overlays();
  });
  renderer->AddObserver(vtkCommand::StartEvent, m.before_frame);
}

ParkScene::~ParkScene() {
  impl_->renderer->RemoveObserver(impl_->before_frame);
  for (vtkProp* p : {static_cast<vtkProp*>(impl_->scale_bar.Get()), static_cast<vtkProp*>(impl_->north_arrow.Get()),
                     static_cast<vtkProp*>(impl_->scale_text.Get()), static_cast<vtkProp*>(impl_->north_text.Get()),
                     static_cast<vtkProp*>(impl_->leaders.Get())}) {
    impl_->renderer->RemoveViewProp(p);
  }
  show_interior("");
  for (auto& p : impl_->props) {
    impl_->renderer->RemoveViewProp(p);
  }
  if (impl_->outline) {
    impl_->renderer->RemoveViewProp(impl_->outline);
  }
  if (impl_->legend) {
    impl_->renderer->RemoveViewProp(impl_->legend);
    if (impl_->legend_title) {
      impl_->renderer->RemoveViewProp(impl_->legend_title);
    }
  }
}

namespace {
vtkSmartPointer<vtkActor> prisms_actor(const std::vector<Polygon>& polys, double z0, double z1);
Polygon rect(double x0, double y0, double x1, double y1);

/// Rows of modules `depth` deep at `pitch` from the south edge of a box, as many as `needed_m2`
/// of land takes (each row its pitch's worth; the last only what is still needed).
std::vector<Polygon> rows_in(double x0, double y0, double x1, double y1, double depth, double pitch, double needed_m2) {
  std::vector<Polygon> rows;
  double area = 0.0;
  for (double y = y0; y + depth <= y1 + 1e-9 && x1 > x0 && area < needed_m2 - 1e-6; y += pitch) {
    const double need = std::min(1.0, (needed_m2 - area) / (pitch * (x1 - x0)));
    rows.push_back(rect(x0, y, x0 + need * (x1 - x0), y + depth));
    area += need * pitch * (x1 - x0);
  }
  return rows;
}

/// The rows of a roof array, drawn on the roof inside its setback (the footprint's bounding box:
/// the park's buildings are rectangles), facing south, at the array's pitch, as many rows from
/// the south edge as its rating takes (docs/physics/park-supply.md).
std::vector<Polygon> roof_rows(const model::Park& park, const model::PvArray& a, const model::Building& b) {
  std::vector<Polygon> rows;
  const model::RoofFit fit = model::roof_fit(park, a, b);
  const double pitch = model::row_pitch_m(a, model::latitude_rad(park));
  if (pitch <= 0.0 || fit.needed_m2 <= 0.0) {
    return rows;
  }
  double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
  for (const auto& q : b.footprint) {
    x0 = std::min(x0, q.x_m);
    y0 = std::min(y0, q.y_m);
    x1 = std::max(x1, q.x_m);
    y1 = std::max(y1, q.y_m);
  }
  return rows_in(x0 + a.roof_setback_m, y0 + a.roof_setback_m, x1 - a.roof_setback_m, y1 - a.roof_setback_m,
                 a.module_length_m * std::cos(a.tilt_rad), pitch, fit.needed_m2);
}

/// A placed ground field's rows, over its square of land.
std::vector<Polygon> field_rows(const model::Park& park, const model::PvArray& a) {
  const auto outline = model::field_outline(park, a);
  const double pitch = model::row_pitch_m(a, model::latitude_rad(park));
  if (!outline || pitch <= 0.0) {
    return {};
  }
  const model::Box b = model::bounding_box(*outline);
  return rows_in(b.x0, b.y0, b.x1, b.y1, a.module_length_m * std::cos(a.tilt_rad), pitch, model::area_m2(*outline));
}
} // namespace

void ParkScene::build(const model::Park& park, const model::Stage& stage, bool reset_camera) {
  Impl& m = *impl_;
  show_interior(""); // while the building actors still exist
  for (auto& p : m.props) {
    m.renderer->RemoveViewProp(p);
  }
  m.props.clear();
  m.labels.clear();
  m.label_priority.clear();
  m.wing_bounds.clear();
  m.building_bounds.clear();
  m.building_of_hall.clear();
  m.in_service.clear();
  m.id_of.clear();
  m.colour.clear();
  m.footprint.clear();
  m.preview.clear();
  m.hall_boxes.clear();
  m.laid_out.clear();
  if (m.outline) {
    m.renderer->RemoveViewProp(m.outline);
    m.outline = nullptr;
  }
  if (m.legend) {
    m.renderer->RemoveViewProp(m.legend);
    m.legend = nullptr;
    if (m.legend_title) {
      m.renderer->RemoveViewProp(m.legend_title);
      m.legend_title = nullptr;
    }
  }
  buildings_.clear();
  selected_.clear();
  m.park = Bounds{};
  for (const auto& w : park.wings) {
    m.park.add(w.boundary);
    for (const auto& b : w.buildings) {
      m.park.add(b.footprint, b.height_m);
    }
  }
  if (m.park.empty()) {
    return;
  }
  // Ground, a little larger than the park.
  {
    const double pad = 0.08 * m.park.size();
    vtkNew<vtkPlaneSource> plane;
    plane->SetOrigin(m.park.x0 - pad, m.park.y0 - pad, -0.2);
    plane->SetPoint1(m.park.x1 + pad, m.park.y0 - pad, -0.2);
    plane->SetPoint2(m.park.x0 - pad, m.park.y1 + pad, -0.2);
    auto ground = actor_of(plane->GetOutputPort());
    ground->GetProperty()->SetColor(0.80, 0.82, 0.76);
    ground->GetProperty()->SetAmbient(0.3);
    ground->PickableOff();
    m.add(ground);
  }
  std::size_t wi = 0;
  for (const auto& w : park.wings) {
    const auto& c = kWingColours[wi++ % kWingColours.size()];
    Bounds wb;
    wb.add(w.boundary);
    for (const auto& b : w.buildings) {
      wb.add(b.footprint, b.height_m);
    }
    m.wing_bounds[w.id] = wb;
    // The wing's land, tinted, and its boundary.
    vtkNew<vtkTriangleFilter> tri;
    tri->SetInputData(polygon(w.boundary, 0.0));
    auto land = actor_of(tri->GetOutputPort());
    land->GetProperty()->SetColor(0.85 + 0.15 * c[0] - 0.1, 0.85 + 0.15 * c[1] - 0.1, 0.85 + 0.15 * c[2] - 0.1);
    land->GetProperty()->SetAmbient(0.4);
    land->PickableOff();
    m.add(land);
    auto edge = actor_of(polyline(w.boundary, 0.3));
    edge->GetProperty()->SetColor(c[0], c[1], c[2]);
    edge->GetProperty()->SetLineWidth(3.0F);
    edge->PickableOff();
    m.add(edge);
    const auto centre = model::vertex_centroid(w.boundary);
    vtkNew<vtkBillboardTextActor3D> label;
    const std::string& name = chinese_ && !w.name_zh.empty() ? w.name_zh : (w.name.empty() ? w.id : w.name);
    label->SetInput(name.c_str());
    label->SetPosition(centre.x_m, centre.y_m, 2.0);
    set_font(label->GetTextProperty(), font_file_, 18, text_scale_);
    label->GetTextProperty()->SetColor(c[0] * 0.6, c[1] * 0.6, c[2] * 0.6);
    label->GetTextProperty()->BoldOn();
    label->GetTextProperty()->SetJustificationToCentered();
    label->PickableOff();
    m.labels.emplace_back(label);
    m.label_priority.push_back(std::numeric_limits<double>::max()); // wings first
    m.add(label);
    for (const auto& b : w.buildings) {
      bool serving = false;
      for (const auto& h : b.halls) {
        m.building_of_hall[h.id] = b.id;
        serving = serving || park.service_year(h) <= stage.year;
      }
      m.in_service[b.id] = serving;
      Bounds bb;
      bb.add(b.footprint, b.height_m);
      m.building_bounds[b.id] = bb;
      vtkNew<vtkTriangleFilter> btri;
      btri->SetInputData(polygon(b.footprint, 0.0));
      vtkNew<vtkLinearExtrusionFilter> extrude;
      extrude->SetInputConnection(btri->GetOutputPort());
      extrude->SetExtrusionTypeToVectorExtrusion();
      extrude->SetVector(0.0, 0.0, std::max(b.height_m, 1.0));
      extrude->CappingOn();
      auto a = actor_of(extrude->GetOutputPort());
      const auto& col = serving ? kNoValue : kPlanned;
      a->GetProperty()->SetColor(col[0], col[1], col[2]);
      a->GetProperty()->SetOpacity(serving ? 1.0 : 0.35);
      m.colour[b.id] = col;
      m.footprint[b.id] = {b.footprint, std::max(b.height_m, 1.0)};
      {
        // Schematic hall layout: floors bottom-up, halls side by side across the footprint's
        // bounding box, widths by floor area.
        std::vector<Impl::HallBox> boxes;
        const int floors = std::max(1, b.floors);
        const auto n = static_cast<int>(b.halls.size());
        const int per_floor = std::max(1, (n + floors - 1) / floors);
        const double fh = std::max(b.height_m, 1.0) / floors;
        const double inset = 0.06 * std::min(bb.x1 - bb.x0, bb.y1 - bb.y0);
        for (int f = 0; f * per_floor < n; ++f) {
          double area = 0.0;
          for (int k = f * per_floor; k < std::min(n, (f + 1) * per_floor); ++k) {
            area += b.halls[static_cast<std::size_t>(k)].floor_area_m2;
          }
          double x = bb.x0 + inset;
          const double width = bb.x1 - bb.x0 - 2 * inset;
          for (int k = f * per_floor; k < std::min(n, (f + 1) * per_floor); ++k) {
            const auto& h = b.halls[static_cast<std::size_t>(k)];
            const double hw = width * h.floor_area_m2 / std::max(area, 1.0);
            const int rows = static_cast<int>(std::clamp(std::lround(h.racks() / 20.0), 1L, 60L));
            boxes.push_back({h.id, x + 0.03 * hw, x + hw - 0.03 * hw, bb.y0 + inset, bb.y1 - inset,
                             f * fh + 0.05 * fh, f * fh + 0.55 * fh, rows});
            x += hw;
          }
        }
        m.hall_boxes[b.id] = std::move(boxes);
        for (const auto& h : b.halls) {
          if (h.layout) {
            m.laid_out[b.id].push_back({h.id, *h.layout, (h.layout->floor - 1) * fh, fh});
          }
        }
      }
      m.id_of[a.Get()] = b.id;
      buildings_[b.id] = a.Get();
      m.add(a);
      const auto bc = model::vertex_centroid(b.footprint);
      vtkNew<vtkBillboardTextActor3D> bl;
      bl->SetInput(b.id.c_str());
      bl->SetPosition(bc.x_m, bc.y_m, b.height_m + 4.0);
      set_font(bl->GetTextProperty(), font_file_, 11, text_scale_);
      bl->GetTextProperty()->SetColor(0.15, 0.15, 0.2);
      bl->GetTextProperty()->SetJustificationToCentered();
      bl->PickableOff();
      m.labels.emplace_back(bl);
      m.label_priority.push_back(model::area_m2(b.footprint)); // larger buildings first
      m.add(bl);
    }
  }
  // PV on the roofs: dark blue rows, pale when not yet in service; one actor per building.
  pv_rows_ = 0;
  m.pv.clear();
  std::map<std::string, std::vector<Polygon>> rows_of;
  std::map<std::string, bool> serving_of;
  for (const auto& a : park.supply.pv_arrays) {
    const model::Building* b = a.mount == model::PvMount::Roof ? park.find_building(a.building_id) : nullptr;
    if (b == nullptr) {
      continue;
    }
    const auto rows = roof_rows(park, a, *b);
    rows_of[b->id].insert(rows_of[b->id].end(), rows.begin(), rows.end());
    serving_of[b->id] = serving_of[b->id] || park.in_service(a.stage_id, stage);
    pv_rows_ += rows.size();
  }
  for (const auto& a : park.supply.pv_arrays) {
    if (a.mount == model::PvMount::Ground && a.position) {
      const auto rows = field_rows(park, a);
      rows_of["field:" + a.id] = rows;
      serving_of["field:" + a.id] = park.in_service(a.stage_id, stage);
      pv_rows_ += rows.size();
    }
  }
  for (const auto& [id, rows] : rows_of) {
    const model::Building* b = park.find_building(id);
    const bool field = id.rfind("field:", 0) == 0;
    if (rows.empty() || (b == nullptr && !field)) {
      continue;
    }
    const double h = field ? 0.0 : std::max(b->height_m, 1.0);
    auto a = prisms_actor(rows, h + 0.3, h + 0.9);
    a->GetProperty()->SetColor(0.12, 0.22, 0.48);
    a->GetProperty()->SetOpacity(serving_of[id] ? 1.0 : 0.35);
    a->PickableOff();
    m.pv[id] = a;
    m.add(a);
  }
  if (reset_camera) {
    set_view("iso");
  }
}

void ParkScene::colour(const Colouring& c) {
  Impl& m = *impl_;
  if (m.legend) {
    m.renderer->RemoveViewProp(m.legend);
    m.legend = nullptr;
    if (m.legend_title) {
      m.renderer->RemoveViewProp(m.legend_title);
      m.legend_title = nullptr;
    }
  }
  double lo = std::numeric_limits<double>::max(), hi = -lo;
  for (const auto& [id, v] : c.values) {
    if (std::isfinite(v)) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  if (c.range && (*c.range)[0] < (*c.range)[1]) {
    lo = (*c.range)[0];
    hi = (*c.range)[1];
  }
  const bool any = lo <= hi;
  if (any && hi - lo < 1e-9 * std::max(1.0, std::abs(hi))) {
    const double d = std::max(1e-3, 0.01 * std::abs(hi));
    lo -= d;
    hi += d;
  }
  m.lut = vtkSmartPointer<vtkLookupTable>::New();
  m.lut->SetNumberOfTableValues(256);
  const std::array<double, 3> good{0.20, 0.70, 0.25}, bad{0.85, 0.20, 0.15}, neutral{0.82, 0.82, 0.80};
  const auto blend = [](const std::array<double, 3>& a, const std::array<double, 3>& b, double s) {
    return std::array<double, 3>{a[0] + s * (b[0] - a[0]), a[1] + s * (b[1] - a[1]), a[2] + s * (b[2] - a[2])};
  };
  switch (c.scale) {
  case Colouring::Scale::Rating:
    // Green at the good end, red at the bad end.
    m.lut->SetHueRange(c.higher_is_better ? 0.0 : 0.33, c.higher_is_better ? 0.33 : 0.0);
    m.lut->SetSaturationRange(0.75, 0.75);
    m.lut->SetValueRange(0.9, 0.9);
    m.lut->Build();
    break;
  case Colouring::Scale::Amount: {
    // Zero ("none") is neutral, not alarming; more is greener (or redder if more is worse).
    lo = std::min(lo, 0.0);
    hi = std::max(hi, lo + 1e-9);
    const auto& far = c.higher_is_better ? good : bad;
    for (int k = 0; k < 256; ++k) {
      const auto col = blend(neutral, far, k / 255.0);
      m.lut->SetTableValue(k, col[0], col[1], col[2], 1.0);
    }
    break;
  }
  case Colouring::Scale::Difference: {
    // Centred on zero: neutral there, green where this scenario is better, red where worse.
    const double r = std::max({std::abs(lo), std::abs(hi), 1e-9});
    lo = -r;
    hi = r;
    for (int k = 0; k < 256; ++k) {
      const double s = (k - 127.5) / 127.5; // -1 .. 1
      const bool better = (s > 0) == c.higher_is_better;
      const auto col = blend(neutral, better ? good : bad, std::abs(s));
      m.lut->SetTableValue(k, col[0], col[1], col[2], 1.0);
    }
    break;
  }
  }
  if (any) {
    m.lut->SetTableRange(lo, hi);
  }
  for (const auto& [id, actor] : buildings_) {
    std::array<double, 3> col = m.in_service[id] ? kNoValue : kPlanned;
    if (const auto it = c.values.find(id); any && it != c.values.end() && std::isfinite(it->second)) {
      m.lut->GetColor(it->second, col.data());
    }
    actor->GetProperty()->SetColor(col[0], col[1], col[2]);
    m.colour[id] = col;
  }
  if (!any || c.title.empty()) {
    return;
  }
  m.legend = vtkSmartPointer<vtkScalarBarActor>::New();
  m.legend->SetLookupTable(m.lut);
  m.legend->SetTitle("");
  m.legend_title = legend_title_actor(c.title, 0.555, 0.135, font_file_, text_scale_);
  m.renderer->AddViewProp(m.legend_title);
  // Ticks people read (1, 2, 5 steps; no e-notation, no trailing points), in the legend band at
  // the bottom, which the camera presets keep free of the park.
  const Ticks ticks = nice_ticks(lo, hi, 5);
  vtkNew<vtkDoubleArray> labels;
  for (const double v : ticks.values) {
    labels->InsertNextValue(v);
  }
  m.legend->SetUseCustomLabels(true);
  m.legend->SetCustomLabels(labels);
  m.legend->SetLabelFormat(ticks.format.c_str());
  m.legend->SetOrientationToHorizontal();
  m.legend->SetPosition(0.55, 0.045);
  m.legend->SetWidth(0.42);
  m.legend->SetHeight(0.085);
  m.legend->DrawBackgroundOn();
  m.legend->SetBarRatio(0.25);
  m.legend->SetVerticalTitleSeparation(4);
  m.legend->SetTextPositionToSucceedScalarBar(); // tick labels and title above the bar
  m.legend->GetBackgroundProperty()->SetColor(1.0, 1.0, 1.0);
  m.legend->GetBackgroundProperty()->SetOpacity(0.8);
  m.legend->GetTitleTextProperty()->SetColor(0.1, 0.1, 0.15);
  set_font(m.legend->GetTitleTextProperty(), font_file_, 14, text_scale_);
  m.legend->GetTitleTextProperty()->ItalicOff();
  m.legend->GetLabelTextProperty()->SetColor(0.1, 0.1, 0.15);
  m.legend->GetLabelTextProperty()->ItalicOff();
  m.legend->UnconstrainedFontSizeOn();
  set_font(m.legend->GetLabelTextProperty(), font_file_, 12, text_scale_);
  m.renderer->AddViewProp(m.legend);
}

void ParkScene::set_labels_visible(bool visible) {
  impl_->labels_wanted = visible;
  for (auto& l : impl_->labels) {
    l->SetVisibility(visible ? 1 : 0);
  }
}

std::size_t ParkScene::labels_shown() const noexcept { return impl_->labels_shown; }
std::size_t ParkScene::labels_with_leaders() const noexcept { return impl_->labels_led; }

void ParkScene::Impl::update_overlays() {
  int* size = renderer->GetSize();
  const double W = size[0], H = size[1];
  if (W <= 0 || H <= 0) {
    return;
  }
  const auto to_display = [this](double x, double y, double z) {
    renderer->SetWorldPoint(x, y, z, 1.0);
    renderer->WorldToDisplay();
    double d[3];
    renderer->GetDisplayPoint(d);
    return std::array<double, 3>{d[0], d[1], d[2]};
  };
  // Labels: by priority, each shown where it overlaps no label shown before it, is in the view
  // and above the legend band: at its place, or else moved up or down by a line or two (or to a
  // side) with a leader line back to its place; hidden only when none of those is free.
  labels_shown = 0;
  labels_led = 0;
  vtkPoints* leader_points = leader_lines->GetPoints();
  leader_points->Reset();
  auto leader_cells = vtkSmartPointer<vtkCellArray>::New();
  if (labels_wanted) {
    std::vector<std::size_t> order(labels.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
      order[i] = i;
    }
    std::stable_sort(order.begin(), order.end(),
                     [this](std::size_t a, std::size_t b) { return label_priority[a] > label_priority[b]; });
    struct Rect {
      double x0, y0, x1, y1;
    };
    std::vector<Rect> taken;
    for (const std::size_t i : order) {
      auto& l = labels[i];
      double p[3];
      l->GetPosition(p);
      const auto d = to_display(p[0], p[1], p[2]);
      const double font = l->GetTextProperty()->GetFontSize();
      const double w = font * text_width_em(l->GetInput() != nullptr ? l->GetInput() : "") + 4.0;
      const double h = font * 1.3;
      const auto free = [&](const Rect& r) {
        bool ok = r.x0 >= 0 && r.x1 <= W && r.y1 <= H && r.y0 >= kLegendBand * H;
        for (const auto& o : taken) {
          ok = ok && (r.x1 < o.x0 || o.x1 < r.x0 || r.y1 < o.y0 || o.y1 < r.y0);
        }
        return ok;
      };
      const bool in_view = d[2] > 0.0 && d[2] < 1.0;
      const std::array<std::array<double, 2>, 7> offsets{
          {{0, 0}, {0, 1.8 * h}, {0, -1.8 * h}, {0, 3.0 * h}, {0, -3.0 * h}, {0.7 * w, 1.8 * h}, {-0.7 * w, 1.8 * h}}};
      bool shown = false;
      for (const auto& [dx, dy] : offsets) {
        const Rect r{d[0] + dx - w / 2, d[1] + dy - h / 2, d[0] + dx + w / 2, d[1] + dy + h / 2};
        if (!in_view || !free(r)) {
          continue;
        }
        l->SetDisplayOffset(static_cast<int>(dx), static_cast<int>(dy));
        taken.push_back(r);
        if (dx != 0.0 || dy != 0.0) {
          // From the label's near edge to its place; the place itself stays free of labels.
          const vtkIdType a = leader_points->InsertNextPoint(d[0], d[1], 0.0);
          const vtkIdType b = leader_points->InsertNextPoint(d[0] + dx, dy > 0 ? r.y0 : r.y1, 0.0);
          leader_cells->InsertNextCell(2);
          leader_cells->InsertCellPoint(a);
          leader_cells->InsertCellPoint(b);
          taken.push_back({d[0] - 3, d[1] - 3, d[0] + 3, d[1] + 3});
          ++labels_led;
        }
        shown = true;
        break;
      }
      l->SetVisibility(shown ? 1 : 0);
      labels_shown += shown ? 1 : 0;
    }
  }
  leader_lines->SetLines(leader_cells);
  leader_points->Modified();
  leader_lines->Modified();
  // Scale bar (bottom left, above the legend band): a round length of 60-180 pixels at the
  // focal point, along the screen's horizontal.
  vtkCamera* cam = renderer->GetActiveCamera();
  double f[3], up[3], dir[3];
  cam->GetFocalPoint(f);
  cam->GetViewUp(up);
  cam->GetDirectionOfProjection(dir);
  double right[3] = {dir[1] * up[2] - dir[2] * up[1], dir[2] * up[0] - dir[0] * up[2], dir[0] * up[1] - dir[1] * up[0]};
  const double rn = std::sqrt(right[0] * right[0] + right[1] * right[1] + right[2] * right[2]);
  if (scale_bar && rn > 1e-12) {
    const auto a = to_display(f[0], f[1], f[2]);
    const auto b = to_display(f[0] + 100.0 * right[0] / rn, f[1] + 100.0 * right[1] / rn, f[2] + 100.0 * right[2] / rn);
    const double px_per_m = std::hypot(b[0] - a[0], b[1] - a[1]) / 100.0;
    double length = 1.0;
    for (const double L : {1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0, 2000.0, 5000.0, 10000.0}) {
      length = L;
      if (L * px_per_m >= 60.0) {
        break;
      }
    }
    const double x0 = 0.03 * W, y0 = (kLegendBand + 0.03) * H, len = length * px_per_m;
    scale_points->SetPoint(0, x0, y0, 0);
    scale_points->SetPoint(1, x0 + len, y0, 0);
    scale_points->SetPoint(2, x0, y0 - 5, 0);
    scale_points->SetPoint(3, x0, y0 + 5, 0);
    scale_points->SetPoint(4, x0 + len, y0 - 5, 0);
    scale_points->SetPoint(5, x0 + len, y0 + 5, 0);
    scale_points->Modified();
    const std::string text = length >= 1000.0 ? std::to_string(static_cast<int>(length / 1000.0)) + " km"
                                              : std::to_string(static_cast<int>(length)) + " m";
    scale_text->SetInput(text.c_str());
    scale_text->SetPosition(x0 + len + 8, y0 - 7);
  }
  // North arrow (top right): where north (+y) points on the screen.
  if (north_arrow) {
    const auto a = to_display(f[0], f[1], 0.0);
    const auto b = to_display(f[0], f[1] + 100.0, 0.0);
    double dx = b[0] - a[0], dy = b[1] - a[1];
    const double n = std::hypot(dx, dy);
    if (n > 1e-9) {
      dx /= n;
      dy /= n;
    } else {
      dx = 0;
      dy = 1;
    }
    const double cx = W - 0.05 * std::min(W, H) - 20, cy = H - 0.12 * H, L = 28.0;
    const double tx = cx + dx * L, ty = cy + dy * L;
    north_points->SetPoint(0, cx - dx * L, cy - dy * L, 0);
    north_points->SetPoint(1, tx, ty, 0);
    // The head: two strokes back from the tip.
    north_points->SetPoint(2, tx, ty, 0);
    north_points->SetPoint(3, tx - 10 * dx + 6 * dy, ty - 10 * dy - 6 * dx, 0);
    north_points->SetPoint(4, tx, ty, 0);
    north_points->SetPoint(5, tx - 10 * dx - 6 * dy, ty - 10 * dy + 6 * dx, 0);
    north_points->Modified();
    north_text->SetPosition(tx + dx * 10 - 5, ty + dy * 10 - 7);
  }
}

void ParkScene::select(const std::string& id) {
  Impl& m = *impl_;
  std::string building = id;
  if (const auto it = m.building_of_hall.find(id); it != m.building_of_hall.end()) {
    building = it->second;
  }
  if (m.outline) {
    m.renderer->RemoveViewProp(m.outline);
    m.outline = nullptr;
  }
  const auto it = m.footprint.find(building);
  selected_ = it != m.footprint.end() ? building : std::string();
  if (selected_.empty()) {
    return;
  }
  // The building's edges: bottom and top outlines and the vertical corners, slightly outside.
  const auto& [poly, height] = it->second;
  vtkNew<vtkPoints> pts;
  vtkNew<vtkCellArray> lines;
  const auto n = static_cast<vtkIdType>(poly.size());
  for (const double z : {0.3, height + 0.3}) {
    for (const auto& q : poly) {
      pts->InsertNextPoint(q.x_m, q.y_m, z);
    }
  }
  for (vtkIdType k = 0; k < 2; ++k) {
    lines->InsertNextCell(static_cast<int>(n + 1));
    for (vtkIdType i = 0; i <= n; ++i) {
      lines->InsertCellPoint(k * n + i % n);
    }
  }
  for (vtkIdType i = 0; i < n; ++i) {
    lines->InsertNextCell(2);
    lines->InsertCellPoint(i);
    lines->InsertCellPoint(n + i);
  }
  vtkNew<vtkPolyData> pd;
  pd->SetPoints(pts);
  pd->SetLines(lines);
  m.outline = actor_of(pd);
  m.outline->GetProperty()->SetColor(1.0, 0.85, 0.1);
  m.outline->GetProperty()->SetLineWidth(4.0F);
  m.outline->GetProperty()->LightingOff();
  m.outline->PickableOff();
  m.renderer->AddViewProp(m.outline);
}

namespace {

vtkSmartPointer<vtkActor> box_actor(double x0, double x1, double y0, double y1, double z0, double z1) {
  vtkNew<vtkCubeSource> cube;
  cube->SetBounds(x0, x1, y0, y1, z0, z1);
  return actor_of(cube->GetOutputPort());
}

/// Convex polygons (rectangles) extruded from z0 to z1, all in one data set: one actor for many
/// racks keeps the frame rate of a hall with thousands of them.
vtkSmartPointer<vtkActor> prisms_actor(const std::vector<Polygon>& polys, double z0, double z1) {
  vtkNew<vtkPoints> pts;
  vtkNew<vtkCellArray> cells;
  for (const auto& p : polys) {
    const auto n = static_cast<vtkIdType>(p.size());
    const vtkIdType base = pts->GetNumberOfPoints();
    for (const double z : {z0, z1}) {
      for (const auto& q : p) {
        pts->InsertNextPoint(q.x_m, q.y_m, z);
      }
    }
    for (const vtkIdType off : {vtkIdType{0}, n}) { // bottom and top
      cells->InsertNextCell(static_cast<int>(n));
      for (vtkIdType i = 0; i < n; ++i) {
        cells->InsertCellPoint(base + off + (off == 0 ? n - 1 - i : i));
      }
    }
    for (vtkIdType i = 0; i < n; ++i) { // sides
      const vtkIdType j = (i + 1) % n;
      cells->InsertNextCell(4);
      cells->InsertCellPoint(base + i);
      cells->InsertCellPoint(base + j);
      cells->InsertCellPoint(base + n + j);
      cells->InsertCellPoint(base + n + i);
    }
  }
  vtkNew<vtkPolyData> pd;
  pd->SetPoints(pts);
  pd->SetPolys(cells);
  return actor_of(pd);
}

Polygon rect(double x0, double y0, double x1, double y1) { return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}; }

/// The aisles of a block of rows (aisle 0 before the first row, aisle k after row k-1).
Polygon aisle(const model::RackRows& r, int k) {
  const double along = r.racks_per_row * r.rack_width_m;
  const double at = k * (r.rack_depth_m + r.aisle_width_m);
  return r.orientation == model::RowOrientation::EastWest
             ? rect(r.origin.x_m, r.origin.y_m + at, r.origin.x_m + along, r.origin.y_m + at + r.aisle_width_m)
             : rect(r.origin.x_m + at, r.origin.y_m, r.origin.x_m + at + r.aisle_width_m, r.origin.y_m + along);
}

/// Boxes of `count` cooling units standing along a wall of the outline's bounding box.
std::vector<Polygon> units_along(const model::Box& b, model::Side side, int count) {
  std::vector<Polygon> out;
  const bool horizontal = side == model::Side::North || side == model::Side::South;
  const double length = horizontal ? b.x1 - b.x0 : b.y1 - b.y0;
  const double slot = length / std::max(count, 1);
  const double w = std::min(2.4, 0.8 * slot), d = 1.2; // a unit: up to 2.4 m wide, 1.2 m deep
  for (int k = 0; k < count; ++k) {
    const double c = (horizontal ? b.x0 : b.y0) + (k + 0.5) * slot;
    switch (side) {
    case model::Side::South:
      out.push_back(rect(c - w / 2, b.y0 + 0.3, c + w / 2, b.y0 + 0.3 + d));
      break;
    case model::Side::North:
      out.push_back(rect(c - w / 2, b.y1 - 0.3 - d, c + w / 2, b.y1 - 0.3));
      break;
    case model::Side::West:
      out.push_back(rect(b.x0 + 0.3, c - w / 2, b.x0 + 0.3 + d, c + w / 2));
      break;
    case model::Side::East:
      out.push_back(rect(b.x1 - 0.3 - d, c - w / 2, b.x1 - 0.3, c + w / 2));
      break;
    }
  }
  return out;
}

std::array<double, 3> unit_colour(model::CoolingUnitKind k) {
  switch (k) {
  case model::CoolingUnitKind::Crah:
  case model::CoolingUnitKind::InRow:
    return {0.25, 0.45, 0.85};
  case model::CoolingUnitKind::FanWall:
    return {0.55, 0.75, 0.90};
  case model::CoolingUnitKind::Iec:
    return {0.15, 0.65, 0.60};
  case model::CoolingUnitKind::Cdu:
    return {0.55, 0.30, 0.70};
  }
  return {0.5, 0.5, 0.5};
}

} // namespace

void ParkScene::show_interior(const std::string& building_id) {
  Impl& m = *impl_;
  for (auto& p : m.interior) {
    m.renderer->RemoveViewProp(p);
    m.id_of.erase(p.Get());
  }
  m.interior.clear();
  m.interior_actors.clear();
  m.rows_shown = m.slabs_shown = 0;
  if (m.hall_outline) {
    m.renderer->RemoveViewProp(m.hall_outline);
    m.hall_outline = nullptr;
    highlighted_hall_.clear();
  }
  if (m.inlet_legend) {
    m.renderer->RemoveViewProp(m.inlet_legend);
    m.inlet_legend = nullptr;
    if (m.inlet_title) {
      m.renderer->RemoveViewProp(m.inlet_title);
      m.inlet_title = nullptr;
    }
  }
  for (const auto& [id, actor] : m.pv) {
    actor->SetVisibility(id == building_id ? 0 : 1); // the open building's interior shows
  }
  for (const auto& [id, actor] : buildings_) {
    const bool serving = m.in_service.count(id) != 0 && m.in_service.at(id);
    actor->GetProperty()->SetOpacity(id == building_id ? 0.18 : (serving ? 1.0 : 0.35));
    actor->SetPickable(id == building_id ? 0 : 1);
  }
  m.open_building = building_id;
  if (m.interior_note) {
    m.renderer->RemoveViewProp(m.interior_note);
    m.interior_note = nullptr;
  }
  const auto it = m.hall_boxes.find(building_id);
  if (building_id.empty() || it == m.hall_boxes.end()) {
    return;
  }
  const auto add_interior = [&](vtkSmartPointer<vtkActor> a, const std::string& hall, bool recoloured) {
    m.id_of[a.Get()] = hall;
    if (recoloured) {
      m.interior_actors[hall].push_back(a.Get());
    }
    m.interior.emplace_back(a);
    m.renderer->AddViewProp(a);
  };
  // Halls with a layout: their outline, rows, containment and cooling units as the file says.
  std::set<std::string> drawn;
  if (const auto lo = m.laid_out.find(building_id); lo != m.laid_out.end()) {
    for (const auto& h : lo->second) {
      drawn.insert(h.id);
      const model::HallLayout& l = h.layout;
      const double z = h.z0 + 0.05 * h.floor_height;
      const double rack_h = std::min(2.2, 0.6 * h.floor_height);
      vtkNew<vtkTriangleFilter> tri;
      tri->SetInputData(polygon(l.outline, z));
      vtkNew<vtkLinearExtrusionFilter> slab_ex;
      slab_ex->SetInputConnection(tri->GetOutputPort());
      slab_ex->SetExtrusionTypeToVectorExtrusion();
      slab_ex->SetVector(0.0, 0.0, 0.15);
      slab_ex->CappingOn();
      auto slab = actor_of(slab_ex->GetOutputPort());
      slab->GetProperty()->SetColor(0.85, 0.85, 0.85);
      add_interior(slab, h.id, true);
      ++m.slabs_shown;
      std::vector<Polygon> rows, panels;
      for (const auto& r : l.rows) {
        for (int k = 0; k < r.rows; ++k) {
          rows.push_back(r.row(k));
        }
        // Containment: a roof over the contained aisles between the rows (hot aisles are the
        // odd ones, behind rows 0, 2, ...; cold the even ones between them).
        if (l.containment != model::Containment::None) {
          for (int k = 1; k < r.rows; ++k) {
            const bool hot = k % 2 == 1;
            if (hot == (l.containment == model::Containment::HotAisle)) {
              panels.push_back(aisle(r, k));
            }
          }
        }
        m.rows_shown += static_cast<std::size_t>(r.rows);
      }
      if (!rows.empty()) {
        auto a = prisms_actor(rows, z + 0.15, z + 0.15 + rack_h);
        a->GetProperty()->SetColor(0.7, 0.7, 0.7);
        add_interior(a, h.id, true);
      }
      if (!panels.empty()) {
        auto a = prisms_actor(panels, z + 0.15 + rack_h, z + 0.25 + rack_h);
        const bool hot = l.containment == model::Containment::HotAisle;
        a->GetProperty()->SetColor(hot ? 0.95 : 0.55, hot ? 0.55 : 0.75, hot ? 0.35 : 0.95);
        a->GetProperty()->SetOpacity(0.55);
        add_interior(a, h.id, false);
      }
      const model::Box ob = model::bounding_box(l.outline);
      for (const auto& u : l.cooling_units) {
        auto a = prisms_actor(units_along(ob, u.side, u.count), z + 0.15, z + 0.15 + rack_h * 0.9);
        const auto c = unit_colour(u.kind);
        a->GetProperty()->SetColor(c[0], c[1], c[2]);
        add_interior(a, h.id, false);
      }
    }
  }
  // What the view shows: drawn halls are the file's geometry; the physics stays lumped.
  m.interior_note = vtkSmartPointer<vtkTextActor>::New();
  const bool all = drawn.size() == it->second.size();
  m.interior_note->SetInput(
      chinese_ ? (drawn.empty() ? "机房为示意布置（场景中无机房布置）；热模型：集总参数"
                                : (all ? "机房按其布置绘制；热模型：集总参数（每个机房一个冷通道、一个热通道空气节点）"
                                       : "有布置的机房按布置绘制，其余为示意；热模型：集总参数"))
               : (drawn.empty() ? "Halls drawn schematically (no layout in the scenario); thermal model: lumped"
                                : (all ? "Halls drawn from their layouts; thermal model: lumped (one cold- and one hot-aisle air node per hall)"
                                       : "Halls with a layout drawn from it, the others schematically; thermal model: lumped")));
  m.interior_note->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
  m.interior_note->GetPositionCoordinate()->SetValue(0.01, 0.955); // top left: the caption is at the bottom
  set_font(m.interior_note->GetTextProperty(), font_file_, 12, text_scale_);
  m.interior_note->GetTextProperty()->SetColor(0.15, 0.15, 0.2);
  m.renderer->AddViewProp(m.interior_note);
  for (const auto& hb : it->second) {
    if (drawn.count(hb.id) != 0) {
      continue;
    }
    auto slab = box_actor(hb.x0, hb.x1, hb.y0, hb.y1, hb.z0, hb.z0 + 0.15);
    slab->GetProperty()->SetColor(0.85, 0.85, 0.85);
    m.id_of[slab.Get()] = hb.id;
    m.interior_actors[hb.id].push_back(slab.Get());
    m.interior.emplace_back(slab);
    m.renderer->AddViewProp(slab);
    ++m.slabs_shown;
    // Rack rows along y, spread across the hall's width.
    const double pitch = (hb.x1 - hb.x0) / hb.rows;
    for (int r = 0; r < hb.rows; ++r) {
      const double cx = hb.x0 + (r + 0.5) * pitch;
      auto row = box_actor(cx - 0.25 * pitch, cx + 0.25 * pitch, hb.y0 + 0.1 * (hb.y1 - hb.y0),
                           hb.y1 - 0.1 * (hb.y1 - hb.y0), hb.z0 + 0.15, hb.z1);
      row->GetProperty()->SetColor(0.7, 0.7, 0.7);
      m.id_of[row.Get()] = hb.id;
      m.interior_actors[hb.id].push_back(row.Get());
      m.interior.emplace_back(row);
      m.renderer->AddViewProp(row);
      ++m.rows_shown;
    }
  }
}

bool ParkScene::highlight_hall(const std::string& hall_id) {
  Impl& m = *impl_;
  if (m.hall_outline) {
    m.renderer->RemoveViewProp(m.hall_outline);
    m.hall_outline = nullptr;
  }
  highlighted_hall_.clear();
  if (hall_id.empty() || m.open_building.empty()) {
    return hall_id.empty();
  }
  Polygon outline;
  double z = 0.0;
  if (const auto lo = m.laid_out.find(m.open_building); lo != m.laid_out.end()) {
    for (const auto& h : lo->second) {
      if (h.id == hall_id) {
        outline = h.layout.outline;
        z = h.z0 + 0.05 * h.floor_height + 0.25;
      }
    }
  }
  if (outline.empty()) {
    for (const auto& hb : m.hall_boxes[m.open_building]) {
      if (hb.id == hall_id) {
        outline = rect(hb.x0, hb.y0, hb.x1, hb.y1);
        z = hb.z0 + 0.25;
      }
    }
  }
  if (outline.empty()) {
    return false;
  }
  m.hall_outline = actor_of(polyline(outline, z));
  m.hall_outline->GetProperty()->SetColor(1.0, 0.85, 0.1);
  m.hall_outline->GetProperty()->SetLineWidth(4.0F);
  m.hall_outline->PickableOff();
  m.renderer->AddViewProp(m.hall_outline);
  highlighted_hall_ = hall_id;
  return true;
}

void ParkScene::set_inlet_temperatures(const std::map<std::string, double>& T_C,
                                       const std::string& legend_title) {
  Impl& m = *impl_;
  if (m.open_building.empty()) {
    return;
  }
  if (!m.inlet_lut) {
    m.inlet_lut = vtkSmartPointer<vtkLookupTable>::New();
    m.inlet_lut->SetNumberOfTableValues(256);
    m.inlet_lut->SetHueRange(0.66, 0.0); // blue (cool) to red (hot)
    m.inlet_lut->SetSaturationRange(0.8, 0.8);
    m.inlet_lut->SetValueRange(0.95, 0.95);
    m.inlet_lut->SetTableRange(15.0, 35.0);
    m.inlet_lut->Build();
  }
  for (auto& [hall, actors] : m.interior_actors) {
    const auto v = T_C.find(hall);
    std::array<double, 3> col = {0.7, 0.7, 0.7};
    if (v != T_C.end() && std::isfinite(v->second)) {
      m.inlet_lut->GetColor(v->second, col.data());
    }
    for (std::size_t i = 1; i < actors.size(); ++i) { // the rows; the slab stays grey
      actors[i]->GetProperty()->SetColor(col[0], col[1], col[2]);
    }
  }
  if (!m.inlet_legend) {
    m.inlet_legend = vtkSmartPointer<vtkScalarBarActor>::New();
    m.inlet_legend->SetLookupTable(m.inlet_lut);
    m.inlet_legend->SetTitle("");
    m.inlet_legend->SetNumberOfLabels(5);
    m.inlet_legend->SetLabelFormat("%.0f");
    // In the legend band, left of the colouring's legend: never over the park.
    m.inlet_legend->SetOrientationToHorizontal();
    m.inlet_legend->SetPosition(0.03, 0.045);
    m.inlet_legend->SetWidth(0.42);
    m.inlet_legend->SetHeight(0.085);
    m.inlet_legend->DrawBackgroundOn();
    m.inlet_legend->SetBarRatio(0.25);
    m.inlet_legend->SetVerticalTitleSeparation(4);
    m.inlet_legend->SetTextPositionToSucceedScalarBar();
    m.inlet_legend->GetBackgroundProperty()->SetColor(1.0, 1.0, 1.0);
    m.inlet_legend->GetBackgroundProperty()->SetOpacity(0.8);
    m.inlet_legend->GetTitleTextProperty()->SetColor(0.1, 0.1, 0.15);
    set_font(m.inlet_legend->GetTitleTextProperty(), font_file_, 14, text_scale_);
    set_font(m.inlet_legend->GetLabelTextProperty(), font_file_, 12, text_scale_);
    m.inlet_legend->UnconstrainedFontSizeOn();
    m.inlet_legend->GetTitleTextProperty()->ItalicOff();
    m.inlet_legend->GetLabelTextProperty()->SetColor(0.1, 0.1, 0.15);
    m.inlet_legend->GetLabelTextProperty()->ItalicOff();
    m.renderer->AddViewProp(m.inlet_legend);
  }
  if (!m.inlet_title) {
    m.inlet_title = legend_title_actor(legend_title, 0.035, 0.135, font_file_, text_scale_);
    m.renderer->AddViewProp(m.inlet_title);
  }
  m.inlet_title->SetInput(legend_title.c_str());
}

std::size_t ParkScene::rack_row_count() const noexcept { return impl_->rows_shown; }

std::array<double, 3> ParkScene::rack_row_colour(const std::string& hall_id) const {
  const auto it = impl_->interior_actors.find(hall_id);
  if (it == impl_->interior_actors.end() || it->second.size() < 2) {
    return {0, 0, 0};
  }
  std::array<double, 3> c{};
  it->second[1]->GetProperty()->GetColor(c.data());
  return c;
}
std::size_t ParkScene::hall_slab_count() const noexcept { return impl_->slabs_shown; }

std::string ParkScene::pick(double x, double y) const {
  vtkNew<vtkPropPicker> picker;
  if (picker->Pick(x, y, 0.0, impl_->renderer) == 0) {
    return {};
  }
  const auto it = impl_->id_of.find(picker->GetViewProp());
  return it == impl_->id_of.end() ? std::string() : it->second;
}

std::optional<model::Point> ParkScene::ground_point(double x, double y) const {
  vtkRenderer* r = impl_->renderer;
  double near_pt[4], far_pt[4];
  r->SetDisplayPoint(x, y, 0.0);
  r->DisplayToWorld();
  r->GetWorldPoint(near_pt);
  r->SetDisplayPoint(x, y, 1.0);
  r->DisplayToWorld();
  r->GetWorldPoint(far_pt);
  if (near_pt[3] == 0.0 || far_pt[3] == 0.0) {
    return std::nullopt;
  }
  for (int k = 0; k < 3; ++k) {
    near_pt[k] /= near_pt[3];
    far_pt[k] /= far_pt[3];
  }
  const double dz = far_pt[2] - near_pt[2];
  if (std::abs(dz) < 1e-12) {
    return std::nullopt; // parallel to the ground
  }
  const double s = -near_pt[2] / dz;
  if (s < 0.0) {
    return std::nullopt; // behind the eye
  }
  return model::Point{near_pt[0] + s * (far_pt[0] - near_pt[0]), near_pt[1] + s * (far_pt[1] - near_pt[1])};
}

void ParkScene::preview_move(const std::string& id, double dx_m, double dy_m, bool allowed) {
  Impl& m = *impl_;
  const auto it = buildings_.find(id);
  if (it == buildings_.end()) {
    return;
  }
  it->second->SetPosition(dx_m, dy_m, 0.0);
  const auto& c = m.colour[id];
  if (allowed) {
    it->second->GetProperty()->SetColor(c[0], c[1], c[2]);
  } else {
    it->second->GetProperty()->SetColor(0.86, 0.12, 0.12);
  }
  if (m.outline && selected_ == id) {
    m.outline->SetPosition(dx_m, dy_m, 0.0);
    m.outline->GetProperty()->SetColor(allowed ? 1.0 : 0.86, allowed ? 0.85 : 0.12, allowed ? 0.1 : 0.12);
  }
  m.preview[id] = {dx_m, dy_m, allowed ? 1.0 : 0.0};
}

std::array<double, 3> ParkScene::preview_state(const std::string& id) const {
  const auto it = impl_->preview.find(id);
  return it == impl_->preview.end() ? std::array<double, 3>{0, 0, 1} : it->second;
}

bool ParkScene::set_view(std::string_view preset) {
  const Impl& m = *impl_;
  Bounds b = m.park;
  std::string kind(preset);
  if (preset.rfind("wing:", 0) == 0) {
    const auto it = m.wing_bounds.find(std::string(preset.substr(5)));
    if (it == m.wing_bounds.end()) {
      return false;
    }
    b = it->second;
    kind = "iso";
  } else if (preset.rfind("building:", 0) == 0) {
    const auto it = m.building_bounds.find(std::string(preset.substr(9)));
    if (it == m.building_bounds.end()) {
      return false;
    }
    b = it->second;
    kind = "iso";
  } else if (preset == "park") {
    kind = "park";
  } else if (preset != "top" && preset != "iso") {
    return false;
  }
  if (b.empty()) {
    return false;
  }
  vtkCamera* cam = m.renderer->GetActiveCamera();
  const double cx = 0.5 * (b.x0 + b.x1), cy = 0.5 * (b.y0 + b.y1);
  // The direction of the preset, then fitted to the region's bounds.
  cam->SetFocalPoint(cx, cy, 0.0);
  if (kind == "top") {
    cam->SetPosition(cx, cy, 1.0);
    cam->SetViewUp(0.0, 1.0, 0.0);
  } else if (kind == "park") {
    // From the south, looking north and down (a site-plan perspective).
    cam->SetPosition(cx, cy - 1.0, 0.9);
    cam->SetViewUp(0.0, 0.0, 1.0);
  } else {
    cam->SetPosition(cx + 0.8, cy - 1.0, 0.9);
    cam->SetViewUp(0.0, 0.0, 1.0);
  }
  cam->SetViewAngle(30.0);
  double bounds[6] = {b.x0, b.x1, b.y0, b.y1, 0.0, std::max(b.z1, 1.0)};
  cam->SetWindowCenter(0.0, 0.0);
  m.renderer->ResetCamera(bounds);
  // ResetCamera fits the bounding sphere in the whole view; the park goes in the part above the
  // legend band (the bottom kLegendBand of the height): smaller by that much, and its centre
  // moved up into the middle of what is left.
  cam->Dolly(1.05 * (1.0 - kLegendBand));
  cam->SetWindowCenter(0.0, -kLegendBand);
  m.renderer->ResetCameraClippingRange();
  return true;
}

std::vector<std::string> ParkScene::views() const {
  std::vector<std::string> v{"park", "top", "iso"};
  for (const auto& [id, b] : impl_->wing_bounds) {
    v.push_back("wing:" + id);
  }
  for (const auto& [id, b] : impl_->building_bounds) {
    v.push_back("building:" + id);
  }
  return v;
}

std::array<double, 3> ParkScene::building_colour(const std::string& id) const {
  const auto it = impl_->colour.find(id);
  return it == impl_->colour.end() ? std::array<double, 3>{0, 0, 0} : it->second;
}

} // namespace parktwin::scene
