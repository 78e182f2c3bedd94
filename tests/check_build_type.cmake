# A configure without CMAKE_BUILD_TYPE (as the README writes it) must give
# an optimised build; one whose CFLAGS carry -O keeps exactly those.
# cmake -DSRC=<source dir> -DOUT=<scratch dir> -P check_build_type.cmake
cmake_minimum_required(VERSION 3.16)

function(configure_type out cflags)
  file(REMOVE_RECURSE ${OUT})
  execute_process(
      COMMAND ${CMAKE_COMMAND} -E env CFLAGS=${cflags}
              ${CMAKE_COMMAND} -S ${SRC} -B ${OUT} -DRPMSG_BUILD_TESTS=OFF
              -DRPMSG_BUILD_EXAMPLES=OFF -DRPMSG_BUILD_TOOLS=OFF
      OUTPUT_QUIET RESULT_VARIABLE rc)
  if(rc)
    message(FATAL_ERROR "configure of ${SRC} failed")
  endif()
  file(STRINGS ${OUT}/CMakeCache.txt line REGEX "^CMAKE_BUILD_TYPE:")
  string(REGEX REPLACE "^[^=]*=" "" type "${line}")
  set(${out} "${type}" PARENT_SCOPE)
endfunction()

configure_type(plain "")
if(NOT plain STREQUAL "RelWithDebInfo")
  message(FATAL_ERROR "no build type gave '${plain}', not RelWithDebInfo")
endif()
configure_type(own "-Os")
if(NOT own STREQUAL "")
  message(FATAL_ERROR "CFLAGS=-Os gave build type '${own}', not none")
endif()
file(REMOVE_RECURSE ${OUT})
message("default build type RelWithDebInfo; CFLAGS with -O obeyed")
