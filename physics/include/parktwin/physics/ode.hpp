#pragma once
// The one solver seam of the physics engine (STYLE.md 3-4): components assemble an OdeSystem,
// CvodeIntegrator integrates it with SUNDIALS CVODE (BDF, dense direct linear solver; the CVODES
// build of CVODE, for its quadratures). Only src/cvode_integrator.cpp includes SUNDIALS headers. Nothing may throw through SUNDIALS: the
// right-hand side callback catches, returns a SUNDIALS code and the integrator rethrows the
// message after CVode returns, with the system name and the simulated time.

#include "parktwin/common/error.hpp"

#include <memory>
#include <functional>
#include <span>
#include <string>

namespace parktwin::physics {

/// A right-hand side the solver may retry with a smaller step (e.g. a lookup out of range).
class RecoverableRhsError : public Error {
public:
  using Error::Error;
};

/// dy/dt = f(t, y). Time in seconds; the state's units are the system's (SI).
class OdeSystem {
public:
  virtual ~OdeSystem() = default;
  /// Number of states.
  virtual std::size_t size() const = 0;
  /// Writes dy/dt at time t_s into ydot. May throw; RecoverableRhsError asks for a retry.
  virtual void rhs(double t_s, std::span<const double> y, std::span<double> ydot) = 0;
  /// Name used in error messages (e.g. the hall id).
  virtual std::string name() const { return "ODE system"; }
  /// Absolute tolerance of state i; the default applies unless a state needs its own (a
  /// controller's integrator in units of its command, say).
  virtual double absolute_tolerance(std::size_t /*i*/, double default_atol) const {
    return default_atol;
  }
  /// Number of pure quadratures q' = g(t, y) integrated alongside (energies, water): they do
  /// not feed back into y, so they stay out of the Newton iteration and the Jacobian.
  virtual std::size_t quadrature_size() const { return 0; }
  /// Writes g(t, y) into qdot. May throw like rhs().
  virtual void quadrature_rhs(double /*t_s*/, std::span<const double> /*y*/,
                              std::span<double> /*qdot*/) {}
};

struct IntegratorOptions {
  double relative_tolerance = 1e-6;
  double absolute_tolerance = 1e-8;
  double max_step_s = 0.0;   ///< 0: no limit
  long max_steps = 500000;   ///< per advance_to call
};

struct IntegratorStats {
  long steps = 0;
  long rhs_evaluations = 0;
  long jacobian_evaluations = 0;
  long linear_solver_setups = 0;
  long error_test_failures = 0;
  long nonlinear_convergence_failures = 0;
  long restarts = 0; ///< reinit() calls (mode switches)
};

/// CVODE (BDF, Newton iteration, dense direct solver, finite-difference Jacobian) with one
/// SUNContext per instance, so instances may run on different threads.
class CvodeIntegrator {
public:
  CvodeIntegrator(OdeSystem& system, double t0_s, std::span<const double> y0,
                  const IntegratorOptions& options = {});
  ~CvodeIntegrator();
  CvodeIntegrator(const CvodeIntegrator&) = delete;
  CvodeIntegrator& operator=(const CvodeIntegrator&) = delete;

  /// Integrates to t_s (continuing from the current time). Throws SolverError naming the
  /// system and the simulated time if CVODE fails or the right-hand side threw.
  void advance_to(double t_s);
  /// Integrates to t_s one internal step at a time and calls cover(a, b) for consecutive pieces
  /// [a, b] that together make up (the previous time, t_s]; during each call dense_state(t) is
  /// valid for t in [a, b]. For outputs integrated or sampled on the solver's own interpolant
  /// (energies, highest temperatures) instead of at output times only.
  void advance_to(double t_s, const std::function<void(double a, double b)>& cover);
  /// The next internal step ends exactly at t_s (where the right-hand side changes in time:
  /// the solver must not step across it on the old history). Cleared once reached. False (and
  /// nothing set) when the solver's internal time is already at or past t_s.
  bool set_stop_time(double t_s);
  /// The solution at t from the interpolating polynomial of the solver's last step.
  void dense_state(double t_s, std::span<double> y) const;
  /// Restarts the integration at (t_s, y) keeping the settings and the quadratures' values: for
  /// a discontinuity of the right-hand side (a mode switch), not for ordinary output times.
  void reinit(double t_s, std::span<const double> y);
  double time_s() const noexcept;
  /// Current state (valid until the next advance_to).
  std::span<const double> state() const noexcept;
  /// Current quadratures (integrals from t0), empty if the system has none.
  std::span<const double> quadratures() const;
  IntegratorStats stats() const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The SUNDIALS library this process loaded (cmake/OptimisedSundials.cmake): Debian 12's own is
/// built without optimisation, which makes every hall-year 2.2-2.4 x slower.
struct SundialsBuild {
  std::string version;  ///< SUNDIALSGetVersion
  std::string library;  ///< path of the loaded CVODES library (dladdr)
  std::string flags;    ///< compiler flags recorded in it (.GCC.command.line), empty if none
  bool optimised = false; ///< the recorded flags hold -O1 or higher
  std::string describe() const; ///< one line, e.g. for `parktwin --version`
};
SundialsBuild linked_sundials();
/// The same for a library file (its flags and whether they optimise; no version).
SundialsBuild sundials_library(const std::string& path);
/// Whether compiler flags optimise: the last -O option is -O1 or higher (-O, -Os, -Oz, -Og, -Ofast).
bool flags_optimise(const std::string& flags);

} // namespace parktwin::physics
