# Helpers shared by every target of the project.

# Warnings for the project's own code; errors when PARKTWIN_WERROR is on (the ci preset).
function(parktwin_set_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
    -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
    -Wnull-dereference -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
  if(PARKTWIN_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(PARKTWIN_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
                                             -fno-sanitize-recover=undefined)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
  if(PARKTWIN_FUZZ)
    # Coverage for libFuzzer in every library the harnesses reach (tests/fuzz).
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link)
  endif()
endfunction()

# A library of the project: include/ is public, warnings on, generated config header visible.
function(parktwin_add_library target)
  add_library(${target} ${ARGN})
  parktwin_set_warnings(${target})
  target_include_directories(${target} PUBLIC
    "$<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>"
    "$<BUILD_INTERFACE:${PROJECT_BINARY_DIR}/generated>")
  set_target_properties(${target} PROPERTIES POSITION_INDEPENDENT_CODE ON)
endfunction()

# Collects the link closure of a target (targets and plain library names).
function(_parktwin_link_closure target out_var)
  set(seen "")
  set(queue ${target})
  while(queue)
    list(POP_FRONT queue current)
    if(current IN_LIST seen)
      continue()
    endif()
    list(APPEND seen ${current})
    if(TARGET ${current})
      get_target_property(aliased ${current} ALIASED_TARGET)
      if(aliased)
        list(APPEND queue ${aliased})
      endif()
      get_target_property(type ${current} TYPE)
      set(props INTERFACE_LINK_LIBRARIES)
      if(NOT type STREQUAL "INTERFACE_LIBRARY")
        list(APPEND props LINK_LIBRARIES)
      endif()
      foreach(prop IN LISTS props)
        get_target_property(deps ${current} ${prop})
        if(deps)
          foreach(dep IN LISTS deps)
            # Strip generator expressions such as $<LINK_ONLY:x>.
            string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" dep "${dep}")
            if(NOT dep MATCHES "^\\$<")
              list(APPEND queue ${dep})
            endif()
          endforeach()
        endif()
      endforeach()
    endif()
  endwhile()
  set(${out_var} ${seen} PARENT_SCOPE)
endfunction()

# The build's rule that the core libraries link no widget or rendering library. Configuration
# fails, naming the offending dependency, if one of them reaches Qt Gui/Widgets/OpenGL/Charts,
# VTK rendering or OpenGL/X11.
function(parktwin_forbid_gui_dependencies)
  set(forbidden_regex
    "^Qt[56]?::(Gui|Widgets|OpenGL|OpenGLWidgets|Charts|Quick|Qml|Svg|PrintSupport)$"
    "^VTK::(Rendering|GUISupport|Interaction|Views)"
    "^OpenGL::" "^X11::" "^EGL" "(^|/)lib(GL|EGL|X11|vtkRendering[^/]*|Qt6(Gui|Widgets)[^/]*)\\.so")
  foreach(target IN LISTS ARGN)
    _parktwin_link_closure(${target} closure)
    foreach(dep IN LISTS closure)
      foreach(rx IN LISTS forbidden_regex)
        if(dep MATCHES "${rx}")
          message(FATAL_ERROR
            "Core library '${target}' depends on '${dep}', a widget or rendering library. "
            "The core (common, climate, model, physics) may link QtCore at most; "
            "move that code to app/.")
        endif()
      endforeach()
    endforeach()
  endforeach()
endfunction()
