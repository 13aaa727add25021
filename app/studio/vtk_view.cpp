#include "vtk_view.hpp"

#include <QMouseEvent>
#include <QOpenGLContext>
#include <QOpenGLExtraFunctions>
#include <QSurfaceFormat>
#include <QWheelEvent>

#include <vtkCallbackCommand.h>
#include <vtkCommand.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkGenericRenderWindowInteractor.h>
#include <vtkInteractorStyleTrackballCamera.h>
#include <vtkOpenGLFramebufferObject.h>
#include <vtkOpenGLState.h>
#include <vtkRenderer.h>

namespace parktwin::studio {

void VtkView::set_default_surface_format() {
  QSurfaceFormat f;
  f.setRenderableType(QSurfaceFormat::OpenGL);
  f.setVersion(3, 2);
  f.setProfile(QSurfaceFormat::CoreProfile);
  f.setSwapBehavior(QSurfaceFormat::DoubleBuffer);
  f.setRedBufferSize(8);
  f.setGreenBufferSize(8);
  f.setBlueBufferSize(8);
  f.setAlphaBufferSize(8);
  f.setDepthBufferSize(24);
  f.setStencilBufferSize(8);
  f.setSamples(0);
  QSurfaceFormat::setDefaultFormat(f);
}

VtkView::VtkView(QWidget* parent) : QOpenGLWidget(parent) {
  window_ = vtkSmartPointer<vtkGenericOpenGLRenderWindow>::New();
  renderer_ = vtkSmartPointer<vtkRenderer>::New();
  window_->AddRenderer(renderer_);
  // VTK renders into its own framebuffers; paintGL blits them into Qt's.
  window_->SetFrameBlitModeToNoBlit();
  window_->SetMultiSamples(0);
  window_->SetReadyForRendering(false);
  window_->AddObserver(vtkCommand::WindowMakeCurrentEvent, this, &VtkView::make_current);
  window_->AddObserver(vtkCommand::WindowIsCurrentEvent, this, &VtkView::is_current);
  window_->AddObserver(vtkCommand::WindowFrameEvent, this, &VtkView::frame);
  interactor_ = vtkSmartPointer<vtkGenericRenderWindowInteractor>::New();
  interactor_->SetRenderWindow(window_);
  vtkNew<vtkInteractorStyleTrackballCamera> style;
  interactor_->SetInteractorStyle(style);
  // Qt decides when to paint: the interactor only changes the camera, then asks for update().
  interactor_->EnableRenderOff();
  interactor_->Initialize();
  setFocusPolicy(Qt::StrongFocus);
  setMinimumSize(200, 150);
}

VtkView::~VtkView() {
  makeCurrent();
  window_->Finalize();
  doneCurrent();
}

vtkRenderer* VtkView::renderer() const { return renderer_; }
vtkGenericOpenGLRenderWindow* VtkView::render_window() const { return window_; }

void VtkView::make_current(vtkObject*, unsigned long, void*) {
  // Only when not already current: makeCurrent() would rebind Qt's framebuffer behind VTK's
  // state cache (STACK_NOTES.md).
  if (QOpenGLContext::currentContext() != context() && context() != nullptr) {
    context()->makeCurrent(context()->surface());
  }
}

void VtkView::is_current(vtkObject*, unsigned long, void* call_data) {
  *static_cast<bool*>(call_data) = context() != nullptr && QOpenGLContext::currentContext() == context();
}

void VtkView::frame(vtkObject*, unsigned long, void*) {
  if (!in_paint_) {
    update();
  }
}

void VtkView::initializeGL() {
  window_->SetReadyForRendering(true);
  window_->InitializeFromCurrentContext();
  const qreal r = devicePixelRatioF();
  window_->SetSize(static_cast<int>(width() * r), static_cast<int>(height() * r));
  interactor_->SetSize(static_cast<int>(width() * r), static_cast<int>(height() * r));
}

void VtkView::resizeGL(int w, int h) {
  const qreal r = devicePixelRatioF();
  window_->SetSize(static_cast<int>(w * r), static_cast<int>(h * r));
  interactor_->SetSize(static_cast<int>(w * r), static_cast<int>(h * r));
}

void VtkView::paintGL() {
  in_paint_ = true;
  const qreal r = devicePixelRatioF();
  const int w = static_cast<int>(width() * r), h = static_cast<int>(height() * r);
  const bool can_keep = drawn_w_ == w && drawn_h_ == h;
  const bool keep = before_paint && before_paint(can_keep) && can_keep;
  vtkOpenGLState* state = window_->GetState();
  if (!keep) {
    state->Reset();
    state->Push();
    window_->Render();
    state->Pop();
    drawn_w_ = w;
    drawn_h_ = h;
  }
  // Copy VTK's picture into the framebuffer Qt composes.
  QOpenGLExtraFunctions* f = context()->extraFunctions();
  state->PushFramebufferBindings();
  window_->GetDisplayFramebuffer()->Bind(GL_READ_FRAMEBUFFER);
  window_->GetDisplayFramebuffer()->ActivateReadBuffer(0);
  f->glBindFramebuffer(GL_DRAW_FRAMEBUFFER, defaultFramebufferObject());
  f->glBlitFramebuffer(0, 0, w, h, 0, 0, w, h, GL_COLOR_BUFFER_BIT, GL_NEAREST);
  state->PopFramebufferBindings();
  f->glBindFramebuffer(GL_FRAMEBUFFER, defaultFramebufferObject());
  in_paint_ = false;
}

void VtkView::forward_position(QMouseEvent* e) {
  const qreal r = devicePixelRatioF();
  const QPointF p = e->position();
  interactor_->SetEventInformationFlipY(static_cast<int>(p.x() * r), static_cast<int>(p.y() * r),
                                        (e->modifiers() & Qt::ControlModifier) ? 1 : 0,
                                        (e->modifiers() & Qt::ShiftModifier) ? 1 : 0);
}

void VtkView::mousePressEvent(QMouseEvent* e) {
  press_ = e->position().toPoint();
  const qreal ratio = devicePixelRatioF();
  if (e->button() == Qt::LeftButton && grab &&
      grab(e->position().x() * ratio, (height() - e->position().y()) * ratio)) {
    dragging_ = true; // the camera stays where it is
    return;
  }
  forward_position(e);
  switch (e->button()) {
  case Qt::LeftButton:
    interactor_->InvokeEvent(vtkCommand::LeftButtonPressEvent, e);
    break;
  case Qt::MiddleButton:
    interactor_->InvokeEvent(vtkCommand::MiddleButtonPressEvent, e);
    break;
  case Qt::RightButton:
    interactor_->InvokeEvent(vtkCommand::RightButtonPressEvent, e);
    break;
  default:
    break;
  }
  update();
}

void VtkView::mouseMoveEvent(QMouseEvent* e) {
  if (dragging_) {
    const qreal r = devicePixelRatioF();
    emit dragged(e->position().x() * r, (height() - e->position().y()) * r);
    update();
    return;
  }
  forward_position(e);
  interactor_->InvokeEvent(vtkCommand::MouseMoveEvent, e);
  update();
}

void VtkView::mouseReleaseEvent(QMouseEvent* e) {
  const qreal ratio = devicePixelRatioF();
  if (dragging_ && e->button() == Qt::LeftButton) {
    dragging_ = false;
    emit dropped(e->position().x() * ratio, (height() - e->position().y()) * ratio);
    update();
    return;
  }
  forward_position(e);
  switch (e->button()) {
  case Qt::LeftButton:
    interactor_->InvokeEvent(vtkCommand::LeftButtonReleaseEvent, e);
    break;
  case Qt::MiddleButton:
    interactor_->InvokeEvent(vtkCommand::MiddleButtonReleaseEvent, e);
    break;
  case Qt::RightButton:
    interactor_->InvokeEvent(vtkCommand::RightButtonReleaseEvent, e);
    break;
  default:
    break;
  }
  if ((e->position().toPoint() - press_).manhattanLength() <= 4) {
    const double x = e->position().x() * ratio, y = (height() - e->position().y()) * ratio;
    if (e->button() == Qt::LeftButton) {
      emit clicked(x, y);
    } else if (e->button() == Qt::RightButton) {
      emit context_requested(x, y, e->globalPosition().toPoint());
    }
  }
  update();
}

void VtkView::wheelEvent(QWheelEvent* e) {
  const qreal r = devicePixelRatioF();
  interactor_->SetEventInformationFlipY(static_cast<int>(e->position().x() * r),
                                        static_cast<int>(e->position().y() * r));
  interactor_->InvokeEvent(e->angleDelta().y() > 0 ? vtkCommand::MouseWheelForwardEvent
                                                   : vtkCommand::MouseWheelBackwardEvent,
                           e);
  update();
}

} // namespace parktwin::studio
