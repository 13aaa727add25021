# Debian package of the command line and the desktop application (cpack -G DEB in a build
# folder): programs, the desktop entry, the icon and the AppStream metadata.
set(CPACK_PACKAGE_NAME "parktwin")
set(CPACK_PACKAGE_VENDOR "ParkTwin developers")
set(CPACK_PACKAGE_CONTACT "ParkTwin developers <parktwin@example.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_GENERATOR "DEB")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "science")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_PACKAGE_DESCRIPTION "ParkTwin simulates every hall of a data-centre park through a real
climate year (SUNDIALS CVODE) and gives PUE, free cooling, heat recovery and peak demand:
parktwin (command line, batch sweeps) and parktwin-studio (the park in 3D, what-ifs, charts).")
if(PARKTWIN_BUILD_STUDIO)
  # Mesa's software OpenGL and a CJK font, so that the 3D view and Chinese text work anywhere.
  set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libgl1-mesa-dri, fonts-noto-cjk, qt6-translations-l10n, xvfb")
  install(FILES "${PROJECT_SOURCE_DIR}/packaging/parktwin-studio.desktop"
          DESTINATION "${CMAKE_INSTALL_DATADIR}/applications")
  install(FILES "${PROJECT_SOURCE_DIR}/packaging/icons/parktwin-studio.svg"
          DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps")
  install(FILES "${PROJECT_SOURCE_DIR}/packaging/io.github.parktwin.studio.metainfo.xml"
          DESTINATION "${CMAKE_INSTALL_DATADIR}/metainfo")
endif()
install(FILES "${PROJECT_SOURCE_DIR}/assets/climate/SHA256SUMS"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/parktwin/climate")
include(CPack)
