#pragma once
// The project's own bridge from Qt 6 to VTK 9.1 (Debian's VTK has no Qt 6 widget): a
// QOpenGLWidget driving a vtkGenericOpenGLRenderWindow and a vtkGenericRenderWindowInteractor
// (docs/dev/studio.md; STACK_NOTES.md "Qt6 hosting VTK").

#include <QOpenGLWidget>

#include <functional>

#include <vtkNew.h>
#include <vtkSmartPointer.h>

class vtkGenericOpenGLRenderWindow;
class vtkGenericRenderWindowInteractor;
class vtkRenderer;
class vtkObject;

namespace parktwin::studio {

class VtkView : public QOpenGLWidget {
  Q_OBJECT

public:
  explicit VtkView(QWidget* parent = nullptr);
  ~VtkView() override;

  /// The default surface format VTK needs (OpenGL 3.2 core, RGBA8, depth, no multisampling);
  /// set it before constructing QApplication.
  static void set_default_surface_format();

  vtkRenderer* renderer() const;
  vtkGenericOpenGLRenderWindow* render_window() const;

  /// Asked on a left press (display coordinates, origin bottom-left): true takes the drag from
  /// the camera, and the moves and the release go to dragged() and dropped() instead.
  std::function<bool(double x, double y)> grab;
  /// Asked at the start of every frame, before VTK draws. True keeps the picture drawn last
  /// (the window has a newer scene on its way, drawn in a frame of its own); `can_keep` is false
  /// when there is no such picture (the first frame, or the size changed), and then the window
  /// brings its scene up to date before it is drawn.
  std::function<bool(bool can_keep)> before_paint;
  /// True while a grabbed drag is in progress.
  bool dragging() const noexcept { return dragging_; }

signals:
  /// A click without drag, at display coordinates with the origin bottom-left (VTK's).
  void clicked(double x, double y);
  /// A grabbed drag moved / ended (display coordinates, origin bottom-left).
  void dragged(double x, double y);
  void dropped(double x, double y);
  /// A right click without drag: display coordinates (origin bottom-left) and the screen position.
  void context_requested(double x, double y, const QPoint& global);

protected:
  void initializeGL() override;
  void resizeGL(int w, int h) override;
  void paintGL() override;
  void mousePressEvent(QMouseEvent* e) override;
  void mouseMoveEvent(QMouseEvent* e) override;
  void mouseReleaseEvent(QMouseEvent* e) override;
  void wheelEvent(QWheelEvent* e) override;

private:
  void make_current(vtkObject*, unsigned long, void*);
  void is_current(vtkObject*, unsigned long, void* call_data);
  void frame(vtkObject*, unsigned long, void*);
  void forward_position(QMouseEvent* e);

  vtkSmartPointer<vtkGenericOpenGLRenderWindow> window_;
  vtkSmartPointer<vtkGenericRenderWindowInteractor> interactor_;
  vtkSmartPointer<vtkRenderer> renderer_;
  QPoint press_;
  bool dragging_ = false;
  bool in_paint_ = false;
  int drawn_w_ = 0, drawn_h_ = 0; ///< size of the picture VTK drew last (0: none)
};

} // namespace parktwin::studio
