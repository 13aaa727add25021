#pragma once
// The scenario being edited in the studio: the document, the file it is saved in, its undo
// stack, autosave and recovery (docs/dev/studio.md). No widget: the window and its views listen
// to its signals; every change goes through one of its undoable commands.

#include "parktwin/model/layout.hpp"
#include "parktwin/model/scenario.hpp"

#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <string>

class QTimer;
class QUndoStack;

namespace parktwin::studio {

class Document : public QObject {
  Q_OBJECT

public:
  explicit Document(QObject* parent = nullptr);

  /// The scenario (null before one is opened). Shared with background runs: it never changes,
  /// an edit makes a new one.
  const std::shared_ptr<const model::Scenario>& scenario() const noexcept { return scenario_; }
  /// Where it is saved ("" for the built-in park or a new one).
  QString file() const { return file_; }
  /// The file's name, or the park's name when it has no file.
  QString display_name() const;
  /// Unsaved changes: edits since the last save, or recovered ones.
  bool modified() const noexcept { return modified_; }
  QUndoStack* undo_stack() const noexcept { return undo_; }

  /// Reads a scenario ("haidong" or a file) with a stage to show; throws (InputError) with the
  /// reasons, and the document stays as it was.
  static model::Scenario load(const QString& name_or_path);
  /// Makes `s` the document (`file`: where it is saved, "" if nowhere). The undo stack starts
  /// empty; the recovery file goes, unless `recovered` (the recovered edits are it).
  void adopt(model::Scenario s, const QString& file, bool recovered = false);
  /// Saves atomically to `path` (the old file stays whole on failure: throws) and makes it the
  /// current file; the recovery file goes.
  void save_as(const QString& path);

  /// One field set (a JSON pointer) as an undoable step, after the model's own validation. The
  /// problems if refused (nothing changed then).
  QStringList edit(const std::string& pointer, const model::Json& value);
  /// A layout edit (model::layout) as one undoable step; `selected` is the selection to come
  /// back to on undo. The problems if the model refused it.
  QStringList apply(const model::layout::Change& change, const QString& selected);
  /// Replaces the scenario by one already checked and built (the undo commands do this);
  /// `select` the selection to show with it, if any.
  void replace(std::shared_ptr<const model::Scenario> s, const std::optional<QString>& select);

  /// Problems as the user reads them: "path: message" (the message alone without a path).
  static QStringList problem_texts(const std::vector<model::Problem>& problems);

  /// Where the autosave goes; it exists only while there are unsaved changes.
  static QString autosave_path();
  /// Writes the unsaved document for crash recovery (done every 30 s while modified). The
  /// reason if it could not.
  std::optional<QString> write_autosave() const;
  /// Opens the autosaved document (modified, with its original file). False if there is none;
  /// throws if it cannot be read.
  bool recover();
  static void discard_autosave();

signals:
  /// Another scenario was opened, made new or recovered.
  void opened();
  /// An edit, undo or redo replaced the document; `reselect`: show `select` as the selection.
  void changed(const QString& select, bool reselect);
  void modified_changed(bool modified);
  void file_changed(const QString& file);
  /// The 30-second autosave could not write (the reason).
  void autosave_failed(const QString& why);

private:
  void set_modified(bool m);
  std::shared_ptr<const model::Scenario> scenario_;
  QString file_;
  bool modified_ = false;
  bool recovered_ = false; ///< modified although the undo stack is clean
  QUndoStack* undo_ = nullptr;
  QTimer* autosave_ = nullptr;
};

} // namespace parktwin::studio
