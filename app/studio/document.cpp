#include "document.hpp"

#include "parktwin/common/atomic_file.hpp"
#include "parktwin/common/error.hpp"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTimer>
#include <QUndoCommand>
#include <QUndoStack>

namespace parktwin::studio {
namespace {

/// One edit (a field set or a layout edit): the scenarios before and after, each checked and
/// built once, so that undo and redo only swap them; and the selection to show after each
/// (none for a field set: the selection stays).
class EditCommand : public QUndoCommand {
public:
  using Ptr = std::shared_ptr<const model::Scenario>;
  EditCommand(Document* doc, Ptr before, Ptr after, std::optional<QString> select_before,
              std::optional<QString> select_after, const QString& text)
      : d_(doc), before_(std::move(before)), after_(std::move(after)), select_before_(std::move(select_before)),
        select_after_(std::move(select_after)) {
    setText(text);
  }
  void redo() override { d_->replace(after_, select_after_); }
  void undo() override { d_->replace(before_, select_before_); }

private:
  Document* d_;
  Ptr before_, after_;
  std::optional<QString> select_before_, select_after_;
};

} // namespace

Document::Document(QObject* parent) : QObject(parent), undo_(new QUndoStack(this)), autosave_(new QTimer(this)) {
  undo_->setUndoLimit(500); // each step holds its scenario (a few hundred kB for the built-in park)
  connect(undo_, &QUndoStack::cleanChanged, this, [this](bool clean) { set_modified(!clean || recovered_); });
  autosave_->setInterval(30000);
  connect(autosave_, &QTimer::timeout, this, [this] {
    if (modified_) {
      if (const auto why = write_autosave()) {
        emit autosave_failed(*why);
      }
    }
  });
  autosave_->start();
}

QStringList Document::problem_texts(const std::vector<model::Problem>& problems) {
  QStringList out;
  for (const auto& p : problems) {
    out << QString::fromStdString(p.path.empty() ? p.message : p.path + ": " + p.message);
  }
  return out;
}

QString Document::display_name() const {
  if (!file_.isEmpty()) {
    return QFileInfo(file_).fileName();
  }
  return scenario_ ? QString::fromStdString(scenario_->park().name) : QString();
}

void Document::set_modified(bool m) {
  if (m != modified_) {
    modified_ = m;
    emit modified_changed(m);
  }
}

model::Scenario Document::load(const QString& name) {
  model::Scenario s = model::Scenario::load(name.toStdString());
  if (s.park().default_stage() == nullptr) {
    throw InputError(name.toStdString(), "the scenario has no build-out stage");
  }
  return s;
}

void Document::adopt(model::Scenario s, const QString& file, bool recovered) {
  undo_->clear();
  scenario_ = std::make_shared<const model::Scenario>(std::move(s));
  file_ = file;
  recovered_ = recovered;
  // A document opened or made new replaces the unsaved edits; a recovered one is them, and its
  // recovery file stays until it is saved or discarded (issue 12, item 11).
  if (!recovered) {
    discard_autosave();
  }
  modified_ = recovered;
  emit modified_changed(modified_);
  emit file_changed(file_);
  emit opened();
}

void Document::save_as(const QString& path) {
  if (!scenario_) {
    throw InputError(path.toStdString(), "no scenario is open");
  }
  scenario_->save(path.toStdString()); // atomic: the old file stays whole on failure
  file_ = path;
  recovered_ = false;
  undo_->setClean();
  set_modified(false);
  discard_autosave();
  emit file_changed(file_);
}

QStringList Document::edit(const std::string& pointer, const model::Json& value) {
  if (!scenario_) {
    return {tr("no scenario is open")};
  }
  model::Json doc = scenario_->document();
  model::Json::json_pointer p(pointer);
  model::Json after = value;
  // Objects that have only defaults so far (a hall's "air"): the edit creates the outermost
  // missing one, so that undo removes it again and the file is as it was.
  while (!p.parent_pointer().empty() && !doc.contains(p.parent_pointer())) {
    model::Json wrapper = model::Json::object();
    wrapper[p.back()] = after;
    after = std::move(wrapper);
    p = p.parent_pointer();
  }
  std::optional<model::Json> before;
  if (doc.contains(p)) {
    before = doc.at(p);
    if (*before == after) {
      return {};
    }
  }
  doc[p] = after;
  // The model's own rules decide (schema, then the rules between fields), in the pass that
  // builds the new scenario.
  std::vector<model::Problem> problems;
  auto built = model::Scenario::build(std::move(doc), scenario_->source(), problems);
  if (!built) {
    return problem_texts(problems);
  }
  const QString text = tr("Set %1 to %2")
                           .arg(QString::fromStdString(pointer.substr(pointer.rfind('/') + 1)),
                                QString::fromStdString(value.is_string() ? value.get<std::string>() : value.dump()));
  undo_->push(new EditCommand(this, scenario_, std::make_shared<const model::Scenario>(std::move(*built)), std::nullopt,
                              std::nullopt, text));
  return {};
}

QStringList Document::apply(const model::layout::Change& change, const QString& selected) {
  if (!scenario_) {
    return {tr("no scenario is open")};
  }
  if (!change.ok()) {
    return problem_texts(change.problems);
  }
  if (change.document == scenario_->document()) {
    return {};
  }
  std::shared_ptr<model::Scenario> after = change.scenario;
  if (!after) { // a change made by hand, not by model::layout
    std::vector<model::Problem> problems;
    auto built = model::Scenario::build(change.document, scenario_->source(), problems);
    if (!built) {
      return problem_texts(problems);
    }
    after = std::make_shared<model::Scenario>(std::move(*built));
  }
  after->set_source(scenario_->source()); // the change's, built as "layout": it is this document's now
  undo_->push(new EditCommand(this, scenario_, std::move(after), selected, QString::fromStdString(change.id),
                              QString::fromStdString(change.text)));
  return {};
}

void Document::replace(std::shared_ptr<const model::Scenario> s, const std::optional<QString>& select) {
  scenario_ = std::move(s);
  emit changed(select.value_or(QString()), select.has_value());
}

QString Document::autosave_path() {
  return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/autosave.json";
}

std::optional<QString> Document::write_autosave() const {
  if (!scenario_) {
    return std::nullopt;
  }
  QDir().mkpath(QFileInfo(autosave_path()).path());
  const model::Json a{{"file", file_.toStdString()},
                      {"saved_at", QDateTime::currentDateTime().toString(Qt::ISODate).toStdString()},
                      {"document", scenario_->document()}};
  try {
    write_file_atomically(autosave_path().toStdString(), a.dump(1));
  } catch (const std::exception& e) {
    return QString::fromUtf8(e.what());
  }
  return std::nullopt;
}

bool Document::recover() {
  QFile f(autosave_path());
  if (!f.open(QIODevice::ReadOnly)) {
    return false;
  }
  const auto a = model::parse_json_document(f.readAll().toStdString(), autosave_path().toStdString());
  const QString file = QString::fromStdString(a.value("file", std::string()));
  auto s = model::Scenario::from_document(a.at("document"), file.isEmpty() ? "recovered" : file.toStdString());
  adopt(std::move(s), file, true);
  return true;
}

void Document::discard_autosave() { QFile::remove(autosave_path()); }

} // namespace parktwin::studio
