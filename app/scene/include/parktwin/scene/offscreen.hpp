#pragma once
// Pictures without a window (docs/dev/scene.md): an OpenGL context from EGL's surfaceless
// platform (Mesa; no X server at all), or, when that is not available and $DISPLAY is set, an
// offscreen X window. VTK renders into its own framebuffers either way.

#include <filesystem>
#include <memory>
#include <string>

class vtkRenderWindow;

namespace parktwin::scene {

class OffscreenWindow {
public:
  /// A window of width x height pixels. Throws Error saying what was tried if no context can
  /// be made. `force_x`: skip EGL (for testing the fallback).
  OffscreenWindow(int width, int height, bool force_x = false);
  ~OffscreenWindow();
  OffscreenWindow(const OffscreenWindow&) = delete;
  OffscreenWindow& operator=(const OffscreenWindow&) = delete;

  vtkRenderWindow* window() const noexcept;
  /// "EGL surfaceless (llvmpipe ...)" or "X display :99".
  const std::string& backend() const noexcept { return backend_; }
  /// Renders and writes an RGB PNG atomically (temporary file, then rename). Throws IoError.
  void save_png(const std::filesystem::path& file);

  /// The largest picture these contexts are asked to draw.
  static constexpr int kMaxWidth = 7680;
  static constexpr int kMaxHeight = 4320;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string backend_;
};

/// A font file with Chinese glyphs (Noto Sans CJK from fonts-noto-cjk), or "" if none is found.
std::string cjk_font_file();

} // namespace parktwin::scene
