#pragma once
// Runs the parktwin program as a user would (QProcess), for the command-line tests.

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace parktwin::test {

struct CliResult {
  int code = -1;
  bool crashed = false;
  QString out;
  QString err;
};

/// Runs `parktwin <args>` and waits (2 minutes at most).
CliResult run_cli(const QStringList& args,
                  const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment());

/// The same with a file size limit in the child (RLIMIT_FSIZE, SIGXFSZ ignored): every write
/// past `max_file_bytes` fails with EFBIG as a write to a full disk fails with ENOSPC, which
/// lets the tests fill "the disk" without root or a tmpfs.
CliResult run_cli_on_a_full_disk(const QStringList& args, long max_file_bytes,
                                 const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment());

} // namespace parktwin::test
