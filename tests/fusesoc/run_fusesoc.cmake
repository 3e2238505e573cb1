# Runs one target of rtl/qmac.core with fusesoc in a private work directory (ctest label fusesoc).
#   cmake -DFUSESOC=... -DCORES_ROOT=... -DWORK=... -DTARGET=lint|sim|sim_icarus "-DPARAMS=--LANES=4,..."
#         [-DVECTORS_TOOL=gen_netlist_vectors -DLANES=4 -DACT_SIGNED=1 -DOUTPUTS=300 [-DCORRUPT=1]]
#         [-DRUN_ONLY_IN=OTHER_WORK] -DEXPECT_EXIT=0|nonzero -DEXPECT_REGEX=... -P run_fusesoc.cmake
# With VECTORS_TOOL, golden vectors are written to WORK/vectors first and the simulation gets their counts
# (NBEATS, NOUT) and directory (+vectors); CORRUPT=1 changes the first expected output, so that a
# testbench that does not compare would be caught. RUN_ONLY_IN runs (fusesoc run --run) the simulation that
# another test built in its work directory, on this test's vectors, instead of building a second one.
include(${CMAKE_CURRENT_LIST_DIR}/../common/require_vars.cmake)
qmac_require_vars(run_fusesoc.cmake FUSESOC CORES_ROOT WORK TARGET EXPECT_EXIT EXPECT_REGEX)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
# Nothing outside WORK: fusesoc's configuration, cache and library data all live there.
file(WRITE ${WORK}/fusesoc.conf "")
set(ENV{XDG_CONFIG_HOME} ${WORK}/config)
set(ENV{XDG_CACHE_HOME} ${WORK}/cache)
set(ENV{XDG_DATA_HOME} ${WORK}/data)

string(REPLACE "," ";" params "${PARAMS}")  # the caller's list, comma-separated
if(DEFINED VECTORS_TOOL)
  set(vectors ${WORK}/vectors)
  file(MAKE_DIRECTORY ${vectors})
  execute_process(COMMAND ${VECTORS_TOOL} ${LANES} ${ACT_SIGNED} ${OUTPUTS} ${vectors}
                  OUTPUT_VARIABLE out RESULT_VARIABLE status)
  if(NOT status EQUAL 0 OR NOT out MATCHES "^([0-9]+) beats, ([0-9]+) outputs")
    message(FATAL_ERROR "${VECTORS_TOOL} failed (${status}): ${out}")
  endif()
  list(APPEND params --NBEATS=${CMAKE_MATCH_1} --NOUT=${CMAKE_MATCH_2} --vectors=${vectors})
  if(CORRUPT)
    file(STRINGS ${vectors}/expected.hex expected)
    list(GET expected 0 first)
    # Another 9-bit code than the golden one: its lowest bit flipped.
    math(EXPR other "(0x${first} ^ 1) & 0x1ff" OUTPUT_FORMAT HEXADECIMAL)
    string(REGEX REPLACE "^0x" "" other ${other})
    list(REMOVE_AT expected 0)
    list(INSERT expected 0 ${other})
    list(JOIN expected "\n" text)
    file(WRITE ${vectors}/expected.hex "${text}\n")
  endif()
endif()

set(build_root --build-root ${WORK}/build)
if(DEFINED RUN_ONLY_IN AND NOT RUN_ONLY_IN STREQUAL "")
  set(build_root --run --build-root ${RUN_ONLY_IN}/build)
endif()
set(cmd ${FUSESOC} --config ${WORK}/fusesoc.conf --cores-root ${CORES_ROOT} run ${build_root}
        --target ${TARGET} qmac:qmac:qmac_dot ${params})
string(JOIN " " cmd_text ${cmd})
message("${cmd_text}")
execute_process(COMMAND ${cmd} OUTPUT_VARIABLE out ERROR_VARIABLE out RESULT_VARIABLE status)
message("${out}")
if(EXPECT_EXIT STREQUAL "nonzero")
  if(status EQUAL 0)
    message(FATAL_ERROR "fusesoc exited 0, expected a failure")
  endif()
elseif(NOT status STREQUAL EXPECT_EXIT)
  message(FATAL_ERROR "fusesoc exited ${status}, expected ${EXPECT_EXIT}")
endif()
if(NOT out MATCHES "${EXPECT_REGEX}")
  message(FATAL_ERROR "fusesoc's output does not match '${EXPECT_REGEX}'")
endif()
