// The EPW reader: a valid year is read exactly; every kind of malformed file is refused with a
// message naming the file, the line and the field, and never crashes.

#include "synthetic_epw.hpp"

#include "parktwin/climate/epw.hpp"
#include "parktwin/common/text.hpp"
#include "parktwin/common/error.hpp"
#include "parktwin/common/units.hpp"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace parktwin;
using namespace parktwin::climate;

namespace {
const std::filesystem::path kFixtures = std::filesystem::path(PARKTWIN_TEST_DATA_DIR) / "epw";

/// Message of the InputError thrown by parsing `text`; fails the test if nothing is thrown.
std::string parse_error(const std::string& text, const std::string& name = "mem.epw") {
  try {
    parse_epw(text, name);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}
} // namespace

class TestEpw : public QObject {
  Q_OBJECT

private slots:
  void validYearIsReadExactly() {
    const auto rows = test::synthetic_rows();
    const ClimateYear y = parse_epw(test::to_epw_text(rows), "synthetic.epw");
    QCOMPARE(y.hours(), std::size_t{8760});
    QVERIFY(!y.leap());
    QCOMPARE(y.location.city, std::string("Testville"));
    QCOMPARE(y.location.elevation_m, 2150.0);
    QCOMPARE(y.location.latitude_deg, 36.5);
    QCOMPARE(y.header_lines.size(), std::size_t{8});
    // Spot-check values against the text of the rows (C -> K at the edge).
    for (std::size_t i : {std::size_t{0}, std::size_t{4000}, std::size_t{8759}}) {
      QCOMPARE(y.T_db_K[i], units::celsius_to_kelvin(std::stod(rows[i].fields[6])));
      QCOMPARE(y.ghi_W_m2[i], std::stod(rows[i].fields[13]));
      QCOMPARE(int(y.month[i]), rows[i].month);
      QCOMPARE(int(y.day[i]), rows[i].day);
      QCOMPARE(int(y.hour[i]), rows[i].hour);
    }
    QCOMPARE(y.rh[10], 0.45);
    QCOMPARE(y.p_Pa[10], 78500.0);
    QCOMPARE(y.rh_clamped_hours, std::size_t{0});
  }

  void crlfLineEndingsAreAccepted() {
    std::string text = test::to_epw_text(test::synthetic_rows());
    std::string crlf;
    for (char c : text) {
      if (c == '\n') {
        crlf += '\r';
      }
      crlf += c;
    }
    QCOMPARE(parse_epw(crlf, "crlf.epw").hours(), std::size_t{8760});
  }

  void leapYearWith8784RowsIsAccepted() {
    const ClimateYear y = parse_epw(test::to_epw_text(test::synthetic_rows(true)), "leap.epw");
    QCOMPARE(y.hours(), std::size_t{8784});
    QVERIFY(y.leap());
    QCOMPARE(int(y.month[59 * 24]), 2);
    QCOMPARE(int(y.day[59 * 24]), 29);
  }

  void tooManyRowsIsRefusedAtTheFirstExtraRow() {
    auto rows = test::synthetic_rows();
    rows.push_back(rows.back());
    const std::string msg = parse_error(test::to_epw_text(rows), "long.epw");
    // 8 header lines + 8760 rows: the extra row is line 8769.
    QVERIFY2(msg.find("long.epw:8769:") != std::string::npos, msg.c_str());
    QVERIFY2(msg.find("extra row") != std::string::npos, msg.c_str());
  }

  void missingDayIsRefused() {
    auto rows = test::synthetic_rows();
    rows.erase(rows.begin() + 24 * 100, rows.begin() + 24 * 101); // drop April 11
    const std::string msg = parse_error(test::to_epw_text(rows), "gap.epw");
    QVERIFY2(msg.find("gap.epw:" + std::to_string(8 + 24 * 100 + 1) + ": field 3 (day)") !=
                 std::string::npos,
             msg.c_str());
  }

  void aHugeFileIsRefusedBeforeItIsRead() {
    // Issue 12, item 14: a 300 MB file ended in bad_alloc. A sparse 300 MB file (no disk used)
    // that starts as an EPW is refused by its size, before a byte of it is read.
    QTemporaryDir dir;
    const std::filesystem::path p = dir.filePath("huge.epw").toStdString();
    std::ofstream(p) << test::synthetic_header();
    std::filesystem::resize_file(p, 300'000'000);
    try {
      read_epw(p);
      QFAIL("no error");
    } catch (const InputError& e) {
      QVERIFY2(std::string(e.what()).find("too large to be one climate year") != std::string::npos, e.what());
    }
  }

  void millionsOfShortLinesStayInBoundedMemory() {
    // Issue 12, item 14: a 100 MB file of short lines peaked at 1.3 GB (a view per line). A
    // 30 MB text of 15 million lines, parsed in a child process: its peak resident memory grows
    // by less than 150 MB (the text itself is 30 MB), and the answer is the first extra row.
    const pid_t pid = ::fork();
    if (pid == 0) {
      std::string text = test::to_epw_text(test::synthetic_rows());
      text.reserve(text.size() + 30'000'000);
      for (int i = 0; i < 15'000'000; ++i) {
        text += "1\n";
      }
      rusage before{};
      ::getrusage(RUSAGE_SELF, &before);
      const std::string msg = parse_error(text, "short.epw");
      rusage after{};
      ::getrusage(RUSAGE_SELF, &after);
      const bool bounded = after.ru_maxrss - before.ru_maxrss < 150 * 1024; // kB
      const bool named = msg.find("short.epw:" + std::to_string(8 + 8760 + 1) + ": an extra row") != std::string::npos;
      ::_exit(bounded && named ? 0 : (bounded ? 2 : 3));
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    QVERIFY2(WIFEXITED(status), "the child was killed");
    QVERIFY2(WEXITSTATUS(status) != 3, "memory not bounded");
    QCOMPARE(WEXITSTATUS(status), 0);
  }

  void aFileThatIsNotAnEpwIsNamedNotQuoted() {
    // Issue 12, item 15: a scenario's climate may point at any readable file, and the error
    // quoted its first lines (a test printed a line of /etc/shadow). Now: the file and the line.
    const std::string secret = "root:$6$Sup3rSecretHash$abcdef:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n";
    const std::string msg = parse_error(secret, "/etc/shadow");
    QVERIFY2(msg.find("/etc/shadow:1:") != std::string::npos && msg.find("not an EnergyPlus weather") != std::string::npos,
             msg.c_str());
    QVERIFY2(msg.find("Sup3rSecret") == std::string::npos && msg.find("root") == std::string::npos &&
                 msg.find("daemon") == std::string::npos,
             msg.c_str());
  }

  void aLatin1StationNameReadsAsUtf8() {
    // Issue 12, item 7: a LOCATION line in Latin-1 (as files from other tools carry) made every
    // JSON output fail with "invalid UTF-8", exit 70. Text that is not UTF-8 is read as Latin-1.
    std::string header = test::synthetic_header();
    header.replace(header.find("Testville"), 9, "Saint-\xC9tienne");
    const ClimateYear y = parse_epw(test::to_epw_text(test::synthetic_rows(), header), "latin1.epw");
    QCOMPARE(y.location.city, std::string("Saint-\xC3\x89tienne"));
    QVERIFY(is_valid_utf8(y.header_lines.front()));
    QCOMPARE(y.hours(), std::size_t{8760});
    // UTF-8 stays as it is.
    std::string utf8 = test::synthetic_header();
    utf8.replace(utf8.find("Testville"), 9, "\xE8\xA5\xBF\xE5\xAE\x81"); // Xining in Chinese
    QCOMPARE(parse_epw(test::to_epw_text(test::synthetic_rows(), utf8), "zh.epw").location.city,
             std::string("\xE8\xA5\xBF\xE5\xAE\x81"));
  }

  void aLeapDayCutShortNamesTheShortDay() {
    // Issue 12, item 18: a leap year whose February 29 stops after hour 4 was taken for a
    // non-leap year at March 1 and reported as "ends after 8764 rows, at month 13". Now the
    // gap is named where it is.
    auto rows = test::synthetic_rows(true);
    const std::size_t feb29 = 24 * (31 + 28);
    rows.erase(rows.begin() + static_cast<std::ptrdiff_t>(feb29 + 4), rows.begin() + static_cast<std::ptrdiff_t>(feb29 + 24));
    QCOMPARE(rows.size(), std::size_t{8764});
    const std::string msg = parse_error(test::to_epw_text(rows), "leap.epw");
    QVERIFY2(msg.find("leap.epw:" + std::to_string(8 + feb29 + 4 + 1) + ":") != std::string::npos &&
                 msg.find("month 2 day 29 hour 5") != std::string::npos && msg.find("month 13") == std::string::npos,
             msg.c_str());
    // A whole leap year still reads, and so does a year without February 29.
    QCOMPARE(parse_epw(test::to_epw_text(test::synthetic_rows(true)), "l.epw").hours(), std::size_t{8784});
    QCOMPARE(parse_epw(test::to_epw_text(test::synthetic_rows(false)), "n.epw").hours(), std::size_t{8760});
  }

  void rhAbove100IsClampedAndCounted() {
    auto rows = test::synthetic_rows();
    rows[5].fields[8] = "104";
    rows[6].fields[8] = "101";
    rows[7].fields[7] = "30.0"; // dew point above the dry bulb
    const ClimateYear y = parse_epw(test::to_epw_text(rows), "humid.epw");
    QCOMPARE(y.rh[5], 1.0);
    QCOMPARE(y.rh[6], 1.0);
    QCOMPARE(y.rh_clamped_hours, std::size_t{2});
    QCOMPARE(y.dew_point_clamped_hours, std::size_t{1});
    QCOMPARE(y.T_dp_K[7], y.T_db_K[7]);
  }

  void missingCodeInUnusedFieldIsAccepted() {
    // Every synthetic row carries 999 (missing) in precipitation and visibility: not used.
    const ClimateYear y = parse_epw(test::to_epw_text(test::synthetic_rows()), "s.epw");
    QCOMPARE(y.hours(), std::size_t{8760});
  }

  void problemsAreCollectedUpToTheLimit() {
    auto rows = test::synthetic_rows();
    for (std::size_t i = 0; i < 50; ++i) {
      rows[100 + i].fields[6] = "hot";
    }
    try {
      parse_epw(test::to_epw_text(rows), "many.epw", EpwReadOptions{5});
      QFAIL("no error");
    } catch (const InputErrors& e) {
      QCOMPARE(e.problems().size(), std::size_t{5});
      QVERIFY(e.total() >= 5);
      QVERIFY(std::string(e.problems()[0]).find("many.epw:109: field 7 (dry bulb temperature)") !=
              std::string::npos);
    }
  }

  void malformedFixtures_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("where");
    QTest::addColumn<QString>("what");
    QTest::newRow("wrong field count") << "field_count.epw" << ":10:" << "has 34 fields";
    QTest::newRow("non-numeric value")
        << "non_numeric.epw" << ":11: field 7 (dry bulb temperature)" << "'12.x' is not a number";
    QTest::newRow("out-of-range value")
        << "out_of_range.epw" << ":9: field 9 (relative humidity)" << "outside the valid range";
    QTest::newRow("missing code 99.9 in dry bulb")
        << "missing_dry_bulb.epw" << ":10: field 7 (dry bulb temperature)" << "missing-value code";
    QTest::newRow("missing code 999999 in pressure")
        << "missing_pressure.epw" << ":9: field 10 (atmospheric station pressure)"
        << "missing-value code";
    QTest::newRow("missing code 9999 in GHI")
        << "missing_ghi.epw" << ":12: field 14 (global horizontal radiation)"
        << "missing-value code";
    QTest::newRow("too few rows") << "too_few_rows.epw" << ":13:" << "ends after 5 rows";
    QTest::newRow("hour out of sequence")
        << "out_of_sequence.epw" << ":11: field 4 (hour)" << "hour 3, was expected";
    QTest::newRow("bad header") << "bad_header.epw" << ":1:" << "its first line is not a LOCATION line";
    QTest::newRow("bad location") << "bad_location.epw" << ":1: LOCATION field 7 (latitude)"
                                  << "is not a number";
    QTest::newRow("sub-hourly data") << "sub_hourly.epw" << ":8:" << "hourly files";
    QTest::newRow("empty file") << "empty.epw" << "empty.epw:" << "the file is empty";
  }

  void malformedFixtures() {
    QFETCH(QString, file);
    QFETCH(QString, where);
    QFETCH(QString, what);
    const auto path = kFixtures / file.toStdString();
    QVERIFY2(std::filesystem::exists(path), path.c_str());
    try {
      read_epw(path);
      QFAIL("a malformed file was accepted");
    } catch (const InputError& e) {
      const std::string msg = e.what();
      QVERIFY2(msg.find(path.string()) != std::string::npos, msg.c_str());
      QVERIFY2(msg.find(where.toStdString()) != std::string::npos, msg.c_str());
      QVERIFY2(msg.find(what.toStdString()) != std::string::npos, msg.c_str());
    }
  }

  void missingFileIsAnInputError() {
    QVERIFY_THROWS_EXCEPTION(InputError, read_epw(kFixtures / "does_not_exist.epw"));
  }

  void writeThenReadKeepsTheYear() {
    const ClimateYear y = parse_epw(test::to_epw_text(test::synthetic_rows()), "s.epw");
    QTemporaryDir dir;
    const std::filesystem::path out = dir.filePath("copy.epw").toStdString();
    write_epw(y, out);
    const ClimateYear back = read_epw(out);
    QCOMPARE(back.hours(), y.hours());
    for (std::size_t i = 0; i < y.hours(); i += 97) {
      QCOMPARE(back.T_db_K[i], y.T_db_K[i]);
      QCOMPARE(back.rh[i], y.rh[i]);
      QCOMPARE(back.p_Pa[i], y.p_Pa[i]);
      QCOMPARE(back.dni_W_m2[i], y.dni_W_m2[i]);
    }
    QCOMPARE(format_epw(back), format_epw(y));
  }
};

QTEST_GUILESS_MAIN(TestEpw)
#include "tst_epw.moc"
