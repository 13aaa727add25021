#pragma once
// The project's own bridge from Qt 6 to VTK 9.1 (Debian's VTK has no Qt 6 widget): a
// QOpenGLWidget driving a vtkGenericOpenGLRenderWindow and a vtkGenericRenderWindowInteractor
// (docs/dev/studio.md; STACK_NOTES.md "Qt6 hosting VTK").

#include <QOpenGLWidget>

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

signals:
  /// A click without drag, at display coordinates with the origin bottom-left (VTK's).
  void clicked(double x, double y);

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
  bool in_paint_ = false;
};

} // namespace parktwin::studio
