#pragma once
// One error tree for the whole project (STYLE.md 5). Libraries throw these; only main()
// turns them into exit codes, and Qt code into signals carrying the message.

#include <stdexcept>
#include <string>
#include <vector>

namespace parktwin {

/// Base of every error the project throws on purpose: a formatted message plus where it came
/// from (a file and line, a JSON path, a hall and simulated time, a command-line option).
class Error : public std::runtime_error {
public:
  Error(std::string where, const std::string& what);
  /// Where the problem is, e.g. "Xining.epw:12" or "--tdb"; may be empty.
  const std::string& where() const noexcept { return where_; }
  /// The message without the location.
  const std::string& detail() const noexcept { return detail_; }

protected:
  /// For errors whose message already names its places (one problem a line).
  struct Preformatted {};
  Error(std::string where, const std::string& what, Preformatted);

private:
  std::string where_;
  std::string detail_;
};

/// Bad data from the user: a malformed file, an out-of-range value, an unknown name.
class InputError : public Error {
public:
  using Error::Error;

protected:
  using Error::Preformatted;
};

/// A list of input problems found in one pass (for example every bad field of an EPW file,
/// up to a limit). what() holds them all, one a line, each naming its own place.
class InputErrors : public InputError {
public:
  InputErrors(std::string where, std::vector<std::string> problems, std::size_t total);
  const std::vector<std::string>& problems() const noexcept { return problems_; }
  /// Total number of problems found, which may exceed problems().size().
  std::size_t total() const noexcept { return total_; }

private:
  std::vector<std::string> problems_;
  std::size_t total_;
};

/// Bad command-line usage or configuration (unknown option, missing argument, wrong path).
class UsageError : public Error {
public:
  using Error::Error;
};

/// A numerical method failed (no convergence, solver flag).
class SolverError : public Error {
public:
  using Error::Error;
};

/// Reading or writing a file failed for a reason outside the data (permissions, disk full).
class IoError : public Error {
public:
  using Error::Error;
};

} // namespace parktwin
