# The shared library: librpmsg.so.MAJOR, built from the same sources as
# librpmsg.a, exporting only the public API.
#
# ABI policy: the SONAME carries the major version. Adding functions is a
# minor release; removing or changing one (or a public struct's layout)
# raises the major, hence the SONAME. The exported set is the list in
# cmake/librpmsg.symbols: a linker version script made from it hides every
# other symbol (no annotation in the headers), and the abi_symbols test
# compares that list, the library's dynamic symbols and the functions and
# objects the public headers name. After a deliberate change to the public
# API, rewrite the list with one command and commit the diff:
#     cmake --build build --target abi-update
option(RPMSG_BUILD_SHARED "Build the shared library librpmsg.so too" ON)

set(RPMSG_SYMBOLS_FILE ${PROJECT_SOURCE_DIR}/cmake/librpmsg.symbols)
set(RPMSG_SHARED_TARGET "")
if(NOT RPMSG_BUILD_SHARED)
  return()
endif()

# The version script, rewritten only when the list changes.
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             ${RPMSG_SYMBOLS_FILE})
file(STRINGS ${RPMSG_SYMBOLS_FILE} rpmsg_syms REGEX "^[A-Za-z_][A-Za-z0-9_]*$")
if(NOT rpmsg_syms)
  message(FATAL_ERROR "${RPMSG_SYMBOLS_FILE} lists no symbol")
endif()
set(RPMSG_EXPORTED_SYMBOLS "")
foreach(s IN LISTS rpmsg_syms)
  string(APPEND RPMSG_EXPORTED_SYMBOLS "\t\t${s};\n")
endforeach()
set(RPMSG_VERSION_NODE LIBRPMSG_${PROJECT_VERSION_MAJOR})
configure_file(${PROJECT_SOURCE_DIR}/cmake/librpmsg.map.in
               ${CMAKE_CURRENT_BINARY_DIR}/librpmsg.map @ONLY)

add_library(rpmsg_shared SHARED ${RPMSG_CORE_SOURCES}
            ${RPMSG_HOSTED_SOURCES} src/version.c)
target_include_directories(rpmsg_shared PUBLIC ${RPMSG_INCLUDE_DIRS})
target_compile_options(rpmsg_shared PRIVATE ${RPMSG_WARNINGS})
target_compile_definitions(rpmsg_shared PRIVATE RPMSG_BUILDING_LIBRARY)
target_link_libraries(rpmsg_shared PUBLIC Threads::Threads)
target_link_options(rpmsg_shared PRIVATE
    -Wl,--version-script=${CMAKE_CURRENT_BINARY_DIR}/librpmsg.map)
# Every symbol resolved at link time (not under sanitizers: their
# runtime comes with the executable).
if(NOT RPMSG_SANITIZE)
  target_link_options(rpmsg_shared PRIVATE -Wl,--no-undefined)
endif()
set_target_properties(rpmsg_shared PROPERTIES
    OUTPUT_NAME rpmsg
    VERSION ${PROJECT_VERSION}
    SOVERSION ${PROJECT_VERSION_MAJOR}
    EXPORT_NAME rpmsg
    LINK_DEPENDS ${CMAKE_CURRENT_BINARY_DIR}/librpmsg.map)
# Installed, rpmsg::rpmsg is the shared library, rpmsg::rpmsg_static the
# archive.
set_target_properties(rpmsg PROPERTIES EXPORT_NAME rpmsg_static)
set(RPMSG_SHARED_TARGET rpmsg_shared)

# abi-update reads only the archive (the shared library may not link
# while the list is stale); the test reads both.
set(rpmsg_abi_args
    -DARCHIVE=$<TARGET_FILE:rpmsg>
    -DHEADERS=${PROJECT_SOURCE_DIR}/include/rpmsg
    -DGENERATED=${RPMSG_GENERATED_INCLUDE}/rpmsg
    -DLIST=${RPMSG_SYMBOLS_FILE} -DNM=${CMAKE_NM})
add_custom_target(abi-update
    COMMAND ${CMAKE_COMMAND} ${rpmsg_abi_args} -DUPDATE=1
            -P ${PROJECT_SOURCE_DIR}/cmake/abi_check.cmake
    DEPENDS rpmsg VERBATIM
    COMMENT "Rewriting cmake/librpmsg.symbols from the public headers")
# The check, as a target (the package build runs it without the suite)
# and as a test.
set(rpmsg_abi_check ${CMAKE_COMMAND} ${rpmsg_abi_args}
    -DSO=$<TARGET_FILE:rpmsg_shared> -DOBJDUMP=${CMAKE_OBJDUMP}
    -DSONAME=librpmsg.so.${PROJECT_VERSION_MAJOR}
    -P ${PROJECT_SOURCE_DIR}/cmake/abi_check.cmake)
add_custom_target(abi-check COMMAND ${rpmsg_abi_check}
    DEPENDS rpmsg rpmsg_shared VERBATIM)
if(RPMSG_BUILD_TESTS)
  enable_testing()
  add_test(NAME abi_symbols COMMAND ${rpmsg_abi_check})
  set_tests_properties(abi_symbols PROPERTIES LABELS unit)
endif()
