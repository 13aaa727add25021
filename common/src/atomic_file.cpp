#include "parktwin/common/atomic_file.hpp"

#include "parktwin/common/error.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <system_error>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace parktwin {
namespace {

namespace fs = std::filesystem;

std::string errno_text(int e) {
  switch (e) {
  case ENOSPC:
    return "the disk is full";
  case EDQUOT:
    return "the disk quota is exhausted";
  case EFBIG:
    return "the file size limit is reached";
  default:
    return std::strerror(e);
  }
}

/// The prefix of this target's named temporaries: ".<name>.tmp-".
std::string temporary_prefix(const fs::path& target) { return "." + target.filename().string() + ".tmp-"; }

/// A name that does not exist yet beside `target` (random suffix, six characters as mkstemp's).
std::string random_suffix() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  static const char kChars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::string s(6, 'x');
  for (char& c : s) {
    c = kChars[rng() % (sizeof kChars - 1)];
  }
  return s;
}

/// Named temporaries of `target` left by writers that died (kill -9 in the mkstemp fallback):
/// every live writer holds an exclusive lock on its temporary, so one that can be locked is dead.
void remove_dead_temporaries(const fs::path& dir, const fs::path& target) {
  const std::string prefix = temporary_prefix(target);
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    // ".<name>.tmp-" and a suffix of 1-12 letters and digits: this writer's random six, or the
    // process id the writers before it used.
    const std::string name = it->path().filename().string();
    if (name.size() <= prefix.size() || name.size() > prefix.size() + 12 ||
        name.compare(0, prefix.size(), prefix) != 0 ||
        name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", prefix.size()) !=
            std::string::npos) {
      continue;
    }
    const int fd = ::open(it->path().c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
      continue;
    }
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && ::flock(fd, LOCK_EX | LOCK_NB) == 0) {
      ::unlink(it->path().c_str());
    }
    ::close(fd);
  }
}

} // namespace

AtomicFile::AtomicFile(fs::path target) : target_(std::move(target)) {
  dir_ = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(dir_, ec)) {
    throw IoError(target_.string(), "cannot write: folder '" + dir_.string() + "' does not exist");
  }
  struct stat st {};
  if (::lstat(target_.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      throw IoError(target_.string(), "cannot write: it is a folder, not a file");
    }
    if (S_ISREG(st.st_mode)) {
      // Read-only for this user, or made read-only by its owner (no owner write bit: root may
      // write anything, but a file someone protected is not replaced behind their back).
      if (::access(target_.c_str(), W_OK) != 0 || (st.st_mode & S_IWUSR) == 0) {
        throw IoError(target_.string(),
                      "not replaced: the file is read-only; change its permissions or choose another name");
      }
      mode_ = st.st_mode & 07777;
    } else if (!S_ISLNK(st.st_mode)) {
      throw IoError(target_.string(), "cannot write: it is not a regular file");
    }
  }
  remove_dead_temporaries(dir_, target_);
  // Unnamed first: nothing of it can outlive the process.
  fd_ = ::open(dir_.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd_ < 0) {
    if (errno == EACCES || errno == EROFS) {
      throw IoError(target_.string(), "cannot write in folder '" + dir_.string() + "': " + errno_text(errno));
    }
    std::string tmpl = (dir_ / (temporary_prefix(target_) + "XXXXXX")).string();
    fd_ = ::mkostemp(tmpl.data(), O_CLOEXEC);
    if (fd_ < 0) {
      throw IoError(target_.string(), "cannot create a temporary file beside it: " + errno_text(errno));
    }
    named_ = tmpl;
  }
  // Held until the rename: a writer whose temporary has a name is alive while it is locked.
  (void)::flock(fd_, LOCK_EX | LOCK_NB);
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) {
    ::close(fd_);
  }
  if (!committed_ && !named_.empty()) {
    ::unlink(named_.c_str());
  }
}

void AtomicFile::fail(const std::string& why) {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  if (!named_.empty()) {
    ::unlink(named_.c_str());
    named_.clear();
  }
  throw IoError(target_.string(), why);
}

void AtomicFile::write(std::string_view bytes) {
  if (fd_ < 0 || committed_) {
    throw IoError(target_.string(), "write after the file was closed");
  }
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd_, bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      fail("write failed: " + errno_text(errno) + "; the previous file, if any, is untouched");
    }
    written += static_cast<std::size_t>(n);
  }
}

void AtomicFile::commit() {
  if (fd_ < 0 || committed_) {
    throw IoError(target_.string(), "commit after the file was closed");
  }
  if (::fchmod(fd_, mode_) != 0 || ::fsync(fd_) != 0) {
    fail("cannot flush to disk: " + errno_text(errno) + "; the previous file, if any, is untouched");
  }
  if (named_.empty()) {
    // Give the unnamed temporary a fresh name beside the target, then rename it over.
    const std::string self = "/proc/self/fd/" + std::to_string(fd_);
    for (int attempt = 0; named_.empty(); ++attempt) {
      const std::string name = (dir_ / (temporary_prefix(target_) + random_suffix())).string();
      if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, name.c_str(), AT_SYMLINK_FOLLOW) == 0) {
        named_ = name;
      } else if (errno != EEXIST || attempt > 100) {
        copy_to_named_temporary(); // no /proc (a minimal container): copy the bytes instead
      }
    }
  }
  if (std::rename(named_.c_str(), target_.c_str()) != 0) {
    fail("cannot replace the file: " + errno_text(errno));
  }
  committed_ = true;
  const int closed = ::close(fd_);
  fd_ = -1;
  if (closed != 0) {
    throw IoError(target_.string(), "close failed after the file was replaced: " + errno_text(errno));
  }
  // The rename itself to disk.
  const int d = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (d >= 0) {
    (void)::fsync(d);
    ::close(d);
  }
}

void AtomicFile::copy_to_named_temporary() {
  std::string tmpl = (dir_ / (temporary_prefix(target_) + "XXXXXX")).string();
  const int named = ::mkostemp(tmpl.data(), O_CLOEXEC);
  if (named < 0) {
    fail("cannot name the temporary file: " + errno_text(errno));
  }
  // The named one becomes this writer's temporary (fail() then removes it); the unnamed one is
  // the source of the copy.
  const int source = fd_;
  fd_ = named;
  named_ = tmpl;
  (void)::flock(fd_, LOCK_EX | LOCK_NB);
  char buf[1 << 16];
  for (off_t at = 0;;) {
    const ssize_t n = ::pread(source, buf, sizeof buf, at);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      const int e = errno;
      ::close(source);
      fail("cannot read back the temporary file: " + errno_text(e));
    }
    if (n == 0) {
      break;
    }
    try {
      write(std::string_view(buf, static_cast<std::size_t>(n)));
    } catch (...) {
      ::close(source);
      throw;
    }
    at += n;
  }
  ::close(source);
  if (::fchmod(fd_, mode_) != 0 || ::fsync(fd_) != 0) {
    fail("cannot flush to disk: " + errno_text(errno));
  }
}

void write_file_atomically(const fs::path& path, std::string_view contents) {
  AtomicFile f(path);
  f.write(contents);
  f.commit();
}

} // namespace parktwin
