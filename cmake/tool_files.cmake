# What the rpmsg tool installs beside itself: its manual pages (made by
# help2man from its --help texts when help2man is there), its bash
# completion and the Wireshark dissector for its traces (in Wireshark's
# global Lua plugin folder).

option(RPMSG_BUILD_MAN "Make the tool's manual pages (needs help2man)" ON)
find_program(RPMSG_HELP2MAN help2man)
set(RPMSG_MAN_DIR ${CMAKE_CURRENT_BINARY_DIR}/man)
if(RPMSG_BUILD_MAN AND RPMSG_HELP2MAN AND NOT CMAKE_CROSSCOMPILING)
  # Every page at once: the list of commands is the tool's.
  add_custom_command(
      OUTPUT ${RPMSG_MAN_DIR}/rpmsg.1
      COMMAND ${CMAKE_COMMAND} -DRPMSG=$<TARGET_FILE:rpmsg-cli>
              -DHELP2MAN=${RPMSG_HELP2MAN} -DVERSION=${PROJECT_VERSION}
              -DOUT=${RPMSG_MAN_DIR}
              -P ${PROJECT_SOURCE_DIR}/cmake/man_pages.cmake
      DEPENDS rpmsg-cli ${PROJECT_SOURCE_DIR}/cmake/man_pages.cmake
      COMMENT "Manual pages of rpmsg (help2man)" VERBATIM)
  add_custom_target(man ALL DEPENDS ${RPMSG_MAN_DIR}/rpmsg.1)
  install(DIRECTORY ${RPMSG_MAN_DIR}/
          DESTINATION ${CMAKE_INSTALL_MANDIR}/man1
          FILES_MATCHING PATTERN "*.1")
elseif(RPMSG_BUILD_MAN)
  message(STATUS "help2man not found: no manual pages for rpmsg")
endif()

install(FILES ${PROJECT_SOURCE_DIR}/tools/completion/rpmsg.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME rpmsg)
install(FILES ${PROJECT_SOURCE_DIR}/tools/wireshark/rpmsg.lua
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/wireshark/plugins)
