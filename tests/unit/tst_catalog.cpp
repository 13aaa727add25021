// The climate catalog: PROVENANCE.md tables, sha256 verification, name lookup, folder choice.

#include "synthetic_epw.hpp"

#include "parktwin/climate/catalog.hpp"
#include "parktwin/common/atomic_file.hpp"
#include "parktwin/common/error.hpp"
#include "parktwin/common/sha256.hpp"

#include <QTemporaryDir>
#include <QtTest>

#include <cstdlib>

using namespace parktwin;
using namespace parktwin::climate;
namespace fs = std::filesystem;

namespace {
const char* kProvenanceTemplate = R"(# Provenance

| file | bytes | sha256 |
|---|---|---|
| CHN_Test.Good.999990_CSWD.epw  | 1 | %GOOD% |
| CHN_Test.Bad.999991_CSWD.epw  | 1 | %BAD% |

Some prose.

| file | station | sha256 (first 16) | stands in for |
|---|---|---|---|
| CHN_Test.Hub.999992_CSWD.epw | Hub | %HUB16% | Somewhere (test hub) |
)";

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) {
    s.replace(pos, from.size(), to);
  }
  return s;
}
} // namespace

class TestCatalog : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;
  std::string good_text_;

private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    const fs::path d = dir_.path().toStdString();
    good_text_ = test::to_epw_text(test::synthetic_rows());
    std::string hub_text = replace_all(good_text_, "Testville", "Hubtown");
    hub_text = replace_all(hub_text, "999990", "999992");
    std::string bad_text = replace_all(good_text_, "Testville", "Badville");
    bad_text = replace_all(bad_text, "999990", "999991");
    fs::create_directory(d / "hubs");
    write_file_atomically(d / "CHN_Test.Good.999990_CSWD.epw", good_text_);
    write_file_atomically(d / "CHN_Test.Bad.999991_CSWD.epw", bad_text);
    write_file_atomically(d / "hubs" / "CHN_Test.Hub.999992_CSWD.epw", hub_text);
    write_file_atomically(d / "CHN_Test.Extra.epw",
                          replace_all(replace_all(good_text_, "Testville", "Extra"), "999990", "999993"));
    std::string prov = kProvenanceTemplate;
    prov = replace_all(prov, "%GOOD%", sha256_hex(good_text_));
    prov = replace_all(prov, "%BAD%", sha256_hex("something else"));
    prov = replace_all(prov, "%HUB16%", sha256_hex(hub_text).substr(0, 16));
    write_file_atomically(d / "PROVENANCE.md", prov);
  }

  void provenanceTablesAreParsed() {
    const auto rows = parse_provenance(kProvenanceTemplate);
    QCOMPARE(rows.size(), std::size_t{3});
    QCOMPARE(rows[0].file_name, std::string("CHN_Test.Good.999990_CSWD.epw"));
    QCOMPARE(rows[0].sha256, std::string("%good%"));
    QCOMPARE(rows[2].stands_in_for, std::string("Somewhere (test hub)"));
    QVERIFY(rows[0].stands_in_for.empty());
  }

  void filesAreFoundInFolderAndSubfolders() {
    const ClimateCatalog c(dir_.path().toStdString());
    QVERIFY(c.has_provenance());
    QCOMPARE(c.entries().size(), std::size_t{4});
    QCOMPARE(c.find("hubtown").location.wmo, std::string("999992"));
    QCOMPARE(c.find("HubTown").stands_in_for, std::string("Somewhere (test hub)"));
    QCOMPARE(c.find("999990").key, std::string("testville"));
    QCOMPARE(c.find("CHN_Test.Good.999990_CSWD.epw").key, std::string("testville"));
    QVERIFY(c.find_wmo("000000") == nullptr);
  }

  void verification() {
    const ClimateCatalog c(dir_.path().toStdString());
    QCOMPARE(c.verify(c.find("testville")), Verification::Verified);
    QCOMPARE(c.verify(c.find("hubtown")), Verification::Verified); // 16 leading hex digits
    QCOMPARE(c.verify(c.find("badville")), Verification::Mismatch);
    QCOMPARE(c.verify(c.find("extra")), Verification::Unlisted);
  }

  void mismatchedFileIsRefused() {
    const ClimateCatalog c(dir_.path().toStdString());
    try {
      c.load(c.find("badville"));
      QFAIL("a file whose digest does not match was loaded");
    } catch (const InputError& e) {
      QVERIFY(std::string(e.what()).find("does not match") != std::string::npos);
      QVERIFY(std::string(e.what()).find("CHN_Test.Bad.999991_CSWD.epw") != std::string::npos);
    }
    QCOMPARE(c.load(c.find("testville")).hours(), std::size_t{8760});
  }

  void unknownNameSuggestsTheClosest() {
    const ClimateCatalog c(dir_.path().toStdString());
    try {
      c.find("testvile");
      QFAIL("no error");
    } catch (const InputError& e) {
      QVERIFY2(std::string(e.what()).find("did you mean 'testville'") != std::string::npos, e.what());
    }
  }

  void missingFolderIsAClearError() {
    try {
      ClimateCatalog c(dir_.filePath("nowhere").toStdString());
      QFAIL("no error");
    } catch (const InputError& e) {
      QVERIFY(std::string(e.what()).find("--climate-dir") != std::string::npos);
      QVERIFY(std::string(e.what()).find(kClimateDirEnv) != std::string::npos);
    }
  }

  void folderChoiceOrder() {
    const fs::path opt = "/tmp/from-option";
    QCOMPARE(resolve_climate_dir(opt), opt);
    ::setenv(kClimateDirEnv, "/tmp/from-env", 1);
    QCOMPARE(resolve_climate_dir(std::nullopt), fs::path("/tmp/from-env"));
    QCOMPARE(resolve_climate_dir(opt), opt); // the option beats the environment
    ::unsetenv(kClimateDirEnv);
    QCOMPARE(climate_dir_candidates(std::nullopt).front().first, std::string("build default"));
  }
};

QTEST_GUILESS_MAIN(TestCatalog)
#include "tst_catalog.moc"
