# The configuration librpmsg is built with, written into the generated,
# installed <rpmsg/rpmsg_build_config.h> (cmake/rpmsg_build_config.h.in),
# which rpmsg_config.h includes: the library and everything built against
# its headers agree on the values without repeating any -D, and a program
# that defines one differently fails to compile (#error naming it) or, with
# a header of another build, to link (RPMSG_ABI_CFG).
#
# The values, in order, the later winning:
#   1. the defaults of include/rpmsg/rpmsg_config.h (each
#      "#ifndef RPMSG_CFG_X / #define RPMSG_CFG_X value / #endif");
#   2. -DRPMSG_CFG_X[=value] in CMAKE_C_FLAGS (CFLAGS, as .ci/cross.sh and
#      scripts/footprint.sh pass them);
#   3. RPMSG_CONFIG, a list of NAME=VALUE (-DRPMSG_CONFIG="RPMSG_CFG_NS=0;
#      RPMSG_CFG_MAX_CHANNELS=4").
# RPMSG_CFG_DIAG has no single default (hosted or not) and changes no
# layout: it is recorded only when set.
set(RPMSG_CONFIG "" CACHE STRING
    "RPMSG_CFG_* settings as NAME=VALUE;... (recorded in the installed headers)")

set(rpmsg_cfg_names "")
# rpmsg_cfg_set(<name> <value> <where>): record one setting.
macro(rpmsg_cfg_set name value where)
  if(NOT "${name}" MATCHES "^RPMSG_CFG_[A-Z0-9_]+$" OR
     NOT "${value}" MATCHES "^[0-9A-Za-z_]+$")
    message(FATAL_ERROR "${where}: '${name}=${value}' is not RPMSG_CFG_NAME=VALUE")
  endif()
  if(NOT "${name}" IN_LIST rpmsg_cfg_names)
    list(APPEND rpmsg_cfg_names ${name})
  endif()
  set(rpmsg_cfg_${name} ${value})
endmacro()

file(READ ${PROJECT_SOURCE_DIR}/include/rpmsg/rpmsg_config.h rpmsg_cfg_text)
string(REGEX MATCHALL
       "\n#ifndef RPMSG_CFG_[A-Z0-9_]+\n#define RPMSG_CFG_[A-Z0-9_]+ [^\n]+\n"
       rpmsg_cfg_defaults "${rpmsg_cfg_text}")
foreach(d IN LISTS rpmsg_cfg_defaults)
  string(REGEX MATCH "#ifndef ([A-Z0-9_]+)\n#define ([A-Z0-9_]+) ([^\n]+)"
         _ "${d}")
  if(NOT CMAKE_MATCH_1 STREQUAL CMAKE_MATCH_2)
    message(FATAL_ERROR "rpmsg_config.h: #ifndef ${CMAKE_MATCH_1} defines ${CMAKE_MATCH_2}")
  endif()
  rpmsg_cfg_set(${CMAKE_MATCH_1} ${CMAKE_MATCH_3} "rpmsg_config.h")
endforeach()
foreach(layout CHANNELS MAX_CHANNELS MAX_DRIVERS CONCURRENT ZERO_COPY)
  if(NOT RPMSG_CFG_${layout} IN_LIST rpmsg_cfg_names)
    message(FATAL_ERROR "rpmsg_config.h: no default for RPMSG_CFG_${layout}")
  endif()
endforeach()

string(REGEX MATCHALL "-DRPMSG_CFG_[A-Z0-9_]+(=[^ ]*)?" rpmsg_cfg_flags
       "${CMAKE_C_FLAGS}")
foreach(f IN LISTS rpmsg_cfg_flags)
  string(REGEX MATCH "^-D([A-Z0-9_]+)(=(.*))?$" _ "${f}")
  if(CMAKE_MATCH_2)
    rpmsg_cfg_set(${CMAKE_MATCH_1} "${CMAKE_MATCH_3}" "CMAKE_C_FLAGS")
  else()
    rpmsg_cfg_set(${CMAKE_MATCH_1} 1 "CMAKE_C_FLAGS")
  endif()
endforeach()

foreach(setting IN LISTS RPMSG_CONFIG)
  if(NOT setting MATCHES "^([^=]*)=(.*)$")
    message(FATAL_ERROR "RPMSG_CONFIG: '${setting}' is not RPMSG_CFG_NAME=VALUE")
  endif()
  rpmsg_cfg_set("${CMAKE_MATCH_1}" "${CMAKE_MATCH_2}" "RPMSG_CONFIG")
endforeach()

# Each setting: refused if the includer defined it otherwise, else defined.
set(RPMSG_BUILD_CONFIG_DEFINES "")
foreach(name IN LISTS rpmsg_cfg_names)
  set(v ${rpmsg_cfg_${name}})
  string(APPEND RPMSG_BUILD_CONFIG_DEFINES
"#if defined(${name}) && (${name}) != (${v})
#error \"rpmsg: ${name} differs from ${v}, the value this librpmsg was built with (rpmsg_build_config.h): drop the definition, or rebuild the library with it (RPMSG_CONFIG)\"
#endif
#ifndef ${name}
#define ${name} ${v}
#endif
")
endforeach()

# The symbol the library defines and every includer of rpmsg.h references
# (rpmsg.h): its name is the values that change the layout of a
# public structure, integer suffixes dropped (4u and 4 lay out alike).
set(RPMSG_ABI_CFG rpmsg_abi_cfg)
foreach(layout CHANNELS MAX_CHANNELS MAX_DRIVERS CONCURRENT ZERO_COPY)
  string(REGEX REPLACE "^([0-9]+)[uUlL]+$" "\\1" v
         "${rpmsg_cfg_RPMSG_CFG_${layout}}")
  string(TOLOWER "${layout}" l)
  string(APPEND RPMSG_ABI_CFG "_${l}${v}")
endforeach()

configure_file(cmake/rpmsg_build_config.h.in
               ${RPMSG_GENERATED_INCLUDE}/rpmsg/rpmsg_build_config.h @ONLY)
