# Every public header compiles on its own, as a consumer's first include,
# under strict flags the library does not impose on anyone (C11 and C99,
# -Wpedantic -Wall -Wextra -Werror), and all of them together from C++
# when a C++ compiler is there.
# cmake -DCC=cc [-DCXX=c++] -DINCLUDE=dir -DGENERATED=dir -DOUT=dir -P ...
cmake_minimum_required(VERSION 3.16)

file(GLOB headers RELATIVE ${INCLUDE}/rpmsg ${INCLUDE}/rpmsg/*.h)
file(GLOB generated RELATIVE ${GENERATED}/rpmsg ${GENERATED}/rpmsg/*.h)
list(APPEND headers ${generated})
file(MAKE_DIRECTORY ${OUT})
set(flags -Wpedantic -Wall -Wextra -Werror -fsyntax-only
    -I${INCLUDE} -I${GENERATED})

function(compile what)
  execute_process(COMMAND ${ARGN} ${flags} RESULT_VARIABLE rc
                  ERROR_VARIABLE err)
  if(rc)
    message(FATAL_ERROR "${what}:\n${err}")
  endif()
endfunction()

set(all "")
foreach(h IN LISTS headers)
  string(MAKE_C_IDENTIFIER ${h} id)
  file(WRITE ${OUT}/${id}.c
       "#include <rpmsg/${h}>\n#include <rpmsg/${h}>\ntypedef int unit_not_empty;\n")
  foreach(std c11 c99)
    compile("rpmsg/${h} alone (-std=${std})" ${CC} -std=${std} -x c
            ${OUT}/${id}.c)
  endforeach()
  string(APPEND all "#include <rpmsg/${h}>\n")
endforeach()
if(CXX)
  file(WRITE ${OUT}/all.cc "${all}int main() { return 0; }\n")
  compile("every header from C++" ${CXX} -std=c++11 -x c++ ${OUT}/all.cc)
endif()
list(LENGTH headers n)
message("${n} public headers compile alone and twice (C11, C99); from C++: ${CXX}")
