// parktwin report as a user runs it: every hall's name and PUE (as `parktwin run --json` gives
// them) are in the PDF's text, in English and in Chinese, the comparison pages appear, and bad
// options fail clearly writing nothing.

#include "cli_process.hpp"
#include "shared_climate.hpp"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using parktwin::test::CliResult;
using parktwin::test::run_cli;

namespace {

QProcessEnvironment headless() {
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.remove("DISPLAY");
  env.insert("SOURCE_DATE_EPOCH", "1764115200");
  return env;
}

/// The PDF's text (pdftotext; -layout keeps table rows on one line), NFKC-normalised: fonts'
/// ligatures ("ﬀ") and CJK compatibility forms come back as the letters they stand for.
QString pdf_text(const QString& pdf, bool layout = true) {
  QProcess p;
  QStringList args;
  if (layout) {
    args << "-layout";
  }
  p.start("pdftotext", args << pdf << "-");
  p.waitForFinished(60000);
  return QString::fromUtf8(p.readAllStandardOutput()).normalized(QString::NormalizationForm_KC);
}

} // namespace

class TestReport : public QObject {
  Q_OBJECT

  QTemporaryDir tmp_;
  QJsonArray halls_;

private slots:
  void initTestCase() {
    PARKTWIN_REQUIRE_SHARED_CLIMATE(dir);
    (void)dir;
    if (QStandardPaths::findExecutable("pdftotext").isEmpty()) {
      if (parktwin::test::in_ci()) {
        QFAIL("pdftotext (poppler-utils) is missing in CI");
      }
      QSKIP("pdftotext (poppler-utils) is not installed");
    }
    const CliResult r = run_cli({"run", "haidong", "--json"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    halls_ = QJsonDocument::fromJson(r.out.toUtf8()).object()["halls"].toArray();
    QCOMPARE(halls_.size(), 48);
  }

  void everyHallsNameAndPueInBothLanguages_data() {
    QTest::addColumn<QString>("lang");
    QTest::newRow("English") << "en";
    QTest::newRow("Chinese") << "zh";
  }
  void everyHallsNameAndPueInBothLanguages() {
    QFETCH(QString, lang);
    const QString pdf = tmp_.filePath("report-" + lang + ".pdf");
    const CliResult r = run_cli({"report", "--lang", lang, "--out", pdf}, headless());
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QString text = pdf_text(pdf);
    QVERIFY(text.size() > 1000);
    // Names may wrap inside their cell: read them in reading order, blanks collapsed.
    const QString flat = pdf_text(pdf, false).replace(QRegularExpression("\\s+"), " ");
    const QStringList lines = text.split('\n');
    for (const auto& v : halls_) {
      const QJsonObject h = v.toObject();
      const QString id = h["id"].toString();
      const QString pue = QString::number(h["metrics"].toObject()["PUE"].toDouble(), 'f', 3);
      QVERIFY2(flat.contains(h["name"].toString()), qPrintable("missing name of " + id));
      bool found = false;
      for (const QString& line : lines) {
        const QStringList f = line.simplified().split(' ');
        found = found || (f.contains(id) && f.contains(pue));
      }
      QVERIFY2(found, qPrintable(id + " with PUE " + pue + " not found"));
    }
    if (lang == "zh") {
      QVERIFY(text.contains(QString::fromUtf8("当前场景")));
    } else {
      QVERIFY(text.contains("Key figures against the plan's targets"));
      QVERIFY(text.contains("Assumptions: every parameter that differs from its default"));
    }
  }

  void comparisonPages() {
    const QString pdf = tmp_.filePath("compare.pdf");
    const CliResult r = run_cli({"report", "--compare", PARKTWIN_SOURCE_DIR "/assets/scenarios/blank.json", "--out", pdf},
                                headless());
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QString text = pdf_text(pdf);
    QVERIFY(text.contains("Compared with"));
    QVERIFY(text.contains("Inputs that differ"));
    QVERIFY(text.contains("Key figures that differ"));
  }

  void bandsPageMatchesTheRunsBands() {
    // `report --bands` shows the same park bands as `run --bands` (same samples and seed).
    const QString ref = PARKTWIN_SOURCE_DIR "/assets/scenarios/reference-telecom-qinghai.json";
    const QString pdf = tmp_.filePath("bands.pdf");
    const CliResult r = run_cli({"report", ref, "--bands", "8", "--seed", "3", "--out", pdf}, headless());
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const CliResult j = run_cli({"run", ref, "--bands", "8", "--seed", "3", "--json"});
    QVERIFY2(j.code == 0, qPrintable(j.err));
    const QJsonObject run = QJsonDocument::fromJson(j.out.toUtf8()).object();
    const QJsonObject pue = run["park"].toObject()["bands"].toObject()["PUE"].toObject();
    const auto sampled = run["uncertainty"].toObject()["parameters"].toArray().size();
    QVERIFY(sampled >= 8); // the reference hall's air-side and electrical parameters and the climate's
    const QString text = pdf_text(pdf);
    QVERIFY(text.contains("Uncertainty bands"));
    QVERIFY(text.contains(QString("8 samples of %1 uncertain parameters (Latin hypercube, seed 3)").arg(sampled)));
    const QString row = QString("%1 +%2 +%3").arg(pue["p10"].toDouble(), 0, 'f', 4).arg(pue["p50"].toDouble(), 0, 'f', 4)
                            .arg(pue["p90"].toDouble(), 0, 'f', 4);
    QVERIFY2(text.contains(QRegularExpression("Annual PUE +" + row)), qPrintable(row));
    // Without --bands, no such page.
    QVERIFY(!pdf_text(tmp_.filePath("compare.pdf")).contains("Uncertainty bands"));
  }

  void rideThroughPageMatchesTheCommand() {
    // `report --ridethrough`: each hall's time to 32 C and peak after its whole cooling plant trips
    // and after an outage at the hottest hour, as `parktwin ridethrough` gives them.
    const QString ref = PARKTWIN_SOURCE_DIR "/assets/scenarios/reference-telecom-qinghai.json";
    const QString pdf = tmp_.filePath("ridethrough.pdf");
    const CliResult r = run_cli({"report", ref, "--ridethrough", "--out", pdf}, headless());
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const auto hall = [&](const char* event) {
      const CliResult j = run_cli({"ridethrough", ref, "--event", event, "--json"});
      return QJsonDocument::fromJson(j.out.toUtf8()).object()["halls"].toArray()[0].toObject();
    };
    const QJsonObject trip = hall("trip:iec"), outage = hall("outage");
    const QString text = pdf_text(pdf);
    QVERIFY(text.contains("Failure ride-through"));
    QVERIFY(text.contains(QString("start of hour %1 of the year").arg(trip["hour"].toInt())));
    const auto t = [](const QJsonValue& v) { return v.isNull() ? QString("never") : QString("%1 s").arg(v.toDouble(), 0, 'f', 0); };
    const QString row = QString("reference-hall +all IEC units +%1 +%2 +%3 +%4 +%5")
                            .arg(trip["start_inlet_C"].toDouble(), 0, 'f', 1)
                            .arg(t(trip["time_to_32C_s"]))
                            .arg(trip["peak_inlet_C"].toDouble(), 0, 'f', 1)
                            .arg(t(outage["time_to_32C_s"]))
                            .arg(outage["peak_inlet_C"].toDouble(), 0, 'f', 1);
    QVERIFY2(text.contains(QRegularExpression(row)), qPrintable(row + "\n" + text.right(2000)));
    QVERIFY(!pdf_text(tmp_.filePath("compare.pdf")).contains("Failure ride-through"));
  }

  void reportOnAFullDiskKeepsTheGoodPdf() {
    // Issue 12, item 2: on a full disk the report said "Wrote r.pdf" with exit 0, the PDF cut
    // short and the good one gone. The disk fills here by a file size limit (20 kB).
    const QString pdf = tmp_.filePath("full.pdf");
    CliResult r = run_cli({"report", "--out", pdf}, headless());
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QFile f(pdf);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray good = f.readAll();
    f.close();
    QVERIFY(good.size() > 20 * 1024);
    r = parktwin::test::run_cli_on_a_full_disk({"report", "--out", pdf}, 20 * 1024, headless());
    QVERIFY2(!r.crashed, qPrintable(r.err));
    QCOMPARE(r.code, 3);
    QVERIFY2(!r.out.contains("Wrote") && r.err.contains("file size limit"), qPrintable(r.out + r.err));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), good);
    const QStringList left = QDir(tmp_.path()).entryList({".full.pdf*"}, QDir::Files | QDir::Hidden);
    QVERIFY2(left.isEmpty(), qPrintable(left.join(", ")));
  }

  void badOptionsWriteNothing() {
    const QString pdf = tmp_.filePath("bad.pdf");
    CliResult r = run_cli({"report", "--lang", "fr", "--out", pdf}, headless());
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains("not en or zh"));
    r = run_cli({"report", "--out", tmp_.filePath("report.docx")}, headless());
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains("should end in .pdf"));
    r = run_cli({"report", "--out", tmp_.filePath("no/such/folder/r.pdf")}, headless());
    QCOMPARE(r.code, 3);
    r = run_cli({"report", PARKTWIN_TEST_DATA_DIR "/scenarios/bad_supply_air_warmer.json", "--out", pdf}, headless());
    QCOMPARE(r.code, 1);
    QVERIFY(!QFile::exists(pdf));
  }
};

QTEST_GUILESS_MAIN(TestReport)
#include "tst_report.moc"
