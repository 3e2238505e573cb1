# Installs the qmac build into a temporary prefix (cmake --install), then configures, builds and runs the
# consumer project (consumer/) against it with find_package(qmac REQUIRED). Fails unless the consumer prints
# the numpy seed's 13 lines, the HLS requantizer agrees with golden, the package's version is the project's
# and its RTL list is rtl/files.f in order (and lints, when Verilator is there).
#   cmake -DBUILD_DIR=... -DSOURCE_DIR=... -DWORK=... -DVERSION=... -DCXX=... -DGENERATOR=... -P run_package_test.cmake
include(${CMAKE_CURRENT_LIST_DIR}/../common/require_vars.cmake)
qmac_require_vars(run_package_test.cmake BUILD_DIR SOURCE_DIR WORK VERSION CXX GENERATOR)
file(REMOVE_RECURSE ${WORK})
set(prefix ${WORK}/prefix)

function(run what)
  execute_process(COMMAND ${ARGN} OUTPUT_VARIABLE out ERROR_VARIABLE out RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${what} failed (${status}):\n${out}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

run("cmake --install" ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
run("configuring the consumer" ${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/package/consumer -B ${WORK}/consumer
    -G ${GENERATOR} -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_PREFIX_PATH=${prefix})
if(NOT out MATCHES "-- qmac ${VERSION}: ${prefix}/share/qmac/rtl/files.f\n")
  message(FATAL_ERROR "the consumer did not find qmac ${VERSION} in ${prefix}:\n${out}")
endif()
run("building the consumer" ${CMAKE_COMMAND} --build ${WORK}/consumer)
run("running the consumer" ${WORK}/consumer/qmac_consumer)

file(READ ${SOURCE_DIR}/tests/data/seed/example_01_expected_output.txt expected)
string(LENGTH "${expected}" n)
string(SUBSTRING "${out}" 0 ${n} head)
if(NOT head STREQUAL expected)
  message(FATAL_ERROR "the consumer's seed printout differs from the numpy seed's:\n${out}")
endif()
if(NOT out MATCHES "\nhls requantizer: -?[0-9]+, golden: -?[0-9]+\n$")
  message(FATAL_ERROR "no HLS requantizer line:\n${out}")
endif()

# The installed RTL list: the repository's rtl/files.f, same files (by name, and by content), same order.
file(STRINGS ${SOURCE_DIR}/rtl/files.f want REGEX "^[^#].*\\.sv$")
file(STRINGS ${WORK}/consumer/rtl_sources.txt got)
list(LENGTH want n_want)
list(LENGTH got n_got)
if(NOT n_want EQUAL n_got)
  message(FATAL_ERROR "QMAC_RTL_SOURCES has ${n_got} files, rtl/files.f ${n_want}")
endif()
foreach(f g IN ZIP_LISTS want got)
  if(NOT g STREQUAL "${prefix}/share/qmac/${f}")
    message(FATAL_ERROR "QMAC_RTL_SOURCES lists ${g} where rtl/files.f has ${f}")
  endif()
  file(SHA256 ${SOURCE_DIR}/${f} a)
  file(SHA256 ${g} b)
  if(NOT a STREQUAL b)
    message(FATAL_ERROR "${g} differs from ${SOURCE_DIR}/${f}")
  endif()
endforeach()
message("${out}\nqmac ${VERSION} installed to ${prefix}: consumer built and ran; ${n_got} RTL sources in files.f order")
