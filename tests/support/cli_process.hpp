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

} // namespace parktwin::test
