# The exported API of librpmsg against cmake/librpmsg.symbols (cmake -P).
#   -DSO=librpmsg.so -DARCHIVE=librpmsg.a -DHEADERS=dir -DGENERATED=dir
#   -DLIST=file
#   -DNM=nm [-DUPDATE=1: rewrite LIST instead of checking]
#   [-DOBJDUMP=objdump -DSONAME=librpmsg.so.N: the SONAME it must carry]
# The public API: the global symbols of the archive that a public header
# names. The check fails, with a diff, when the list differs from that
# set or from what the shared library exports.
cmake_minimum_required(VERSION 3.16)

function(rpmsg_nm out)
  execute_process(COMMAND ${NM} -g --defined-only ${ARGN}
                  OUTPUT_VARIABLE text RESULT_VARIABLE rc)
  if(rc)
    message(FATAL_ERROR "${NM} ${ARGN} failed")
  endif()
  string(REGEX MATCHALL "[ \t][BDGRSTVW] [A-Za-z_][A-Za-z0-9_]*" hits
         "${text}")
  set(names "")
  foreach(h IN LISTS hits)
    string(REGEX REPLACE "^[ \t][A-Z] " "" n "${h}")
    list(APPEND names ${n})
  endforeach()
  list(REMOVE_DUPLICATES names)
  list(SORT names)
  set(${out} "${names}" PARENT_SCOPE)
endfunction()

# Print "+ x" for x in @a only, "- x" for x in @b only; set @out if any.
function(rpmsg_diff out title a b)
  set(lines "")
  foreach(x IN LISTS a)
    if(NOT x IN_LIST b)
      string(APPEND lines "  + ${x}\n")
    endif()
  endforeach()
  foreach(x IN LISTS b)
    if(NOT x IN_LIST a)
      string(APPEND lines "  - ${x}\n")
    endif()
  endforeach()
  if(lines)
    message("${title}\n${lines}")
    set(${out} 1 PARENT_SCOPE)
  endif()
endfunction()

rpmsg_nm(archive ${ARCHIVE})
# The configuration's symbol (rpmsg.h, RPMSG_ABI_CFG) is exported too, but
# its name is the build's configuration: not in the list.
list(FILTER archive EXCLUDE REGEX "^rpmsg_abi_cfg_")
set(text "")
foreach(dir ${HEADERS} ${GENERATED})
  file(GLOB hdrs ${dir}/*.h)
  foreach(h IN LISTS hdrs)
    file(READ ${h} t)
    string(APPEND text " ${t} ")
  endforeach()
endforeach()
set(public "")
foreach(s IN LISTS archive)
  if(text MATCHES "[^A-Za-z0-9_]${s}[^A-Za-z0-9_]")
    list(APPEND public ${s})
  endif()
endforeach()

if(UPDATE)
  list(JOIN public "\n" body)
  file(WRITE ${LIST}
"# The exported API of librpmsg.so: one symbol a line, sorted.
# Generated: cmake --build build --target abi-update (after a deliberate
# change to the public headers; the diff of this file is the ABI change).
# Not listed: rpmsg_abi_cfg_<configuration> (rpmsg.h, RPMSG_ABI_CFG).
${body}
")
  list(LENGTH public n)
  message("${LIST}: ${n} symbols")
  return()
endif()

file(STRINGS ${LIST} listed REGEX "^[A-Za-z_][A-Za-z0-9_]*$")
rpmsg_nm(exported -D ${SO})
list(FILTER exported EXCLUDE REGEX "^rpmsg_abi_cfg_")
set(bad "")
rpmsg_diff(bad
  "The public headers' API (+) differs from cmake/librpmsg.symbols (-):"
  "${public}" "${listed}")
rpmsg_diff(bad
  "librpmsg.so exports (+) other than cmake/librpmsg.symbols (-):"
  "${exported}" "${listed}")
if(SONAME)
  execute_process(COMMAND ${OBJDUMP} -p ${SO} OUTPUT_VARIABLE dyn
                  RESULT_VARIABLE rc)
  if(rc OR NOT dyn MATCHES "SONAME +([^\n ]+)")
    message(FATAL_ERROR "${SO}: no SONAME")
  endif()
  if(NOT CMAKE_MATCH_1 STREQUAL SONAME)
    message(FATAL_ERROR "${SO}: SONAME ${CMAKE_MATCH_1}, expected ${SONAME}")
  endif()
  message("SONAME ${SONAME}")
endif()
if(bad)
  message(FATAL_ERROR "ABI check failed. If the change of the public API "
          "is deliberate: cmake --build build --target abi-update, and "
          "commit cmake/librpmsg.symbols (a removal or change needs a new "
          "major version, see cmake/library.cmake).")
endif()
list(LENGTH listed n)
message("ABI: ${n} exported symbols, as cmake/librpmsg.symbols lists")
