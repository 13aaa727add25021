#pragma once
// Atomic saves (docs/dev/safe-writes.md): every file ParkTwin writes goes through AtomicFile.
// The bytes go to an unnamed temporary in the target's folder (O_TMPFILE; where the file system
// lacks it, a mkstemp name, exclusive and locked), are flushed to disk and then renamed over the
// target. A crash or an error leaves the old file or the new one, never half of one, and no
// temporary behind (kill -9 included: an unnamed temporary vanishes with the process; a named one
// left by a killed writer is removed by the next writer of the same target). A planted link is
// never followed: the temporary is created exclusively, and a link at the target is replaced,
// not written through. An existing target keeps its permission bits; a target the user may not
// write, or a folder in its place, is refused before anything is written.

#include <filesystem>
#include <string>
#include <string_view>

namespace parktwin {

class AtomicFile {
public:
  /// Checks the target and opens the temporary; throws IoError naming the target.
  explicit AtomicFile(std::filesystem::path target);
  /// Removes the temporary unless committed.
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  /// Appends bytes; throws IoError ("the disk is full", "file size limit reached", ...).
  void write(std::string_view bytes);
  /// Flushes to disk and replaces the target. Throws IoError; the target is then untouched.
  void commit();

  const std::filesystem::path& target() const noexcept { return target_; }

private:
  [[noreturn]] void fail(const std::string& why);
  /// Without /proc an unnamed temporary cannot be given a name: its bytes go to a named one.
  void copy_to_named_temporary();
  std::filesystem::path target_;
  std::filesystem::path dir_;
  std::string named_; ///< the temporary's name, when it has one (mkstemp fallback, or linked)
  int fd_ = -1;
  unsigned mode_ = 0644;
  bool committed_ = false;
};

/// Replaces `path` atomically with `contents` (an AtomicFile written once). Throws IoError
/// naming the file on failure; the previous file, if any, is then untouched and no temporary
/// file is left behind.
void write_file_atomically(const std::filesystem::path& path, std::string_view contents);

} // namespace parktwin
