#pragma once
// The park tree as a Qt item model (docs/dev/studio.md): park, wings, buildings, halls and rack
// groups of the park being edited, at the stage shown. Read-only: edits go through the Document.

#include "parktwin/model/park.hpp"

#include <QAbstractItemModel>
#include <QString>

#include <vector>

namespace parktwin::studio {

class ParkTreeModel : public QAbstractItemModel {
  Q_OBJECT

public:
  enum Role {
    IdRole = Qt::UserRole, ///< the element's id ("" for the park; "<hall>/<group>" for a rack group)
    KindRole,              ///< "park", "wing", "building", "hall" or "rack_group"
  };

  explicit ParkTreeModel(QObject* parent = nullptr);

  /// Shows `park` at `stage` (halls not yet in service greyed); `zh`: the scenario's Chinese
  /// names where it gives them. The model is reset.
  void show(const model::Park& park, const model::Stage& stage, bool zh);
  void clear();
  /// The element with this id (invalid if none).
  QModelIndex find(const QString& id) const;
  void set_headers(const QString& name, const QString& detail);

  QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
  QModelIndex parent(const QModelIndex& child) const override;
  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

private:
  struct Node {
    QString id, kind, name, detail, tooltip;
    bool greyed = false;
    int parent = -1; ///< index in nodes_; -1 for the park
    int row = 0;     ///< among its parent's children
    std::vector<int> children;
  };
  int add(int parent, Node n);
  std::vector<Node> nodes_; ///< nodes_[0] is the park
  QString headers_[2];
};

} // namespace parktwin::studio
