#include "parktwin/physics/ode.hpp"

#include <cvodes/cvodes.h>
#include <nvector/nvector_serial.h>
#include <sundials/sundials_context.h>
#include <sundials/sundials_version.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunmatrix/sunmatrix_dense.h>

#include <dlfcn.h>
#include <elf.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <iterator>
#include <limits>
#include <regex>
#include <vector>

namespace parktwin::physics {
namespace {

std::string at_time(double t_s) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "t = %.6g s (day %.3f)", t_s, t_s / 86400.0);
  return buf;
}

/// CVODE's name of a return flag. CVodeGetReturnFlagName returns a malloc'd string.
std::string flag_name(int flag) {
  char* name = CVodeGetReturnFlagName(flag);
  std::string out = name != nullptr ? name : "unknown flag";
  std::free(name);
  return out;
}

/// The contents of an ELF64 file's section `name` (empty if the file is no ELF64 or lacks it).
std::string elf_section(const std::string& path, const char* name) {
  std::ifstream in(path, std::ios::binary);
  const std::vector<char> f((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Elf64_Ehdr eh{};
  if (f.size() < sizeof eh) {
    return {};
  }
  std::memcpy(&eh, f.data(), sizeof eh);
  if (std::memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
      eh.e_shentsize != sizeof(Elf64_Shdr) || eh.e_shstrndx >= eh.e_shnum ||
      eh.e_shoff > f.size() || std::uint64_t{eh.e_shnum} * sizeof(Elf64_Shdr) > f.size() - eh.e_shoff) {
    return {};
  }
  const auto header = [&](std::size_t i) {
    Elf64_Shdr sh{};
    std::memcpy(&sh, f.data() + eh.e_shoff + i * sizeof sh, sizeof sh);
    return sh;
  };
  const Elf64_Shdr names = header(eh.e_shstrndx);
  for (std::size_t i = 0; i < eh.e_shnum; ++i) {
    const Elf64_Shdr sh = header(i);
    // (Each sum checked without overflow: the offsets come from the file.)
    if (names.sh_offset >= f.size() || sh.sh_name >= f.size() - names.sh_offset ||
        sh.sh_offset > f.size() || sh.sh_size > f.size() - sh.sh_offset) {
      continue;
    }
    const char* n = f.data() + names.sh_offset + sh.sh_name;
    const std::size_t len = std::strlen(name) + 1; // with its terminating zero
    if (len <= f.size() - (names.sh_offset + sh.sh_name) && std::memcmp(n, name, len) == 0) {
      std::string text(f.data() + sh.sh_offset, sh.sh_size);
      std::replace(text.begin(), text.end(), '\0', ' ');
      return text;
    }
  }
  return {};
}

} // namespace

bool flags_optimise(const std::string& flags) {
  // The last -O wins, as with GCC; -O0 and none are unoptimised, a bare -O is -O1.
  std::string level;
  const std::regex opt(R"((^|\s)-O([0-3]|s|z|g|fast)?(?=\s|$))");
  for (auto it = std::sregex_iterator(flags.begin(), flags.end(), opt); it != std::sregex_iterator(); ++it) {
    level = (*it)[2].matched ? (*it)[2].str() : "1";
  }
  return !level.empty() && level != "0";
}

SundialsBuild sundials_library(const std::string& path) {
  SundialsBuild b;
  b.library = path;
  b.flags = elf_section(path, ".GCC.command.line");
  b.optimised = flags_optimise(b.flags);
  return b;
}

SundialsBuild linked_sundials() {
  Dl_info info{};
  // (The function's address as a data pointer: what dladdr takes; POSIX allows it.)
  SundialsBuild b;
  if (dladdr(reinterpret_cast<void*>(&CVodeCreate), &info) != 0 && info.dli_fname != nullptr) {
    b = sundials_library(info.dli_fname);
  }
  char version[64] = {};
  if (SUNDIALSGetVersion(version, sizeof version) == 0) {
    b.version = version;
  }
  return b;
}

std::string SundialsBuild::describe() const {
  return "SUNDIALS " + (version.empty() ? std::string("?") : version) + " (" +
         (library.empty() ? std::string("linked statically") : library) + "), " +
         (optimised ? "built with optimisation"
                    : flags.empty() ? "no compiler flags recorded in it (as in Debian's own, unoptimised build)"
                                    : "built without optimisation");
}

struct CvodeIntegrator::Impl {
  OdeSystem& system;
  SUNContext ctx = nullptr;
  N_Vector y = nullptr;
  N_Vector q = nullptr; ///< quadratures, if any
  N_Vector dense = nullptr; ///< scratch for dense_state
  long max_steps = 500000;  ///< per advance_to call
  SUNMatrix A = nullptr;
  SUNLinearSolver LS = nullptr;
  void* mem = nullptr;
  double t_s = 0.0;
  /// y holds the solution at this time exactly (CVode's output at the end of its last step, or
  /// an initial or reinitialised state): dense_state there copies it instead of interpolating.
  double y_exact_at = std::numeric_limits<double>::quiet_NaN();
  std::exception_ptr pending; ///< exception caught in a callback, rethrown after CVode returns
  IntegratorStats before_reinit; ///< counters of the runs before the last CVodeReInit
  long reinits = 0;

  explicit Impl(OdeSystem& s) : system(s) {}
  ~Impl() {
    if (mem != nullptr) {
      CVodeFree(&mem);
    }
    if (LS != nullptr) {
      SUNLinSolFree(LS);
    }
    if (A != nullptr) {
      SUNMatDestroy(A);
    }
    if (y != nullptr) {
      N_VDestroy(y);
    }
    if (q != nullptr) {
      N_VDestroy(q);
    }
    if (dense != nullptr) {
      N_VDestroy(dense);
    }
    if (ctx != nullptr) {
      SUNContext_Free(&ctx);
    }
  }

  // Every SUNDIALS flag goes through here, naming the call.
  void check(int flag, const char* call) const {
    if (flag < 0) {
      throw SolverError(system.name(), std::string(call) + " failed with flag " +
                                           std::to_string(flag) + " (" + flag_name(flag) +
                                           ")");
    }
  }
  template <class P> P check_ptr(P p, const char* call) const {
    if (p == nullptr) {
      throw SolverError(system.name(), std::string(call) + " returned no object (out of memory?)");
    }
    return p;
  }

  /// Runs a callback body behind the firewall: 0 on success, 1 for a recoverable error (CVODE
  /// retries with a smaller step), -1 otherwise; the exception is kept for advance_to().
  template <class F> int guarded(F&& body) noexcept {
    try {
      body();
      return 0;
    } catch (const RecoverableRhsError&) {
      pending = std::current_exception();
      return 1;
    } catch (...) {
      pending = std::current_exception();
      return -1;
    }
  }

  /// Throws the SolverError of a failed CVode call, with the right-hand side's own exception
  /// when it caused the failure.
  [[noreturn]] void fail(int flag, double t_reached) const {
    std::string why =
        std::string("CVode failed with flag ") + std::to_string(flag) + " (" + flag_name(flag) + ")";
    if (pending) {
      try {
        std::rethrow_exception(pending);
      } catch (const std::exception& e) {
        why = std::string("the right-hand side failed: ") + e.what();
      } catch (...) {
        why = "the right-hand side failed with an unknown exception";
      }
    }
    throw SolverError(system.name(), why + " at " + at_time(t_reached));
  }

  static std::span<double> view(N_Vector v) {
    return {N_VGetArrayPointer_Serial(v), static_cast<std::size_t>(N_VGetLength_Serial(v))};
  }

  static int quad_callback(sunrealtype t, N_Vector y, N_Vector qdot, void* user) {
    auto* self = static_cast<Impl*>(user);
    return self->guarded([&] { self->system.quadrature_rhs(t, view(y), view(qdot)); });
  }

  static int rhs_callback(sunrealtype t, N_Vector y, N_Vector ydot, void* user) {
    auto* self = static_cast<Impl*>(user);
    return self->guarded([&] { self->system.rhs(t, view(y), view(ydot)); });
  }
};

CvodeIntegrator::CvodeIntegrator(OdeSystem& system, double t0_s, std::span<const double> y0,
                                 const IntegratorOptions& options)
    : impl_(std::make_unique<Impl>(system)) {
  Impl& m = *impl_;
  const std::size_t n = system.size();
  if (n == 0 || y0.size() != n) {
    throw SolverError(system.name(), "initial state has " + std::to_string(y0.size()) +
                                         " values for a system of " + std::to_string(n) +
                                         " states");
  }
  if (!(options.relative_tolerance > 0.0) || !(options.absolute_tolerance > 0.0)) {
    throw SolverError(system.name(), "tolerances must be positive");
  }
  if (SUNContext_Create(nullptr, &m.ctx) != 0) {
    throw SolverError(system.name(), "SUNContext_Create failed");
  }
  m.y = m.check_ptr(N_VNew_Serial(static_cast<sunindextype>(n), m.ctx), "N_VNew_Serial");
  std::copy(y0.begin(), y0.end(), N_VGetArrayPointer_Serial(m.y));
  m.dense = m.check_ptr(N_VNew_Serial(static_cast<sunindextype>(n), m.ctx), "N_VNew_Serial");
  m.mem = m.check_ptr(CVodeCreate(CV_BDF, m.ctx), "CVodeCreate");
  m.check(CVodeInit(m.mem, &Impl::rhs_callback, t0_s, m.y), "CVodeInit");
  m.check(CVodeSetUserData(m.mem, &m), "CVodeSetUserData");
  {
    N_Vector atol = m.check_ptr(N_VNew_Serial(static_cast<sunindextype>(n), m.ctx), "N_VNew_Serial");
    for (std::size_t i = 0; i < n; ++i) {
      N_VGetArrayPointer_Serial(atol)[i] = system.absolute_tolerance(i, options.absolute_tolerance);
    }
    const int flag = CVodeSVtolerances(m.mem, options.relative_tolerance, atol);
    N_VDestroy(atol); // CVODE keeps its own copy
    m.check(flag, "CVodeSVtolerances");
  }
  const auto ni = static_cast<sunindextype>(n);
  m.A = m.check_ptr(SUNDenseMatrix(ni, ni, m.ctx), "SUNDenseMatrix");
  m.LS = m.check_ptr(SUNLinSol_Dense(m.y, m.A, m.ctx), "SUNLinSol_Dense");
  m.check(CVodeSetLinearSolver(m.mem, m.LS, m.A), "CVodeSetLinearSolver");
  m.check(CVodeSetMaxNumSteps(m.mem, options.max_steps), "CVodeSetMaxNumSteps");
  m.max_steps = options.max_steps;
  if (const std::size_t nq = system.quadrature_size(); nq > 0) {
    m.q = m.check_ptr(N_VNew_Serial(static_cast<sunindextype>(nq), m.ctx), "N_VNew_Serial");
    N_VConst(0.0, m.q);
    m.check(CVodeQuadInit(m.mem, &Impl::quad_callback, m.q), "CVodeQuadInit");
    // Quadratures are integrals of the solution: excluded from the step-size control.
    m.check(CVodeSetQuadErrCon(m.mem, SUNFALSE), "CVodeSetQuadErrCon");
  }
  if (options.max_step_s > 0.0) {
    m.check(CVodeSetMaxStep(m.mem, options.max_step_s), "CVodeSetMaxStep");
  }
  // Errors are reported through exceptions, not SUNDIALS' own printing to stderr.
  m.check(CVodeSetErrHandlerFn(
              m.mem, [](int, const char*, const char*, char*, void*) {}, nullptr),
          "CVodeSetErrHandlerFn");
  m.t_s = t0_s;
  m.y_exact_at = t0_s;
}

CvodeIntegrator::~CvodeIntegrator() = default;

void CvodeIntegrator::advance_to(double t_s) {
  Impl& m = *impl_;
  if (t_s == m.t_s) {
    return;
  }
  m.pending = nullptr;
  sunrealtype t_reached = m.t_s;
  const int flag = CVode(m.mem, t_s, m.y, &t_reached, CV_NORMAL);
  m.t_s = t_reached;
  m.y_exact_at = std::numeric_limits<double>::quiet_NaN(); // interpolated at t_s
  if (flag >= 0 && m.q != nullptr) {
    sunrealtype tq = t_reached;
    m.check(CVodeGetQuad(m.mem, &tq, m.q), "CVodeGetQuad");
  }
  if (flag < 0) {
    m.fail(flag, t_reached);
  }
}

void CvodeIntegrator::advance_to(double t_s, const std::function<void(double, double)>& cover) {
  Impl& m = *impl_;
  if (t_s == m.t_s) {
    return;
  }
  m.pending = nullptr;
  double covered = m.t_s;
  long steps = 0;
  for (;;) {
    sunrealtype tn = covered;
    m.check(CVodeGetCurrentTime(m.mem, &tn), "CVodeGetCurrentTime");
    if (tn > covered) {
      const double b = std::min<double>(tn, t_s);
      cover(covered, b);
      covered = b;
    }
    if (covered >= t_s) {
      break;
    }
    if (++steps > m.max_steps) { // what CV_NORMAL does with the same limit
      m.fail(CV_TOO_MUCH_WORK, tn);
    }
    sunrealtype t_reached = tn;
    const int flag = CVode(m.mem, t_s, m.y, &t_reached, CV_ONE_STEP);
    // CV_ONE_STEP returns the step's own solution, zn[0] (on failure y may be left unwritten).
    m.y_exact_at = flag >= 0 ? t_reached : std::numeric_limits<double>::quiet_NaN();
    if (flag < 0) {
      m.t_s = t_reached;
      m.fail(flag, t_reached);
    }
  }
  if (t_s != m.y_exact_at) {
    m.check(CVodeGetDky(m.mem, t_s, 0, m.y), "CVodeGetDky");
    m.y_exact_at = std::numeric_limits<double>::quiet_NaN();
  }
  if (m.q != nullptr) {
    m.check(CVodeGetQuadDky(m.mem, t_s, 0, m.q), "CVodeGetQuadDky");
  }
  m.t_s = t_s;
}

bool CvodeIntegrator::set_stop_time(double t_s) {
  sunrealtype tn = 0.0;
  impl_->check(CVodeGetCurrentTime(impl_->mem, &tn), "CVodeGetCurrentTime");
  if (!(tn < t_s)) {
    return false; // already there or past it
  }
  impl_->check(CVodeSetStopTime(impl_->mem, t_s), "CVodeSetStopTime");
  return true;
}

void CvodeIntegrator::dense_state(double t_s, std::span<double> y) const {
  Impl& m = *impl_;
  // At the end of the last step the interpolant is zn[0] exactly (s = 0: 1 x zn[0] + 0 x ...),
  // which CVode already returned in y.
  const double* d = N_VGetArrayPointer_Serial(m.y);
  if (t_s != m.y_exact_at) {
    m.check(CVodeGetDky(m.mem, t_s, 0, m.dense), "CVodeGetDky");
    d = N_VGetArrayPointer_Serial(m.dense);
  }
  std::copy(d, d + std::min<std::size_t>(y.size(), m.system.size()), y.begin());
}

void CvodeIntegrator::reinit(double t_s, std::span<const double> y) {
  Impl& m = *impl_;
  if (y.size() != m.system.size()) {
    throw SolverError(m.system.name(), "reinit with a state of the wrong size");
  }
  m.before_reinit = stats(); // CVodeReInit resets CVODE's counters
  ++m.reinits;
  std::copy(y.begin(), y.end(), N_VGetArrayPointer_Serial(m.y));
  m.check(CVodeReInit(m.mem, t_s, m.y), "CVodeReInit");
  m.y_exact_at = t_s;
  if (m.q != nullptr) {
    m.check(CVodeQuadReInit(m.mem, m.q), "CVodeQuadReInit"); // continue from the current values
  }
  m.t_s = t_s;
}

double CvodeIntegrator::time_s() const noexcept { return impl_->t_s; }

std::span<const double> CvodeIntegrator::state() const noexcept {
  return {N_VGetArrayPointer_Serial(impl_->y),
          static_cast<std::size_t>(N_VGetLength_Serial(impl_->y))};
}

std::span<const double> CvodeIntegrator::quadratures() const {
  if (impl_->q == nullptr) {
    return {};
  }
  return {N_VGetArrayPointer_Serial(impl_->q),
          static_cast<std::size_t>(N_VGetLength_Serial(impl_->q))};
}

IntegratorStats CvodeIntegrator::stats() const {
  IntegratorStats s = impl_->before_reinit;
  s.restarts = impl_->reinits;
  void* mem = impl_->mem;
  long steps = 0, rhs = 0, jac = 0, setups = 0, etf = 0, ncf = 0;
  impl_->check(CVodeGetNumSteps(mem, &steps), "CVodeGetNumSteps");
  impl_->check(CVodeGetNumRhsEvals(mem, &rhs), "CVodeGetNumRhsEvals");
  impl_->check(CVodeGetNumJacEvals(mem, &jac), "CVodeGetNumJacEvals");
  impl_->check(CVodeGetNumLinSolvSetups(mem, &setups), "CVodeGetNumLinSolvSetups");
  impl_->check(CVodeGetNumErrTestFails(mem, &etf), "CVodeGetNumErrTestFails");
  impl_->check(CVodeGetNumNonlinSolvConvFails(mem, &ncf), "CVodeGetNumNonlinSolvConvFails");
  s.steps += steps;
  s.rhs_evaluations += rhs;
  s.jacobian_evaluations += jac;
  s.linear_solver_setups += setups;
  s.error_test_failures += etf;
  s.nonlinear_convergence_failures += ncf;
  return s;
}

} // namespace parktwin::physics
