# Debian package of the command line (cpack -G DEB in a build folder).
set(CPACK_PACKAGE_NAME "parktwin")
set(CPACK_PACKAGE_VENDOR "ParkTwin developers")
set(CPACK_PACKAGE_CONTACT "ParkTwin developers <parktwin@example.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_GENERATOR "DEB")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "science")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
install(FILES "${PROJECT_SOURCE_DIR}/assets/climate/SHA256SUMS"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/parktwin/climate")
include(CPack)
