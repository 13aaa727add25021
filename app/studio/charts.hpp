#pragma once
// The charts of the selection (docs/studio.md): monthly PUE, 365 x 24 carpets of cooling mode and
// of hourly PUE, energy by end use, load-duration curve, heat delivered against demand, and a
// psychrometric chart of the climate's hours over the economizer regions of the selected hall.
// Every chart exports to PNG and SVG, and its data to CSV.

#include "parktwin/model/park.hpp"
#include "parktwin/physics/climate_input.hpp"
#include "parktwin/physics/park_simulation.hpp"
#include "parktwin/physics/park_dispatch.hpp"
#include "parktwin/physics/park_supply.hpp"

#include <QByteArray>
#include <QImage>
#include <QWidget>

#include <functional>
#include <set>
#include <string>
#include <vector>

class QPushButton;
class QTabWidget;

namespace parktwin::studio {

class ChartsPanel : public QWidget {
  Q_OBJECT

public:
  explicit ChartsPanel(QWidget* parent = nullptr);

  /// Draws every chart for the halls in `halls` (ids); the psychrometric chart shows the
  /// regions of the selection's first hall. With the park's supply year, its charts too (the
  /// park's, whatever the selection): a week's supply stack, the monthly balance, and a 365 x 24
  /// carpet of the hourly green share.
  void show_results(const model::Park& park, const model::Stage& stage, const physics::ParkResult& result,
                    const physics::ClimateInput& climate, const std::set<std::string>& halls,
                    const QString& title, const physics::SupplyYear* supply = nullptr,
                    const physics::DispatchYear* dispatch = nullptr);
  void clear();
  /// Tab names and buttons in the current language (the charts follow on the next show_results).
  void retranslate();

  /// Chart keys, in tab order: monthly-pue, carpet-mode, carpet-pue, energy, load-duration,
  /// heat, psychrometric, supply-week, supply-monthly, carpet-green, dispatch-week.
  QStringList keys() const;
  bool export_png(const QString& key, const QString& path) const;
  bool export_svg(const QString& key, const QString& path) const;
  /// The chart's data as CSV, by the safe writer; false when it cannot be written.
  bool export_csv(const QString& key, const QString& path) const;
  /// The chart's data as CSV (header line, then rows); empty for an unknown key.
  QString csv(const QString& key) const;
  QWidget* chart(const QString& key) const;
  /// The week (1-52) the supply-week chart shows.
  void set_supply_week(int week);

private:
  struct Page {
    QString key;
    QWidget* widget = nullptr;
    std::function<QString()> csv; ///< built when asked (the hourly tables are large)
  };
  Page* page(const QString& key);
  const Page* page(const QString& key) const;
  /// The chart's widget at the size it is exported at (nullptr for an unknown key).
  QWidget* sized(const QString& key, QSize& size) const;
  void export_current();
  void show_supply(const physics::SupplyYear* supply);
  void show_dispatch(const physics::SupplyYear* supply, const physics::DispatchYear* dispatch);

  QTabWidget* tabs_ = nullptr;
  QPushButton* export_ = nullptr;
  std::vector<Page> pages_;
  QString zones_key_; ///< what the psychrometric regions were computed for
  QImage zones_;
};

/// Writes bytes by the safe writer (common/atomic_file.hpp); false when they cannot be written,
/// the file then untouched.
bool save_bytes_atomically(const QString& path, const QByteArray& bytes);
/// Encodes a picture as PNG and writes it so; false when either fails.
bool save_png_atomically(const QString& path, const QImage& image);

} // namespace parktwin::studio
