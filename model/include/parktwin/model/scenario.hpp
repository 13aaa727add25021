#pragma once
// Scenario files: JSON documents validated against assets/schema/scenario.schema.json (the one
// source of truth for the format), turned into a Park in SI units, and written back atomically.
// Reading then writing a scenario gives the same file: the document is kept as read (defaults
// are applied to a copy when the Park is built), and written with two-space indentation.

#include "parktwin/model/json_schema.hpp"
#include "parktwin/model/park.hpp"

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace parktwin::model {

/// Name of the built-in Haidong scenario, accepted wherever a scenario file is.
inline constexpr const char* kBuiltinHaidong = "haidong";

/// The scenario schema (embedded in the program at build time).
const JsonSchema& scenario_schema();

/// The scenario schema as text.
const std::string& scenario_schema_text();

/// JSON text as a document, safely: nesting deeper than kMaxJsonDepth, a number beyond the range
/// of a double (1e309) and syntax errors are InputErrors naming `source`:line:column (never an
/// internal error, never a stack overflow: issue 12, items 5 and 6).
inline constexpr std::size_t kMaxJsonDepth = 64;
Json parse_json_document(const std::string& text, const std::string& source);

class Scenario {
public:
  /// Loads "haidong" (built in) or a file. Throws InputErrors listing every problem, each
  /// "<source>: <path>: <sentence>"; nothing is returned half-loaded.
  static Scenario load(const std::string& name_or_path);
  /// Parses JSON text; `source` names it in messages.
  static Scenario parse(const std::string& text, const std::string& source);
  /// Validates and builds from a document.
  static Scenario from_document(Json document, const std::string& source);

  /// Every problem of a document (schema, then the rules between fields); empty if valid.
  static std::vector<Problem> check(const Json& document);
  /// check() and from_document() in one pass: the scenario, or none and its problems.
  static std::optional<Scenario> build(Json document, const std::string& source, std::vector<Problem>& problems);
  /// Says where the scenario comes from (a file, "haidong"): the name its messages start with.
  void set_source(std::string source) { source_ = std::move(source); }

  const Json& document() const noexcept { return document_; }
  /// What reading changed or assumed (e.g. a file of an older format version, read as the
  /// current one): one sentence each, for the user.
  const std::vector<std::string>& notes() const noexcept { return notes_; }
  const Park& park() const noexcept { return park_; }
  const std::string& source() const noexcept { return source_; }

  /// The document as text, exactly as save() writes it.
  std::string to_text() const;
  /// Writes atomically (temporary file, then rename).
  void save(const std::filesystem::path& path) const;

  /// Property patterns (e.g. "wings[*].buildings[*].halls[*].air.supply_air_C") the Park
  /// builder read while building this scenario; for the schema-agreement test.
  const std::set<std::string>& consumed_patterns() const noexcept { return consumed_; }

private:
  Json document_;
  Park park_;
  std::string source_;
  std::set<std::string> consumed_;
  std::vector<std::string> notes_;
};

/// The scenario format version this reader writes (it reads 1 and 2).
inline constexpr int kFormatVersion = 2;

/// The text of the built-in Haidong scenario.
const std::string& builtin_haidong_text();

/// The reference page of the scenario format (docs/model/scenario-reference.md), generated
/// from the schema.
std::string scenario_reference_markdown();

} // namespace parktwin::model
