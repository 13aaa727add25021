#include "cli_process.hpp"

#include <QProcess>

#include <csignal>

#include <sys/resource.h>

namespace parktwin::test {

namespace {

CliResult run(const QStringList& args, const QProcessEnvironment& env, long max_file_bytes) {
  QProcess p;
  p.setProcessEnvironment(env);
  if (max_file_bytes > 0) {
    p.setChildProcessModifier([max_file_bytes] {
      ::signal(SIGXFSZ, SIG_IGN);
      const rlimit limit{static_cast<rlim_t>(max_file_bytes), static_cast<rlim_t>(max_file_bytes)};
      ::setrlimit(RLIMIT_FSIZE, &limit);
    });
  }
  p.start(QStringLiteral(PARKTWIN_CLI_PATH), args);
  CliResult r;
  if (!p.waitForFinished(120000)) {
    p.kill();
    p.waitForFinished();
    r.crashed = true;
    return r;
  }
  r.crashed = p.exitStatus() != QProcess::NormalExit;
  r.code = p.exitCode();
  r.out = QString::fromUtf8(p.readAllStandardOutput());
  r.err = QString::fromUtf8(p.readAllStandardError());
  return r;
}

} // namespace

CliResult run_cli(const QStringList& args, const QProcessEnvironment& env) { return run(args, env, 0); }

CliResult run_cli_on_a_full_disk(const QStringList& args, long max_file_bytes, const QProcessEnvironment& env) {
  return run(args, env, max_file_bytes);
}

} // namespace parktwin::test
