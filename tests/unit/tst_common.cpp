// Shared helpers: SHA-256 against the FIPS 180-4 test vectors, atomic saves, number parsing.

#include "parktwin/common/atomic_file.hpp"
#include "parktwin/common/error.hpp"
#include "parktwin/common/sha256.hpp"
#include "parktwin/common/text.hpp"

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>

using namespace parktwin;

class TestCommon : public QObject {
  Q_OBJECT

private slots:
  void sha256Vectors_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("digest");
    // FIPS 180-4 / NIST CSRC example values.
    QTest::newRow("empty") << QByteArray()
                           << "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    QTest::newRow("abc") << QByteArray("abc")
                         << "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    QTest::newRow("448 bits")
        << QByteArray("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
        << "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
    QTest::newRow("one million a") << QByteArray(1000000, 'a')
                                   << "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
  }
  void sha256Vectors() {
    QFETCH(QByteArray, input);
    QFETCH(QString, digest);
    QCOMPARE(QString::fromStdString(sha256_hex(std::string_view(input.constData(), input.size()))),
             digest);
    // Cross-check with Qt's independent implementation.
    QCOMPARE(QString::fromStdString(sha256_hex(std::string_view(input.constData(), input.size()))),
             QString::fromLatin1(QCryptographicHash::hash(input, QCryptographicHash::Sha256).toHex()));
  }

  void atomicWriteReplacesAndLeavesNoTemporary() {
    QTemporaryDir dir;
    const std::filesystem::path p = dir.filePath("out.txt").toStdString();
    write_file_atomically(p, "first");
    write_file_atomically(p, "second");
    QCOMPARE(read_file(p), std::string("second"));
    QCOMPARE(std::distance(std::filesystem::directory_iterator(dir.path().toStdString()),
                           std::filesystem::directory_iterator()),
             1);
  }

  void atomicWriteIntoMissingFolderFailsCleanly() {
    QTemporaryDir dir;
    const std::filesystem::path p = dir.filePath("no/such/folder/out.txt").toStdString();
    QVERIFY_THROWS_EXCEPTION(IoError, write_file_atomically(p, "x"));
    QVERIFY(!std::filesystem::exists(p));
  }

  void atomicWriteFailureKeepsTheOldFile() {
    QTemporaryDir dir;
    const std::filesystem::path target = dir.filePath("keep.txt").toStdString();
    write_file_atomically(target, "precious");
    // A directory in the way of the rename: the write must fail and the old file stay.
    const std::filesystem::path blocked = dir.filePath("blocked").toStdString();
    std::filesystem::create_directory(blocked);
    std::filesystem::create_directory(blocked / "inside");
    QVERIFY_THROWS_EXCEPTION(IoError, write_file_atomically(blocked, "x"));
    QVERIFY(std::filesystem::is_directory(blocked / "inside"));
    QCOMPARE(read_file(target), std::string("precious"));
  }

  void numberParsing() {
    QCOMPARE(parse_double(" -12.5 ").value(), -12.5);
    QCOMPARE(parse_double("+3").value(), 3.0);
    QVERIFY(!parse_double("12.x"));
    QVERIFY(!parse_double(""));
    QVERIFY(!parse_double("nan"));
    QVERIFY(!parse_double("inf"));
    QCOMPARE(parse_long("42").value(), 42L);
    QVERIFY(!parse_long("4.2"));
  }

  void editDistance() {
    QCOMPARE(edit_distance("xining", "xinng"), std::size_t{1});
    QCOMPARE(edit_distance("", "abc"), std::size_t{3});
    QCOMPARE(edit_distance("kitten", "sitting"), std::size_t{3});
  }

  void errorCarriesWhere() {
    const InputError e("file.epw:12", "bad value");
    QCOMPARE(std::string(e.what()), std::string("file.epw:12: bad value"));
    QCOMPARE(e.where(), std::string("file.epw:12"));
    QCOMPARE(e.detail(), std::string("bad value"));
  }
};

QTEST_GUILESS_MAIN(TestCommon)
#include "tst_common.moc"
