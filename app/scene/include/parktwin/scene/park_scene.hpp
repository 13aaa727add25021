#pragma once
// The park as a VTK scene (docs/dev/scene.md): ground, wing boundaries, buildings extruded from
// their footprints, coloured by a figure with a legend, labels, camera presets, picking. One
// module for the desktop's view and the headless renderer: it knows VTK, not Qt.

#include "parktwin/model/park.hpp"

#include <array>
#include <map>
#include <optional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

class vtkRenderer;
class vtkActor;

namespace parktwin::scene {

/// A building's colour: its value and what the legend says.
struct Colouring {
  std::map<std::string, double> values; ///< building id -> value (buildings without a value: grey)
  std::string title;                    ///< e.g. "PUE", "Free-cooling hours (h)"
  bool higher_is_better = false;        ///< green for the good end of the scale
  /// How values map to colours: red to green over their range (a rating such as PUE); from a
  /// neutral grey at zero to green (or red) for an amount where zero means "none" (heat
  /// delivered); or centred on zero, neutral there, for a difference.
  enum class Scale { Rating, Amount, Difference } scale = Scale::Rating;
  /// A fixed range of the scale (an animation keeps its colours comparable from frame to frame);
  /// none: the values' own range.
  std::optional<std::array<double, 2>> range = std::nullopt;
};

/// "Nice" legend ticks (steps of 1, 2 or 5 times a power of ten) covering [lo, hi], at most
/// about `n`, and the printf format they need ("%.0f", "%.2f": never e-notation).
struct Ticks {
  std::vector<double> values;
  std::string format;
};
Ticks nice_ticks(double lo, double hi, int n = 5);

class ParkScene {
public:
  explicit ParkScene(vtkRenderer* renderer);
  ~ParkScene();
  ParkScene(const ParkScene&) = delete;
  ParkScene& operator=(const ParkScene&) = delete;

  /// (Re)builds the geometry of a park at a stage: buildings with no hall in service at the
  /// stage are drawn as planned (pale, translucent).
  void build(const model::Park& park, const model::Stage& stage, bool reset_camera = true);
  /// Colours the buildings and shows the legend; an empty colouring removes both.
  void colour(const Colouring& c);
  /// Labels on or off. Shown labels are decluttered before each frame: wing names first, then
  /// buildings by footprint area, each where it overlaps none shown before it and stays out of
  /// the legend band: at its place, or moved a line or two off it with a leader line back, or
  /// hidden when there is no room near it.
  void set_labels_visible(bool visible);
  /// Labels the last frame showed (after decluttering), and of those the ones moved off their
  /// place with a leader line.
  std::size_t labels_shown() const noexcept;
  std::size_t labels_with_leaders() const noexcept;
  /// Labels in Chinese (the scenario's name_zh where given); takes effect at the next build().
  void set_chinese_names(bool zh) noexcept { chinese_ = zh; }
  /// A font file for every text (needed for Chinese: cjk_font_file()); "" for VTK's own font.
  /// Takes effect at the next build() and colour().
  void set_font_file(std::string file) { font_file_ = std::move(file); }
  /// Multiplies every font size (pictures larger than a screen); next build() and colour().
  void set_text_scale(double s) noexcept { text_scale_ = s; }
  /// Outlines the building (or the building holding the hall) with this id; "" for none.
  void select(const std::string& id);
  const std::string& selected() const noexcept { return selected_; }

  /// Opens a building: it turns translucent and shows its halls (schematic: stacked by floor,
  /// side by side, sized by floor area) with their rack rows (about 20 racks a row). "" closes.
  void show_interior(const std::string& building_id);
  /// Colours the open building's halls and rack rows by IT inlet temperature (hall id -> C), on
  /// a fixed 15-35 C scale (ASHRAE recommended 18-27 C in the middle), with its legend.
  void set_inlet_temperatures(const std::map<std::string, double>& T_C,
                              const std::string& legend_title = "IT inlet (C)");
  /// Outlines a hall of the open building (its layout's outline, or its schematic box) in the
  /// selection's colour; "" removes it. False if the hall is not in the open building.
  bool highlight_hall(const std::string& hall_id);
  const std::string& highlighted_hall() const noexcept { return highlighted_hall_; }
  std::size_t rack_row_count() const noexcept;
  std::size_t hall_slab_count() const noexcept;
  /// Colour of a hall's rack rows in the open building ({0,0,0} if not shown).
  std::array<double, 3> rack_row_colour(const std::string& hall_id) const;

  /// The building id under display position (x, y) (pixels, origin bottom-left), or "".
  std::string pick(double x, double y) const;
  /// The point of the ground (z = 0) under display position (x, y), park coordinates; none when
  /// the line of sight does not meet the ground (looking at the sky).
  std::optional<model::Point> ground_point(double x, double y) const;
  /// Draws a building moved by (dx, dy) while it is dragged: in its colour when the move is
  /// allowed, red when it is refused. (0, 0, true) puts it back.
  void preview_move(const std::string& id, double dx_m, double dy_m, bool allowed);
  /// Offset and state of the building being dragged (for tests): {dx, dy, allowed}.
  std::array<double, 3> preview_state(const std::string& id) const;

  /// Camera presets: "park", "top", "iso", "wing:<id>", "building:<id>". Returns false (and
  /// changes nothing) for an unknown preset or id.
  bool set_view(std::string_view preset);
  /// Every preset set_view accepts for the current park.
  std::vector<std::string> views() const;

  std::size_t building_actor_count() const noexcept { return buildings_.size(); }
  /// Rows of PV modules drawn on roofs (in service or not).
  std::size_t pv_row_count() const noexcept { return pv_rows_; }
  /// Colour (0-1 RGB) a building is drawn in now.
  std::array<double, 3> building_colour(const std::string& id) const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::map<std::string, vtkActor*> buildings_; // owned by the renderer
  std::size_t pv_rows_ = 0;
  std::string selected_;
  std::string highlighted_hall_;
  bool chinese_ = false;
  std::string font_file_;
  double text_scale_ = 1.0;
};

} // namespace parktwin::scene
