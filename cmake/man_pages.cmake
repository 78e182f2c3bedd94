# The manual pages of the rpmsg tool, made by help2man from the tool's
# own --help texts (the only source of both): rpmsg(1) from
# `rpmsg --help`, rpmsg-CMD(1) from `rpmsg CMD --help` for every command
# that `rpmsg --help` lists.
#   cmake -DRPMSG=path/to/rpmsg -DHELP2MAN=help2man -DVERSION=x.y.z
#         -DOUT=dir -P man_pages.cmake
cmake_minimum_required(VERSION 3.16)

execute_process(COMMAND ${RPMSG} --help OUTPUT_VARIABLE usage
                RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "${RPMSG} --help failed")
endif()
# "  name     description" lines of the command list (a ';' would split
# CMake's list).
string(REPLACE ";" "@SEMI@" usage "${usage}")
string(REGEX MATCHALL "\n  [a-z]+ +[^\n]+" lines "${usage}")
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT}/bin)
set(see_also "")
set(cmds "")
foreach(l IN LISTS lines)
  string(REGEX MATCH "^\n  ([a-z]+) +(.*)$" m "${l}")
  set(cmd ${CMAKE_MATCH_1})
  string(REPLACE "@SEMI@" ";" desc "${CMAKE_MATCH_2}")
  if(cmd STREQUAL "help")
    continue()
  endif()
  list(APPEND cmds ${cmd})
  set(desc_${cmd} "${desc}")
  string(APPEND see_also ".BR rpmsg-${cmd} (1),\n")
endforeach()
if(NOT cmds)
  message(FATAL_ERROR "no command list in `${RPMSG} --help`")
endif()

function(page name desc prog extra)
  execute_process(
      COMMAND ${HELP2MAN} --no-info --no-discard-stderr
              --version-string=${VERSION} --section=1
              --manual=librpmsg --source=librpmsg
              "--name=${desc}" ${extra} --output=${OUT}/${name}.1 ${prog}
      RESULT_VARIABLE rc)
  if(rc)
    message(FATAL_ERROR "help2man for ${name} failed")
  endif()
endfunction()

# help2man runs a program: `rpmsg CMD` as one named rpmsg-CMD, whose
# usage lines are spelt as help2man finds a synopsis: "Usage:", an
# indented "[--option]" line joined to the one before, an indented
# second form as "or:".
file(WRITE ${OUT}/bin/synopsis.sed [[
1s/^usage:/Usage:/
:a
$!N
s/\n  *\[/ [/
ta
s/\n  *rpmsg /\n   or: rpmsg /
P
D
]])
function(wrapper name cmd)
  set(w ${OUT}/bin/${name})
  file(WRITE ${w} "#!/bin/sh\n'${RPMSG}' ${cmd} \"$@\" | sed -f '${OUT}/bin/synopsis.sed'\n")
  file(CHMOD ${w} PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE)
endfunction()

foreach(cmd IN LISTS cmds)
  wrapper(rpmsg-${cmd} ${cmd})
  set(w ${OUT}/bin/rpmsg-${cmd})
  file(WRITE ${OUT}/bin/${cmd}.h2m
       "[SEE ALSO]\n.BR rpmsg (1)\n")
  page(rpmsg-${cmd} "${desc_${cmd}}" ${w}
       "--include=${OUT}/bin/${cmd}.h2m")
endforeach()
string(REGEX REPLACE ",\n$" "\n" see_also "${see_also}")
file(WRITE ${OUT}/bin/rpmsg.h2m "[SEE ALSO]\n${see_also}")
wrapper(rpmsg "")
page(rpmsg "rpmsg over virtio: either side of a link, and its tools"
     ${OUT}/bin/rpmsg "--include=${OUT}/bin/rpmsg.h2m")
file(REMOVE_RECURSE ${OUT}/bin)
list(LENGTH cmds n)
math(EXPR n "${n} + 1")
message("${n} manual pages in ${OUT}")
