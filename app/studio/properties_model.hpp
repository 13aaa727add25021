#pragma once
// The properties of the selected element as a Qt item model with editors generated from the
// scenario's schema (docs/dev/studio.md): each field's title in the interface's language, its
// unit and range; numbers and text edited as text read as the schema's type, enumerations as a
// choice and booleans as a check box, never free text. A hall adds its air system's kind and a
// liquid-cooling switch. Edits are emitted, not made: the Document makes them.

#include "parktwin/model/json_schema.hpp"

#include <QAbstractItemModel>
#include <QStringList>
#include <QStyledItemDelegate>

#include <string>
#include <vector>

namespace parktwin::studio {

class PropertiesModel : public QAbstractItemModel {
  Q_OBJECT

public:
  enum Role {
    PatternRole = Qt::UserRole, ///< the field's schema pattern ("wings[*].buildings[*].height_m")
    PointerRole,                ///< its JSON pointer in the document ("" if not editable)
    ChoicesRole,                ///< QStringList: a choice's options (empty: not a choice)
    EditorNameRole,             ///< the object name of its editor
  };

  explicit PropertiesModel(QObject* parent = nullptr);

  /// Shows `element` (a JSON object with its schema defaults filled in) at `pointer`, whose
  /// schema pattern is `pattern`; `zh`: the schema's Chinese titles. The model is reset.
  void show(const model::Json& element, const std::string& pattern, const std::string& pointer, bool zh);
  void clear();
  /// The first field (in the tree's order) whose pattern ends with `suffix` (invalid if none).
  QModelIndex find(const QString& suffix) const;
  void set_headers(const QStringList& headers);

  QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
  QModelIndex parent(const QModelIndex& child) const override;
  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
  Qt::ItemFlags flags(const QModelIndex& index) const override;
  QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

signals:
  /// A field was given a value (already of the schema's type).
  void field_edited(const QString& pointer, const parktwin::model::Json& value);
  /// The hall's air system is to be of this kind (from its schema defaults).
  void air_system_chosen(const QString& kind);
  /// The hall's liquid cooling is to be switched on or off.
  void liquid_cooling_switched(bool on);
  /// Text that is not a value of the field's type (the reason).
  void refused(const QString& why);

private:
  enum class Editor { None, Text, Choice, Check, AirKind, LiquidSwitch };
  struct Row {
    QString title, key, pattern, pointer, value, unit, tip_name, tip_value;
    Editor editor = Editor::None;
    QStringList choices;
    bool checked = false;
    std::string type; ///< the schema's type of the field
    int parent = -1, row = 0;
    std::vector<int> children;
  };
  int add(int parent, Row r);
  void add_fields(int parent, const model::Json& obj, const std::string& pattern, const std::string& pointer, bool zh);
  void add_hall_rows(const model::Json& hall, const std::string& pattern);
  /// The text of a field read as its schema type; false (with `why`) if it is not one.
  bool read(const Row& r, const QString& text, model::Json& value, QString& why) const;
  std::vector<Row> rows_;
  std::vector<int> top_;
  QStringList headers_;
};

/// The properties' editors: a combo box for a choice (drawn as one while not edited), the
/// default line edit otherwise; a choice is made as soon as it is picked.
class PropertyDelegate : public QStyledItemDelegate {
  Q_OBJECT

public:
  using QStyledItemDelegate::QStyledItemDelegate;
  QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
  void setEditorData(QWidget* editor, const QModelIndex& index) const override;
  void setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const override;
  void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

} // namespace parktwin::studio
