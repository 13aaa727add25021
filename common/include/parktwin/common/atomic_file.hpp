#pragma once
// Atomic saves: write to a temporary file beside the target, flush it to disk, then rename it
// over the target. A crash or an error leaves either the old file or the new one, never half.

#include <filesystem>
#include <string_view>

namespace parktwin {

/// Replaces `path` atomically with `contents`. Throws IoError naming the file on failure; the
/// previous file, if any, is then untouched and no temporary file is left behind.
void write_file_atomically(const std::filesystem::path& path, std::string_view contents);

} // namespace parktwin
