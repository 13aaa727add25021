#pragma once
// The equipment library dock (issue 13): the rack-group templates of
// assets/library/rack_templates.json, each dragged onto a hall (in the park tree or the 3D view)
// to add a group of its racks there. The Edit menu's "Add racks" does the same without a drag.

#include <QListWidget>
#include <QString>

class QMimeData;

namespace parktwin::studio {

class EquipmentLibrary : public QListWidget {
  Q_OBJECT

public:
  /// The MIME type of a dragged template: its key as UTF-8.
  static constexpr const char* kMimeType = "application/x-parktwin-rack-template";
  /// The template key a drag carries ("" if it carries none).
  static QString template_of(const QMimeData* mime);

  explicit EquipmentLibrary(QWidget* parent = nullptr);
  /// Names in English or Chinese; the tooltips say the design power, the liquid share and the source.
  void show_templates(bool zh);

protected:
  QMimeData* mimeData(const QList<QListWidgetItem*>& items) const override;
  QStringList mimeTypes() const override;
};

} // namespace parktwin::studio
