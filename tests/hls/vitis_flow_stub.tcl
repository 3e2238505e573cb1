# Runs hls/vitis/run_hls.tcl under tclsh with the Vitis HLS commands replaced by stubs that check their
# options, then checks what the script asked for, and checks hls/vitis/hls_config.cfg (or the .cfg named) against the same
# facts. A typo in a command, an option, a path, or the top name fails here instead of on a Vitis machine.
#   tclsh vitis_flow_stub.tcl <repo root> [<top> <cfg file in hls/vitis>]
# (default: qmac_dot_top and hls_config.cfg; the top is passed to run_hls.tcl as QMAC_HLS_TOP).
set repo [file normalize [lindex $argv 0]]
set want_top [expr {[llength $argv] > 1 ? [lindex $argv 1] : "qmac_dot_top"}]
set cfg_name [expr {[llength $argv] > 2 ? [lindex $argv 2] : "hls_config.cfg"}]
set ::env(QMAC_HLS_TOP) $want_top
set errors {}
proc fail {msg} { lappend ::errors $msg }
set calls {}

# Each stub: allowed flags (no value), allowed options (one value), and how many positional arguments.
proc stub {name flags options npos} {
    proc $name {args} [format {
        set flags {%s}; set options {%s}; set npos {%s}
        set pos {}; set opts [dict create]
        for {set i 0} {$i < [llength $args]} {incr i} {
            set a [lindex $args $i]
            if {$a in $flags} { dict set opts $a 1 } elseif {$a in $options} {
                incr i
                if {$i >= [llength $args]} { fail "%s: option $a has no value" }
                dict set opts $a [lindex $args $i]
            } elseif {[string match -* $a]} { fail "%s: unknown option $a" } else { lappend pos $a }
        }
        if {$npos ne "*" && [llength $pos] != $npos} { fail "%s: expected $npos positional argument(s), got '$pos'" }
        lappend ::calls [list %s $opts $pos]
    } $flags $options $npos $name $name $name $name]
}
stub open_project {-reset -upgrade} {} 1
stub set_top {} {} 1
stub add_files {-tb -blackbox -appendflags} {-cflags -csimflags} *
stub open_solution {-reset} {-flow_target} 1
stub set_part {-tool} {} 1
stub create_clock {} {-period -name} 0
stub config_export {} {-format -rtl -version -vendor -library -display_name -output -ipname} 0
stub csim_design {-O -clean -setup -profile} {-argv -ldflags -mflags} 0
stub csynth_design {-dump_cfg -dump_post_cfg -synthesis_check} {} 0
stub cosim_design {-O -setup -random_stall -disable_binary_tv -wave_debug -coverage} {-rtl -trace_level -tool -argv -ldflags -mflags} 0
stub export_design {-flow -evaluate -use_netlist} {-format -rtl -version -vendor -library -display_name -output -ipname} 0
stub close_project {} {} 0
stub close_solution {} {} 0
rename exit __real_exit
proc exit {args} { return -code error __stub_exit__ }

set ::argv0 [file join $repo hls vitis run_hls.tcl]
if {[catch {source [file join $repo hls vitis run_hls.tcl]} msg] && $msg ne "__stub_exit__"} {
    fail "run_hls.tcl: $msg"
}

# --- What the script asked for ------------------------------------------------------------------------
proc calls_of {name} { set r {}; foreach c $::calls { if {[lindex $c 0] eq $name} { lappend r $c } }; return $r }
set order {}
foreach c $calls { lappend order [lindex $c 0] }
foreach {before after} {open_project set_top open_project add_files set_top open_solution open_solution set_part
                        set_part create_clock create_clock csim_design csim_design csynth_design
                        csynth_design cosim_design cosim_design export_design} {
    set a [lsearch $order $before]; set b [lsearch $order $after]
    if {$a < 0 || $b < 0 || $a > $b} { fail "run_hls.tcl must call $before before $after (calls: $order)" }
}
foreach step {csim_design csynth_design cosim_design export_design} {
    if {[llength [calls_of $step]] != 1} { fail "run_hls.tcl must call $step once" }
}
set top [lindex [lindex [calls_of set_top] 0] 2 0]
if {$top ne $want_top} { fail "run_hls.tcl with QMAC_HLS_TOP=$want_top set the top $top" }
set syn_files {}; set tb_files {}
foreach c [calls_of add_files] {
    set opts [lindex $c 1]
    foreach f [lindex $c 2] {
        if {![file isfile $f]} { fail "add_files: no such file $f" }
        if {[dict exists $opts -tb]} { lappend tb_files [file normalize $f] } else { lappend syn_files [file normalize $f] }
        if {![dict exists $opts -cflags]} { fail "add_files $f: no -cflags" } else {
            foreach inc [regexp -all -inline -- {-I\S+} [dict get $opts -cflags]] {
                if {![file isdirectory [string range $inc 2 end]]} { fail "add_files $f: include dir $inc does not exist" }
            }
            if {![dict exists $opts -tb] && [string first -std=c++14 [dict get $opts -cflags]] < 0} {
                fail "add_files $f: the kernel must be compiled as -std=c++14"
            }
        }
    }
}
if {[llength $syn_files] == 0 || [llength $tb_files] == 0} { fail "run_hls.tcl adds no kernel or no test-bench file" }
set top_defined 0
set top_pattern [string map [list @TOP@ $top] {\m@TOP@\s*\([^;]*\)\s*\{}]
foreach f $syn_files {
    set fh [open $f]; set text [read $fh]; close $fh
    if {[regexp $top_pattern $text]} { set top_defined 1 }
}
if {!$top_defined} { fail "set_top $top: no definition of $top in the kernel files" }
set main_found 0
foreach f $tb_files {
    set fh [open $f]; set text [read $fh]; close $fh
    if {[regexp {\mint\s+main\s*\(} $text]} { set main_found 1 }
}
if {!$main_found} { fail "no test-bench file defines main()" }
set clock [lindex [calls_of create_clock] 0 1]
if {![dict exists $clock -period] || ![string is double -strict [dict get $clock -period]] || [dict get $clock -period] <= 0} {
    fail "create_clock needs a positive -period"
}
set part [lindex [calls_of set_part] 0 2 0]
if {![regexp {^x[a-z0-9]+-[a-z0-9]+-[0-9a-zL]+(-[a-z])?$} $part]} { fail "set_part: '$part' does not look like an AMD part" }

# --- The .cfg (hls_config.cfg, or the one named): the same top, part, files and defines ------------------
set cfg_path [file join $repo hls vitis $cfg_name]
set cfg_dir [file dirname $cfg_path]
set known {part flow_target clock syn.top syn.file syn.file_cflags syn.cflags tb.file tb.file_cflags tb.cflags
           csim.O cosim.O cosim.rtl cosim.trace_level package.output.format package.output.syn}
set fh [open $cfg_path]; set lines [split [read $fh] "\n"]; close $fh
set cfg [dict create]
set n 0
foreach line $lines {
    incr n
    set line [string trim $line]
    if {$line eq "" || [string match #* $line] || $line eq {[hls]}} continue
    if {![regexp {^([A-Za-z0-9_.]+)=(.*)$} $line -> key value]} { fail "$cfg_name:$n: not key=value: $line"; continue }
    if {$key ni $known} { fail "$cfg_name:$n: unknown key $key" }
    dict lappend cfg $key $value
}
proc cfg_path_of {p} { return [file normalize [file join $::cfg_dir $p]] }
if {[dict get $cfg syn.top] ne $top} { fail "$cfg_name: syn.top [dict get $cfg syn.top] differs from set_top $top" }
if {[dict get $cfg part] ne $part} { fail "$cfg_name: part [dict get $cfg part] differs from run_hls.tcl's $part" }
set cfg_syn {}; foreach p [dict get $cfg syn.file] { lappend cfg_syn [cfg_path_of $p] }
set cfg_tb {}; foreach p [dict get $cfg tb.file] { lappend cfg_tb [cfg_path_of $p] }
if {[lsort $cfg_syn] ne [lsort $syn_files]} { fail "$cfg_name syn.file $cfg_syn differs from run_hls.tcl's $syn_files" }
if {[lsort $cfg_tb] ne [lsort $tb_files]} { fail "$cfg_name tb.file differs from run_hls.tcl (golden/src changed?):\n  cfg: [lsort $cfg_tb]\n  tcl: [lsort $tb_files]" }
foreach key {syn.file_cflags tb.file_cflags} {
    foreach v [dict get $cfg $key] {
        set f [cfg_path_of [lindex [split $v ,] 0]]
        if {$f ni [concat $cfg_syn $cfg_tb]} { fail "$cfg_name $key names a file that is not added: $f" }
        foreach inc [regexp -all -inline -- {-I\S+} $v] {
            if {![file isdirectory [cfg_path_of [string range $inc 2 end]]]} { fail "$cfg_name $key: include dir $inc does not exist" }
        }
        if {$top eq "qmac_dot_top"} {
            if {![regexp -- {-DQMAC_HLS_LANES=(\d+)} $v -> l] || ![regexp -- {-DQMAC_HLS_ACT_SIGNED=([01])} $v -> s]} {
                fail "$cfg_name $key must set QMAC_HLS_LANES and QMAC_HLS_ACT_SIGNED"
            } else { lappend defines_seen "$l/$s" }
        } else {  # the layer engine: its shape defines, the same (or none) on both lines
            lappend defines_seen [lsort [regexp -all -inline -- {-DQMAC_HLS_MVU_\w+=\S+} $v]]
        }
    }
}
if {[llength [lsort -unique $defines_seen]] != 1} { fail "$cfg_name: kernel and test bench are built with different defines: $defines_seen" }
if {![regexp {^[0-9.]+ns$} [dict get $cfg clock]]} { fail "$cfg_name: clock must be like 4ns" }

if {[llength $errors] > 0} {
    foreach e $errors { puts "FAIL: $e" }
    __real_exit 1
}
puts "run_hls.tcl: [llength $calls] Vitis commands, top $top, part $part, [llength $syn_files] kernel + [llength $tb_files] test-bench files; $cfg_name agrees"
puts PASS
__real_exit 0
