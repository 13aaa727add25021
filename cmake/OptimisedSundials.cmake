# SUNDIALS for the physics engine: CVODES of the system's release, built with optimisation from
# Debian's source package into the build tree (tools/optimised-sundials.sh), else the system's
# own libraries with a warning. Debian 12's are built without optimisation (-fcommon replaces
# -O2), which makes every hall-year 2.2-2.4 x slower (docs/dev/performance.md).
#
#   PARKTWIN_OPTIMISED_SUNDIALS          ON (default): build and use the optimised CVODES
#   PARKTWIN_REQUIRE_OPTIMISED_SUNDIALS  ON, or the environment variable of that name set to 1:
#                                        configuring fails instead of falling back (CI sets it)
#
# Sets PARKTWIN_SUNDIALS_OPTIMISED (0/1) and PARKTWIN_SUNDIALS_LIBDIR (the folder the physics
# library is linked against) for config.hpp; `parktwin --version` and tst_ode report which
# library a binary actually loaded.

option(PARKTWIN_OPTIMISED_SUNDIALS "Build CVODES with optimisation from Debian's source package (tools/optimised-sundials.sh)" ON)
option(PARKTWIN_REQUIRE_OPTIMISED_SUNDIALS "Fail to configure when the optimised CVODES cannot be built" OFF)
set(_parktwin_require_opt OFF)
if(PARKTWIN_REQUIRE_OPTIMISED_SUNDIALS OR "$ENV{PARKTWIN_REQUIRE_OPTIMISED_SUNDIALS}" STREQUAL "1")
  set(_parktwin_require_opt ON)
endif()

set(PARKTWIN_SUNDIALS_OPTIMISED 0)
set(_parktwin_sundials_prefix "")
if(PARKTWIN_OPTIMISED_SUNDIALS)
  set(_dir "${PROJECT_BINARY_DIR}/_deps/sundials")
  message(STATUS "SUNDIALS: building CVODES with optimisation in ${_dir} (tools/optimised-sundials.sh)")
  execute_process(
    COMMAND "${PROJECT_SOURCE_DIR}/tools/optimised-sundials.sh" "${_dir}" "${CMAKE_C_COMPILER}" "${CMAKE_COMMAND}"
    WORKING_DIRECTORY "${PROJECT_BINARY_DIR}"
    RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err
    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_STRIP_TRAILING_WHITESPACE)
  if(_rc EQUAL 0 AND EXISTS "${_out}/lib/cmake/sundials/SUNDIALSConfig.cmake")
    set(_parktwin_sundials_prefix "${_out}")
  else()
    set(_why "tools/optimised-sundials.sh failed (exit ${_rc}): ${_err}")
    if(_parktwin_require_opt)
      message(FATAL_ERROR "SUNDIALS: ${_why}\nPARKTWIN_REQUIRE_OPTIMISED_SUNDIALS is set, so the "
                          "system's unoptimised library is not accepted.")
    endif()
    message(WARNING "SUNDIALS: ${_why}\nFalling back to the system's SUNDIALS, which Debian 12 "
                    "builds without optimisation: hall-years run about 2.3 x slower. Results are "
                    "the same. Configure with -DPARKTWIN_OPTIMISED_SUNDIALS=OFF to silence this.")
  endif()
elseif(_parktwin_require_opt)
  message(FATAL_ERROR "SUNDIALS: PARKTWIN_REQUIRE_OPTIMISED_SUNDIALS with PARKTWIN_OPTIMISED_SUNDIALS=OFF")
endif()

# A previous configure's choice is cached in SUNDIALS_DIR: decided afresh every time.
unset(SUNDIALS_DIR CACHE)
if(_parktwin_sundials_prefix)
  find_package(SUNDIALS 6 REQUIRED CONFIG PATHS "${_parktwin_sundials_prefix}/lib/cmake/sundials" NO_DEFAULT_PATH)
  set(PARKTWIN_SUNDIALS_OPTIMISED 1)
  set(PARKTWIN_SUNDIALS_LIBDIR "${_parktwin_sundials_prefix}/lib")
  # Installed beside the programs (lib/parktwin), found through their RUNPATH: the one library
  # they load (CVODES holds the vector, matrix and solver it uses), its runtime names only,
  # stripped of debug information (the flags record stays).
  file(GLOB _runtime "${PARKTWIN_SUNDIALS_LIBDIR}/libsundials_cvodes.so.*")
  install(FILES ${_runtime} DESTINATION "${CMAKE_INSTALL_LIBDIR}/parktwin")
  if(CMAKE_STRIP)
    install(CODE "file(GLOB _libs \"\$ENV{DESTDIR}${CMAKE_INSTALL_FULL_LIBDIR}/parktwin/libsundials_cvodes.so.*.*\")
      foreach(_lib IN LISTS _libs)
        execute_process(COMMAND \"${CMAKE_STRIP}\" --strip-debug \"\${_lib}\")
      endforeach()")
  endif()
  file(RELATIVE_PATH _rel "${CMAKE_INSTALL_FULL_BINDIR}" "${CMAKE_INSTALL_FULL_LIBDIR}/parktwin")
  list(APPEND CMAKE_INSTALL_RPATH "$ORIGIN/${_rel}")
  message(STATUS "SUNDIALS: optimised CVODES ${SUNDIALS_VERSION} from ${PARKTWIN_SUNDIALS_LIBDIR}")
else()
  find_package(SUNDIALS 6 REQUIRED)
  set(_loc "")
  foreach(_t SUNDIALS::cvodes_shared SUNDIALS::cvodes)
    if(NOT _loc AND TARGET ${_t})
      get_target_property(_loc ${_t} LOCATION)
    endif()
  endforeach()
  get_filename_component(PARKTWIN_SUNDIALS_LIBDIR "${_loc}" DIRECTORY)
  message(STATUS "SUNDIALS: the system's (unoptimised) ${SUNDIALS_VERSION} from ${PARKTWIN_SUNDIALS_LIBDIR}")
endif()
add_feature_info(OptimisedSundials PARKTWIN_SUNDIALS_OPTIMISED "CVODES built with -O2 from Debian's source package")
