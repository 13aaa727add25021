// parktwin-studio: the desktop twin (docs/studio.md).
//
//   parktwin-studio [--open <scenario>] [--select <id>] [--view <preset>] [--color-by <figure>]
//                   [--screenshot <file.png> [--quit]] [--lang en|zh]

#include "charts.hpp"
#include "main_window.hpp"
#include "vtk_view.hpp"

#include "parktwin/config.hpp"
#include "parktwin/physics/building_figures.hpp"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QMessageBox>
#include <QSettings>
#include <QTimer>

#include <cstdio>

using parktwin::studio::MainWindow;

namespace {

void fail(const QString& message) {
  std::fprintf(stderr, "parktwin-studio: %s\n", message.toLocal8Bit().constData());
}

} // namespace

int main(int argc, char** argv) {
  QCoreApplication::setApplicationName("parktwin-studio");
  QCoreApplication::setOrganizationName("ParkTwin");
  QCoreApplication::setApplicationVersion(PARKTWIN_VERSION);

  QCommandLineParser cl;
  cl.setApplicationDescription("ParkTwin Studio: the park in 3D, layout what-ifs, results.");
  cl.addHelpOption();
  cl.addVersionOption();
  const QCommandLineOption open(QStringList{"open"}, "Scenario file, or 'haidong' (the default).", "scenario", "haidong");
  const QCommandLineOption select(QStringList{"select"}, "Select a wing, building, hall or rack group.", "id");
  const QCommandLineOption view(QStringList{"view"}, "Camera preset: park, top, iso, wing:<id>, building:<id>.", "preset");
  QString figures;
  for (const auto& f : parktwin::physics::figures()) {
    figures += (figures.isEmpty() ? "" : ", ") + QString(f.key);
  }
  const QCommandLineOption colour(QStringList{"color-by", "colour-by"}, "Colour buildings by: " + figures + ".", "figure");
  const QCommandLineOption shot(QStringList{"screenshot"}, "Render the window to a PNG file once the results are shown.", "file.png");
  const QCommandLineOption quit(QStringList{"quit"}, "Quit after --screenshot or --export-charts.");
  const QCommandLineOption charts(QStringList{"export-charts"},
                                  "Write every chart of the selection as PNG, SVG and CSV into a folder.", "folder");
  const QCommandLineOption lang(QStringList{"lang"}, "Interface language: en or zh (Simplified Chinese).", "en|zh");
  cl.addOptions({open, select, view, colour, shot, quit, charts, lang});
  // --help and --version need no display (issue 12, item 19: without one they aborted, exit
  // 134): answered before the GUI starts.
  for (int i = 1; i < argc; ++i) {
    const QString a = QString::fromLocal8Bit(argv[i]);
    if (a == "-h" || a == "--help" || a == "--help-all" || a == "-?" || a == "-v" || a == "--version") {
      QCoreApplication core(argc, argv);
      cl.process(core); // prints and exits 0
      return 0;
    }
  }
  // Without a display the GUI cannot start; say so instead of Qt's abort.
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY") &&
      qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")) {
    fail("no display: set DISPLAY (or run under xvfb-run), or QT_QPA_PLATFORM=offscreen for --screenshot "
         "and --export-charts");
    return 3;
  }
  parktwin::studio::VtkView::set_default_surface_format();
  QApplication app(argc, argv);
  cl.process(app);

  if (cl.isSet(colour) && !parktwin::physics::figure_from_key(cl.value(colour).toStdString())) {
    fail("--color-by: unknown figure '" + cl.value(colour) + "' (known: " + figures + ")");
    return 2;
  }
  if (cl.isSet(quit) && !cl.isSet(shot) && !cl.isSet(charts)) {
    fail("--quit applies with --screenshot or --export-charts");
    return 2;
  }
  if (cl.isSet(shot) && !cl.value(shot).endsWith(".png", Qt::CaseInsensitive)) {
    fail("--screenshot: '" + cl.value(shot) + "' should end in .png");
    return 2;
  }

  if (cl.isSet(lang) && cl.value(lang) != "en" && cl.value(lang) != "zh") {
    fail("--lang: '" + cl.value(lang) + "' is not en or zh");
    return 2;
  }
  MainWindow w;
  const QString language = cl.isSet(lang) ? cl.value(lang) : QSettings().value("language", "en").toString();
  if (language != "en" && !w.set_language(language)) {
    fail("cannot load the " + language + " translation");
  }
  w.show();
  // After a crash: offer the autosaved changes (not in automation).
  if (!cl.isSet(shot) && QFile::exists(MainWindow::autosave_path()) &&
      QMessageBox::question(&w, QObject::tr("Recover unsaved changes?"),
                            QObject::tr("ParkTwin Studio did not close normally. Recover the "
                                        "changes that were not saved?")) == QMessageBox::Yes &&
      w.recover_autosave()) {
    QObject::connect(&w, &MainWindow::results_shown, &w, [] {}, Qt::SingleShotConnection);
    return app.exec();
  }
  if (!w.open_scenario(cl.value(open))) {
    fail(w.last_error());
    if (cl.isSet(shot) || cl.isSet(charts)) {
      return 1; // nothing written
    }
  }
  int code = 0;
  const auto apply = [&] {
    if (cl.isSet(colour)) {
      w.set_colour_by(cl.value(colour));
    }
    if (cl.isSet(select) && !w.select(cl.value(select))) {
      fail("--select: no wing, building, hall or rack group '" + cl.value(select) + "'");
      code = 2;
    }
    if (cl.isSet(view) && !w.set_view(cl.value(view))) {
      fail("--view: unknown preset '" + cl.value(view) + "'");
      code = 2;
    }
  };
  if (!cl.isSet(shot) && !cl.isSet(charts)) {
    QObject::connect(&w, &MainWindow::results_shown, &w, apply, Qt::SingleShotConnection);
    return app.exec();
  }
  const auto take = [&] {
    apply();
    if (code != 0) {
      QApplication::exit(code);
      return;
    }
    QApplication::processEvents();
    if (cl.isSet(charts)) {
      const QString dir = cl.value(charts);
      QDir().mkpath(dir);
      for (const QString& key : w.charts()->keys()) {
        if (!w.charts()->export_png(key, dir + "/" + key + ".png") ||
            !w.charts()->export_svg(key, dir + "/" + key + ".svg") ||
            !w.charts()->export_csv(key, dir + "/" + key + ".csv")) {
          fail("--export-charts: cannot write into " + dir);
          QApplication::exit(3);
          return;
        }
      }
    }
    if (cl.isSet(shot)) {
      if (!parktwin::studio::save_png_atomically(cl.value(shot), w.grab().toImage())) {
        fail("--screenshot: cannot write " + cl.value(shot));
        QApplication::exit(3);
        return;
      }
    }
    if (cl.isSet(quit)) {
      QApplication::exit(0);
    }
  };
  if (w.scenario() && w.simulating()) {
    QObject::connect(&w, &MainWindow::results_shown, &w, take, Qt::SingleShotConnection);
  } else {
    QTimer::singleShot(0, &w, take);
  }
  return app.exec();
}
