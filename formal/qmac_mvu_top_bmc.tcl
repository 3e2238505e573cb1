# Yosys commands of the whole-engine BMC between `proc` and the SMT-LIB export (scripts/formal runs them as
# `tcl formal/qmac_mvu_top_bmc.tcl`): the PEs' outputs and the requantizer's output become free values every
# cycle (cutpoint: the properties concern the streams; the multipliers would only slow the solver down), then
# flatten, map the memories to registers (the SMT-LIB writer of Yosys 0.23 failed an assertion on them) and
# connect the probes to the output FIFO's push and full flag.
yosys select -assert-count 1 */c:u_requant
yosys cutpoint */c:u_requant
yosys select -assert-count 1 */c:gen_pe\[0\].u_pe
yosys cutpoint */c:gen_pe\[0\].u_pe
yosys flatten
yosys memory_map
yosys connect -nomap -set probe_push u_dut.push
yosys connect -nomap -set probe_full u_dut.fifo_full
# FifoDepth (21) is not a power of two: the FIFO's mapped read multiplexer has inputs beyond its last word with
# no driver. They become free values (mvu_fifo proves the read pointer never gets there).
yosys setundef -undriven -anyseq
