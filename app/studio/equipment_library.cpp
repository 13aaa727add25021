#include "equipment_library.hpp"

#include "parktwin/model/layout.hpp"

#include <QMimeData>

namespace parktwin::studio {

QString EquipmentLibrary::template_of(const QMimeData* mime) {
  if (mime == nullptr || !mime->hasFormat(kMimeType)) {
    return {};
  }
  const QString key = QString::fromUtf8(mime->data(kMimeType));
  for (const auto& t : model::layout::rack_templates()) {
    if (QString::fromStdString(t.key) == key) {
      return key;
    }
  }
  return {};
}

EquipmentLibrary::EquipmentLibrary(QWidget* parent) : QListWidget(parent) {
  setObjectName("equipment-library");
  setDragEnabled(true);
  setDragDropMode(QAbstractItemView::DragOnly);
  setSelectionMode(QAbstractItemView::SingleSelection);
  setWordWrap(true);
  show_templates(false);
}

void EquipmentLibrary::show_templates(bool zh) {
  clear();
  for (const auto& t : model::layout::rack_templates()) {
    auto* item = new QListWidgetItem(QString::fromStdString(zh ? t.name_zh : t.name), this);
    item->setData(Qt::UserRole, QString::fromStdString(t.key));
    const auto& g = t.rack_group;
    const QString facts = tr("%1 kW per rack, %2 % of the heat to liquid")
                              .arg(g.value("design_kW_per_rack", 0.0))
                              .arg(100.0 * g.value("liquid_fraction", 0.0), 0, 'f', 0);
    item->setToolTip(facts + "\n" + tr("Drag onto a hall in the park tree or the 3D view.") + "\n\n" +
                     QString::fromStdString(t.source));
  }
}

QStringList EquipmentLibrary::mimeTypes() const { return {kMimeType}; }

QMimeData* EquipmentLibrary::mimeData(const QList<QListWidgetItem*>& items) const {
  if (items.isEmpty()) {
    return nullptr;
  }
  auto* out = new QMimeData;
  out->setData(kMimeType, items.front()->data(Qt::UserRole).toString().toUtf8());
  return out;
}

} // namespace parktwin::studio
