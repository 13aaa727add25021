// Shared helpers: SHA-256 against the FIPS 180-4 test vectors, atomic saves, number parsing.

#include "parktwin/common/atomic_file.hpp"
#include "parktwin/common/error.hpp"
#include "parktwin/common/sha256.hpp"
#include "parktwin/common/text.hpp"

#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <filesystem>
#include <string>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace parktwin;

namespace {

std::size_t entries(const QTemporaryDir& dir) {
  return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(dir.path().toStdString()),
                                                std::filesystem::directory_iterator()));
}

/// Runs `f` in a child process and returns its exit status (the child's own exit code, or 128 +
/// the signal that ended it).
template <class F> int in_child(F f) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::_exit(f());
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

} // namespace

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

  void diskFullKeepsTheOldFileAndLeavesNothing() {
    // Issue 12, items 1-3: a disk that fills while writing. Without root a small tmpfs is out
    // of reach, so the child process gets a file size limit (RLIMIT_FSIZE, SIGXFSZ ignored):
    // write() then fails with EFBIG past 4 kB exactly as it fails with ENOSPC on a full disk.
    QTemporaryDir dir;
    const std::filesystem::path target = dir.filePath("results.h5").toStdString();
    write_file_atomically(target, "the good results");
    const int code = in_child([&] {
      ::signal(SIGXFSZ, SIG_IGN);
      const rlimit limit{4096, 4096};
      ::setrlimit(RLIMIT_FSIZE, &limit);
      try {
        write_file_atomically(target, std::string(100000, 'x'));
      } catch (const IoError& e) {
        return std::string(e.what()).find("file size limit") != std::string::npos ? 3 : 4;
      }
      return 0;
    });
    QCOMPARE(code, 3);
    QCOMPARE(read_file(target), std::string("the good results"));
    QCOMPARE(entries(dir), std::size_t{1});
  }

  void killDuringAWriteLeavesNoTemporary() {
    // Issue 12, item 16: kill -9 in the middle of a write. The temporary has no name until it
    // is committed, so nothing of it survives the process.
    QTemporaryDir dir;
    const std::filesystem::path target = dir.filePath("big.h5").toStdString();
    write_file_atomically(target, "old");
    const int code = in_child([&] {
      AtomicFile f(target);
      f.write(std::string(1 << 20, 'y'));
      ::raise(SIGKILL);
      return 0;
    });
    QCOMPARE(code, 128 + SIGKILL);
    QCOMPARE(read_file(target), std::string("old"));
    QCOMPARE(entries(dir), std::size_t{1});
    // Named temporaries left by dead writers (the old writers' ".<name>.tmp-<pid>", or this
    // writer's on a file system without unnamed temporaries) are recognised by their names and
    // removed by the next writer of the same target; a live writer's is locked and stays.
    write_file_atomically(dir.filePath(".big.h5.tmp-48213").toStdString(), std::string(7 << 20, 'z'));
    write_file_atomically(dir.filePath(".big.h5.tmp-AbC123").toStdString(), "stale");
    const std::filesystem::path live = dir.filePath(".big.h5.tmp-LiVe01").toStdString();
    write_file_atomically(live, "live");
    const int held = ::open(live.c_str(), O_RDONLY);
    QVERIFY(held >= 0 && ::flock(held, LOCK_EX | LOCK_NB) == 0);
    write_file_atomically(dir.filePath("other.h5").toStdString(), "another target's");
    QCOMPARE(entries(dir), std::size_t{5});
    write_file_atomically(target, "new");
    QCOMPARE(read_file(target), std::string("new"));
    QCOMPARE(entries(dir), std::size_t{3}); // big.h5, other.h5 and the live writer's
    QVERIFY(std::filesystem::exists(live));
    ::close(held);
  }

  void plantedLinksAreNeverFollowed() {
    // Issue 12, item 8: the old writers' temporaries were predictable (".<name>.tmp-<pid>") and
    // opened without O_EXCL: a link planted there had its target overwritten. Plant links at
    // that name and at the target itself: the victim stays as it was, and the target becomes a
    // regular file of its own.
    QTemporaryDir dir;
    const std::filesystem::path victim = dir.filePath("victim").toStdString();
    write_file_atomically(victim, "secret");
    const std::filesystem::path target = dir.filePath("out.pdf").toStdString();
    std::filesystem::create_symlink(victim, dir.filePath(QString(".out.pdf.tmp-%1").arg(::getpid())).toStdString());
    std::filesystem::create_symlink(victim, target);
    write_file_atomically(target, "report");
    QCOMPARE(read_file(victim), std::string("secret"));
    QVERIFY(!std::filesystem::is_symlink(target));
    QCOMPARE(read_file(target), std::string("report"));
  }

  void saveKeepsTheModeAndRefusesAReadOnlyFile() {
    // Issue 12, item 9: a 0600 file stayed 0600 only by luck (every save forced 0644), and a
    // read-only file was replaced.
    QTemporaryDir dir;
    const std::filesystem::path priv = dir.filePath("private.json").toStdString();
    write_file_atomically(priv, "v1");
    ::chmod(priv.c_str(), 0600);
    write_file_atomically(priv, "v2");
    struct stat st {};
    ::stat(priv.c_str(), &st);
    QCOMPARE(st.st_mode & 07777, 0600u);
    const std::filesystem::path ro = dir.filePath("frozen.json").toStdString();
    write_file_atomically(ro, "keep me");
    ::chmod(ro.c_str(), 0444);
    try {
      write_file_atomically(ro, "overwritten");
      QFAIL("a read-only file was replaced");
    } catch (const IoError& e) {
      QVERIFY2(std::string(e.what()).find("read-only") != std::string::npos, e.what());
    }
    QCOMPARE(read_file(ro), std::string("keep me"));
  }

  void aFolderInPlaceOfTheFileIsNamed() {
    // Issue 12, item 17: "--out" naming a folder printed "cannot replace the file: Success".
    QTemporaryDir dir;
    const std::filesystem::path folder = dir.filePath("results").toStdString();
    std::filesystem::create_directory(folder);
    try {
      write_file_atomically(folder, "x");
      QFAIL("wrote over a folder");
    } catch (const IoError& e) {
      QVERIFY2(std::string(e.what()).find("is a folder") != std::string::npos, e.what());
      QVERIFY(std::string(e.what()).find("Success") == std::string::npos);
    }
  }

  void utf8CheckAndLatin1() {
    QVERIFY(is_valid_utf8("plain ASCII"));
    QVERIFY(is_valid_utf8("\xE8\xA5\xBF\xE5\xAE\x81"));
    QVERIFY(!is_valid_utf8("Saint-\xC9tienne"));     // Latin-1
    QVERIFY(!is_valid_utf8("\xC0\xAF"));              // overlong '/'
    QVERIFY(!is_valid_utf8("\xED\xA0\x80"));         // a surrogate
    QVERIFY(!is_valid_utf8("\xE8\xA5"));              // cut short
    QCOMPARE(latin1_to_utf8("Saint-\xC9tienne"), std::string("Saint-\xC3\x89tienne"));
    QCOMPARE(latin1_to_utf8("\xFF"), std::string("\xC3\xBF"));
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
