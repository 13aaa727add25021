#pragma once
// SHA-256 (FIPS 180-4), used to check climate files against their published digests.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace parktwin {

/// Lower-case hexadecimal SHA-256 digest of a byte string.
std::string sha256_hex(std::string_view bytes);

/// Lower-case hexadecimal SHA-256 digest of a file's contents. Throws IoError if unreadable.
std::string sha256_file_hex(const std::filesystem::path& path);

} // namespace parktwin
