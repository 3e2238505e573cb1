# Vitis HLS (classic Tcl flow) for qmac_dot_top or the layer engine qmac_mvu_top: C simulation, synthesis,
# C/RTL co-simulation, IP export.
#
#   cd <build dir> && vitis_hls -f <repo>/hls/vitis/run_hls.tcl            (Vitis HLS 2022.2 ... 2024.x)
#   cd <build dir> && vitis-run --mode hls --tcl <repo>/hls/vitis/run_hls.tcl   (Vitis 2023.2 and later)
#
# Optional environment: QMAC_HLS_TOP (qmac_dot_top, or qmac_mvu_top), QMAC_HLS_PART (default
# xczu7ev-ffvc1156-2-e, a ZCU104), QMAC_HLS_CLOCK_NS (4.0), QMAC_HLS_STEPS (csim csynth cosim export: any
# subset); for qmac_dot_top QMAC_HLS_LANES (8), QMAC_HLS_ACT_SIGNED (1); for qmac_mvu_top QMAC_HLS_MVU_PE,
# QMAC_HLS_MVU_SIMD, QMAC_HLS_MVU_MAX_K, QMAC_HLS_MVU_MAX_N (all or none; none: docs/contract.toml's first
# prebuilt shape). The project is created in the current directory (qmac_hls_prj/, or qmac_mvu_prj/ for the
# layer engine); sources are referenced in place.

set here [file dirname [file normalize [info script]]]
set hls_dir [file dirname $here]
set repo [file dirname $hls_dir]

proc env_or {name default} {
    if {[info exists ::env($name)] && $::env($name) ne ""} { return $::env($name) }
    return $default
}
set part [env_or QMAC_HLS_PART xczu7ev-ffvc1156-2-e]
set clock_ns [env_or QMAC_HLS_CLOCK_NS 4.0]
set top [env_or QMAC_HLS_TOP qmac_dot_top]
set steps [env_or QMAC_HLS_STEPS {csim csynth cosim export}]
if {$top eq "qmac_dot_top"} {
    set project qmac_hls_prj
    set kernel_source qmac_dot_top.cpp
    set tb_source qmac_dot_tb.cpp
    set defines "-DQMAC_HLS_LANES=[env_or QMAC_HLS_LANES 8] -DQMAC_HLS_ACT_SIGNED=[env_or QMAC_HLS_ACT_SIGNED 1]"
} elseif {$top eq "qmac_mvu_top"} {
    set project qmac_mvu_prj
    set kernel_source qmac_mvu_top.cpp
    set tb_source qmac_mvu_tb.cpp
    # no defines: qmac_mvu_top.hpp's default, the contract's first prebuilt shape; or all four given
    set defines ""
    foreach v {PE SIMD MAX_K MAX_N} {
        if {[env_or QMAC_HLS_MVU_$v ""] ne ""} { append defines " -DQMAC_HLS_MVU_$v=[env_or QMAC_HLS_MVU_$v {}]" }
    }
    if {$defines ne "" && [llength $defines] != 4} {
        puts "qmac: error: run_hls.tcl: set all of QMAC_HLS_MVU_PE, _SIMD, _MAX_K and _MAX_N, or none"
        exit 2
    }
} else {
    puts "qmac: error: run_hls.tcl: QMAC_HLS_TOP must be qmac_dot_top or qmac_mvu_top, not '$top'"
    exit 2
}

# The kernel: C++14, its own headers only. The test bench: C++17 and the golden model's sources.
set kernel_cflags "-std=c++14 -I$hls_dir/include $defines"
set tb_cflags "-std=c++17 -I$hls_dir/include -I$hls_dir/tb -I$repo/golden/include $defines"
set golden_sources [lsort [glob -directory $repo/golden/src *.cpp]]

open_project -reset $project
set_top $top
add_files $hls_dir/src/$kernel_source -cflags $kernel_cflags
add_files -tb $hls_dir/tb/$tb_source -cflags $tb_cflags
foreach f $golden_sources {
    add_files -tb $f -cflags "-std=c++17 -I$repo/golden/include"
}

open_solution -reset solution1 -flow_target vivado
set_part $part
create_clock -period $clock_ns -name default
config_export -format ip_catalog -rtl verilog

if {"csim" in $steps} { csim_design -O }
if {"csynth" in $steps} { csynth_design }
if {"cosim" in $steps} { cosim_design -O -rtl verilog -trace_level none }
if {"export" in $steps} { export_design -format ip_catalog -rtl verilog }
exit
