# Vitis HLS (classic Tcl flow) for qmac_dot_top: C simulation, synthesis, C/RTL co-simulation, IP export.
#
#   cd <build dir> && vitis_hls -f <repo>/hls/vitis/run_hls.tcl            (Vitis HLS 2022.2 ... 2024.x)
#   cd <build dir> && vitis-run --mode hls --tcl <repo>/hls/vitis/run_hls.tcl   (Vitis 2023.2 and later)
#
# Optional environment: QMAC_HLS_PART (default xczu7ev-ffvc1156-2-e, a ZCU104), QMAC_HLS_CLOCK_NS (4.0),
# QMAC_HLS_LANES (8), QMAC_HLS_ACT_SIGNED (1), QMAC_HLS_STEPS (csim csynth cosim export: any subset).
# The project is created in the current directory (qmac_hls_prj/); sources are referenced in place.

set here [file dirname [file normalize [info script]]]
set hls_dir [file dirname $here]
set repo [file dirname $hls_dir]

proc env_or {name default} {
    if {[info exists ::env($name)] && $::env($name) ne ""} { return $::env($name) }
    return $default
}
set part [env_or QMAC_HLS_PART xczu7ev-ffvc1156-2-e]
set clock_ns [env_or QMAC_HLS_CLOCK_NS 4.0]
set lanes [env_or QMAC_HLS_LANES 8]
set act_signed [env_or QMAC_HLS_ACT_SIGNED 1]
set steps [env_or QMAC_HLS_STEPS {csim csynth cosim export}]

# The kernel: C++14, its own headers only. The test bench: C++17 and the golden model's sources.
set defines "-DQMAC_HLS_LANES=$lanes -DQMAC_HLS_ACT_SIGNED=$act_signed"
set kernel_cflags "-std=c++14 -I$hls_dir/include $defines"
set tb_cflags "-std=c++17 -I$hls_dir/include -I$hls_dir/tb -I$repo/golden/include $defines"
set golden_sources [lsort [glob -directory $repo/golden/src *.cpp]]

open_project -reset qmac_hls_prj
set_top qmac_dot_top
add_files $hls_dir/src/qmac_dot_top.cpp -cflags $kernel_cflags
add_files -tb $hls_dir/tb/qmac_dot_tb.cpp -cflags $tb_cflags
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
