// The CVODE seam against analytic solutions, and the callback firewall.

#include "parktwin/config.hpp"
#include "parktwin/physics/ode.hpp"

#include <QtTest>

#include <filesystem>
#include <fstream>

#include <cmath>

using namespace parktwin;
using namespace parktwin::physics;

namespace {

/// y1' = -k y1; y2' = s (y1 - y2): stiff for s >> k. Exact solution:
/// y1 = a e^{-kt}, y2 = (s a / (s - k)) e^{-kt} + (b - s a / (s - k)) e^{-st}.
struct StiffLinear final : OdeSystem {
  double k = 1.0;
  double s = 1000.0;
  std::size_t size() const override { return 2; }
  void rhs(double, std::span<const double> y, std::span<double> ydot) override {
    ydot[0] = -k * y[0];
    ydot[1] = s * (y[0] - y[1]);
  }
  std::string name() const override { return "stiff test"; }
};

/// Throws once the time passes a threshold.
struct Throwing final : OdeSystem {
  std::size_t size() const override { return 1; }
  void rhs(double t, std::span<const double>, std::span<double> ydot) override {
    if (t > 5.0) {
      throw std::runtime_error("lookup table ended");
    }
    ydot[0] = 1.0;
  }
  std::string name() const override { return "hall H1"; }
};

/// A lumped thermal mass C dT/dt = Q - UA (T - T_out): T -> T_out + Q/UA with tau = C/UA.
struct ThermalMass final : OdeSystem {
  double C_J_K = 5.0e7, UA_W_K = 2.0e4, Q_W = 1.0e5, T_out_K = 273.15;
  std::size_t size() const override { return 1; }
  void rhs(double, std::span<const double> y, std::span<double> ydot) override {
    ydot[0] = (Q_W - UA_W_K * (y[0] - T_out_K)) / C_J_K;
  }
};

} // namespace

class TestOde : public QObject {
  Q_OBJECT

private slots:
  void stiffLinearMatchesAnalytic() {
    StiffLinear sys;
    const double a = 2.0, b = -1.0;
    const double y0[] = {a, b};
    CvodeIntegrator cv(sys, 0.0, y0, IntegratorOptions{1e-8, 1e-10});
    for (double t : {0.001, 0.01, 0.1, 1.0, 5.0}) {
      cv.advance_to(t);
      const double c = sys.s * a / (sys.s - sys.k);
      const double y1 = a * std::exp(-sys.k * t);
      const double y2 = c * std::exp(-sys.k * t) + (b - c) * std::exp(-sys.s * t);
      QVERIFY2(std::abs(cv.state()[0] - y1) < 1e-6, qPrintable(QString::number(cv.state()[0] - y1)));
      QVERIFY2(std::abs(cv.state()[1] - y2) < 1e-6, qPrintable(QString::number(cv.state()[1] - y2)));
    }
    QCOMPARE(cv.time_s(), 5.0);
    // BDF takes large steps once the fast mode has decayed: far fewer than an explicit method
    // would need (stability limit 2/s = 0.002 s, i.e. > 2500 steps over 5 s).
    QVERIFY2(cv.stats().steps < 1000, qPrintable(QString::number(cv.stats().steps)));
  }

  void thermalMassTimeConstant() {
    ThermalMass sys;
    const double T0 = 293.15;
    CvodeIntegrator cv(sys, 0.0, std::span<const double>(&T0, 1), IntegratorOptions{1e-10, 1e-8});
    const double tau = sys.C_J_K / sys.UA_W_K;
    const double T_inf = sys.T_out_K + sys.Q_W / sys.UA_W_K;
    for (double t : {0.5 * tau, tau, 3.0 * tau}) {
      cv.advance_to(t);
      const double exact = T_inf + (T0 - T_inf) * std::exp(-t / tau);
      QVERIFY(std::abs(cv.state()[0] - exact) < 1e-4);
    }
  }

  void exceptionInRhsBecomesSolverErrorWithNameAndTime() {
    Throwing sys;
    const double y0 = 0.0;
    CvodeIntegrator cv(sys, 0.0, std::span<const double>(&y0, 1));
    try {
      cv.advance_to(10.0);
      QFAIL("no error");
    } catch (const SolverError& e) {
      const std::string msg = e.what();
      QVERIFY2(msg.find("hall H1") != std::string::npos, msg.c_str());
      QVERIFY2(msg.find("lookup table ended") != std::string::npos, msg.c_str());
      QVERIFY2(msg.find("t = ") != std::string::npos, msg.c_str());
    }
  }

  void wrongInitialStateIsRefused() {
    StiffLinear sys;
    const double y0[] = {1.0};
    QVERIFY_THROWS_EXCEPTION(SolverError, CvodeIntegrator(sys, 0.0, y0));
  }

  /// Issue 16: the binary loads the SUNDIALS that configuring chose (cmake/OptimisedSundials.cmake),
  /// and with PARKTWIN_REQUIRE_OPTIMISED_SUNDIALS=1 (CI) it must be the optimised one.
  void linkedSundialsIsTheConfiguredOne() {
    const SundialsBuild b = linked_sundials();
    qInfo("%s", b.describe().c_str());
    QVERIFY2(b.version.starts_with("6."), b.version.c_str());
    QVERIFY(!b.library.empty());
    namespace fs = std::filesystem;
    const fs::path loaded = fs::canonical(b.library).parent_path();
    const fs::path configured = fs::canonical(PARKTWIN_SUNDIALS_LIBDIR);
    QVERIFY2(loaded == configured, qPrintable(QString::fromStdString(loaded.string() + " vs " + configured.string())));
    QCOMPARE(b.optimised, PARKTWIN_SUNDIALS_OPTIMISED == 1);
    if (qEnvironmentVariable("PARKTWIN_REQUIRE_OPTIMISED_SUNDIALS") == "1") {
      QVERIFY2(b.optimised, b.describe().c_str());
    }
  }

  /// The flags are read from the library itself: Debian 12's own CVODES records none (built
  /// without -frecord-gcc-switches, and without optimisation); a file that is no ELF has none.
  void sundialsFlagsComeFromTheFile() {
    const char* debian = "/usr/lib/x86_64-linux-gnu/libsundials_cvodes.so.6";
    if (std::filesystem::exists(debian)) {
      const SundialsBuild d = sundials_library(debian);
      QVERIFY(!d.optimised);
      QVERIFY(d.describe().find("unoptimised") != std::string::npos);
      QVERIFY(d.describe().find("no compiler flags recorded") != std::string::npos);
    }
    const SundialsBuild none = sundials_library(PARKTWIN_SOURCE_DIR "/README.md");
    QVERIFY(none.flags.empty());
    QVERIFY(!none.optimised);
    for (const char* yes : {"GNU C99 12.2.0 -g -O2 -fcommon", "-O", "-O0 -O3", "-Og", "-Oz -g", "-Ofast"}) {
      QVERIFY2(flags_optimise(yes), yes);
    }
    for (const char* no : {"", "-g -fcommon", "-O2 -O0", "-O0", "-Onone", "-fno-O2"}) {
      QVERIFY2(!flags_optimise(no), no);
    }
    const SundialsBuild missing = sundials_library("/nonexistent/libsundials_cvodes.so.6");
    QVERIFY(!missing.optimised);
    // Hostile or damaged files: an ELF header whose section table lies past the end (offsets
    // that overflow when added), and the loaded library cut in half; nothing read, no crash.
    QTemporaryDir dir;
    const std::string bad = dir.filePath("bad.so").toStdString();
    {
      std::string header(64, '\0');
      header.replace(0, 4, "\x7f" "ELF");
      header[4] = 2; // ELFCLASS64
      // e_shoff = 2^64 - 128: with two 64-byte headers the unchecked sum wraps to 0 and passes a
      // naive bounds test, then the headers are read 128 bytes before the buffer.
      header[40] = '\x80';
      for (int i = 1; i < 8; ++i) {
        header[40 + i] = '\xff';
      }
      header[58] = 64; // e_shentsize
      header[60] = 2;  // e_shnum
      header[62] = 1;  // e_shstrndx
      std::ofstream(bad, std::ios::binary) << header;
    }
    QVERIFY(sundials_library(bad).flags.empty());
    const SundialsBuild loaded = linked_sundials();
    if (loaded.optimised) {
      const std::string cut = dir.filePath("cut.so").toStdString();
      const auto size = std::filesystem::file_size(loaded.library);
      std::ifstream in(loaded.library, std::ios::binary);
      std::string half(size / 2, '\0');
      in.read(half.data(), static_cast<std::streamsize>(half.size()));
      std::ofstream(cut, std::ios::binary) << half;
      QVERIFY(!sundials_library(cut).optimised); // the section table was in the lost half
    }
  }
};

QTEST_GUILESS_MAIN(TestOde)
#include "tst_ode.moc"
