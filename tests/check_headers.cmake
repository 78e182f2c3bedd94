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
# Beside the kernel's UAPI header, in either order, where there is one:
# the same RPMSG_ADDR_ANY, and no struct of ours named as one of its.
file(WRITE ${OUT}/linux_probe.c "#include <linux/rpmsg.h>\ntypedef int unit_not_empty;\n")
execute_process(COMMAND ${CC} -std=c11 -fsyntax-only -x c ${OUT}/linux_probe.c
                RESULT_VARIABLE no_linux OUTPUT_QUIET ERROR_QUIET)
set(with_linux "no <linux/rpmsg.h> here")
if(NOT no_linux)
  set(use "static const struct rpmsg_endpoint_info k = { \"x\", RPMSG_ADDR_ANY, 1 };
static const struct rpmsg_ept_info u = { \"y\", RPMSG_ADDR_ANY, 2, 0 };
unsigned long rpmsg_both(void);
unsigned long rpmsg_both(void) { return RPMSG_CREATE_EPT_IOCTL + k.src + u.addr; }
")
  file(WRITE ${OUT}/linux_first.c
       "#include <linux/rpmsg.h>\n#include <rpmsg/rpmsg_kernel.h>\n${use}")
  file(WRITE ${OUT}/linux_last.c
       "#include <rpmsg/rpmsg_kernel.h>\n#include <rpmsg/rpmsg_link.h>\n#include <linux/rpmsg.h>\n${use}")
  foreach(order first last)
    compile("<linux/rpmsg.h> ${order} beside librpmsg's headers" ${CC}
            -std=c11 -x c ${OUT}/linux_${order}.c)
  endforeach()
  set(with_linux "and beside <linux/rpmsg.h> in either order")
endif()
list(LENGTH headers n)
message("${n} public headers compile alone and twice (C11, C99), ${with_linux}; from C++: ${CXX}")
