// One sweep across MPI ranks: mpirun -np 2 --oversubscribe parktwin sweep --mpi gives the same
// summary as one process. Built only with PARKTWIN_WITH_MPI; without it CTest registers a test
// that fails in CI (CI=true) and is skipped elsewhere, so MPI can never go untested silently.

#include "cli_process.hpp"
#include "shared_climate.hpp"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const QStringList kSweep = {"sweep", QStringLiteral(PARKTWIN_SOURCE_DIR "/assets/scenarios/reference-telecom-qinghai.json"),
                            "--vary", "halls[*].air.supply_air_C=20:26:2", "--vary",
                            "rack_groups[*].design_kW_per_rack=6,10", "--quiet"};

} // namespace

class TestSweepMpi : public QObject {
  Q_OBJECT

private slots:
  void twoRanksGiveTheRowsOfOneProcess() {
    PARKTWIN_REQUIRE_SHARED_CLIMATE(dir);
    (void)dir;
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const auto one = parktwin::test::run_cli(QStringList(kSweep) << "--out" << tmp.filePath("one") << "--jobs" << "1");
    QVERIFY2(one.code == 0, qPrintable(one.err));
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // The CI machine runs as root; OpenMPI wants to be told that this is intended.
    env.insert("OMPI_ALLOW_RUN_AS_ROOT", "1");
    env.insert("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1");
    p.setProcessEnvironment(env);
    QStringList args{"-np", "2", "--oversubscribe", QStringLiteral(PARKTWIN_CLI_PATH)};
    args << kSweep << "--mpi" << "--jobs" << "1" << "--out" << tmp.filePath("mpi");
    p.start(QStringLiteral(PARKTWIN_MPIEXEC), args);
    QVERIFY(p.waitForFinished(300000));
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0, qPrintable(out + err));
    QVERIFY2(out.contains("on 2 MPI ranks: 8 rows"), qPrintable(out));
    const fs::path mpi = tmp.filePath("mpi").toStdString();
    QVERIFY(fs::exists(mpi / ".shards" / "1-of-2" / "journal.csv"));
    QVERIFY(fs::exists(mpi / ".shards" / "2-of-2" / "journal.csv"));
    QCOMPARE(slurp(mpi / "summary.csv"), slurp(fs::path(tmp.filePath("one").toStdString()) / "summary.csv"));
  }
};

QTEST_GUILESS_MAIN(TestSweepMpi)
#include "tst_sweep_mpi.moc"
