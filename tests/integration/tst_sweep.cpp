// parktwin sweep and merge as users run them: determinism across --jobs and shards, resume
// after a kill (in the middle of a write, and a real kill -9), Ctrl-C, refusals, invalid
// variants, the HDF5 summary and the compare-sites preset.

#include "cli_process.hpp"
#include "shared_climate.hpp"

#include "parktwin/physics/sweep.hpp"

#include <H5Cpp.h>

#include <QProcess>
#include <QTemporaryDir>
#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;
using parktwin::test::CliResult;
using parktwin::test::run_cli;

namespace {

const QString kHall = QStringLiteral(PARKTWIN_SOURCE_DIR "/assets/scenarios/reference-telecom-qinghai.json");

/// 8 variants of the reference hall (one hall-year each).
QStringList small_sweep() {
  return {"sweep", kHall, "--vary", "halls[*].air.supply_air_C=20:26:2", "--vary",
          "rack_groups[*].design_kW_per_rack=6,10", "--quiet"};
}

/// 24 variants, for the kill tests (long enough to be interrupted).
QStringList longer_sweep() {
  return {"sweep", kHall, "--vary", "halls[*].air.supply_air_C=18:27:0.75", "--vary",
          "rack_groups[*].design_kW_per_rack=6,10", "--quiet"};
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::size_t lines(const fs::path& p) {
  const std::string s = slurp(p);
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

QString dir_of(const QTemporaryDir& d, const char* name) { return d.filePath(name); }

CliResult sweep(QStringList args, const QString& out, const QStringList& more = {}) {
  args << "--out" << out << more;
  return run_cli(args);
}

/// Starts the longer sweep into `out` on two jobs, waits until `rows` rows are in its journal
/// and sends `sig`. Returns the journal's path.
fs::path start_then_signal(QProcess& p, const QString& out, std::size_t rows, int sig) {
  QStringList args = longer_sweep();
  args << "--out" << out << "--jobs" << "2";
  p.start(QStringLiteral(PARKTWIN_CLI_PATH), args);
  p.waitForStarted();
  const fs::path journal = fs::path(out.toStdString()) / "journal.csv";
  for (int i = 0; i < 600 && (!fs::exists(journal) || lines(journal) < rows + 1); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(static_cast<pid_t>(p.processId()), sig);
  return journal;
}

#define REQUIRE_OK(expr)                                                                           \
  do {                                                                                             \
    const CliResult r_ = (expr);                                                                   \
    QVERIFY2(!r_.crashed, "crashed");                                                              \
    QVERIFY2(r_.code == 0, qPrintable(r_.err + r_.out));                                           \
  } while (0)

} // namespace

class TestSweep : public QObject {
  Q_OBJECT

  QTemporaryDir tmp_;
  std::string reference_; ///< summary.csv of the small sweep, one job

private slots:
  void initTestCase() {
    PARKTWIN_REQUIRE_SHARED_CLIMATE(dir);
    (void)dir;
    QVERIFY(tmp_.isValid());
    const auto r = sweep(small_sweep(), dir_of(tmp_, "ref"), {"--jobs", "1"});
    REQUIRE_OK(r);
    reference_ = slurp(fs::path(dir_of(tmp_, "ref").toStdString()) / "summary.csv");
    QVERIFY(!reference_.empty());
  }

  void summaryHasOneRowPerVariantWithFigures() {
    const auto t = parktwin::physics::read_summary_csv(fs::path(dir_of(tmp_, "ref").toStdString()) / "summary.csv");
    QCOMPARE(t.rows.size(), std::size_t(8));
    // Issue 16: a column of few rows lives in its dataset's header (compact layout), under 1 KiB
    // a column (chunked, it took 2.8 KiB).
    const auto h5_bytes = fs::file_size(fs::path(dir_of(tmp_, "ref").toStdString()) / "summary.h5");
    QVERIFY2(h5_bytes < 1024 * t.header.size(), qPrintable(QString::number(h5_bytes)));
    const auto col = [&](const std::string& n) {
      return static_cast<std::size_t>(std::find(t.header.begin(), t.header.end(), n) - t.header.begin());
    };
    const std::size_t c_pue = col("park.PUE"), c_sup = col("halls[*].air.supply_air_C"),
                      c_status = col("status"), c_cfd = col("hall.reference-hall.compressor_free_days");
    QVERIFY(c_pue < t.header.size() && c_sup < t.header.size() && c_cfd < t.header.size());
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
      QCOMPARE(t.rows[i][0], std::to_string(i));
      QCOMPARE(t.rows[i][c_status], std::string("ok"));
      const double pue = std::stod(t.rows[i][c_pue]);
      QVERIFY(pue > 1.0 && pue < 1.5);
    }
    // Grid order: the last --vary fastest.
    QCOMPARE(std::stod(t.rows[0][c_sup]), 20.0);
    QCOMPARE(std::stod(t.rows[1][c_sup]), 20.0);
    QCOMPARE(std::stod(t.rows[2][c_sup]), 22.0);
    // A warmer cold aisle gives at least as many compressor-free days (same racks).
    QVERIFY(std::stoi(t.rows[6][c_cfd]) >= std::stoi(t.rows[0][c_cfd]));
  }

  void identicalRowsWhateverTheJobs() {
    const auto r = sweep(small_sweep(), dir_of(tmp_, "jobs2"), {"--jobs", "2"});
    REQUIRE_OK(r);
    QCOMPARE(slurp(fs::path(dir_of(tmp_, "jobs2").toStdString()) / "summary.csv"), reference_);
  }

  void shardsThenMergeGiveTheSameRows() {
    QStringList parts;
    for (int k = 1; k <= 3; ++k) {
      const QString d = dir_of(tmp_, qPrintable(QString("shard%1").arg(k)));
      const auto r = sweep(small_sweep(), d, {"--shard", QString("%1/3").arg(k), "--jobs", "1"});
      REQUIRE_OK(r);
      parts << d;
    }
    // Merge in another order than the shards' numbers: rows come out sorted anyway.
    const auto m = run_cli({"merge", parts[2], parts[0], parts[1], "--out", dir_of(tmp_, "merged")});
    REQUIRE_OK(m);
    QCOMPARE(slurp(fs::path(dir_of(tmp_, "merged").toStdString()) / "summary.csv"), reference_);
  }

  void mergeRefusesWhatDoesNotBelongTogether() {
    // A shard of another sweep (another range).
    QStringList other = small_sweep();
    other[3] = "halls[*].air.supply_air_C=21:27:2";
    const QString o1 = dir_of(tmp_, "other1");
    REQUIRE_OK(sweep(other, o1, {"--shard", "1/3"}));
    const QString s2 = dir_of(tmp_, "shard2"), s3 = dir_of(tmp_, "shard3"), s1 = dir_of(tmp_, "shard1");
    auto r = run_cli({"merge", o1, s2, s3, "--out", dir_of(tmp_, "bad1")});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("another sweep"), qPrintable(r.err));
    QVERIFY(!fs::exists(dir_of(tmp_, "bad1").toStdString()));
    // A shard twice, a shard missing.
    r = run_cli({"merge", s1, s1, s2, "--out", dir_of(tmp_, "bad2")});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("given twice"), qPrintable(r.err));
    r = run_cli({"merge", s1, s2, "--out", dir_of(tmp_, "bad3")});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("shards missing: 3"), qPrintable(r.err));
    // An incomplete shard: its journal cut after two rows.
    const fs::path cut = fs::path(dir_of(tmp_, "cut").toStdString());
    fs::copy(s3.toStdString(), cut);
    {
      const std::string j = slurp(cut / "journal.csv");
      std::size_t pos = 0;
      for (int i = 0; i < 2; ++i) {
        pos = j.find('\n', pos) + 1;
      }
      std::ofstream(cut / "journal.csv", std::ios::binary | std::ios::trunc) << j.substr(0, pos);
    }
    r = run_cli({"merge", s1, s2, QString::fromStdString(cut.string()), "--out", dir_of(tmp_, "bad4")});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("incomplete"), qPrintable(r.err));
    // Into a folder that is not empty.
    r = run_cli({"merge", s1, s2, s3, "--out", dir_of(tmp_, "ref")});
    QCOMPARE(r.code, 2);
  }

  void resumeAfterAKillInTheMiddleOfAWrite() {
    // A finished sweep whose journal is cut inside its 5th row, as a kill during the write
    // leaves it; the summaries are removed as they would not exist yet.
    const fs::path d = fs::path(dir_of(tmp_, "killed").toStdString());
    fs::copy(dir_of(tmp_, "ref").toStdString(), d);
    const std::string j = slurp(d / "journal.csv");
    std::size_t pos = 0;
    for (int i = 0; i < 5; ++i) { // header + 4 rows
      pos = j.find('\n', pos) + 1;
    }
    const std::size_t half = pos + (j.find('\n', pos) - pos) / 2;
    std::ofstream(d / "journal.csv", std::ios::binary | std::ios::trunc) << j.substr(0, half);
    fs::remove(d / "summary.csv");
    fs::remove(d / "summary.h5");
    const auto r = sweep(small_sweep(), QString::fromStdString(d.string()), {"--resume"});
    REQUIRE_OK(r);
    QVERIFY2(r.out.contains("8 of 8 variants done; this run 4"), qPrintable(r.out));
    QCOMPARE(slurp(d / "summary.csv"), reference_);
    QCOMPARE(lines(d / "journal.csv"), std::size_t(9)); // header + 8 rows, none twice
  }

  void damagedJournalsAndManifestsAreNamed() {
    // Issue 12, item 12. (1) A byte flipped in the middle of a journal dropped that line and
    // every later one without a word; (2) a forged line with a valid digest and variant 10^15
    // ended in bad_alloc; (3) a manifest with text where a number belongs made merge exit 70.
    // Each is now an input error naming the file (and the line).
    const fs::path ref = fs::path(dir_of(tmp_, "ref").toStdString());
    const auto copy = [&](const char* name) {
      const fs::path d = fs::path(dir_of(tmp_, name).toStdString());
      fs::copy(ref, d);
      return d;
    };
    const fs::path flipped = copy("flipped");
    {
      std::string j = slurp(flipped / "journal.csv");
      std::size_t pos = 0;
      for (int i = 0; i < 3; ++i) { // into the third data row
        pos = j.find('\n', pos) + 1;
      }
      j[pos + 3] = j[pos + 3] == '9' ? '8' : '9';
      std::ofstream(flipped / "journal.csv", std::ios::binary | std::ios::trunc) << j;
    }
    auto r = sweep(small_sweep(), QString::fromStdString(flipped.string()), {"--resume"});
    QVERIFY(!r.crashed);
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("journal.csv:4") && r.err.contains("damaged"), qPrintable(r.err));
    r = run_cli({"merge", QString::fromStdString(flipped.string()), "--out", dir_of(tmp_, "flipped-merged")});
    QCOMPARE(r.code, 1);

    const fs::path forged = copy("forged");
    {
      const std::string j = slurp(forged / "journal.csv");
      const std::size_t second = j.find('\n') + 1;
      std::string row = j.substr(second, j.find('\n', second) - second);
      row = row.substr(0, row.rfind(','));
      row = "1000000000000000" + row.substr(row.find(','));
      const QByteArray digest =
          QCryptographicHash::hash(QByteArray::fromStdString(row), QCryptographicHash::Sha256).toHex().left(16);
      std::ofstream(forged / "journal.csv", std::ios::binary | std::ios::app) << row << "," << digest.toStdString() << "\n";
    }
    r = sweep(small_sweep(), QString::fromStdString(forged.string()), {"--resume"});
    QVERIFY(!r.crashed);
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("1000000000000000") && r.err.contains("journal.csv"), qPrintable(r.err));
    r = run_cli({"merge", QString::fromStdString(forged.string()), "--out", dir_of(tmp_, "forged-merged")});
    QVERIFY(!r.crashed);
    QVERIFY2(r.code == 1, qPrintable(r.err));

    const fs::path bad_manifest = copy("bad-manifest");
    {
      std::string m = slurp(bad_manifest / "sweep.json");
      const std::size_t at = m.find("\"variants_in_shard\": ");
      QVERIFY(at != std::string::npos);
      const std::size_t end = m.find_first_of(",\n}", at + 21);
      m.replace(at, end - at, "\"variants_in_shard\": \"eight\"");
      std::ofstream(bad_manifest / "sweep.json", std::ios::binary | std::ios::trunc) << m;
    }
    r = run_cli({"merge", QString::fromStdString(bad_manifest.string()), "--out", dir_of(tmp_, "bad-merged")});
    QVERIFY(!r.crashed);
    QVERIFY2(r.code == 1 && r.err.contains("sweep.json") && r.err.contains("variants_in_shard"), qPrintable(r.err));
  }

  void killedBeforeItsManifestStartsAgain() {
    // Issue 12, item 10: killed in its first moments, a sweep left a folder with only its
    // journal's header: --resume said it held no sweep and a fresh start that it was not empty
    // (the Slurm resubmit recipe of docs/sweeps.md broke). Both now start it again.
    const std::string journal = slurp(fs::path(dir_of(tmp_, "ref").toStdString()) / "journal.csv");
    const std::string header = journal.substr(0, journal.find('\n') + 1);
    for (const bool resume : {true, false}) {
      const QString d = dir_of(tmp_, resume ? "early-resume" : "early-fresh");
      fs::create_directories(d.toStdString());
      std::ofstream(fs::path(d.toStdString()) / "journal.csv", std::ios::binary) << header;
      const auto r = sweep(small_sweep(), d, resume ? QStringList{"--resume"} : QStringList{});
      REQUIRE_OK(r);
      QCOMPARE(slurp(fs::path(d.toStdString()) / "summary.csv"), reference_);
    }
    // A folder with anything else in it is still refused, with nothing written.
    const QString other = dir_of(tmp_, "early-other");
    fs::create_directories(other.toStdString());
    std::ofstream(fs::path(other.toStdString()) / "journal.csv", std::ios::binary) << header;
    std::ofstream(fs::path(other.toStdString()) / "notes.txt") << "mine";
    const auto refused = sweep(small_sweep(), other);
    QCOMPARE(refused.code, 2);
    QCOMPARE(slurp(fs::path(other.toStdString()) / "journal.csv"), header);
  }

  void aFullDiskFailsCleanlyAndResumes() {
    // Issue 12, item 3: on a full disk a sweep said "H5Dwrite failed", then crashed. Here the
    // disk fills (a 40 kB file size limit: the journal, manifest and CSV summary are 12-16 kB,
    // summary.h5 71 kB) when the summaries are written, after the journal: exit 3 naming the
    // file, no crash; with the space back, --resume completes the sweep.
    const QString d = dir_of(tmp_, "full");
    QStringList args = small_sweep();
    args << "--out" << d;
    const CliResult full = parktwin::test::run_cli_on_a_full_disk(args, 40 * 1024);
    QVERIFY2(!full.crashed, qPrintable(full.err));
    QCOMPARE(full.code, 3);
    QVERIFY2(full.err.contains("summary") && full.err.contains("file size limit"), qPrintable(full.err));
    const auto r = sweep(small_sweep(), d, {"--resume"});
    REQUIRE_OK(r);
    QCOMPARE(slurp(fs::path(d.toStdString()) / "summary.csv"), reference_);
  }

  void resumeAfterKill9() {
    const QString d = dir_of(tmp_, "kill9");
    QProcess p;
    const fs::path journal = start_then_signal(p, d, 3, SIGKILL);
    p.waitForFinished();
    const std::size_t before = lines(journal) - 1;
    QVERIFY2(before >= 3 && before < 24, qPrintable(QString::number(before)));
    QVERIFY(!fs::exists(fs::path(d.toStdString()) / "summary.csv"));
    const auto r = sweep(longer_sweep(), d, {"--resume"});
    REQUIRE_OK(r);
    const auto full = sweep(longer_sweep(), dir_of(tmp_, "nokill"), {"--jobs", "1"});
    REQUIRE_OK(full);
    QCOMPARE(slurp(fs::path(d.toStdString()) / "summary.csv"),
             slurp(fs::path(dir_of(tmp_, "nokill").toStdString()) / "summary.csv"));
  }

  void ctrlCFinishesTheVariantsInFlight() {
    const QString d = dir_of(tmp_, "ctrlc");
    QProcess p;
    const fs::path journal = start_then_signal(p, d, 2, SIGINT);
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 130);
    QVERIFY(QString::fromUtf8(p.readAllStandardOutput()).contains("--resume"));
    // The summary holds exactly the rows of the journal, each complete.
    const std::size_t done = lines(journal) - 1;
    QVERIFY(done < 24);
    QCOMPARE(lines(fs::path(d.toStdString()) / "summary.csv") - 1, done);
    const auto r = sweep(longer_sweep(), d, {"--resume"});
    REQUIRE_OK(r);
    QCOMPARE(slurp(fs::path(d.toStdString()) / "summary.csv"),
             slurp(fs::path(dir_of(tmp_, "nokill").toStdString()) / "summary.csv"));
  }

  void refusesToOverwriteOrMixSweeps() {
    // The same sweep again without --resume.
    auto r = sweep(small_sweep(), dir_of(tmp_, "ref"));
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("already holds a sweep (8 of 8"), qPrintable(r.err));
    // Another sweep with --resume.
    QStringList other = small_sweep();
    other[3] = "halls[*].air.supply_air_C=20:26:3";
    r = sweep(other, dir_of(tmp_, "ref"), {"--resume"});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("different sweep (plan differs)"), qPrintable(r.err));
    // A folder with the user's own files.
    const fs::path mine = fs::path(dir_of(tmp_, "mine").toStdString());
    fs::create_directories(mine);
    std::ofstream(mine / "notes.txt") << "keep me";
    r = sweep(small_sweep(), QString::fromStdString(mine.string()));
    QCOMPARE(r.code, 2);
    QCOMPARE(slurp(mine / "notes.txt"), std::string("keep me"));
    QCOMPARE(std::distance(fs::directory_iterator(mine), fs::directory_iterator()), 1L);
    // Nothing to resume.
    r = sweep(small_sweep(), dir_of(tmp_, "nothing"), {"--resume"});
    QCOMPARE(r.code, 2);
  }

  void badPathsAreRefusedBeforeAnythingRuns() {
    const QString d = dir_of(tmp_, "badpath");
    auto r = run_cli({"sweep", kHall, "--vary", "halls[*].air.suply_air_C=20,22", "--out", d});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("has no field 'suply_air_C'") &&
                 r.err.contains("halls[*].air.supply_air_C"),
             qPrintable(r.err));
    r = run_cli({"sweep", kHall, "--vary", "halls[*].air.supply_air_C=50", "--out", d});
    QCOMPARE(r.code, 2);
    r = run_cli({"sweep", kHall, "--vary", "wings[nowhere].halls[*].air.supply_air_C=20", "--out", d});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("addresses nothing"), qPrintable(r.err));
    r = run_cli({"sweep", kHall, "--vary", "halls[*].air.supply_air_C=20", "--shard", "4/3", "--out", d});
    QCOMPARE(r.code, 2);
    r = run_cli({"sweep", kHall, "--out", d});
    QCOMPARE(r.code, 2);
    QVERIFY(!fs::exists(d.toStdString()));
    r = run_cli({"sweep", "--list-paths"});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.contains("halls[*].air.supply_air_C\n"));
  }

  void invalidVariantsAreRowsNotCrashes() {
    // A return air colder than the supply breaks a rule of the scenario: that row says so.
    const QString d = dir_of(tmp_, "invalid");
    const auto r = run_cli({"sweep", kHall, "--vary", "halls[*].air.return_air_C=20,36", "--out", d, "--quiet"});
    REQUIRE_OK(r);
    QVERIFY2(r.out.contains("1 variant(s) invalid or failed"), qPrintable(r.out));
    const auto t = parktwin::physics::read_summary_csv(fs::path(d.toStdString()) / "summary.csv");
    QCOMPARE(t.rows.size(), std::size_t(2));
    const auto c_status = static_cast<std::size_t>(std::find(t.header.begin(), t.header.end(), "status") - t.header.begin());
    const auto c_pue = static_cast<std::size_t>(std::find(t.header.begin(), t.header.end(), "park.PUE") - t.header.begin());
    QVERIFY2(t.rows[0][c_status].rfind("invalid: ", 0) == 0, t.rows[0][c_status].c_str());
    QVERIFY(t.rows[0][c_pue].empty());
    QCOMPARE(t.rows[1][c_status], std::string("ok"));
    QVERIFY(!t.rows[1][c_pue].empty());
  }

  void latinHypercubeFromTheCommandLine() {
    const QString d = dir_of(tmp_, "lhs");
    const auto r = run_cli({"sweep", kHall, "--vary", "halls[*].air.supply_air_C=18:27:0.01", "--vary",
                            "halls[*].air.bypass_fraction=0:0.2:0.001", "--samples", "5", "--seed", "11",
                            "--out", d, "--quiet"});
    REQUIRE_OK(r);
    const auto t = parktwin::physics::read_summary_csv(fs::path(d.toStdString()) / "summary.csv");
    QCOMPARE(t.rows.size(), std::size_t(5));
    std::set<int> strata;
    for (const auto& row : t.rows) {
      strata.insert(static_cast<int>((std::stod(row[3]) - 18.0) / 9.0 * 5.0));
    }
    QCOMPARE(strata.size(), std::size_t(5));
  }

  void hdf5SummaryMatchesTheCsv() {
    const fs::path d = fs::path(dir_of(tmp_, "ref").toStdString());
    const auto t = parktwin::physics::read_summary_csv(d / "summary.csv");
    const auto c_pue = static_cast<std::size_t>(std::find(t.header.begin(), t.header.end(), "park.PUE") - t.header.begin());
    H5::H5File f((d / "summary.h5").string(), H5F_ACC_RDONLY);
    H5::DataSet pue = f.openDataSet("/summary/park.PUE");
    std::vector<double> values(8);
    pue.read(values.data(), H5::PredType::NATIVE_DOUBLE);
    for (std::size_t i = 0; i < 8; ++i) {
      QCOMPARE(values[i], std::stod(t.rows[i][c_pue])); // exact: written with round-trip digits
    }
    std::string unit;
    H5::Attribute a = f.openDataSet("/summary/park.facility_MWh").openAttribute("unit");
    a.read(a.getStrType(), unit);
    QCOMPARE(unit, std::string("MWh"));
    H5::DataSet cols = f.openDataSet("/meta/columns");
    QCOMPARE(static_cast<std::size_t>(cols.getSpace().getSimpleExtentNpoints()), t.header.size());
  }

  void keepHourlyWritesEachVariantsResults() {
    const QString d = dir_of(tmp_, "hourly");
    const auto r = run_cli({"sweep", kHall, "--vary", "halls[*].air.supply_air_C=22,26", "--keep-hourly",
                            "--out", d, "--quiet"});
    REQUIRE_OK(r);
    const fs::path dir(d.toStdString());
    const auto t = parktwin::physics::read_summary_csv(dir / "summary.csv");
    const auto c_it = static_cast<std::size_t>(std::find(t.header.begin(), t.header.end(), "park.it_MWh") - t.header.begin());
    for (int i = 0; i < 2; ++i) {
      const fs::path f = dir / "variants" / (std::to_string(i) + ".h5");
      QVERIFY2(fs::exists(f), f.c_str());
      // The variant's hourly IT power sums to the summary's annual IT energy.
      H5::H5File h5(f.string(), H5F_ACC_RDONLY);
      H5::DataSet it = h5.openDataSet("/halls/reference-hall/it_power");
      const auto n = static_cast<std::size_t>(it.getSpace().getSimpleExtentNpoints());
      QCOMPARE(n, std::size_t(8760));
      std::vector<float> kw(n);
      it.read(kw.data(), H5::PredType::NATIVE_FLOAT);
      double mwh = 0.0;
      for (float x : kw) {
        mwh += static_cast<double>(x) / 1000.0;
      }
      QVERIFY(std::abs(mwh / std::stod(t.rows[static_cast<std::size_t>(i)][c_it]) - 1.0) < 1e-4);
    }
  }

  void unknownStageOrHallIsRefused() {
    auto r = run_cli({"sweep", kHall, "--vary", "halls[*].air.supply_air_C=22", "--stage", "2029",
                      "--out", dir_of(tmp_, "nostage")});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("2024"), qPrintable(r.err)); // names the stages there are
    r = run_cli({"sweep", kHall, "--vary", "halls[*].air.supply_air_C=22", "--hall", "nohall",
                 "--out", dir_of(tmp_, "nohall")});
    QCOMPARE(r.code, 2);
    QVERIFY(!fs::exists(dir_of(tmp_, "nostage").toStdString()));
    QVERIFY(!fs::exists(dir_of(tmp_, "nohall").toStdString()));
  }

  void bandsPerVariantAreTheVariantsOwn() {
    // --bands: each variant's P10/P50/P90 columns; the variant that is the scenario itself gives
    // the bands `run --bands` gives, and a sweep with bands is another sweep (no mixing on resume).
    const QString out = dir_of(tmp_, "bands");
    REQUIRE_OK(sweep({"sweep", kHall, "--vary", "halls[*].air.supply_air_C=24,26", "--bands", "3", "--quiet"}, out));
    const std::string csv = slurp(fs::path(out.toStdString()) / "summary.csv");
    std::istringstream in(csv);
    std::string header, first, second;
    std::getline(in, header);
    std::getline(in, first);
    std::getline(in, second);
    const auto split_line = [](const std::string& l) {
      std::vector<std::string> c;
      std::stringstream ss(l);
      for (std::string x; std::getline(ss, x, ',');) {
        c.push_back(x);
      }
      return c;
    };
    const auto names = split_line(header);
    const auto at = [&](const std::string& name) {
      return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
    };
    for (const char* f : {"PUE", "WUE_L_per_kWh", "free_cooling_hours", "compressor_free_days", "energy_cost_CNY",
                          "peak_kW", "green_share"}) {
      for (const char* p : {"p10", "p50", "p90"}) {
        QVERIFY2(at(std::string("park.bands.") + f + "." + p) < names.size(), f);
      }
    }
    const auto row = split_line(first);
    const auto run = run_cli({"run", kHall, "--bands", "3", "--json"});
    QCOMPARE(run.code, 0);
    const QJsonObject pue = QJsonDocument::fromJson(run.out.toUtf8()).object()["park"].toObject()["bands"].toObject()["PUE"].toObject();
    for (const char* p : {"p10", "p50", "p90"}) {
      QCOMPARE(std::stod(row.at(at(std::string("park.bands.PUE.") + p))), pue[p].toDouble());
    }
    QVERIFY(split_line(second).at(at("park.bands.PUE.p50")) != row.at(at("park.bands.PUE.p50")));
    // The same plan without --bands into that folder is another sweep: refused.
    const auto again = sweep({"sweep", kHall, "--vary", "halls[*].air.supply_air_C=24,26", "--quiet", "--resume"}, out);
    QVERIFY(!again.crashed);
    QVERIFY2(again.code != 0, qPrintable(again.out));
  }

  void compareSitesRanksEveryClimate() {
    const QString d = dir_of(tmp_, "sites");
    const auto r = run_cli({"sweep", kHall, "--preset", "compare-sites", "--hall", "reference-hall",
                            "--out", d, "--quiet"});
    REQUIRE_OK(r);
    QVERIFY2(r.out.contains("Sites ranked by PUE"), qPrintable(r.out));
    for (const char* site : {"haidong-park", "xining", "minhe", "hohhot", "guiyang", "yinchuan",
                             "xifengzhen", "huailai", "shaoguan", "shanghai", "chengdu", "beijing"}) {
      QVERIFY2(r.out.contains(site), site);
    }
    QVERIFY(r.out.contains("Horinger (Inner Mongolia hub)"));
    QVERIFY(r.out.contains("0.290")); // Inner Mongolia's tariff
    QVERIFY(r.out.contains("n/a"));   // no tariff in the plan for Guangdong or Shanghai
    // Ranked: the PUE column never decreases.
    double last = 0.0;
    for (const QString& line : r.out.split('\n')) {
      const auto f = line.simplified().split(' ');
      if (f.size() > 3 && f[0].toInt() > 0 && f[2].toDouble() > 1.0) {
        QVERIFY(f[2].toDouble() >= last);
        last = f[2].toDouble();
      }
    }
    QVERIFY(last > 1.0);
  }
};

QTEST_GUILESS_MAIN(TestSweep)
#include "tst_sweep.moc"
