#include "parktwin/common/atomic_file.hpp"

#include "parktwin/common/error.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace parktwin {
namespace {
std::string errno_text() { return std::strerror(errno); }
} // namespace

void write_file_atomically(const std::filesystem::path& path, std::string_view contents) {
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    throw IoError(path.string(), "cannot write: folder '" + dir.string() + "' does not exist");
  }
  std::string tmpl = (dir / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
  const int fd = ::mkstemp(tmpl.data());
  if (fd < 0) {
    throw IoError(path.string(), "cannot create a temporary file beside it: " + errno_text());
  }
  const auto fail = [&](const std::string& why) {
    ::close(fd);
    ::unlink(tmpl.c_str());
    throw IoError(path.string(), why);
  };
  std::size_t written = 0;
  while (written < contents.size()) {
    const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      fail("write failed: " + errno_text());
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fchmod(fd, 0644) != 0 || ::fsync(fd) != 0) {
    fail("cannot flush to disk: " + errno_text());
  }
  if (::close(fd) != 0) {
    ::unlink(tmpl.c_str());
    throw IoError(path.string(), "close failed: " + errno_text());
  }
  if (std::rename(tmpl.c_str(), path.c_str()) != 0) {
    const std::string why = errno_text();
    ::unlink(tmpl.c_str());
    throw IoError(path.string(), "cannot replace the file: " + why);
  }
}

} // namespace parktwin
