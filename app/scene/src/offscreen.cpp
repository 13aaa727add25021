#include "parktwin/scene/offscreen.hpp"

#include "parktwin/common/atomic_file.hpp"
#include "parktwin/common/error.hpp"

#include <EGL/egl.h>
#include <EGL/eglext.h>
#include <vtk_glew.h>

#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkNew.h>
#include <vtkObjectFactory.h>
#include <vtkPNGWriter.h>
#include <vtkRenderWindow.h>
#include <vtkSmartPointer.h>
#include <vtkUnsignedCharArray.h>
#include <vtkWindowToImageFilter.h>

#include <cstdlib>
#include <unistd.h>

namespace parktwin::scene {
namespace {

/// VTK's GLEW start-up asks GLX for a display and fails with "no GLX display" (code 4) under
/// EGL although every OpenGL function is loaded; VTK 9.1 treats that as fatal. This window
/// accepts it (STACK_NOTES.md), and does the rest of VTK's context set-up.
class EglRenderWindow : public vtkGenericOpenGLRenderWindow {
public:
  static EglRenderWindow* New();
  vtkTypeMacro(EglRenderWindow, vtkGenericOpenGLRenderWindow)
  void OpenGLInitContext() override {
    if (this->Initialized) {
      return;
    }
    const GLenum r = glewInit();
    if ((r != GLEW_OK && r != GLEW_ERROR_NO_GLX_DISPLAY) || !GLEW_VERSION_3_2) {
      return; // not Initialized: rendering reports it
    }
    this->Initialized = true;
    GLfloat range[2] = {1.0F, 1.0F};
    glGetFloatv(GL_ALIASED_LINE_WIDTH_RANGE, range);
    this->MaximumHardwareLineWidth = range[1];
  }

protected:
  EglRenderWindow() = default;
  ~EglRenderWindow() override = default;
};
vtkStandardNewMacro(EglRenderWindow);

struct Egl {
  EGLDisplay display = EGL_NO_DISPLAY;
  EGLContext context = EGL_NO_CONTEXT;
  std::string why; ///< why it could not be made

  Egl() {
    const auto get_display =
        reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(eglGetProcAddress("eglGetPlatformDisplayEXT"));
    if (get_display == nullptr) {
      why = "EGL has no eglGetPlatformDisplayEXT";
      return;
    }
    display = get_display(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
    EGLint major = 0, minor = 0;
    if (display == EGL_NO_DISPLAY || eglInitialize(display, &major, &minor) == EGL_FALSE) {
      why = "no EGL surfaceless display (Mesa's libegl-mesa0 and libgl1-mesa-dri provide it)";
      display = EGL_NO_DISPLAY;
      return;
    }
    eglBindAPI(EGL_OPENGL_API);
    const EGLint config_attributes[] = {EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_RED_SIZE, 8, EGL_GREEN_SIZE, 8,
                                        EGL_BLUE_SIZE, 8, EGL_ALPHA_SIZE, 8, EGL_DEPTH_SIZE, 24,
                                        EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_NONE};
    EGLConfig config{};
    EGLint n = 0;
    if (eglChooseConfig(display, config_attributes, &config, 1, &n) == EGL_FALSE || n == 0) {
      why = "no EGL configuration for OpenGL with depth";
      return;
    }
    const EGLint context_attributes[] = {EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 2,
                                         EGL_CONTEXT_OPENGL_PROFILE_MASK,
                                         EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, EGL_NONE};
    context = eglCreateContext(display, config, EGL_NO_CONTEXT, context_attributes);
    if (context == EGL_NO_CONTEXT) {
      why = "no OpenGL 3.2 core context from EGL";
      return;
    }
    if (eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, context) == EGL_FALSE) {
      why = "EGL cannot make a surfaceless context current";
      eglDestroyContext(display, context);
      context = EGL_NO_CONTEXT;
    }
  }
  ~Egl() {
    if (context != EGL_NO_CONTEXT) {
      eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
      eglDestroyContext(display, context);
    }
    if (display != EGL_NO_DISPLAY) {
      eglTerminate(display);
    }
  }
  bool ok() const { return context != EGL_NO_CONTEXT; }
};

} // namespace

struct OffscreenWindow::Impl {
  std::unique_ptr<Egl> egl;
  vtkSmartPointer<vtkRenderWindow> window;
};

OffscreenWindow::OffscreenWindow(int width, int height, bool force_x) : impl_(std::make_unique<Impl>()) {
  if (width < 16 || height < 16 || width > kMaxWidth || height > kMaxHeight) {
    throw UsageError("--size", "the picture must be from 16x16 to " + std::to_string(kMaxWidth) + "x" +
                                   std::to_string(kMaxHeight) + " pixels");
  }
  std::string tried;
  if (!force_x) {
    impl_->egl = std::make_unique<Egl>();
    if (impl_->egl->ok()) {
      vtkNew<EglRenderWindow> w;
      w->SetSize(width, height);
      w->SetOffScreenRendering(1);
      w->SetMultiSamples(0);
      w->SetReadyForRendering(true);
      w->SetIsCurrent(true);
      w->InitializeFromCurrentContext();
      impl_->window = w;
      const auto* renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
      backend_ = std::string("EGL surfaceless (") + (renderer != nullptr ? renderer : "?") + ")";
      return;
    }
    tried = impl_->egl->why;
    impl_->egl.reset();
  }
  const char* display = std::getenv("DISPLAY");
  if (display == nullptr || *display == '\0') {
    throw IoError("render", "no OpenGL context: " + (tried.empty() ? std::string("EGL skipped") : tried) +
                              ", and no X display ($DISPLAY is not set)");
  }
  auto w = vtkSmartPointer<vtkRenderWindow>::New(); // the X11 (GLX) window of Debian's VTK
  w->SetOffScreenRendering(1);
  w->SetSize(width, height);
  w->SetMultiSamples(0);
  impl_->window = w;
  backend_ = std::string("X display ") + display;
}

OffscreenWindow::~OffscreenWindow() {
  if (impl_->window) {
    impl_->window->Finalize();
  }
  impl_->window = nullptr;
}

vtkRenderWindow* OffscreenWindow::window() const noexcept { return impl_->window; }

void OffscreenWindow::save_png(const std::filesystem::path& file) {
  impl_->window->Render();
  vtkNew<vtkWindowToImageFilter> grab;
  grab->SetInput(impl_->window);
  grab->SetInputBufferTypeToRGB();
  grab->ReadFrontBufferOff();
  grab->Update();
  // Encoded in memory, written by the safe writer (common/atomic_file.hpp).
  AtomicFile out(file);
  vtkNew<vtkPNGWriter> png;
  png->WriteToMemoryOn();
  png->SetInputConnection(grab->GetOutputPort());
  png->Write();
  vtkUnsignedCharArray* bytes = png->GetResult();
  if (png->GetErrorCode() != 0 || bytes == nullptr || bytes->GetNumberOfValues() == 0) {
    throw IoError(file.string(), "cannot encode the PNG");
  }
  out.write(std::string_view(reinterpret_cast<const char*>(bytes->GetPointer(0)),
                             static_cast<std::size_t>(bytes->GetNumberOfValues())));
  out.commit();
}

std::string cjk_font_file() {
  for (const char* f : {"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                        "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
                        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"}) {
    std::error_code ec;
    if (std::filesystem::exists(f, ec)) {
      return f;
    }
  }
  return {};
}

} // namespace parktwin::scene
