# Installing libisomm (docs/install.md): the library, its headers, the
# isomm command and its man page, isomm.pc, the CMake package
# (find_package(isomm) -> isomm::isomm) and, with cpack -G DEB, a .deb.

file(GLOB ISOMM_PUBLIC_HEADERS ${PROJECT_SOURCE_DIR}/include/isomm/*.h)
install(FILES ${ISOMM_PUBLIC_HEADERS} ${PROJECT_BINARY_DIR}/include/isomm/version.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/isomm COMPONENT dev)
install(TARGETS isomm EXPORT isommTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT lib NAMELINK_COMPONENT dev
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS isomm_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT bin)
install(FILES ${PROJECT_SOURCE_DIR}/docs/isomm.1
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT bin)

# pkg-config: paths relative to the prefix where they can be.
foreach(kind LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${kind}}")
    set(ISOMM_PC_${kind} "${CMAKE_INSTALL_${kind}}")
  elseif(kind STREQUAL "LIBDIR")
    set(ISOMM_PC_${kind} "\${exec_prefix}/${CMAKE_INSTALL_${kind}}")
  else()
    set(ISOMM_PC_${kind} "\${prefix}/${CMAKE_INSTALL_${kind}}")
  endif()
endforeach()
configure_file(${PROJECT_SOURCE_DIR}/cmake/isomm.pc.in ${PROJECT_BINARY_DIR}/isomm.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/isomm.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT dev)

set(ISOMM_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/isomm)
install(EXPORT isommTargets NAMESPACE isomm:: DESTINATION ${ISOMM_CMAKE_DIR}
        COMPONENT dev)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/isommConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/isommConfig.cmake
                              INSTALL_DESTINATION ${ISOMM_CMAKE_DIR})
# 0.x: a new minor version may change the API.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/isommConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/isommConfig.cmake
              ${PROJECT_BINARY_DIR}/isommConfigVersion.cmake
        DESTINATION ${ISOMM_CMAKE_DIR} COMPONENT dev)

# cpack -G DEB: one package with the command, the library and its
# development files, for Debian 12.
set(CPACK_PACKAGE_NAME isomm)
set(CPACK_PACKAGE_VENDOR "isomm")
set(CPACK_PACKAGE_CONTACT "isomm maintainers <isomm@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libc6 (>= 2.34), libxlsxwriter4 (>= 1.1.4), libxml2 (>= 2.9), libminizip1, zlib1g")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Migrates ISOG-J ISOMM v2.1 SOC/CSIRT self-check workbooks to the ITU-T X.1060\n service portfolio and writes Excel workbooks: the isomm command, libisomm,\n its headers, pkg-config file and CMake package.")
include(CPack)
