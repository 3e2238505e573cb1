# QMAC_MARCH: the instruction set every target is compiled for (-march=...). Default x86-64-v3 (AVX2,
# BMI2, FMA) when the build machine runs it, else the compiler's default: the Verilated models and the
# golden model's loops then take about 1.2x fewer instructions (bench/layer, docs/performance.md). Not
# -march=native: valgrind, which the benchmarks' instruction counts come from, cannot run AVX-512.
# -DQMAC_MARCH= builds for the compiler's default x86-64 (binaries for other machines).
if(NOT DEFINED QMAC_MARCH)
  set(_qmac_march "")
  if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64" AND NOT CMAKE_CROSSCOMPILING)
    set(_qmac_probe ${CMAKE_BINARY_DIR}/CMakeFiles/qmac_isa_probe.cpp)
    file(WRITE ${_qmac_probe} "int main() { return __builtin_cpu_supports(\"x86-64-v3\") ? 0 : 1; }\n")
    try_run(_qmac_isa_run _qmac_isa_compiled ${CMAKE_BINARY_DIR}/CMakeFiles/qmac_isa_probe SOURCES ${_qmac_probe})
    if(_qmac_isa_compiled AND _qmac_isa_run EQUAL 0)
      set(_qmac_march x86-64-v3)
    endif()
  endif()
  set(QMAC_MARCH "${_qmac_march}" CACHE STRING "-march for every target (empty: the compiler's default)")
endif()
if(QMAC_MARCH)
  add_compile_options(-march=${QMAC_MARCH})
endif()
message(STATUS "qmac: -march=${QMAC_MARCH} (QMAC_MARCH)")
