#include "properties_model.hpp"

#include "parktwin/model/scenario.hpp"

#include <QApplication>
#include <QComboBox>
#include <QPainter>
#include <QRegularExpression>
#include <QStyle>
#include <QStyleOptionComboBox>

namespace parktwin::studio {
namespace {

constexpr const char* kHall = "wings[*].buildings[*].halls[*]";

/// The range the schema allows a field (the validation's own limits), or its enumeration.
QString range_of(const model::Json& node, const std::string& key) {
  const auto lo = node.find("minimum"), hi = node.find("maximum");
  const auto xlo = node.find("exclusiveMinimum"), xhi = node.find("exclusiveMaximum");
  QString range;
  const bool low = lo != node.end() || xlo != node.end();
  const bool high = hi != node.end() || xhi != node.end();
  if (low) {
    range += lo != node.end() ? QString::fromStdString(lo->dump()) + " <= " : QString::fromStdString(xlo->dump()) + " < ";
  }
  if (low || high) {
    range += QString::fromStdString(key);
  }
  if (high) {
    range += hi != node.end() ? " <= " + QString::fromStdString(hi->dump()) : " < " + QString::fromStdString(xhi->dump());
  }
  if (const auto e = node.find("enum"); e != node.end()) {
    QStringList names;
    for (const auto& v : *e) {
      names << QString::fromStdString(v.is_string() ? v.get<std::string>() : v.dump());
    }
    range = names.join(" | ");
  }
  return range;
}

} // namespace

PropertiesModel::PropertiesModel(QObject* parent) : QAbstractItemModel(parent) {}

int PropertiesModel::add(int parent, Row r) {
  r.parent = parent;
  const int i = static_cast<int>(rows_.size());
  std::vector<int>& siblings = parent < 0 ? top_ : rows_[static_cast<std::size_t>(parent)].children;
  r.row = static_cast<int>(siblings.size());
  siblings.push_back(i);
  rows_.push_back(std::move(r));
  return i;
}

void PropertiesModel::clear() {
  beginResetModel();
  rows_.clear();
  top_.clear();
  endResetModel();
}

void PropertiesModel::show(const model::Json& element, const std::string& pattern, const std::string& pointer,
                           bool zh) {
  beginResetModel();
  rows_.clear();
  top_.clear();
  add_fields(-1, element, pattern, pointer, zh);
  if (pattern == kHall) {
    add_hall_rows(element, pattern);
  }
  endResetModel();
}

void PropertiesModel::add_fields(int parent, const model::Json& obj, const std::string& pattern,
                                 const std::string& pointer, bool zh) {
  const model::JsonSchema& schema = model::scenario_schema();
  for (const auto& [key, value] : obj.items()) {
    const bool point_list = value.is_array() && !value.empty() && value[0].is_array() && value[0].size() == 2 &&
                            value[0][0].is_number(); // a polygon: edited as "x, y; x, y; ..."
    const bool tree_elements = key == "wings" || key == "buildings" || key == "halls" || key == "rack_groups";
    if (value.is_array() && !point_list && !(value.size() <= 3 && !value.empty() && value[0].is_number())) {
      if (tree_elements || value.empty() || !value[0].is_object()) {
        continue; // the park's elements are in the park tree
      }
      // Other lists of objects (a hall's rack rows and cooling units, the stages, ...): a group
      // per element, its fields editable as any other.
      const std::string full = pattern.empty() ? key : pattern + "." + key;
      const std::string title = schema.title_at(full, zh);
      Row list;
      list.key = QString::fromStdString(key);
      list.pattern = QString::fromStdString(full);
      list.title = QString::fromStdString(title.empty() ? key : title);
      list.tip_name = list.key;
      list.value = tr("%n item(s)", nullptr, static_cast<int>(value.size()));
      const int li = add(parent, std::move(list));
      for (std::size_t k = 0; k < value.size(); ++k) {
        Row item;
        item.key = QString::number(k);
        item.pattern = QString::fromStdString(full + "[*]");
        const auto id = value[k].find("id");
        const auto group = value[k].find("rack_group");
        item.title = QString::number(k + 1) +
                     (id != value[k].end() && id->is_string() ? ": " + QString::fromStdString(id->get<std::string>())
                      : group != value[k].end() && group->is_string() ? ": " + QString::fromStdString(group->get<std::string>())
                                                                       : QString());
        item.tip_name = item.title;
        const int ii = add(li, std::move(item));
        add_fields(ii, value[k], full + "[*]", pointer + "/" + key + "/" + std::to_string(k), zh);
      }
      continue;
    }
    Row r;
    r.key = QString::fromStdString(key);
    const std::string full = pattern.empty() ? key : pattern + "." + key;
    r.pattern = QString::fromStdString(full);
    // The schema's title in the interface's language; the key (what the file says) in the tooltip.
    const std::string title = schema.title_at(full, zh);
    r.title = QString::fromStdString(title.empty() ? key : title);
    r.tip_name = r.key;
    const std::string here = pointer + "/" + key;
    if (value.is_object()) {
      const int i = add(parent, std::move(r));
      add_fields(i, value, full, here, zh);
      continue;
    }
    if (point_list) {
      QStringList points;
      for (const auto& p : value) {
        points << QString::number(p[0].get<double>(), 'g', 10) + ", " + QString::number(p[1].get<double>(), 'g', 10);
      }
      r.value = points.join("; ");
    } else if (value.is_array()) { // short lists of numbers (a position) are edited as "x, y"
      QStringList parts;
      for (const auto& v : value) {
        parts << QString::number(v.get<double>(), 'g', 10);
      }
      r.value = parts.join(", ");
    } else {
      r.value = QString::fromStdString(value.is_string() ? value.get<std::string>() : value.dump());
    }
    const model::Json* node = schema.node_at(full);
    r.type = node != nullptr && node->contains("type") && (*node)["type"].is_string() ? (*node)["type"].get<std::string>()
                                                                                      : std::string("string");
    const bool label = key == "id" || key == "source" || key == "format" || key == "version";
    if (!label) {
      r.pointer = QString::fromStdString(here);
      r.editor = Editor::Text;
      if (node != nullptr) {
        if (const auto e = node->find("enum"); e != node->end() && e->size() > 1 && r.type == "string") {
          r.editor = Editor::Choice;
          for (const auto& v : *e) {
            r.choices << QString::fromStdString(v.get<std::string>());
          }
        } else if (r.type == "boolean") {
          r.editor = Editor::Check;
          r.checked = value.is_boolean() && value.get<bool>();
          r.value.clear(); // the check box says it
        }
      }
    }
    if (node != nullptr) {
      if (const auto u = node->find("x-unit"); u != node->end() && *u != "1") {
        r.unit = QString::fromStdString(u->get<std::string>());
      }
      QString tip;
      if (const auto d = node->find("description"); d != node->end()) {
        tip = QString::fromStdString(d->get<std::string>());
      }
      const QString range = range_of(*node, key);
      if (!range.isEmpty()) {
        tip += (tip.isEmpty() ? "" : "\n") + range;
      }
      r.tip_name = r.key + (tip.isEmpty() ? "" : "\n") + tip;
      r.tip_value = tip;
    }
    add(parent, std::move(r));
  }
}

void PropertiesModel::add_hall_rows(const model::Json& hall, const std::string& pattern) {
  const auto cooling = hall.find("cooling");
  if (cooling == hall.end() || !cooling->is_object()) {
    return;
  }
  int cooling_row = -1;
  for (const int i : top_) {
    cooling_row = rows_[static_cast<std::size_t>(i)].key == "cooling" ? i : cooling_row;
  }
  if (cooling_row < 0) {
    return;
  }
  // The air system's kind: one of the schema's, each starting from its defaults.
  const std::string air = pattern + ".cooling.air_system";
  for (const int i : rows_[static_cast<std::size_t>(cooling_row)].children) {
    Row& r = rows_[static_cast<std::size_t>(i)];
    const model::Json* node = model::scenario_schema().node_at(air);
    const auto kinds = cooling->find("air_system");
    if (r.pattern.toStdString() != air || node == nullptr || !node->contains("properties") || kinds == cooling->end() ||
        !kinds->is_object() || kinds->empty()) {
      continue;
    }
    r.editor = Editor::AirKind;
    for (const auto& [kind, sub] : (*node)["properties"].items()) {
      (void)sub;
      r.choices << QString::fromStdString(kind);
    }
    r.value = QString::fromStdString(kinds->begin().key());
  }
  // Liquid cooling on or off (off: no cooling.liquid in the file), first under "cooling".
  Row sw;
  sw.key = "liquid";
  sw.title = tr("liquid cooling");
  sw.pattern = QString::fromStdString(pattern + ".cooling.liquid");
  sw.tip_name = tr("Cold plates or immersion with a facility-water loop; off: air only");
  sw.editor = Editor::LiquidSwitch;
  sw.checked = cooling->contains("liquid");
  sw.type = "boolean";
  const int i = add(cooling_row, std::move(sw));
  auto& children = rows_[static_cast<std::size_t>(cooling_row)].children;
  children.pop_back();
  children.insert(children.begin(), i);
  for (std::size_t k = 0; k < children.size(); ++k) {
    rows_[static_cast<std::size_t>(children[k])].row = static_cast<int>(k);
  }
}

QModelIndex PropertiesModel::find(const QString& suffix) const {
  // Pre-order: a row before its children, children in their order.
  std::vector<int> stack(top_.rbegin(), top_.rend());
  while (!stack.empty()) {
    const int i = stack.back();
    stack.pop_back();
    const Row& r = rows_[static_cast<std::size_t>(i)];
    if (r.pattern.endsWith(suffix)) {
      return createIndex(r.row, 0, static_cast<quintptr>(i));
    }
    stack.insert(stack.end(), r.children.rbegin(), r.children.rend());
  }
  return {};
}

void PropertiesModel::set_headers(const QStringList& headers) {
  headers_ = headers;
  emit headerDataChanged(Qt::Horizontal, 0, 2);
}

QModelIndex PropertiesModel::index(int row, int column, const QModelIndex& parent) const {
  if (row < 0 || column < 0 || column > 2) {
    return {};
  }
  const std::vector<int>& siblings = parent.isValid() ? rows_[parent.internalId()].children : top_;
  if (static_cast<std::size_t>(row) >= siblings.size()) {
    return {};
  }
  return createIndex(row, column, static_cast<quintptr>(siblings[static_cast<std::size_t>(row)]));
}

QModelIndex PropertiesModel::parent(const QModelIndex& child) const {
  if (!child.isValid()) {
    return {};
  }
  const int p = rows_[child.internalId()].parent;
  return p < 0 ? QModelIndex() : createIndex(rows_[static_cast<std::size_t>(p)].row, 0, static_cast<quintptr>(p));
}

int PropertiesModel::rowCount(const QModelIndex& parent) const {
  if (!parent.isValid()) {
    return static_cast<int>(top_.size());
  }
  return parent.column() == 0 ? static_cast<int>(rows_[parent.internalId()].children.size()) : 0;
}

int PropertiesModel::columnCount(const QModelIndex&) const { return 3; }

QVariant PropertiesModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid()) {
    return {};
  }
  const Row& r = rows_[index.internalId()];
  const int c = index.column();
  const bool check = r.editor == Editor::Check || r.editor == Editor::LiquidSwitch;
  switch (role) {
  case Qt::DisplayRole:
  case Qt::EditRole:
    return c == 0 ? r.title : c == 1 ? r.value : r.unit;
  case Qt::ToolTipRole:
    return c == 0 ? r.tip_name : c == 1 ? r.tip_value : QVariant();
  case Qt::CheckStateRole:
    return check && c == 1 ? QVariant(r.checked ? Qt::Checked : Qt::Unchecked) : QVariant();
  case PatternRole:
    return r.pattern;
  case PointerRole:
    return r.pointer;
  case ChoicesRole:
    return c == 1 ? r.choices : QStringList();
  case EditorNameRole:
    return r.editor == Editor::AirKind ? QString("air-system-kind")
                                       : r.editor == Editor::LiquidSwitch ? QString("liquid-cooling") : r.pattern;
  default:
    return {};
  }
}

Qt::ItemFlags PropertiesModel::flags(const QModelIndex& index) const {
  if (!index.isValid()) {
    return Qt::NoItemFlags;
  }
  Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
  if (index.column() != 1) {
    return f;
  }
  switch (rows_[index.internalId()].editor) {
  case Editor::Text:
  case Editor::Choice:
  case Editor::AirKind:
    return f | Qt::ItemIsEditable;
  case Editor::Check:
  case Editor::LiquidSwitch:
    return f | Qt::ItemIsUserCheckable;
  case Editor::None:
    break;
  }
  return f;
}

bool PropertiesModel::read(const Row& r, const QString& raw, model::Json& value, QString& why) const {
  const QString text = raw.trimmed();
  bool ok = true;
  if (r.type == "number") {
    value = text.toDouble(&ok);
  } else if (r.type == "integer") {
    value = text.toLongLong(&ok);
  } else if (r.type == "array") {
    // "x, y" (or "[x, y]"): numbers separated by commas or spaces; a polygon's corners
    // separated by ';' ("0, 0; 60, 0; 60, 40; 0, 40").
    const auto numbers = [&ok](QString part) {
      part.remove('[').remove(']');
      model::Json out = model::Json::array();
      for (const QString& n : part.split(QRegularExpression("[,\\s]+"), Qt::SkipEmptyParts)) {
        bool number_ok = false;
        out.push_back(n.toDouble(&number_ok));
        ok = ok && number_ok;
      }
      return out;
    };
    if (text.contains(';')) {
      value = model::Json::array();
      for (const QString& corner : text.split(';', Qt::SkipEmptyParts)) {
        value.push_back(numbers(corner));
      }
    } else {
      value = numbers(text);
    }
  } else {
    value = text.toStdString();
  }
  if (!ok) {
    const QString what = r.type == "integer" ? tr("whole number")
                         : r.type == "number" ? tr("number")
                         : r.type == "array"  ? tr("list of numbers")
                                              : QString::fromStdString(r.type);
    why = tr("%1: '%2' is not a %3").arg(r.pattern, text, what);
  }
  return ok;
}

bool PropertiesModel::setData(const QModelIndex& index, const QVariant& value, int role) {
  if (!index.isValid() || index.column() != 1) {
    return false;
  }
  const Row& r = rows_[index.internalId()];
  if (role == Qt::CheckStateRole && (r.editor == Editor::Check || r.editor == Editor::LiquidSwitch)) {
    const bool on = value.toInt() == Qt::Checked;
    if (r.editor == Editor::LiquidSwitch) {
      emit liquid_cooling_switched(on);
    } else {
      emit field_edited(r.pointer, model::Json(on));
    }
    return true;
  }
  if (role != Qt::EditRole) {
    return false;
  }
  // Nothing changes here: the document makes the edit (or refuses it) and the model is shown again.
  if (r.editor == Editor::AirKind) {
    if (value.toString() != r.value) {
      emit air_system_chosen(value.toString());
    }
    return true;
  }
  if (r.editor == Editor::Choice) {
    if (r.choices.contains(value.toString()) && value.toString() != r.value) {
      emit field_edited(r.pointer, model::Json(value.toString().toStdString()));
    }
    return true;
  }
  if (r.editor != Editor::Text || value.toString() == r.value) {
    return false;
  }
  model::Json v;
  QString why;
  if (!read(r, value.toString(), v, why)) {
    emit refused(why);
    return false;
  }
  emit field_edited(r.pointer, v);
  return true;
}

QVariant PropertiesModel::headerData(int section, Qt::Orientation o, int role) const {
  if (o == Qt::Horizontal && role == Qt::DisplayRole && section >= 0 && section < headers_.size()) {
    return headers_[section];
  }
  return {};
}

// --- Editors -----------------------------------------------------------------------------------

QWidget* PropertyDelegate::createEditor(QWidget* parent, const QStyleOptionViewItem& option,
                                        const QModelIndex& index) const {
  const QStringList choices = index.data(PropertiesModel::ChoicesRole).toStringList();
  if (choices.isEmpty()) {
    return QStyledItemDelegate::createEditor(parent, option, index);
  }
  auto* box = new QComboBox(parent);
  box->setObjectName(index.data(PropertiesModel::EditorNameRole).toString());
  box->addItems(choices);
  // Chosen is made: the edit follows the pick, without a second confirmation.
  connect(box, &QComboBox::activated, this, [this, box] {
    auto* self = const_cast<PropertyDelegate*>(this);
    emit self->commitData(box);
    emit self->closeEditor(box);
  });
  return box;
}

void PropertyDelegate::setEditorData(QWidget* editor, const QModelIndex& index) const {
  if (auto* box = qobject_cast<QComboBox*>(editor)) {
    box->setCurrentIndex(box->findText(index.data(Qt::EditRole).toString()));
    return;
  }
  QStyledItemDelegate::setEditorData(editor, index);
}

void PropertyDelegate::setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const {
  if (auto* box = qobject_cast<QComboBox*>(editor)) {
    model->setData(index, box->currentText(), Qt::EditRole);
    return;
  }
  QStyledItemDelegate::setModelData(editor, model, index);
}

void PropertyDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
  if (index.data(PropertiesModel::ChoicesRole).toStringList().isEmpty()) {
    QStyledItemDelegate::paint(painter, option, index);
    return;
  }
  // A choice looks like the combo box it opens.
  QStyleOptionComboBox box;
  box.rect = option.rect;
  box.state = option.state | QStyle::State_Enabled;
  box.palette = option.palette;
  box.fontMetrics = option.fontMetrics;
  box.currentText = index.data(Qt::DisplayRole).toString();
  const QWidget* w = option.widget;
  QStyle* style = w != nullptr ? w->style() : QApplication::style();
  painter->save();
  style->drawComplexControl(QStyle::CC_ComboBox, &box, painter, w);
  style->drawControl(QStyle::CE_ComboBoxLabel, &box, painter, w);
  painter->restore();
}

} // namespace parktwin::studio
