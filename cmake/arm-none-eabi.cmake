# CMake toolchain file for bare-metal Arm (Debian's gcc-arm-none-eabi).
#
#   cmake -S . -B build-m4 -DCMAKE_TOOLCHAIN_FILE=cmake/arm-none-eabi.cmake \
#         -DRPMSG_ARM_FLAGS="-mcpu=cortex-m4 -mthumb -mfloat-abi=hard \
#                            -mfpu=fpv4-sp-d16" -DRPMSG_CORE_ONLY=ON
#
# RPMSG_ARM_FLAGS selects the core and ABI (default: Cortex-M0+, Thumb).
# There is no C library startup code to link here, so CMake's compiler
# checks build static libraries only.

set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)

set(RPMSG_ARM_PREFIX arm-none-eabi- CACHE STRING "Cross tool prefix")
set(RPMSG_ARM_FLAGS "-mcpu=cortex-m0plus -mthumb" CACHE STRING
    "CPU, instruction set and float ABI flags")

set(CMAKE_C_COMPILER ${RPMSG_ARM_PREFIX}gcc)
set(CMAKE_ASM_COMPILER ${RPMSG_ARM_PREFIX}gcc)
set(CMAKE_AR ${RPMSG_ARM_PREFIX}ar CACHE FILEPATH "")
set(CMAKE_RANLIB ${RPMSG_ARM_PREFIX}ranlib CACHE FILEPATH "")
set(CMAKE_OBJCOPY ${RPMSG_ARM_PREFIX}objcopy CACHE FILEPATH "")
set(CMAKE_SIZE ${RPMSG_ARM_PREFIX}size CACHE FILEPATH "")

set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

# Each function and object in its own section, so that a firmware linked
# with --gc-sections keeps only what it calls.
set(CMAKE_C_FLAGS_INIT "${RPMSG_ARM_FLAGS} -ffunction-sections -fdata-sections")
set(CMAKE_EXE_LINKER_FLAGS_INIT "${RPMSG_ARM_FLAGS} -Wl,--gc-sections")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
