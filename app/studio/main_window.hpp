#pragma once
// parktwin-studio's main window: the park in 3D, the park tree, the selection's properties and
// key figures, simulated in the background (docs/studio.md).

#include "document.hpp"
#include "simulation_controller.hpp"

#include "parktwin/climate/statistics.hpp"
#include "parktwin/model/layout.hpp"
#include "parktwin/model/scenario.hpp"
#include "parktwin/physics/building_figures.hpp"
#include "parktwin/physics/climate_input.hpp"
#include "parktwin/physics/comparison.hpp"
#include "parktwin/physics/park_simulation.hpp"
#include "parktwin/physics/ridethrough.hpp"

#include <QMainWindow>

#include <map>
#include <memory>
#include <set>
#include <optional>
#include <string>

class QCloseEvent;
class QDockWidget;
class QSlider;
class QToolBar;
class QToolButton;
class QTranslator;
class QComboBox;
class QMenu;
class QLabel;
class QTimer;
class QUndoStack;
class QAction;
class QProgressBar;
class QTreeView;

namespace parktwin::scene {
class ParkScene;
}

namespace parktwin::studio {

class VtkView;
class ChartsPanel;
class ParkTreeModel;
class PropertiesModel;
class EquipmentLibrary;
class FiguresPanel;
class ClimatePanel;

class MainWindow : public QMainWindow {
  Q_OBJECT

public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  /// Opens a scenario ("haidong" or a file). On errors shows them (and returns false), leaving
  /// the current model as it was.
  bool open_scenario(const QString& name_or_path);
  /// A new scenario: a copy of the built-in Haidong park, or a blank park; not yet saved.
  void new_scenario(bool from_haidong);
  /// Saves to the current file (Save As if there is none). Atomic; false on failure (shown).
  bool save();
  /// Saves to `path` and makes it the current file.
  bool save_as(const QString& path);
  /// The file being edited ("" for the built-in park or a new one).
  QString current_file() const { return doc_->file(); }
  /// Writes the unsaved document for crash recovery (done every 30 s while modified).
  void write_autosave();
  /// Where the autosave goes; exists only while there are unsaved changes.
  static QString autosave_path() { return Document::autosave_path(); }
  /// Opens the autosaved document (marked modified, with its original file). False if none.
  bool recover_autosave();

  using Comparison = studio::Comparison;
  /// Colours the 3D view by a figure's difference between this scenario and the last one
  /// compared (this minus the other; buildings in only one of them grey). "" goes back to the
  /// figure of Colour by. False if the key is unknown or nothing was compared.
  bool colour_by_difference(const QString& figure_key);
  /// A figure's title in the interface's language.
  static QString figure_name(physics::Figure f);
  /// Simulates the scenario in `path` in the background and emits compared() with the
  /// differences in inputs and in every key figure (also shown in a window).
  bool compare_with(const QString& path);
  /// Runs `samples` samples of the built-in uncertain parameters in the background and emits
  /// banded() with the park's and every hall's P10/P50/P90 (also shown in a window). False if
  /// nothing is simulated yet.
  bool compute_bands(int samples);
  /// Opens the failure ride-through window (Analysis > Failure ride-through) and, when `hall_id`
  /// is given, simulates `event` ("plant", "plant:1", "outage", "pump:liquid") on it from the
  /// start of `hour` (0: the hottest). False when there is no result yet or the event is refused
  /// (last_error() says why).
  bool show_ride_through(const QString& hall_id = {}, const QString& event = "plant", int hour = 0);
  /// The last ride-through simulated (none before).
  const physics::RideThroughResult* last_ride_through() const noexcept { return last_ride_through_.get(); }
  /// Colours the 3D view by the last ride-through's inlet at `t_s` after the failure.
  void colour_ride_through(double t_s);
  /// The last bands computed (none before).
  const physics::BandsResult* last_bands() const noexcept { return last_bands_.get(); }
  /// Selects a wing, building, hall or rack group by id; false if there is none.
  bool select(const QString& id);
  /// A camera preset (park, top, iso, wing:<id>, building:<id>); false if unknown.
  bool set_view(const QString& preset);
  /// Colours buildings by a figure key (pue, free-cooling, ...); false if unknown.
  bool set_colour_by(const QString& key);
  /// Runs the park on another climate (a catalog name, haidong-park or an EPW path): an undoable
  /// edit of site.climate. False (with the reason in last_error()) if it cannot be read.
  bool set_climate(const QString& name_or_path);
  /// The hour of the year (0-8759) whose inlet temperatures colour the open building's racks.
  void set_hour(int hour);
  int hour() const noexcept { return hour_; }
  /// Switches the interface language: "en" or "zh" (Simplified Chinese, with Qt's own dialog
  /// texts from Qt's translations). False if unknown.
  bool qt_texts_translated() const noexcept { return qt_translator_ != nullptr; }
  /// Switches the interface language: "en" or "zh" (Simplified Chinese). False if unknown.
  bool set_language(const QString& lang);
  QString language() const { return language_; }
  /// The climate panel's text (statistics and provenance), for tests.
  QString climate_text() const;
  /// Sets a field of the scenario (a JSON pointer such as
  /// "/wings/1/buildings/0/halls/0/rack_groups/0/design_kW_per_rack") as an undoable edit, after
  /// the model's own validation. Returns the problems (empty if the edit was made).
  QStringList edit(const QString& pointer, const model::Json& value);
  QUndoStack* undo_stack() const noexcept { return doc_->undo_stack(); }
  /// The scenario being edited, its file, undo stack and autosave.
  Document* document() const noexcept { return doc_; }
  /// Makes a layout edit (model::layout) one undoable step, selecting what it made. If the
  /// model's rules refuse it, nothing changes and the reasons are shown (and returned).
  QStringList apply(const model::layout::Change& change);
  /// The layout actions of the Edit menu, the park tree's and the 3D view's context menus:
  /// "add-wing", "add-building", "add-hall", "add-racks:<template>", "duplicate", "delete",
  /// "rotate-90", "rotate-by", "lay-out" (nullptr if unknown). Enabled for what is selected.
  QAction* layout_action(const QString& name) const;
  /// Shows the park at a build-out stage (id): the 3D view, tree, figures and charts. False if
  /// the scenario has no such stage.
  bool set_stage(const QString& id);
  QString stage_id() const;
  QComboBox* stage_box() const noexcept { return stage_box_; }
  /// The JSON pointer of the element with this id ("" for the park); empty if none.
  std::string pointer_of(const std::string& id) const;

  // For tests and automation.
  const std::shared_ptr<const model::Scenario>& scenario() const noexcept { return doc_->scenario(); }
  const physics::ParkResult* result() const noexcept { return result_.get(); }
  bool simulating() const noexcept;
  QString selected_id() const { return selected_; }
  /// The 3D view, its scene up to date with the document (a frame grabbed from it shows it).
  VtkView* view() {
    refresh_scene();
    return view_;
  }
  /// The 3D scene, up to date with the document.
  scene::ParkScene* park_scene() {
    refresh_scene();
    return scene_.get();
  }
  QTreeView* tree() const noexcept { return tree_; }
  QTreeView* properties() const noexcept { return properties_; }
  PropertiesModel* properties_model() const noexcept { return props_model_; }
  /// The rack templates, dragged onto a hall in the park tree or the 3D view.
  EquipmentLibrary* equipment_library() const noexcept { return library_; }
  ChartsPanel* charts() const noexcept { return charts_; }
  FiguresPanel* figures() const noexcept { return figures_; }
  /// The supply year of the results shown (none before the first run).
  const physics::SupplyYear* supply() const noexcept { return supply_.get(); }
  QString last_error() const { return last_error_; }
  /// Hall-years integrated by the last background run (the others came from the cache).
  std::size_t last_simulated_halls() const noexcept { return result_ ? result_->simulated_halls : 0; }

signals:
  /// The background run finished and the view, panels and colours show its results.
  void results_shown();
  void compared(const parktwin::studio::MainWindow::Comparison& c);
  /// The bands of compute_bands() are shown (or failed: last_error() says why).
  void banded();

protected:
  void closeEvent(QCloseEvent* e) override;
  /// Rack templates dragged over and dropped on the park tree or the 3D view.
  bool eventFilter(QObject* watched, QEvent* e) override;
  void changeEvent(QEvent* e) override;

private:
  /// The document was replaced by an edit, undo or redo: rebuilds the park and the scene, keeps
  /// the selection (or shows `select`) and the camera, and schedules a background run.
  void on_document_changed(const QString& select, bool reselect);
  /// Another scenario was opened: shown from its default stage, nothing selected.
  void on_document_opened();
  /// Shows the problems of a refused edit (empty: hides them).
  void show_problems(const QStringList& problems);
  SimulationController::Request run_request() const;
  /// Rebuilds the scene, view presets and tree of the current park and stage, keeping the
  /// selection (or clearing it if it is gone) and the camera.
  void show_park_keeping_selection();
  /// After an edit the scene is rebuilt in an event of its own (the tree and properties first),
  /// so that the window's thread answers input in between; everything that needs the scene
  /// (a frame, a pick, a camera preset, park_scene()) brings it up to date first.
  void mark_scene_stale();
  void refresh_scene();
  /// The selection shown in the scene: its building selected and open, its hall highlighted.
  void show_selection_in_scene();
  /// Asks for a frame (not while one is being drawn: the scene is refreshed in it).
  void redraw();
  bool scene_stale_ = false, scene_refresh_queued_ = false, painting_ = false;
  /// Asks to save unsaved changes; false if the user cancelled.
  bool maybe_save();
  void add_recent(const QString& file);
  void fill_recent();
  void show_comparison(const Comparison& c);
  void show_bands(const physics::BandsResult& b);
  std::shared_ptr<const physics::BandsResult> last_bands_;
  std::optional<Comparison> last_comparison_; ///< for colouring by its difference
  std::optional<physics::Figure> difference_figure_; ///< the 3D view shows this difference
  void build_ui();
  void build_menus();
  /// Sets every text of the window in the current language.
  void retranslate();
  void fill_climate_panel();
  void update_interior();
  void load_climate();
  void rebuild();
  /// The view presets of the scene, `current` chosen.
  void fill_view_presets(const QString& current);
  void fill_tree();
  /// The window title: the file (or park) name, and [*] for unsaved changes.
  void retitle();
  void fill_properties();
  void fill_figures();
  void fill_charts();
  /// Ids of the halls in the selection (all halls for the park).
  std::set<std::string> selection_halls() const;
  void start_simulation();
  void simulation_done(std::shared_ptr<const physics::ParkResult> result);
  void recolour();
  void on_tree_selection();
  void on_view_clicked(double x, double y);
  // Layout editing (layout_editing.cpp).
  void build_layout_actions();
  void retranslate_layout_actions();
  void update_layout_actions();
  void add_layout_actions(QMenu* menu) const;
  void fill_stage_box();
  /// The wing, building and hall the selection is in ("" where it is in none).
  struct SelectionPath {
    std::string wing, building, hall, rack_group;
  };
  SelectionPath selection_path() const;
  bool on_view_grab(double x, double y);
  void on_view_dragged(double x, double y);
  void on_view_dropped(double x, double y);
  void on_view_context(double x, double y, const QPoint& global);
  /// The hall a template dropped at this point of the tree's viewport / the view goes to ("" if none).
  std::string hall_at_tree(const QPoint& at) const;
  std::string hall_at_view(const QPointF& at);
  /// A building being dragged in the 3D view.
  struct Drag {
    std::string id;
    model::Point grabbed_at;  ///< ground point under the press
    model::Point position;    ///< the building's position_m before the drag
    model::Point to;          ///< snapped position now
    std::vector<model::Problem> problems; ///< of the building at `to` (layout::place_problems)
    bool checked = false;     ///< `problems` are those of `to`
  };
  std::optional<Drag> drag_;
  std::map<QString, QAction*> layout_actions_;
  QComboBox* stage_box_ = nullptr;
  QLabel* stage_label_ = nullptr;

  Document* doc_ = nullptr;
  SimulationController* sim_ = nullptr;
  const model::Stage* stage_ = nullptr;
  std::string climate_name_;
  std::shared_ptr<const physics::ClimateInput> climate_;
  std::shared_ptr<const physics::ParkResult> result_;
  std::shared_ptr<const physics::RideThroughResult> last_ride_through_;
  std::shared_ptr<const physics::SupplyYear> supply_; ///< of result_
  std::shared_ptr<const physics::DispatchYear> dispatch_; ///< of the results shown (none: no dispatch)
  physics::Figure figure_ = physics::Figure::Pue;
  QString selected_;
  QString last_error_;

  VtkView* view_ = nullptr;
  std::unique_ptr<scene::ParkScene> scene_;
  QTreeView* tree_ = nullptr;
  ParkTreeModel* tree_model_ = nullptr;
  QTreeView* properties_ = nullptr;
  PropertiesModel* props_model_ = nullptr;
  FiguresPanel* figures_ = nullptr;
  ChartsPanel* charts_ = nullptr;
  QComboBox* colour_by_ = nullptr;
  QComboBox* view_preset_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QLabel* status_ = nullptr;
  QLabel* problems_ = nullptr;     ///< validation messages of the last refused edit
  QMenu* recent_ = nullptr;
  QString language_ = "en";
  std::unique_ptr<QTranslator> translator_;
  std::unique_ptr<QTranslator> qt_translator_; ///< Qt's own texts in Chinese
  EquipmentLibrary* library_ = nullptr;
  QDockWidget* library_dock_ = nullptr;
  QDockWidget *tree_dock_ = nullptr, *prop_dock_ = nullptr, *fig_dock_ = nullptr,
              *charts_dock_ = nullptr, *climate_dock_ = nullptr;
  QLabel *colour_label_ = nullptr, *view_label_ = nullptr, *climate_label_ = nullptr;
  QToolBar* toolbar_ = nullptr;
  QToolBar* time_bar_ = nullptr;
  QSlider* hour_slider_ = nullptr;
  QLabel* hour_label_ = nullptr;
  QToolButton* play_ = nullptr;
  QTimer* player_ = nullptr;
  int hour_ = 4380; ///< mid-year
  bool results_stale_ = false; ///< an edit awaits its run: the charts keep the last results
  QComboBox* climate_box_ = nullptr;
  ClimatePanel* climate_text_ = nullptr;
  std::string climate_description_, climate_verification_, climate_stands_in_for_;
  std::optional<climate::ClimateStatistics> climate_stats_;
};

} // namespace parktwin::studio
