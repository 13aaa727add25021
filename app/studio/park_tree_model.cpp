#include "park_tree_model.hpp"

#include <QColor>

namespace parktwin::studio {
namespace {

QString number(double x, int digits) { return QString::number(x, 'f', digits); }

} // namespace

ParkTreeModel::ParkTreeModel(QObject* parent) : QAbstractItemModel(parent) {}

int ParkTreeModel::add(int parent, Node n) {
  n.parent = parent;
  const int i = static_cast<int>(nodes_.size());
  if (parent >= 0) {
    n.row = static_cast<int>(nodes_[static_cast<std::size_t>(parent)].children.size());
    nodes_[static_cast<std::size_t>(parent)].children.push_back(i);
  }
  nodes_.push_back(std::move(n));
  return i;
}

void ParkTreeModel::clear() {
  beginResetModel();
  nodes_.clear();
  endResetModel();
}

void ParkTreeModel::show(const model::Park& park, const model::Stage& stage, bool zh) {
  beginResetModel();
  nodes_.clear();
  const auto name = [zh](const std::string& en, const std::string& chinese, const std::string& id) {
    return QString::fromStdString(zh && !chinese.empty() ? chinese : (en.empty() ? id : en));
  };
  const int root = add(-1, {QString(), "park", name(park.name, park.name_zh, {}), {}, {}, false, -1, 0, {}});
  for (const auto& w : park.wings) {
    const int wi = add(root, {QString::fromStdString(w.id), "wing", name(w.name, w.name_zh, w.id), {}, {}, false, -1, 0, {}});
    for (const auto& b : w.buildings) {
      // The scenario's Chinese names where it gives them (the id otherwise, and in English).
      const int bi = add(wi, {QString::fromStdString(b.id), "building", name({}, b.name_zh, b.id), {},
                              QString::fromStdString(b.id), false, -1, 0, {}});
      for (const auto& h : b.halls) {
        const bool serving = park.service_year(h) <= stage.year;
        const int hi = add(
            bi, {QString::fromStdString(h.id), "hall", name({}, h.name_zh, h.id),
                 tr("%1 racks, %2 kW").arg(number(h.racks(), 0)).arg(number(h.design_it_power_W() / 1e3, 0)),
                 serving ? QString() : tr("In service from stage %1").arg(QString::fromStdString(h.stage_id)),
                 !serving, -1, 0, {}});
        for (const auto& g : h.rack_groups) {
          // Rack-group ids are unique within their hall only: "<hall>/<group>".
          add(hi, {QString::fromStdString(h.id + "/" + g.id), "rack_group", QString::fromStdString(g.id),
                   tr("%1 x %2 kW").arg(number(g.count, 0)).arg(number(g.design_power_W_per_rack / 1e3, 1)), {},
                   false, -1, 0, {}});
        }
      }
    }
  }
  endResetModel();
}

QModelIndex ParkTreeModel::find(const QString& id) const {
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    if (nodes_[i].id == id) {
      return createIndex(nodes_[i].row, 0, static_cast<quintptr>(i));
    }
  }
  return {};
}

void ParkTreeModel::set_headers(const QString& name, const QString& detail) {
  headers_[0] = name;
  headers_[1] = detail;
  emit headerDataChanged(Qt::Horizontal, 0, 1);
}

QModelIndex ParkTreeModel::index(int row, int column, const QModelIndex& parent) const {
  if (row < 0 || column < 0 || column > 1) {
    return {};
  }
  if (!parent.isValid()) {
    return row == 0 && !nodes_.empty() ? createIndex(0, column, quintptr(0)) : QModelIndex();
  }
  const Node& p = nodes_[parent.internalId()];
  if (static_cast<std::size_t>(row) >= p.children.size()) {
    return {};
  }
  return createIndex(row, column, static_cast<quintptr>(p.children[static_cast<std::size_t>(row)]));
}

QModelIndex ParkTreeModel::parent(const QModelIndex& child) const {
  if (!child.isValid()) {
    return {};
  }
  const int p = nodes_[child.internalId()].parent;
  return p < 0 ? QModelIndex() : createIndex(nodes_[static_cast<std::size_t>(p)].row, 0, static_cast<quintptr>(p));
}

int ParkTreeModel::rowCount(const QModelIndex& parent) const {
  if (!parent.isValid()) {
    return nodes_.empty() ? 0 : 1;
  }
  return parent.column() == 0 ? static_cast<int>(nodes_[parent.internalId()].children.size()) : 0;
}

int ParkTreeModel::columnCount(const QModelIndex&) const { return 2; }

QVariant ParkTreeModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid()) {
    return {};
  }
  const Node& n = nodes_[index.internalId()];
  switch (role) {
  case Qt::DisplayRole:
    return index.column() == 0 ? n.name : n.detail;
  case Qt::ToolTipRole:
    return index.column() == 0 ? n.tooltip : QVariant();
  case Qt::ForegroundRole:
    return n.greyed && index.column() == 0 ? QVariant(QColor(150, 150, 150)) : QVariant();
  case IdRole:
    return n.id;
  case KindRole:
    return n.kind;
  default:
    return {};
  }
}

QVariant ParkTreeModel::headerData(int section, Qt::Orientation o, int role) const {
  if (o == Qt::Horizontal && role == Qt::DisplayRole && section >= 0 && section < 2) {
    return headers_[section];
  }
  return {};
}

} // namespace parktwin::studio
